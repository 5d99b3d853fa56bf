"""Text with its whitespace folded, and the way back to the original offsets.

Whitespace is layout, not content: a paragraph rewrapped at another width, or two spaces made
one, holds the same words. Re-anchoring compares quotes in folded text (every run of whitespace
is one character), so a reflowed passage is still found exactly, and its offsets in the original
are recovered from the few places where the two differ.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

PARAGRAPH = "\n"
"""What a paragraph break (whitespace with a blank line in it) folds to; other runs fold to a
space. Paragraph breaks are kept because passages hold to their own paragraph."""

_SHRUNK = re.compile(r"\s{2,}")  # the runs that folding makes shorter
_FOLDABLE = re.compile(r"\s\s|[^\S ]")  # what folding changes: a run, or a space not " "
_BREAKS = re.compile(r"\n(?:[^\S\n]*\n)+")  # the newlines of a run with a blank line


def fold(text: str) -> str:
    """`text` with every run of whitespace made one character: a paragraph break or a space."""
    if not _FOLDABLE.search(text):
        return text
    pieces = _BREAKS.split(text)
    last = len(pieces) - 1
    return PARAGRAPH.join(
        _folded_piece(piece, first=index == 0, last=index == last)
        for index, piece in enumerate(pieces)
    )


def _folded_piece(piece: str, first: bool, last: bool) -> str:
    """A piece between paragraph breaks, its runs made one space each.

    Whitespace at an edge that touches a break is part of that break. `str.split` does the
    work in C (it splits on what a regular expression's `\\s` matches): folding a whole document
    is part of every re-anchoring, and a substitution per run would cost a tenth of a second.
    """
    words = piece.split()
    if not words:
        return " " if piece and first and last else ""
    before = " " if first and piece[0].isspace() else ""
    after = " " if last and piece[-1].isspace() else ""
    return before + " ".join(words) + after


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text; `shifts[i]` characters were dropped before folded offset `starts[i]`, which
    is original offset `ends[i]` (where the i-th run of dropped whitespace ends)."""

    text: str
    starts: tuple[int, ...]
    shifts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        starts: list[int] = []
        shifts: list[int] = []
        ends: list[int] = []
        dropped = 0
        for run in _SHRUNK.finditer(text):
            dropped += run.end() - run.start() - 1
            starts.append(run.end() - dropped)
            shifts.append(dropped)
            ends.append(run.end())
        return cls(fold(text), tuple(starts), tuple(shifts), tuple(ends))

    def original(self, offset: int) -> int:
        """The original offset of the character at folded `offset` (a run maps to its start)."""
        index = bisect_right(self.starts, offset) - 1
        return offset + (self.shifts[index] if index >= 0 else 0)

    def original_end(self, end: int) -> int:
        """The original offset just after the folded character before `end`."""
        return self.original(end - 1) + 1 if end > 0 else 0

    def folded(self, original: int) -> int:
        """The first folded offset whose original offset is not before `original`.

        Found from where the dropped runs end, not by searching the folded text: re-anchoring
        asks this for thousands of offsets.
        """
        index = bisect_right(self.ends, original)
        offset = original - (self.shifts[index - 1] if index else 0)
        if index < len(self.starts):
            offset = min(offset, self.starts[index])
        return max(0, min(offset, len(self.text)))
