"""Rows on screen versus offsets in the text, for a document wrapped at one width.

A document is a sequence of lines (split on `\n`); each line wraps into one or more rows. Small
documents are wrapped whole, exactly. A huge one cannot be wrapped at once, so each line starts
with an estimate of its rows (its length over the width) that is replaced by the exact count when
the line is first wrapped (it is drawn, or the caret reaches it). Row counts are summed in blocks,
so finding a row's line or a line's first row stays cheap on millions of lines.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tui.app.view.wrap import wrap_line

BLOCK = 512
EXACT_LIMIT = 2_000_000  # characters: below this a document is wrapped exactly when opened
_NEWLINE = re.compile("\n")


class LineIndex:
    """Where each line of a text starts; built once per document, whatever the width."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = array("q", [0])
        self.starts.extend(match.end() for match in _NEWLINE.finditer(text))

    def __len__(self) -> int:
        return len(self.starts)

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def span(self, line: int) -> tuple[int, int]:
        """The offsets of a line, without its newline."""
        start = self.starts[line]
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.text)
        return start, end


@dataclass(frozen=True, slots=True)
class Row:
    """One row on screen: `text[start:end]`, part `part` of line `line`; `last` ends the line."""

    line: int
    part: int
    start: int
    end: int
    last: bool


class RowIndex:
    """The rows of a document at one width."""

    def __init__(self, lines: LineIndex, width: int) -> None:
        self.lines = lines
        self.width = max(1, width)
        self._counts = array("l", (self._estimate(line) for line in range(len(lines))))
        self._block_sums = [
            sum(self._counts[i : i + BLOCK]) for i in range(0, len(self._counts), BLOCK)
        ]
        self._wrapped = lru_cache(maxsize=4096)(self._wrap)
        if len(lines.text) <= EXACT_LIMIT:
            for line in range(len(lines)):
                self.wraps(line)

    def _estimate(self, line: int) -> int:
        start, end = self.lines.span(line)
        return max(1, -(-(end - start) // self.width))

    def _wrap(self, line: int) -> tuple[int, ...]:
        start, end = self.lines.span(line)
        return tuple(start + offset for offset in wrap_line(self.lines.text[start:end], self.width))

    def wraps(self, line: int) -> tuple[int, ...]:
        """Start offsets of the rows of `line`, exact; corrects the line's count if estimated."""
        starts = self._wrapped(line)
        delta = len(starts) - self._counts[line]
        if delta:
            self._counts[line] += delta
            self._block_sums[line // BLOCK] += delta
        return starts

    @property
    def row_count(self) -> int:
        return sum(self._block_sums)

    def first_row(self, line: int) -> int:
        """The row at which `line` starts."""
        block = line // BLOCK
        return sum(self._block_sums[:block]) + sum(self._counts[block * BLOCK : line])

    def row(self, y: int) -> Row:
        """Row `y` (clamped to the document)."""
        y = max(0, min(y, self.row_count - 1))
        block = 0
        seen = 0
        while block < len(self._block_sums) - 1 and seen + self._block_sums[block] <= y:
            seen += self._block_sums[block]
            block += 1
        line = block * BLOCK
        while line < len(self._counts) - 1 and seen + self._counts[line] <= y:
            seen += self._counts[line]
            line += 1
        starts = self.wraps(line)
        part = min(y - seen, len(starts) - 1)
        return self._make_row(line, part, starts)

    def _make_row(self, line: int, part: int, starts: tuple[int, ...]) -> Row:
        last = part == len(starts) - 1
        end = self.lines.span(line)[1] if last else starts[part + 1]
        return Row(line=line, part=part, start=starts[part], end=end, last=last)

    def row_of(self, offset: int) -> int:
        """The row showing the character at `offset` (a line's end belongs to its last row)."""
        line = self.lines.line_of(offset)
        starts = self.wraps(line)
        part = bisect_right(starts, offset) - 1
        return self.first_row(line) + part

    def row_at_offset(self, offset: int) -> Row:
        line = self.lines.line_of(offset)
        starts = self.wraps(line)
        return self._make_row(line, bisect_right(starts, offset) - 1, starts)
