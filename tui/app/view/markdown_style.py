"""Light Markdown styling that keeps one screen character per source character.

A Markdown document is shown as its own text, so offsets stay exact; headings, emphasis, code and
block quotes are styled where they stand and their markers are dimmed rather than hidden.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich.style import Style

from tui.app.view.paint import StyledSpan

MARKER = Style(dim=True)
HEADING = Style(bold=True, underline=True)
STRONG = Style(bold=True)
EMPHASIS = Style(italic=True)
CODE = Style(color="#d08770")
QUOTE = Style(italic=True)

_HEADING = re.compile(r"(#{1,6})[ \t]")
_QUOTE = re.compile(r"[ \t]{0,3}(>)")
_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|(?P<strong>\*\*|__)(?P<strong_text>\S(?:.*?\S)?)(?P=strong)"
    r"|(?P<em>[*_])(?P<em_text>[^\s*_](?:[^*_]*?[^\s*_])?)(?P=em)"
)


@lru_cache(maxsize=2048)
def line_spans(line: str) -> tuple[tuple[int, int, Style], ...]:
    """Styles for one line, as offsets relative to the line's start."""
    spans: list[tuple[int, int, Style]] = []
    heading = _HEADING.match(line)
    if heading:
        spans.append((0, len(line), HEADING))
        spans.append((0, heading.end(1), MARKER))
        return tuple(spans)
    quote = _QUOTE.match(line)
    if quote:
        spans.append((0, len(line), QUOTE))
        spans.append((quote.start(1), quote.end(1), MARKER))
    for match in _INLINE.finditer(line):
        for kind, style in (("code", CODE), ("strong", STRONG), ("em", EMPHASIS)):
            if match.group(kind):
                marker = len(match.group(kind))
                spans.append((match.start(), match.end(), style))
                spans.append((match.start(), match.start() + marker, MARKER))
                spans.append((match.end() - marker, match.end(), MARKER))
    return tuple(spans)


def markdown_spans(line: str, line_start: int) -> list[StyledSpan]:
    """`line_spans` moved to document offsets."""
    return [(line_start + start, line_start + end, style) for start, end, style in line_spans(line)]
