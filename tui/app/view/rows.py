"""Rows on screen versus offsets in the text, for a document wrapped at one width.

A document is a sequence of lines (split on `\n`); each line wraps into one or more rows. Lines
are grouped in blocks: runs of 512 lines of a text held in memory, or the blocks of about 64 KiB
of a big file read lazily (`FileText`). A block of a big file first has an estimate of its rows
(its characters over the width, plus its lines); when it is opened (something on it is shown or
looked up) each of its lines gets an estimate (its length over the width), and a line's estimate
becomes exact when the line is wrapped (it is drawn, or the caret reaches it). Small documents are
wrapped whole when opened, so their rows are exact from the start. Rows are summed per block, so
finding a row's line or a line's first row stays cheap on millions of lines; `version` changes
whenever a count does, so a view can keep its top row where it was.

Two documents read side by side keep their paragraphs level by padding: blank spacer rows after
given lines (`pad`). A spacer row shows no text; it is a row of the line above it, with
the line's end as its offsets, so a click on it lands at the end of that line and `text_row`
finds the nearest row with text for a caret. The reader sets no padding and pays nothing for it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from itertools import accumulate, pairwise

from tui.app.view.wrap import wrap_line
from tui.core.file_text import FileText

BLOCK_LINES = 512
EXACT_LIMIT = 250_000  # characters: below this a document is wrapped exactly when opened
WRAPPED_LINES = 4096  # wrapped lines kept; their counts stay exact when they are dropped
_NEWLINE = re.compile("\n")


class LineIndex:
    """Where each line of a text held in memory starts; built once, whatever the width."""

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

    @property
    def block_count(self) -> int:
        return -(-len(self) // BLOCK_LINES)

    def block_lines(self, block: int) -> range:
        return range(block * BLOCK_LINES, min(len(self), (block + 1) * BLOCK_LINES))

    def block_of_line(self, line: int) -> int:
        return line // BLOCK_LINES

    def block_span(self, block: int) -> tuple[int, int]:
        lines = self.block_lines(block)
        return self.starts[lines.start], self.span(lines.stop - 1)[1]

    def lengths(self, block: int) -> list[int]:
        spans = map(self.span, self.block_lines(block))
        return [end - start for start, end in spans]

    def block_estimate(self, block: int, width: int) -> int:
        return sum(max(1, -(-length // width)) for length in self.lengths(block))


class FileLines:
    """The lines of a big file's text, found block by block as the blocks are read.

    A line belongs to the block its first character is in; a line longer than a block runs on
    into the blocks after it, which then hold no line of their own.
    """

    def __init__(self, text: FileText) -> None:
        self.text = text
        index = text.index
        self._first_lines = index.first_lines
        self._char_starts = index.char_starts
        self._newlines = index.newlines
        self._newlines_before = list(accumulate(index.newlines, initial=0))
        self._starts: OrderedDict[int, list[int]] = OrderedDict()

    def __len__(self) -> int:
        return self._first_lines[-1]

    @property
    def block_count(self) -> int:
        return len(self._char_starts) - 1

    def block_lines(self, block: int) -> range:
        return range(self._first_lines[block], self._first_lines[block + 1])

    def block_of_line(self, line: int) -> int:
        block = bisect_right(self._first_lines, line, 0, self.block_count) - 1
        return max(0, block)

    def block_span(self, block: int) -> tuple[int, int]:
        return self._char_starts[block], self._char_starts[block + 1]

    def _line_starts(self, block: int) -> list[int]:
        """Offsets of the lines that start in `block`."""
        starts = self._starts.get(block)
        if starts is not None:
            self._starts.move_to_end(block)
            return starts
        base, end = self.block_span(block)
        opens_line = block == 0 or self._first_lines[block] == self._newlines_before[block]
        starts = [base] if opens_line else []
        starts += [base + match.end() for match in _NEWLINE.finditer(self.text.block(block))]
        if starts and starts[-1] == end and block + 1 < self.block_count:
            starts.pop()  # the next line starts the next block
        self._starts[block] = starts
        if len(self._starts) > 256:
            self._starts.popitem(last=False)
        return starts

    def line_start(self, line: int) -> int:
        block = self.block_of_line(line)
        return self._line_starts(block)[line - self._first_lines[block]]

    def line_of(self, offset: int) -> int:
        block = self.text.block_of(offset)
        return self._first_lines[block] + bisect_right(self._line_starts(block), offset) - 1

    def span(self, line: int) -> tuple[int, int]:
        """The offsets of a line, without its newline."""
        start = self.line_start(line)
        end = self.line_start(line + 1) - 1 if line + 1 < len(self) else len(self.text)
        return start, end

    def lengths(self, block: int) -> list[int]:
        lines = self.block_lines(block)
        if not lines:
            return []
        starts = self._line_starts(block)
        last = self.span(lines.stop - 1)
        return [b - a - 1 for a, b in pairwise(starts)] + [last[1] - last[0]]

    def block_estimate(self, block: int, width: int) -> int:
        start, end = self.block_span(block)
        lines = len(self.block_lines(block))
        return lines + max(0, end - start - self._newlines[block]) // width if lines else 0


Lines = LineIndex | FileLines


@dataclass(frozen=True, slots=True)
class Row:
    """One row on screen: `text[start:end]`, part `part` of line `line`; `last` ends the line.

    A `spacer` is a blank row of padding after the line's text: empty, at the line's end."""

    line: int
    part: int
    start: int
    end: int
    last: bool
    spacer: bool = False


class RowIndex:
    """The rows of a document at one width."""

    def __init__(self, lines: Lines, width: int) -> None:
        self.lines = lines
        self.width = max(1, width)
        self.version = 0
        blocks = lines.block_count
        self._line_rows: dict[int, array] = {}
        self._line_sums: dict[int, list[int]] = {}  # rows before each line of an open block
        self._wrapped: OrderedDict[int, tuple[int, ...]] = OrderedDict()
        self._sums: list[int] | None = None
        self._padding: dict[int, int] = {}  # blank rows after a line, counted in its rows
        self.exact = len(lines.text) <= EXACT_LIMIT  # every line wrapped: every count exact
        if isinstance(lines, LineIndex):
            self._block_rows = [0] * blocks
            for block in range(blocks):
                self._open(block)
        else:
            self._block_rows = [lines.block_estimate(block, self.width) for block in range(blocks)]
        if self.exact:
            for line in range(len(lines)):
                self.wraps(line)

    # Counts ----------------------------------------------------------------------------------

    def _open(self, block: int) -> array:
        """Per-line estimates of a block's rows (the block's own estimate is replaced)."""
        rows = self._line_rows.get(block)
        if rows is None:
            width = self.width
            rows = array("l", [max(1, -(-length // width)) for length in self.lines.lengths(block)])
            if self._padding:
                first = self.lines.block_lines(block).start
                for position in range(len(rows)):
                    rows[position] += self._padding.get(first + position, 0)
            self._line_rows[block] = rows
            self._set_block_rows(block, sum(rows))
        return rows

    def _set_block_rows(self, block: int, rows: int) -> None:
        if self._block_rows[block] != rows:
            self._block_rows[block] = rows
            self._sums = None
            self.version += 1

    @property
    def _prefix(self) -> list[int]:
        """Rows before each block, and the total at the end."""
        if self._sums is None:
            self._sums = list(accumulate(self._block_rows, initial=0))
        return self._sums

    def wraps(self, line: int) -> tuple[int, ...]:
        """Start offsets of the rows of `line`, exact; corrects the line's count if estimated."""
        starts = self._wrapped.get(line)
        if starts is not None:
            self._wrapped.move_to_end(line)
            return starts
        start, end = self.lines.span(line)
        text = self.lines.text[start:end]
        starts = tuple(start + offset for offset in wrap_line(text, self.width))
        self._wrapped[line] = starts
        if len(self._wrapped) > WRAPPED_LINES:
            self._wrapped.popitem(last=False)
        block = self.lines.block_of_line(line)
        rows = self._open(block)
        position = line - self.lines.block_lines(block).start
        count = len(starts) + self._padding.get(line, 0)
        if rows[position] != count:
            self._set_block_rows(block, self._block_rows[block] + count - rows[position])
            rows[position] = count
            self._line_sums.pop(block, None)
        return starts

    def _sums_in(self, block: int) -> list[int]:
        """Rows before each line of a block, from the block's first row (and its total)."""
        sums = self._line_sums.get(block)
        if sums is None:
            sums = self._line_sums[block] = list(accumulate(self._open(block), initial=0))
        return sums

    def wrap_before(self, offset: int, rows: int) -> None:
        """Wrap the lines up to the one at `offset`, enough of them to fill `rows` rows, so that
        a screen ending there has exact rows (drawing it then moves nothing)."""
        line, covered = self.lines.line_of(offset), 0
        while line >= 0 and covered < rows:
            covered += len(self.wraps(line))
            line -= 1

    @property
    def row_count(self) -> int:
        return self._prefix[-1]

    # Padding ---------------------------------------------------------------------------------

    def pad(self, line: int, rows: int) -> None:
        """Give `line` `rows` blank rows after its text (0 takes its padding away)."""
        change = rows - self._padding.get(line, 0)
        if not change:
            return
        if rows:
            self._padding[line] = rows
        else:
            del self._padding[line]
        block = self.lines.block_of_line(line)
        counts = self._line_rows.get(block)
        if counts is not None:  # a block opened later counts the padding itself
            counts[line - self.lines.block_lines(block).start] += change
            self._line_sums.pop(block, None)
        self._set_block_rows(block, self._block_rows[block] + change)

    def clear_padding(self) -> None:
        """Take every line's padding away: the rows are the reader's again."""
        for line in list(self._padding):
            self.pad(line, 0)

    def padding(self, line: int) -> int:
        """The blank rows after `line`."""
        return self._padding.get(line, 0)

    def rows_in_line(self, line: int) -> int:
        """The rows of `line`: its text's, then its padding."""
        return len(self.wraps(line)) + self._padding.get(line, 0)

    def text_row(self, y: int, step: int = 1, low: int = 0, high: int | None = None) -> int | None:
        """Row `y` if it shows text, else the nearest row that does, looking down first (`step`
        1) or up first (-1), within rows `low` to `high`; None if every row there is a spacer."""
        if not self._padding:
            return y
        high = self.row_count - 1 if high is None else high
        row = self.row(y)
        if not row.spacer:
            return y
        above = self.first_row(row.line) + len(self.wraps(row.line)) - 1
        below = self.first_row(row.line + 1) if row.line + 1 < len(self.lines) else None
        found = (below, above) if step > 0 else (above, below)
        return next((n for n in found if n is not None and low <= n <= high), None)

    # Lookups ---------------------------------------------------------------------------------

    def first_row(self, line: int) -> int:
        """The row at which `line` starts."""
        block = self.lines.block_of_line(line)
        before = self._sums_in(block)[line - self.lines.block_lines(block).start]
        return self._prefix[block] + before

    def row(self, y: int) -> Row:
        """Row `y` (clamped to the document)."""
        while True:
            y = max(0, min(y, self.row_count - 1))
            prefix = self._prefix
            block = min(bisect_right(prefix, y) - 1, len(self._block_rows) - 1)
            sums = self._sums_in(block)
            if self._sums is None:
                continue  # opening the block changed the rows after it: look again
            position = min(bisect_right(sums, y - prefix[block]) - 1, len(sums) - 2)
            line = self.lines.block_lines(block).start + position
            starts = self.wraps(line)
            part = y - prefix[block] - sums[position]
            if part >= len(starts) and self._padding.get(line):
                end = self.lines.span(line)[1]
                return Row(line=line, part=part, start=end, end=end, last=True, spacer=True)
            return self._make_row(line, min(part, len(starts) - 1), starts)

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

    def peek_row_of(self, offset: int) -> int:
        """`row_of` from the counts as they are, changing none (no block opened, no wrapping).

        Rows below this offset stay where they are, so a view can look above its top row.
        """
        block = self._block_of_offset(offset)
        rows = self._line_rows.get(block)
        if rows is None:
            start, end = self.lines.block_span(block)
            share = (offset - start) * self._block_rows[block] // max(1, end - start)
            return self._prefix[block] + min(share, max(0, self._block_rows[block] - 1))
        line = self.lines.line_of(offset)
        first = self.lines.block_lines(block).start
        if line < first:
            return self._prefix[block]
        position = line - first
        starts = self._wrapped.get(line)
        if starts is not None:
            part = bisect_right(starts, offset) - 1
        else:
            text_rows = rows[position] - self._padding.get(line, 0)
            part = min(text_rows - 1, (offset - self.lines.span(line)[0]) // self.width)
        return self._prefix[block] + self._sums_in(block)[position] + part

    def _block_of_offset(self, offset: int) -> int:
        if isinstance(self.lines, FileLines):
            return self.lines.text.block_of(offset)
        return self.lines.block_of_line(self.lines.line_of(offset))
