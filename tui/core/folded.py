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

_RUN = re.compile(r"\s+")
_CHANGED = re.compile(r"\s{2,}|[^\S ]")  # a run of several, or one that is not a plain space
_BREAK = re.compile(r"\n[^\S\n]*\n")


def _folded_run(run: re.Match[str]) -> str:
    return PARAGRAPH if _BREAK.search(run.group()) else " "


def fold(text: str) -> str:
    """`text` with every run of whitespace made one character: a paragraph break or a space."""
    return _RUN.sub(_folded_run, text)


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text; `shifts[i]` characters were dropped before folded offset `starts[i]`."""

    text: str
    starts: tuple[int, ...]
    shifts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Folded:
        starts: list[int] = []
        shifts: list[int] = []
        dropped = 0
        for run in _CHANGED.finditer(text):
            length = run.end() - run.start()
            if length > 1:
                dropped += length - 1
                starts.append(run.end() - dropped)
                shifts.append(dropped)
        return cls(text=fold(text), starts=tuple(starts), shifts=tuple(shifts))

    def original(self, offset: int) -> int:
        """The original offset of the character at folded `offset` (a run maps to its start)."""
        index = bisect_right(self.starts, offset) - 1
        return offset + (self.shifts[index] if index >= 0 else 0)

    def original_end(self, end: int) -> int:
        """The original offset just after the folded character before `end`."""
        return self.original(end - 1) + 1 if end > 0 else 0

    def folded(self, original: int) -> int:
        """The folded offset nearest to an original one (a hint, so it need not be exact)."""
        low, high = 0, len(self.text)
        while low < high:
            middle = (low + high) // 2
            if self.original(middle) < original:
                low = middle + 1
            else:
                high = middle
        return low
