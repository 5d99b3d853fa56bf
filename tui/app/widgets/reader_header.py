"""The reader's top line: the document's title, where you are in it, how many annotations."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.core.safe_text import one_line


class ReaderHeader(Static):
    _shown: Text | None = None
    _asked: tuple[str, int, int, str, int] | None = None

    def show(self, title: str, percent: int, annotations: int, notice: str = "") -> None:
        asked = (title, percent, annotations, notice, self.size.width)
        if asked == self._asked:  # asked at every keypress: mostly nothing changed
            return
        self._asked = asked
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" postil ", "reverse bold")
        room = max(10, self.size.width - 40 - len(notice))
        text.append(f" {one_line(title, room)} ", "bold")
        text.append(f" {percent:3d}% ", "dim")
        noun = "annotation" if annotations == 1 else "annotations"
        text.append(f" {annotations} {noun} ")
        if notice:
            text.append(f" {one_line(notice)} ", "italic")
        if text != self._shown:
            self._shown = text
            self.update(text, layout=False)  # one row whatever it says: no layout needed
