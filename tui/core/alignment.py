"""Two documents read side by side: their paragraphs, which go together, and how to scroll them.

Paragraph N of one document goes with paragraph N of the other, unless links say otherwise. A
link `(i, j)` says paragraph `i` of the left document and paragraph `j` of the right begin
together; between two links the paragraphs pair in order, and where one side has more, the
extra paragraphs join the last pair (a translation that merged two paragraphs into one is fixed
by linking the paragraphs that follow the merge).

Scrolling is mapped through these groups: a pane's top row is a group and a fraction through it
(blank lines after a group belong to it), and the other pane scrolls to the same group and
fraction (see `Alignment.follow` for the ends). Rows come from the app through `Rows`, so the
core knows nothing of wrapping.

Following keeps only the top group level: below it, groups that wrap to different heights drift
apart. So the app pads each group, after its last paragraph (`Alignment.last_end`), in the pane
where the group (`Alignment.extent`) takes fewer rows, and with that every group starts on the
same row in both panes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

Span = tuple[int, int]
Link = tuple[int, int]
"""Paragraph `i` of the left document and paragraph `j` of the right begin together."""
Group = tuple[range, range]
"""Paragraphs read together: indices into the left document's paragraphs, then the right's."""

LEFT, RIGHT = 0, 1
OPENING_CHARS = 40
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_NEWLINE = re.compile("\n")


def paragraph_spans(text: str) -> list[Span]:
    """`[start, end)` of each paragraph: text between blank lines, white space at its edges left
    out. A text with no blank line at all has one paragraph per line, as many files are written.
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _NEWLINE
    spans: list[Span] = []
    start = 0
    for match in separator.finditer(text):
        _add_trimmed(spans, text, start, match.start())
        start = match.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + len(piece) - len(piece.lstrip())
        spans.append((first, first + len(stripped)))


def opening(text: str) -> str:
    """The first words of a paragraph, white space folded: enough to find it again."""
    return " ".join(text[: OPENING_CHARS * 2].split())[:OPENING_CHARS].rstrip()


@dataclass(frozen=True)
class Paragraphs:
    """The paragraphs of one document's text."""

    text: str
    spans: list[Span]

    @classmethod
    def of(cls, text: str) -> Paragraphs:
        return cls(text, paragraph_spans(text))

    def __len__(self) -> int:
        return len(self.spans)

    def at(self, offset: int) -> int:
        """The paragraph containing `offset`, or the one before it (-1 before the first)."""
        return bisect_right(self.spans, (offset, len(self.text) + 1)) - 1

    def opening(self, index: int) -> str:
        start, end = self.spans[index]
        return opening(self.text[start:end])

    def find(self, index: int, wanted: str) -> int | None:
        """Paragraph `index` if it still opens with `wanted`, else the nearest one that does."""
        if 0 <= index < len(self) and self.opening(index) == wanted:
            return index
        found = [i for i in range(len(self)) if self.opening(i) == wanted]
        return min(found, key=lambda i: abs(i - index)) if found else None


def consistent_links(links: Iterable[Link], left_count: int, right_count: int) -> list[Link]:
    """The links in order that can hold together: inside both documents, none crossing another."""
    kept: list[Link] = []
    for left, right in sorted(set(links)):
        if not (0 <= left < left_count and 0 <= right < right_count):
            continue
        if not kept or (left > kept[-1][0] and right > kept[-1][1]):
            kept.append((left, right))
    return kept


def with_link(links: Iterable[Link], link: Link) -> list[Link]:
    """`links` with `link` added; the links it contradicts (sharing a paragraph or crossing it)
    are dropped, so the newest link always holds."""
    left, right = link
    kept = [(i, j) for i, j in links if i != left and j != right and (i - left) * (j - right) > 0]
    return sorted([*kept, link])


def group_paragraphs(left_count: int, right_count: int, links: Iterable[Link] = ()) -> list[Group]:
    """Every paragraph of both documents in reading order, grouped with its counterparts."""
    anchors = [(0, 0), *consistent_links(links, left_count, right_count), (left_count, right_count)]
    groups: list[Group] = []
    for (left, right), (next_left, next_right) in pairwise(anchors):
        pairs = min(next_left - left, next_right - right)
        if pairs == 0:
            if next_left > left or next_right > right:
                groups.append((range(left, next_left), range(right, next_right)))
            continue
        groups.extend(
            (range(left + k, left + k + 1), range(right + k, right + k + 1))
            for k in range(pairs - 1)
        )
        groups.append((range(left + pairs - 1, next_left), range(right + pairs - 1, next_right)))
    return groups


@dataclass(frozen=True)
class Rows:
    """How the app laid one document out: the row of an offset, the first offset of a row, how
    many rows there are, and the furthest the pane can scroll (its top row at the end)."""

    row_of: Callable[[int], int]
    start_of_row: Callable[[int], int]
    count: int
    limit: int


class Alignment:
    """Which paragraphs of two documents go together, and where one pane scrolls the other."""

    def __init__(self, left: Paragraphs, right: Paragraphs, links: Sequence[Link] = ()) -> None:
        self.sides = (left, right)
        self.links = consistent_links(links, len(left), len(right))
        self.groups = group_paragraphs(len(left), len(right), self.links)
        self._group_of: tuple[list[int], list[int]] = ([0] * len(left), [0] * len(right))
        for number, group in enumerate(self.groups):
            for side in (LEFT, RIGHT):
                for paragraph in group[side]:
                    self._group_of[side][paragraph] = number

    def group_at(self, side: int, offset: int) -> int:
        """The group of the paragraph at `offset` (text before the first belongs to the first)."""
        paragraph = self.sides[side].at(offset)
        return self._group_of[side][paragraph] if paragraph >= 0 else 0

    def counterpart(self, side: int, start: int, end: int) -> Span | None:
        """The passage of the other document that goes with `[start, end)` of this one."""
        first = self.group_at(side, start)
        last = self.group_at(side, max(start, end - 1))
        other = self.sides[1 - side]
        paragraphs = [p for group in self.groups[first : last + 1] for p in group[1 - side]]
        if not paragraphs:
            return None
        return other.spans[paragraphs[0]][0], other.spans[paragraphs[-1]][1]

    def follow(self, side: int, y: float, rows: tuple[Rows, Rows]) -> float:
        """Where the other pane scrolls when pane `side` scrolls to `y` (its top row).

        Each group's first rows in the two panes make a knot: scrolled to one, the other pane
        shows the same group at its top, and between knots both move through their group at
        the same pace. Near the end a pane cannot bring its last groups to the top, so the last
        knots give way to a straight run to both ends: `g` and `G` take both panes to their
        starts and ends. The knots are the same whichever pane leads, so leading with either
        pane gives the same pairs of positions.
        """
        lead, other = rows[side], rows[1 - side]
        if lead.limit <= 0:
            return 0.0  # a pane that cannot scroll keeps the other at its start
        if y >= lead.limit:
            return float(other.limit)
        group = self.group_at(side, lead.start_of_row(max(0, int(y))))
        start = self._knot(group, side, rows)
        end = self._knot(group + 1, side, rows)
        if not self._reachable(end, lead, other):
            while not self._reachable(start, lead, other):
                group -= 1
                start = self._knot(group, side, rows)
            end = (lead.limit, other.limit)
        fraction = (y - start[0]) / (end[0] - start[0]) if end[0] > start[0] else 1.0
        return start[1] + fraction * (end[1] - start[1])

    def extent(self, group: int, side: int) -> Span:
        """Where a group starts on one side and where the next one starts (so the blank lines
        after it are its own): from 0 for the first group, to the end for the last."""
        return self._start(group, side), self._start(group + 1, side)

    def last_end(self, group: int, side: int) -> int | None:
        """Where a group's last paragraph on one side ends (None if it has none there)."""
        paragraphs = self.groups[group][side]
        return self.sides[side].spans[paragraphs[-1]][1] if paragraphs else None

    def _start(self, group: int, side: int) -> int:
        if group <= 0:
            return 0
        spans = self.sides[side].spans
        first = self.groups[group][side].start if group < len(self.groups) else len(spans)
        return spans[first][0] if first < len(spans) else len(self.sides[side].text)

    @staticmethod
    def _reachable(knot: tuple[int, int], lead: Rows, other: Rows) -> bool:
        return knot[0] <= lead.limit and knot[1] <= other.limit

    def _knot(self, group: int, side: int, rows: tuple[Rows, Rows]) -> tuple[int, int]:
        """The first row of a group in the leading pane and in the other."""
        return self._top(group, side, rows[side]), self._top(group, 1 - side, rows[1 - side])

    def _top(self, group: int, side: int, rows: Rows) -> int:
        """The first row of a group: where its first paragraph starts (0 for the first group)."""
        if group <= 0:
            return 0
        if group >= len(self.groups):
            return rows.count
        first = self.groups[group][side].start
        spans = self.sides[side].spans
        return rows.row_of(spans[first][0]) if first < len(spans) else rows.count
