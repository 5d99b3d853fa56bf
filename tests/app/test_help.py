"""The help (`?`) names every key as a user presses it: `/`, `#`, `?`, `+`, never Textual's
internal names (`slash`, `number_sign`)."""

from __future__ import annotations

import re

from rich.table import Table
from textual.binding import Binding
from textual.widgets import Static

from tests.app.helpers import lines, make_app
from tests.app.test_library import corpus, library_app
from tests.app.test_library_use import settle
from tui.app.app import PostilApp
from tui.app.screens.help import HelpScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin
from tui.app.widgets.reader_pane import ReaderPane
from tui.app.widgets.row_table import RowTable

ROW = re.compile(r"\s*(?P<keys>\S.*?)\s{2,}(?P<action>\S.*?)\s*")


def help_rows(app: PostilApp) -> list[tuple[str, str]]:
    """(keys, action) of every row the open help shows."""
    assert isinstance(app.screen, HelpScreen)
    rows = []
    for static in app.screen.query(Static):
        if isinstance(static.content, Table):
            for line in lines(static):
                if found := ROW.fullmatch(line):
                    rows.append((found["keys"], found["action"]))
    return rows


def assert_no_internal_key_names(rows: list[tuple[str, str]], *owners: type) -> None:
    """Every described binding is listed, and no key shows by its internal name."""
    bindings = [b for owner in owners for b in owner.BINDINGS if isinstance(b, Binding)]
    actions = [action for _, action in rows]
    shown_keys = " ".join(keys for keys, _ in rows)
    for binding in bindings:
        if binding.description:
            assert binding.description in actions
        for key in binding.key.split(","):
            name = key.rpartition("+")[2]
            if len(name) > 1 and "_" in name:
                assert name not in shown_keys and name.replace("_", " ") not in shown_keys


async def test_library_help_shows_keys_as_typed(tmp_path, seed) -> None:
    app = library_app(tmp_path / "store", corpus(tmp_path, seed))
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        rows = help_rows(app)
        for row in [
            ("/", "Filter"),
            ("#", "Document tags"),
            ("+, ctrl+o", "Add document"),
            ("?, f1", "Help"),
            ("q", "Quit"),
        ]:
            assert row in rows
        assert_no_internal_key_names(rows, LibraryScreen, RowTable)


async def test_reader_help_shows_keys_as_typed(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=(140, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("question_mark")
        rows = help_rows(app)
        for row in [
            ("/", "Search"),
            (":", "Go to line or %"),
            ("<", "Wider margin"),
            (">", "Narrower margin"),
            ("u, ctrl+z", "Undo"),
            ("ctrl+y", "Redo"),
            ("?, f1", "Help"),
            ("space, pgdn, ctrl+f", "Page down"),
            ("shift+→", "Extend right"),
            ("1", "Quick code 1"),
        ]:
            assert row in rows
        assert_no_internal_key_names(rows, DocumentView, ReaderPane, ReaderScreen, Margin)
