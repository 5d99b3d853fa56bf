"""The codebook screen: every change to the tag set, its undo, and the reader following it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tests.app.helpers import make_app, margin, reader, screen_text
from tests.app.test_browser import code, corpus, listed, settle
from tui.app.app import PostilApp
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.codebook import CodebookScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.library import COLUMNS, LibraryScreen
from tui.core.annotation import Annotation
from tui.core.store import Store, TagInfo

SIZE = (140, 40)


def coded(tmp_path: Path) -> tuple[Path, Path, dict[str, Annotation]]:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    annotations = {
        "prices": code(store, memo, "Rice prices rose", "economy/markets"),
        "police": code(store, memo, "The police watched", "state/police", "economy"),
        "smuggling": code(store, report, "Smugglers carried rice", "economy/trade"),
    }
    return memo, report, annotations


def tags_now(tmp_path: Path, annotation: Annotation) -> tuple[str, ...]:
    return Store(tmp_path / "store").get(annotation.id, annotation.doc_id).tags


def tree(app: PostilApp) -> list[str]:
    return [str(row.value) for row in app.screen.query_one(DataTable).rows]


def choose(app: PostilApp, tag: str) -> None:
    table = app.screen.query_one(DataTable)
    table.move_cursor(row=table.get_row_index(tag))


def notices(app: PostilApp) -> str:
    return " ".join(notification.message for notification in app._notifications)


async def open_codebook(app: PostilApp, pilot) -> None:
    await pilot.press("t")
    await settle(app, pilot)
    assert isinstance(app.screen, CodebookScreen)


async def test_rename_children_follow_margin_follows_and_both_undos(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    prices, police = annotations["prices"], annotations["police"]
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "economy/markets" in screen_text(margin(app))
        await open_codebook(app, pilot)
        assert tree(app) == [
            "economy",
            "economy/markets",
            "economy/trade",
            "state",
            "state/police",
        ]
        choose(app, "economy")
        await pilot.press("r", "ctrl+u", *"money", "enter")
        await settle(app, pilot)
        assert tags_now(tmp_path, prices) == ("money/markets",)
        assert tags_now(tmp_path, police) == ("state/police", "money")
        assert tree(app)[:3] == ["money", "money/markets", "money/trade"]
        assert "Renamed economy to money: 3 annotations in 2 documents" in notices(app)

        await pilot.press("escape")
        await pilot.pause()
        cards = screen_text(margin(app))
        assert "money/markets" in cards and "economy" not in cards

        await pilot.press("u")  # the reader's undo takes back the codebook's rename
        await pilot.pause()
        assert tags_now(tmp_path, prices) == ("economy/markets",)
        cards = screen_text(margin(app))
        assert "economy/markets" in cards and "money" not in cards

        await open_codebook(app, pilot)
        assert "money" not in tree(app)
        choose(app, "economy/markets")
        await pilot.press("r", "ctrl+u", *"economy/prices", "enter")
        await settle(app, pilot)
        assert tags_now(tmp_path, prices) == ("economy/prices",)
        await pilot.press("u")  # the codebook's own undo
        await settle(app, pilot)
        assert tags_now(tmp_path, prices) == ("economy/markets",)
        assert "Undone: rename economy/markets to economy/prices" in notices(app)
        assert app.screen.current == "economy/markets"  # the highlight stays where it was
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert tags_now(tmp_path, prices) == ("economy/prices",)
        assert "economy/prices" in tree(app)


async def test_rename_onto_an_existing_tag_is_refused(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "economy/trade")
        await pilot.press("r", "ctrl+u", *"state/police", "enter")
        await settle(app, pilot)
        assert "'state/police' already exists; to combine 'economy/trade' with it" in notices(app)
        assert tags_now(tmp_path, annotations["smuggling"]) == ("economy/trade",)
        assert isinstance(app.screen, CodebookScreen)


async def test_merge_and_undo(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    smuggling = annotations["smuggling"]
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "economy/trade")
        await pilot.press("m", *"economy/markets", "enter")
        await settle(app, pilot)
        assert tags_now(tmp_path, smuggling) == ("economy/markets",)
        assert "economy/trade" not in tree(app)
        assert tree(app)[1] == "economy/markets"
        await pilot.press("u")
        await settle(app, pilot)
        assert tags_now(tmp_path, smuggling) == ("economy/trade",)
        assert "economy/trade" in tree(app)


async def test_delete_says_what_it_touches_asks_first_and_undoes(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    police = annotations["police"]
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "state")
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "Delete the tag 'state' and its 1 child tag?" in question
        assert "on 1 annotation in 1 document" in question
        await pilot.press("n")
        await settle(app, pilot)
        assert tags_now(tmp_path, police) == ("state/police", "economy")

        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert tags_now(tmp_path, police) == ("economy",)
        assert "state" not in tree(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "state/police" not in screen_text(margin(app))
        await pilot.press("u")
        await pilot.pause()
        assert tags_now(tmp_path, police) == ("state/police", "economy")
        assert "state/police" in screen_text(margin(app))


async def test_recolour_shows_in_the_reader_and_undoes(tmp_path) -> None:
    memo, _, _ = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "economy/markets")
        await pilot.press("c", *"purple", "enter")
        await settle(app, pilot)
        assert "is not a colour" not in notices(app)
        assert Store(tmp_path / "store").codebook() == [TagInfo("economy/markets", "#800080")]
        assert "#800080" in str(app.screen.query_one(DataTable).get_row("economy/markets")[1])
        await pilot.press("c", "ctrl+u", *"blurple", "enter")
        await settle(app, pilot)
        assert "'blurple' is not a colour" in notices(app)
        await pilot.press("escape")
        await pilot.pause()
        assert reader(app).active_pane.tag_color("economy/markets") == "#800080"
        await pilot.press("u")
        await pilot.pause()
        assert reader(app).active_pane.tag_color("economy/markets") != "#800080"
        assert Store(tmp_path / "store").codebook() == []


async def test_create_an_empty_tag_describe_it_and_undo(tmp_path) -> None:
    memo, _, _ = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        await pilot.press("n", *"place/hamhung", "enter", *"Where the crackdown was", "enter")
        await settle(app, pilot)
        assert Store(tmp_path / "store").codebook() == [
            TagInfo("place/hamhung", None, "Where the crackdown was")
        ]
        assert {"place", "place/hamhung"} <= set(tree(app))
        assert app.screen.query_one(DataTable).cursor_row == tree(app).index("place/hamhung")
        await pilot.press("e", "ctrl+u", *"A city in the north", "enter")
        await settle(app, pilot)
        row = app.screen.query_one(DataTable).get_row("place/hamhung")
        assert str(row[-1]) == "A city in the north"
        await pilot.press("u")
        await settle(app, pilot)
        assert Store(tmp_path / "store").codebook()[0].description == "Where the crackdown was"
        await pilot.press("u")
        await settle(app, pilot)
        assert Store(tmp_path / "store").codebook() == []
        assert "place/hamhung" not in tree(app)


async def test_enter_lists_the_passages_of_a_tag(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "economy")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert set(listed(app)) == {annotation.id for annotation in annotations.values()}


async def test_document_tags_from_the_library(tmp_path) -> None:
    memo, report, annotations = coded(tmp_path)
    app = make_app(tmp_path / "store", memo, report)
    app.library = True
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(annotations["smuggling"].doc_id))
        await pilot.press("number_sign", *"interview, region/north", "enter")
        await settle(app, pilot)
        record = Store(tmp_path / "store").document(annotations["smuggling"].doc_id)
        assert record.tags == ("interview", "region/north")
        row = table.get_row(record.id)
        assert str(row[COLUMNS.index("Tags")]).startswith("#interview, #region")

        await pilot.press("f", *"doctag:region")
        await settle(app, pilot)
        assert listed(app) == [annotations["smuggling"].id]
        await pilot.press("escape", "t")
        await settle(app, pilot)
        assert "region/north" in tree(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert Store(tmp_path / "store").document(record.id).tags == ()
