"""The library screen: finding, marking, sorting, filtering and opening documents."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import DataTable

from tests.app.helpers import make_app, screen_text
from tui.app.app import PostilApp
from tui.app.screens.library import COLUMNS, LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store


def corpus(tmp_path: Path, seed: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(seed, folder / "article.txt")
    (folder / "sub" / "notes.md").write_text("# Field notes\n\nRice and trade.\n")
    (folder / "sub" / "old.txt").write_text("An old report about the famine.\n")
    (folder / "sub" / "loop").symlink_to(folder)
    return folder


def library_app(store: Path, folder: Path) -> PostilApp:
    app = make_app(store, folder)
    app.paths = sorted(
        p for p in folder.rglob("*") if p.suffix in {".txt", ".md"} and "loop" not in p.parts
    )
    app.library = True
    return app


def rows(app: PostilApp) -> list[list[str]]:
    table = app.screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def column(app: PostilApp, name: str) -> list[str]:
    """What the rows show in the column called `name`, top to bottom."""
    index = COLUMNS.index(name)
    return [row[index] for row in rows(app)]


async def wait_scanned(app: PostilApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_documents_filters_and_opens_one(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    app = library_app(tmp_path / "store", folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_scanned(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        titles = [row[0] for row in rows(app)]
        assert sorted(titles) == ["An old report about the famine.", "Field notes", "hamhung"]
        await pilot.press("slash", *"famine")
        assert [row[0] for row in rows(app)] == ["An old report about the famine."]
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.title == "An old report about the famine."
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_sorting_by_columns(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_scanned(app, pilot)
        await pilot.press("s", "s", "s")  # title -> state -> path -> size
        assert column(app, "Size")[-1] == "2k"
        await pilot.press("r")
        assert column(app, "Size")[0] == "2k"


async def test_changed_moved_and_missing_documents_are_marked(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    store_root = tmp_path / "store"
    store = Store(store_root)
    for path, quote in (
        (folder / "article.txt", "rice cakes"),
        (folder / "sub" / "old.txt", "famine"),
    ):
        document = store.open_document(path)
        store.add(
            Annotation(doc_id=document.id, anchor=find_quote(document.text, quote), tags=("t",))
        )
    gone = store.open_document(folder / "sub" / "notes.md")
    (folder / "sub" / "notes.md").unlink()
    (folder / "article.txt").write_text(seed.read_text() + "\nAn added paragraph.\n")
    (folder / "sub" / "old.txt").rename(folder / "renamed.txt")

    app = library_app(store_root, folder)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_scanned(app, pilot)
        states = dict(zip(column(app, "Title"), column(app, "State"), strict=True))
        assert states["hamhung"] == "changed"
        assert states["An old report about the famine."] == "moved"
        assert states["Field notes"] == "missing"
        notes = dict(zip(column(app, "Title"), column(app, "Notes"), strict=True))
        assert notes["An old report about the famine."] == "1"
    by_title = {record.title: record for record in Store(store_root).documents()}
    assert by_title["An old report about the famine."].path.endswith("renamed.txt")
    assert Store(store_root).document(gone.id).path.endswith("notes.md")


async def test_a_document_can_be_added_by_path(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    extra = tmp_path / "extra.txt"
    extra.write_text("Extra document\n\nbody\n")
    app = library_app(tmp_path / "store", folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_scanned(app, pilot)
        await pilot.press("plus", *str(extra), "enter")
        await wait_scanned(app, pilot)
        assert "Extra document" in [row[0] for row in rows(app)]


async def test_a_large_folder_is_listed_counted_and_sorted_in_place(tmp_path, monkeypatch) -> None:
    """More documents than one batch: every row comes, with its count, in order, and the cursor
    stays on its document when the order changes."""
    from tui.app.screens import library

    monkeypatch.setattr(library, "FOUND_BATCH", 4)
    monkeypatch.setattr(library, "COUNT_BATCH", 3)
    folder = tmp_path / "many"
    folder.mkdir()
    store = Store(tmp_path / "store")
    for number in range(10):
        path = folder / f"doc-{number}.txt"
        path.write_text(f"Title {9 - number}\n\n" + "rice " * number + "\n")
        document = store.open_document(path)
        store.write_many(
            Annotation(doc_id=document.id, tags=("rice",) if n % 2 else ("trade",))
            for n in range(number)
        )
    app = library_app(tmp_path / "store", folder)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_scanned(app, pilot)
        assert [row[0] for row in rows(app)] == [f"Title {n}" for n in range(10)]
        assert column(app, "Notes") == [str(9 - n) for n in range(10)]
        assert column(app, "Tags")[0] == "trade, rice"
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=2)  # Title 2, with 7 notes
        await pilot.press("S", "S", "S", "S")  # title -> tags -> last opened -> read -> notes
        assert column(app, "Notes") == [str(n) for n in range(10)]
        assert rows(app)[table.cursor_row][0] == "Title 2"


async def test_tags_counted_after_listing_are_shown_whole(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    store = Store(tmp_path / "store")
    article = store.open_document(folder / "article.txt")
    for quote, tag in (("rice cakes", "economy/food"), ("COVID-19", "economy/covid")):
        anchor = find_quote(article.text, quote)
        store.add(Annotation(doc_id=article.id, anchor=anchor, tags=(tag,)))
    app = library_app(store.root, folder)
    # wide enough for both tags: the column takes a share of the width
    async with app.run_test(size=(200, 30)) as pilot:
        await wait_scanned(app, pilot)
        text = screen_text(app.screen.query_one(DataTable))
        assert "economy/covid, economy/food" in text or "economy/food, economy/covid" in text


async def test_rows_are_chosen_with_j_k_g_and_shift_g_as_well(tmp_path, seed) -> None:
    folder = corpus(tmp_path, seed)
    app = library_app(tmp_path / "store", folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_scanned(app, pilot)
        table = app.screen.query_one(DataTable)
        first_title = str(table.get_row_at(0)[0])
        table.focus()
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.document.title == first_title


async def test_listing_a_folder_opens_nothing_and_rewrites_no_unchanged_record(
    tmp_path, seed
) -> None:
    folder = corpus(tmp_path, seed)
    app = library_app(tmp_path / "store", folder)
    async with app.run_test(size=(140, 30)) as pilot:
        await wait_scanned(app, pilot)
        assert column(app, "Last opened") == ["", "", ""]  # never
    library = Store(tmp_path / "store").library_path
    listed = library.read_bytes()

    again = library_app(tmp_path / "store", folder)
    async with again.run_test(size=(140, 30)) as pilot:
        await wait_scanned(again, pilot)
        assert library.read_bytes() == listed
        table = again.screen.query_one(DataTable)
        table.focus()
        await pilot.press("g", "enter")
        await pilot.pause()
        assert isinstance(again.screen, ReaderScreen)
        opened = again.screen.document.id
    record = next(r for r in Store(tmp_path / "store").documents() if r.id == opened)
    assert record.last_opened
