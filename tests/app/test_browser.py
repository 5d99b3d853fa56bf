"""The annotation browser: filtering as you type, bad queries, and going to the passage."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from tests.app.helpers import make_app, margin, reader, view
from tests.app.keys import burst
from tui.app.app import PostilApp
from tui.app.commands import actions_of
from tui.app.screens.browser import PAGE, BrowserScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

SIZE = (140, 40)
FILLER = "A paragraph about the weather, which nobody codes.\n\n"


def corpus(folder: Path) -> tuple[Path, Path]:
    """A short memo and a long report whose last passage is far below the first screen."""
    folder.mkdir()
    memo = folder / "memo.txt"
    memo.write_text("Field memo\n\nRice prices rose at the market. The police watched.\n")
    report = folder / "report.txt"
    report.write_text(
        "Annual report\n\n" + FILLER * 60 + "Smugglers carried rice across the border.\n"
    )
    return memo, report


def code(store: Store, path: Path, quote: str, *tags: str, note: str = "") -> Annotation:
    document = store.open_document(path)
    return store.add(
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, quote),
            tags=tags,
            note=note,
            doc_sha256=document.sha256,
        )
    )


async def settle(app: PostilApp, pilot) -> None:
    """Let the browser's threads (reading the index, searching) finish and show their results."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def listed(app: PostilApp) -> list[str]:
    """The annotation ids the browser lists, top to bottom."""
    table = app.screen.query_one(DataTable)
    return [str(row.value) for row in table.rows]


def status(app: PostilApp) -> str:
    return str(app.screen.query_one("#browser-status").render())


async def test_results_follow_the_query_as_it_is_typed(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    prices = code(store, memo, "Rice prices rose", "economy/markets", note="inflation")
    police = code(store, memo, "The police watched", "state/police")
    smuggling = code(store, report, "Smugglers carried rice", "economy/trade", note="border")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert set(listed(app)) == {prices.id, police.id, smuggling.id}
        assert "3 annotations in 2 documents" in status(app)

        await pilot.press(*"tag:economy")
        await settle(app, pilot)
        assert listed(app) == [prices.id, smuggling.id]
        await pilot.press(*" -doc:report")
        await settle(app, pilot)
        assert listed(app) == [prices.id]

        await pilot.press("ctrl+u", *"rice")  # words match quotes and notes
        await settle(app, pilot)
        assert set(listed(app)) == {prices.id, smuggling.id}
        await pilot.press(*" border")
        await settle(app, pilot)
        assert listed(app) == [smuggling.id]
        row = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert row[:4] == ["Smugglers carried rice", "economy/trade", "border", "report.txt"]


async def test_a_bad_query_is_explained_in_the_status_line(tmp_path) -> None:
    memo, _ = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    prices = code(store, memo, "Rice prices rose", "economy/markets")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        for bad, message in (
            ("since:soon", "since: 'soon' is not a date"),
            ('"rice', "unclosed quote"),
            ("colour:red", "unknown field 'colour:'"),
        ):
            await pilot.press("ctrl+u", *bad)
            await settle(app, pilot)
            assert message in status(app)
            assert isinstance(app.screen, BrowserScreen)
        await pilot.press("ctrl+u", *"since:2000-01-01")
        await settle(app, pilot)
        assert status(app).startswith("1 annotation in 1 document")
        assert listed(app) == [prices.id]


async def test_f_lists_this_document_and_enter_goes_to_the_passage(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    code(store, memo, "Rice prices rose", "economy/markets")
    first = code(store, report, "Annual report", "meta")
    far = code(store, report, "Smugglers carried rice", "economy/trade")
    app = make_app(tmp_path / "store", report)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await settle(app, pilot)
        assert listed(app) == [first.id, far.id]  # only this document's, in reading order
        await pilot.press("down", "enter")
        await pilot.pause()
        assert reader(app).document.id == far.doc_id
        assert len(app.screen_stack) == 2  # the browser gave way to the reader beneath it
        assert view(app).caret == far.start
        row = view(app).row_of(far.start)
        assert view(app).scroll_y <= row < view(app).scroll_y + view(app).size.height
        assert margin(app).selected_id == far.id


async def test_enter_opens_another_document_at_the_passage_and_escape_comes_back(
    tmp_path,
) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    prices = code(store, memo, "Rice prices rose", "economy/markets")
    far = code(store, report, "Smugglers carried rice", "economy/trade")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        await pilot.press(*"doc:report", "enter")
        await pilot.pause()
        assert reader(app).document.id == far.doc_id
        assert view(app).caret == far.start
        assert margin(app).selected_id == far.id
        row = view(app).row_of(far.start)
        assert view(app).scroll_y <= row < view(app).scroll_y + view(app).size.height

        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, BrowserScreen)
        assert app.screen.query_one(Input).value == "doc:report"  # the list is as it was
        await pilot.press("ctrl+u", *"tag:economy/markets", "enter")
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack[1:]] == [ReaderScreen]
        assert reader(app).document.id == prices.doc_id
        assert view(app).caret == prices.start


async def test_the_list_follows_changes_made_in_the_reader(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    prices = code(store, memo, "Rice prices rose", "economy/markets")
    far = code(store, report, "Smugglers carried rice", "economy/trade")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        await pilot.press(*"doc:report", "enter")
        await pilot.pause()
        await pilot.press("d")  # delete the annotation at the caret
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert listed(app) == []
        await pilot.press("ctrl+u")
        await settle(app, pilot)
        assert listed(app) == [prices.id]
    assert far.id not in {a.id for a in Store(tmp_path / "store").annotations(far.doc_id)}


async def test_from_the_library_and_in_the_command_palette(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    far = code(store, report, "Smugglers carried rice", "economy/trade")
    app = make_app(tmp_path / "store", memo, report)
    app.library = True
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert "Annotations" in [name for name, _, _ in actions_of(app.screen)]
        await pilot.press("f")
        await settle(app, pilot)
        assert listed(app) == [far.id]
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).document.id == far.doc_id and view(app).caret == far.start
        names = [name for name, _, _ in actions_of(app.screen)]
        assert {"Annotations here", "Annotations everywhere", "Codebook (tags)"} <= set(names)


async def test_a_long_list_fills_as_the_cursor_comes_down(tmp_path) -> None:
    memo, _ = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    document = store.open_document(memo)
    anchor = find_quote(document.text, "Rice prices rose")
    many = [
        Annotation(doc_id=document.id, anchor=anchor, tags=(f"code/{n:03d}",))
        for n in range(PAGE + PAGE // 2)
    ]
    store.write_many(puts=many)
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        assert len(listed(app)) == PAGE
        assert f"{len(many)} annotations in 1 document ({PAGE} listed" in status(app)
        await pilot.press("tab", "ctrl+end")
        await settle(app, pilot)
        assert set(listed(app)) == {annotation.id for annotation in many}
        last = listed(app)[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert margin(app).selected_id == last


async def test_a_late_search_never_hides_the_error_of_a_newer_query(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    prices = code(store, memo, "Rice prices rose", "economy/markets")
    code(store, report, "Smugglers carried rice", "state/border")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        await pilot.press(*"tag:economy")
        await settle(app, pilot)
        assert listed(app) == [prices.id]
        with app.index_lock:  # the search for the emptied field waits, as a slow one would
            await pilot.press("ctrl+u")
            await pilot.press(*"foo:bar")
            await pilot.pause()
        await settle(app, pilot)
        assert app.screen.query_one("#browser-query", Input).value == "foo:bar"
        assert "unknown field 'foo:'" in status(app)


async def test_a_new_query_typed_fast_replaces_the_old_one(tmp_path) -> None:
    memo, report = corpus(tmp_path / "docs")
    store = Store(tmp_path / "store")
    code(store, memo, "Rice prices rose", "economy/markets")
    border = code(store, report, "Smugglers carried rice", "state/border")
    app = make_app(tmp_path / "store", memo)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")
        await settle(app, pilot)
        burst(app, *"tag:economy", "ctrl+u", *"foo:bar")
        await settle(app, pilot)
        assert app.screen.query_one("#browser-query", Input).value == "foo:bar"
        assert "unknown field 'foo:'" in status(app)
        burst(app, "ctrl+u", *"tag:stat", "backspace", *"te")
        await settle(app, pilot)
        assert listed(app) == [border.id]
