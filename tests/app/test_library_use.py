"""The library as a user meets it: what fits on screen, what a state says and when it changes,
document tags edited beside another postil, help, the palette and the filter's Escape."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, Input, OptionList, Static

from tests.app.helpers import lines
from tests.app.test_library import column, corpus, library_app, wait_scanned
from tui.app.app import PostilApp
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.codebook import CodebookScreen
from tui.app.screens.drift import DriftScreen
from tui.app.screens.help import HelpScreen
from tui.app.screens.library import COLUMNS, LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.prompt_bar import PromptBar
from tui.cli.main import main
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

LONG_TITLE = "A rather long title about the economic history of the northern provinces and ports"


def header(app: PostilApp) -> str:
    return lines(app.screen.query_one(DataTable))[0]


def messages(app: PostilApp) -> str:
    return " ".join(notification.message for notification in app._notifications)


async def settle(app: PostilApp, pilot) -> None:
    await wait_scanned(app, pilot)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_every_column_shows_at_120_cells_and_long_text_ends_with_an_ellipsis(
    tmp_path, seed
) -> None:
    folder = corpus(tmp_path, seed)
    deep = folder / "a-folder-with-a-long-name" / "and-a-document-with-a-longer-name.txt"
    deep.parent.mkdir()
    deep.write_text(f"{LONG_TITLE}\n\nRice and ports.\n")
    app = library_app(tmp_path / "store", folder)
    app.paths.append(deep)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        shown = header(app)
        for name in COLUMNS:
            assert name in shown
        assert shown.index("Title") < shown.index("State") < shown.index("Path")
        assert len(shown.rstrip()) <= 120
        title = next(t for t in column(app, "Title") if t.startswith("A rather long"))
        assert title.endswith("…") and len(title) < len(LONG_TITLE)
        path = next(p for p in column(app, "Path") if p.endswith("name.txt"))
        assert path.startswith("…")
        await pilot.press("slash", *"northern provinces and ports", "enter")
        assert column(app, "Title") == [title]  # the filter reads the whole title


async def test_a_moved_document_is_announced_then_listed_plainly(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    store_root = tmp_path / "store"
    first = library_app(store_root, folder)
    async with first.run_test(size=(120, 30)) as pilot:
        await settle(first, pilot)
    (folder / "sub" / "old.txt").rename(folder / "renamed.txt")

    moved = library_app(store_root, folder)
    async with moved.run_test(size=(120, 30)) as pilot:
        await settle(moved, pilot)
        states = dict(zip(column(moved, "Title"), column(moved, "State"), strict=True))
        assert states["An old report about the famine."] == "moved"
        assert "moved to" in messages(moved) and "renamed.txt" in messages(moved)

    again = library_app(store_root, folder)
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(again, pilot)
        states = dict(zip(column(again, "Title"), column(again, "State"), strict=True))
        assert states["An old report about the famine."] == ""
        assert "moved to" not in messages(again)


async def test_a_changed_document_is_marked_until_its_notes_are_reviewed(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    article = folder / "article.txt"
    store = Store(tmp_path / "store")
    document = store.open_document(article)
    quote = "she used to provide for her family by selling"
    store.add(Annotation(doc_id=document.id, anchor=find_quote(document.text, quote), tags=("w",)))
    text = article.read_text().replace("her family by selling", "her household by selling")
    article.write_text(text)

    app = library_app(store.root, folder)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)

        def state() -> str:
            return str(table.get_row(document.id)[COLUMNS.index("State")])

        assert state() == "changed"
        table.move_cursor(row=table.get_row_index(document.id))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert state() == "review"  # re-anchored on opening; the moved note awaits a look

        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("R")
        assert isinstance(app.screen, DriftScreen)
        drift = app.screen.query_one(DataTable)
        while drift.row_count:
            await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert state() == ""


async def test_document_tags_come_from_the_store_and_follow_a_rename_elsewhere(
    tmp_path, seed
) -> None:
    folder = corpus(tmp_path, seed)
    store_root = tmp_path / "store"
    app = library_app(store_root, folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=column(app, "Title").index("hamhung"))
        await pilot.press("number_sign")
        prompt = app.screen.query_one(PromptBar)
        assert "hamhung" in str(prompt.border_title)
        await pilot.press(*"source, region", "enter")
        await settle(app, pilot)
        doc_id = (
            app.screen.query_one(DataTable)
            .coordinate_to_cell_key(table.cursor_coordinate)
            .row_key.value
        )

        assert main(["tags", "--store", str(store_root), "rename", "source", "sources"]) == 0
        await pilot.press("number_sign")  # at once, before the app notices the change
        assert prompt.value == "sources, region"
        await pilot.press("enter")
        await settle(app, pilot)
        assert Store(store_root).document(doc_id).tags == ("sources", "region")

        assert main(["tags", "--store", str(store_root), "rename", "region", "place"]) == 0
        for _ in range(50):  # the app looks for changes made elsewhere twice a second
            await pilot.pause(0.1)
            if column(app, "Tags")[table.get_row_index(doc_id)].startswith("#sources, #place"):
                break
        assert column(app, "Tags")[table.get_row_index(doc_id)] == "#sources, #place"


async def test_the_palette_describes_library_actions_with_their_keys(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"sort")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        options = app.screen.query_one(OptionList)
        shown = "\n".join(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
        assert "key: s" in shown and "key: S" in shown
        assert "sort(1)" not in shown and "sort(-1)" not in shown


async def test_question_mark_lists_the_library_keys(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(" ".join(lines(static)) for static in app.screen.query(Static))
        assert "Document tags" in text and "Add document" in text
        assert "missing" in text  # what the states mean
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_escape_in_the_filter_clears_it_and_keys_are_commands_again(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(140, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"famine")
        assert len(column(app, "Title")) == 1
        await pilot.press("escape")
        assert app.screen.query_one("#library-filter", Input).value == ""
        assert len(column(app, "Title")) == 3
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CodebookScreen)


async def test_the_sorted_column_is_marked_and_document_tags_come_first(
    tmp_path, seed: Path
) -> None:
    folder = corpus(tmp_path, seed)
    store = Store(tmp_path / "store")
    article = store.open_document(folder / "article.txt")
    for quote in ("rice cakes", "COVID-19"):
        store.add(
            Annotation(doc_id=article.id, anchor=find_quote(article.text, quote), tags=("p",))
        )
    store.update_document(replace(store.document(article.id), tags=("doc",)))
    app = library_app(store.root, folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert "Title▲" in header(app)
        await pilot.press("r")
        assert "Title▼" in header(app)
        await pilot.press("s")
        assert "State▼" in header(app) and "Title▼" not in header(app)  # still reversed
        tags = dict(zip(column(app, "Title"), column(app, "Tags"), strict=True))
        assert tags["hamhung"] == "#doc, p"


async def test_f_and_shift_f_both_open_the_annotations_of_the_library(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        for key in ("f", "F"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BrowserScreen)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
