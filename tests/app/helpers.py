"""Helpers for driving the app as a user would."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from tui.app.app import PostilApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin


def make_app(store: Path, *documents: Path) -> PostilApp:
    return PostilApp(store_root=store, paths=list(documents), author="tester")


def reader(app: PostilApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen), f"expected the reader, got {screen!r}"
    return screen


def view(app: PostilApp) -> DocumentView:
    return app.screen.query_one(DocumentView)


def margin(app: PostilApp) -> Margin:
    return app.screen.query_one(Margin)


def lines(widget: Widget) -> list[str]:
    """What a Line API widget shows, one string per screen row."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def screen_text(widget: Widget) -> str:
    return "\n".join(lines(widget))
