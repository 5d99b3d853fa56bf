"""Painting one row of text: styled pieces, tabs expanded, cut to the width in cells."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.app.view.wrap import cell_width, shown

StyledSpan = tuple[int, int, Style]
"""A style over `[start, end)` of the document; later spans are painted over earlier ones."""


def expand_tabs(piece: str, column: int) -> tuple[str, int]:
    """`piece` with tabs turned into spaces as drawn from `column`; returns the new column."""
    if "\t" not in piece and piece.isascii():
        return piece, column + len(piece)
    out: list[str] = []
    for char in piece:
        cells = cell_width(char, column)
        out.append(" " * cells if char == "\t" else char)
        column += cells
    return "".join(out), column


def paint_row(
    text: str,
    start: int,
    end: int,
    spans: Sequence[StyledSpan],
    base: Style,
    width: int,
    caret_after: Style | None = None,
) -> Strip:
    """The strip for `text[start:end]` with `spans` applied, exactly `width` cells wide.

    `caret_after` draws a caret cell just past the text (the caret on a line's end).
    """
    cuts = {start, end}
    for span_start, span_end, _ in spans:
        if span_start < end and span_end > start:
            cuts.add(max(span_start, start))
            cuts.add(min(span_end, end))
    points = sorted(cuts)
    segments: list[Segment] = []
    column = 0
    for piece_start, piece_end in itertools.pairwise(points):
        style = base
        for span_start, span_end, span_style in spans:
            if span_start <= piece_start and span_end >= piece_end:
                style = style + span_style
        piece, column = expand_tabs(shown(text[piece_start:piece_end]), column)
        segments.append(Segment(piece, style))
    if caret_after is not None:
        segments.append(Segment(" ", base + caret_after))
        column += 1
    if column > width:  # spaces hanging past the edge, or a wide character cut in two
        return Strip(segments).crop(0, width).extend_cell_length(width, base).simplify()
    if column < width:
        segments.append(Segment(" " * (width - column), base))
    return Strip(list(Segment.simplify(segments)), width)  # one strip made, not four
