"""Keys typed in one burst with the key that opens a dialog or a prompt: each goes where it
would have gone had the user waited for the dialog, in the order typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from tests.app.helpers import make_app, reader, view
from tests.app.keys import burst
from tests.app.test_browser import code, settle
from tests.app.test_codebook_screen import choose, coded, notices, open_codebook, tags_now, tree
from tests.app.test_library import column, library_app
from tests.app.test_library import corpus as library_corpus
from tui.app.app import PostilApp
from tui.app.screens.library import LibraryScreen
from tui.app.widgets.prompt_bar import PromptBar
from tui.core.store import Store

SIZE = (140, 40)


def saved(store_root: Path, path: Path) -> list[tuple[tuple[str, ...], str]]:
    store = Store(store_root)
    return [(a.tags, a.note) for a in store.annotations(store.open_document(path).id)]


@pytest.mark.parametrize(
    ("keys", "tags", "note"),
    [
        (["a", *"tagone", "enter", "ctrl+s"], ("tagone",), ""),
        (
            ["a", *"burst1", "enter", *"burst2", "enter", "tab", *"quick note", "ctrl+s"],
            ("burst1", "burst2"),
            "quick note",
        ),
    ],
)
async def test_annotating_in_one_burst_saves_what_was_typed(
    tmp_path, seed, keys, tags, note
) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w")
        burst(app, *keys)
        await settle(app, pilot)
        reader(app)
    assert saved(tmp_path / "store", seed) == [(tags, note)]


async def test_the_editor_gets_the_keys_typed_while_it_opens(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w")
        burst(app, "a", *"fjq", "enter", "tab", *"u/?x")
        await settle(app, pilot)
        editor = app.screen
        assert editor.query_one("#note", TextArea).text == "u/?x"  # not undo, search nor quit


async def test_search_and_go_to_typed_in_one_burst(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    text = seed.read_text()
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "G", "slash", *"Hamhung", "enter")
        await settle(app, pilot)
        assert view(app).caret == text.index("Hamhung")  # the search wrapped to the first
        assert not app.screen.query_one(PromptBar).display
        burst(app, "g", "colon", "5", "enter", "j")
        await settle(app, pilot)
        line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        assert view(app).caret == line_starts[4]


async def test_codebook_rename_typed_in_one_burst(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "economy")
        burst(app, "r", "ctrl+u", *"money", "enter")
        await settle(app, pilot)
        assert "money/markets" in tree(app) and "economy" not in tree(app)
        assert tags_now(tmp_path, annotations["prices"]) == ("money/markets",)
        choose(app, "money")
        await pilot.press("r")
        burst(app, "ctrl+u", *"cash", "enter")
        await settle(app, pilot)
        assert "cash/markets" in tree(app)
        assert "Renamed money to cash" in notices(app)


async def test_tab_in_the_merge_prompt_takes_the_completion(tmp_path) -> None:
    memo, _, annotations = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await open_codebook(app, pilot)
        choose(app, "state/police")
        burst(app, "m", *"ECONOMY/T", "tab", "enter")
        await settle(app, pilot)
        assert "state/police" not in tree(app)
        assert "economy/trade" in tags_now(tmp_path, annotations["police"])
        assert "Merged state/police into economy/trade" in notices(app)


def library_with_many_tags(tmp_path: Path, seed: Path) -> PostilApp:
    """The article has four tags, one of them on a single passage: not among the few shown."""
    folder = library_corpus(tmp_path, seed)
    store = Store(tmp_path / "store")
    article = folder / "article.txt"
    for tags in (("common", "frequent", "usual"), ("common", "frequent", "usual"), ("rarely",)):
        code(store, article, "A view of Hamhung", *tags)
    return library_app(tmp_path / "store", folder)


async def test_the_library_filter_matches_every_tag_of_a_document(tmp_path, seed) -> None:
    app = library_with_many_tags(tmp_path, seed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert "rarely" not in " ".join(column(app, "Tags"))
        await pilot.press("slash", *"rarely")
        assert column(app, "Title") == ["hamhung"]


async def test_the_library_filter_takes_a_fast_burst(tmp_path, seed) -> None:
    app = library_with_many_tags(tmp_path, seed)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        burst(app, "slash", *"rarely")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#library-filter", Input).value == "rarely"
        assert column(app, "Title") == ["hamhung"]
        burst(app, "ctrl+u", *"famine", "enter")
        await settle(app, pilot)
        assert column(app, "Title") == ["An old report about the famine."]
        assert app.screen.query_one(DataTable).has_focus


async def test_the_add_path_and_document_tags_prompts_take_a_fast_burst(tmp_path, seed) -> None:
    app = library_with_many_tags(tmp_path, seed)
    extra = tmp_path / "extra.txt"
    extra.write_text("A late arrival about fisheries.\n")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        burst(app, "plus", *str(extra), "enter")
        await settle(app, pilot)
        assert "A late arrival about fisheries." in column(app, "Title")
        burst(app, "g", "number_sign", "ctrl+u", *"alpha, beta", "enter")
        await settle(app, pilot)
        first = column(app, "Title")[0]
        records = {record.title: record for record in Store(tmp_path / "store").documents()}
        assert records[first].tags == ("alpha", "beta")


async def test_reader_undo_and_redo_say_what_they_took_back(tmp_path) -> None:
    memo, _, _ = coded(tmp_path)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        text = memo.read_text()
        view(app).select(text.index("Rice"), text.index("Rice") + 4)
        await pilot.press("a", *"grain", "ctrl+s")
        await pilot.pause()
        await pilot.press("u")
        assert "Undone: add grain on “Rice”" in notices(app)
        await pilot.press("ctrl+y")
        assert "Redone: add grain on “Rice”" in notices(app)
        await open_codebook(app, pilot)
        choose(app, "economy")
        await pilot.press("r", "ctrl+u", *"money", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        reader(app)
        await pilot.press("u")
        assert "Undone: rename economy to money" in notices(app)


async def test_keys_typed_after_save_are_not_saved_in_the_tag(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "w")
        burst(app, "a", *"foo", "ctrl+s", "j", "j")
        await settle(app, pilot)
        reader(app)
    assert saved(tmp_path / "store", seed) == [(("foo",), "")]
