"""The tables of postil's lists (library, annotations, codebook, drift report)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """A table chosen from row by row, moved through with the reader's keys (as in `less`)
    as well as the arrows."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First row", show=False),
        Binding("G", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, *, zebra_stripes: bool = True, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=zebra_stripes, id=id)
