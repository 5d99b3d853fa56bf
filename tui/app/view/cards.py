"""Margin cards: an annotation drawn as tag chips over the start of its note.

A card's height must be known to lay out the margin without drawing every card (a store may hold
thousands), so a folded card shows at most `FOLDED_LINES` lines of note, counted cheaply from the
note's plain text; an unfolded card is drawn in full and measured.
"""

from __future__ import annotations

import re

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from tui.app.view.wrap import wrap_line
from tui.core.annotation import Annotation
from tui.core.colors import readable_on
from tui.core.safe_text import one_line, visible

FOLDED_LINES = 3
_MARKDOWN_MARKERS = re.compile(r"[*_`]+|^\s{0,3}(#{1,6}|>)\s*", re.MULTILINE)
BORDER = 2  # the cells of "│ " on the left; the same on the right


def body_width(width: int) -> int:
    return max(1, width - 2 * BORDER)


def plain_rows(note: str, width: int) -> int:
    """Rows the note's non-blank lines take at `width`, counted without rendering its Markdown."""
    plain = _MARKDOWN_MARKERS.sub("", note)
    return sum(len(wrap_line(line.strip(), width)) for line in plain.split("\n") if line.strip())


def folded_body_rows(annotation: Annotation, width: int) -> int:
    if not annotation.note.strip():
        return 1
    return min(FOLDED_LINES, plain_rows(annotation.note, body_width(width)))


def note_lines(
    console: Console, annotation: Annotation, width: int, base: Style, compact: bool
) -> list[Strip]:
    """The note rendered as Markdown (or, without a note, the quote, dimmed) at the body width.

    `compact` drops blank lines, so a folded card shows as much of the note as it can.
    """
    inner = body_width(width)
    if annotation.note.strip():
        from rich.markdown import Markdown  # a third of a second to load: not before a note

        renderable: RenderableType = Markdown(
            visible(annotation.note, keep_lines=True), hyperlinks=False
        )
    else:
        quote = f"“{one_line(annotation.quote, inner - 2)}”" if annotation.quote else "(no note)"
        renderable = Text(quote, style="dim italic", no_wrap=True, overflow="ellipsis")
    options = console.options.update(width=inner, height=None)
    lines = [
        Strip(line, inner)
        for line in console.render_lines(renderable, options, style=base, pad=True)
    ]
    blank = [not line.text.strip() for line in lines]
    if compact:
        lines = [line for line, empty in zip(lines, blank, strict=True) if not empty]
    else:
        while lines and not lines[-1].text.strip():
            lines.pop()
    return lines or [Strip.blank(inner, base)]


def chips(annotation: Annotation, colors: dict[str, str], width: int) -> list[Segment]:
    """Tag chips for the top border: each tag in its colour, `+N` when they do not fit."""
    segments: list[Segment] = []
    used = 0
    for index, tag in enumerate(annotation.tags):
        label = f" {one_line(tag)} "
        rest = len(annotation.tags) - index - 1
        reserve = len(f" +{rest} ") if rest else 0
        if used + len(label) + 1 + reserve > width:
            segments.append(Segment(f" +{len(annotation.tags) - index} "))
            break
        color = colors[tag]
        segments.append(Segment(label, Style(bgcolor=color, color=readable_on(color), bold=True)))
        segments.append(Segment(" "))
        used += len(label) + 1
    return segments


def draw_card(
    console: Console,
    annotation: Annotation,
    colors: dict[str, str],
    width: int,
    base: Style,
    border: Style,
    body_rows: int | None,
    title: str = "",
) -> list[Strip]:
    """The card's lines: a top border with chips, the note (cut to `body_rows`), a bottom border.

    `body_rows=None` draws the whole note (an unfolded card).
    """
    width = max(6, width)
    body = note_lines(console, annotation, width, base, compact=body_rows is not None)
    hidden = 0
    if body_rows is not None:
        hidden = max(0, len(body) - body_rows)
        body = body[:body_rows] + [Strip.blank(body_width(width), base)] * (body_rows - len(body))
    top = [Segment("╭", border)]
    if title:
        top.append(Segment(f" {title} ", border + Style(bold=True)))
    top.extend(chips(annotation, colors, width - 3 - len(title)))
    top_strip = Strip(top).crop(0, width - 1)
    top_strip = Strip([*top_strip, Segment("─" * (width - 1 - top_strip.cell_length), border)])
    top_strip = Strip([*top_strip, Segment("╮", border)])
    lines = [top_strip]
    for line in body:
        lines.append(
            Strip([Segment("│ ", border), *line, Segment(" │", border)]).adjust_cell_length(
                width, base
            )
        )
    more = f" {hidden} more lines " if hidden > 1 else " 1 more line " if hidden else ""
    lines.append(Strip([Segment("╰" + "─" * (width - 2 - len(more)) + more + "╯", border)]))
    return [line.crop(0, width) for line in lines]
