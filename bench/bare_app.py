"""The floors: bare Textual apps, to time Textual's own start-up and its own redraws.

`python bench/bare_app.py` shows one line (start-up). `BareReader` shows lines of text in a plain
Line API scroll view, scrolled by `j` and `k`: what any Textual viewer pays for a keypress.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

READY = "A bare Textual app is on screen."


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(READY)


class LineView(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("j", "scroll_rows(1)"),
        Binding("k", "scroll_rows(-1)"),
        Binding("down", "scroll_rows(1)"),
        Binding("up", "scroll_rows(-1)"),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines
        self.virtual_size = Size(120, len(lines))

    def render_line(self, y: int) -> Strip:
        number = int(self.scroll_y) + y
        text = self.lines[number] if number < len(self.lines) else ""
        width = self.size.width
        return Strip([Segment(text[:width])]).extend_cell_length(width)

    def action_scroll_rows(self, rows: int) -> None:
        self.scroll_to(y=self.scroll_y + rows, animate=False, immediate=True)


class BareReader(App[None]):
    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield LineView(self.lines)


if __name__ == "__main__":
    BareApp().run()
