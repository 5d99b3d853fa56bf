"""The line above the footer that shows which tag each number key applies."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.core.safe_text import one_line

TAG_WIDTH = 24


class QuickCodes(Static):
    _shown: list[str] | None = None

    def show(self, recent_tags: list[str]) -> None:
        """List the quick codes; the line is hidden until there is one."""
        if recent_tags == self._shown:
            return
        self._shown = list(recent_tags)
        self.display = bool(recent_tags)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" quick codes ", "dim")
        for number, tag in enumerate(recent_tags, start=1):
            text.append(f" {number}", "bold")
            text.append(f" {one_line(tag, TAG_WIDTH)} ")
        self.update(text)
