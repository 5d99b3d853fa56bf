"""An interval index of annotated passages: which annotations touch a range, in O(log n + k).

The reader asks this for every visible row, so it must not scan all annotations: passages are
kept sorted by start with a running maximum of their ends, so a query bisects to the last passage
starting before the range's end and walks back only while an earlier passage could still reach
into the range.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from tui.core.annotation import Annotation


class SpanIndex:
    """Annotations with a passage (not document notes, not orphans), by position."""

    def __init__(self, annotations: Iterable[Annotation]) -> None:
        placed = [a for a in annotations if a.start is not None and a.end is not None]
        placed.sort(key=lambda a: (a.start, -a.end))
        self.annotations: list[Annotation] = placed
        self._starts = [a.start for a in placed]
        self._max_end: list[int] = []
        reach = -1
        for annotation in placed:
            reach = max(reach, annotation.end)
            self._max_end.append(reach)

    def __len__(self) -> int:
        return len(self.annotations)

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Annotations whose passage intersects [start, end), in order of their start."""
        found: list[Annotation] = []
        index = bisect_left(self._starts, end) - 1
        while index >= 0 and self._max_end[index] > start:
            annotation = self.annotations[index]
            if annotation.end > start:
                found.append(annotation)
            index -= 1
        found.reverse()
        return found

    def at(self, offset: int) -> list[Annotation]:
        """Annotations containing the character at `offset`."""
        return self.overlapping(offset, offset + 1)

    def next_after(self, offset: int) -> Annotation | None:
        """The first annotation starting after `offset`."""
        index = bisect_right(self._starts, offset)
        return self.annotations[index] if index < len(self.annotations) else None

    def previous_before(self, offset: int) -> Annotation | None:
        """The last annotation starting before `offset`."""
        index = bisect_left(self._starts, offset) - 1
        return self.annotations[index] if index >= 0 else None
