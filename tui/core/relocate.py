"""Finding each annotation's passage again in a document whose text has changed.

A pure function of the new text and the stored anchors (no store, no files), in the order the
issue gives, stopping at the first step that holds:

1. The stored offsets still hold the quote with its context: kept.
2. The exact quote occurs: the occurrence whose prefix and suffix agree best, then the nearest.
3. An approximate match of the quote, within an error budget proportional to its length; each
   candidate is scored on quote, prefix and suffix similarity; position only breaks ties.
4. Nothing scores `MIN_SCORE`: an orphan. A wrong passage is worse than none.

"Near" means near the expected place: the old offset shifted as much as the annotation before it
moved, so an inserted paragraph does not make every later annotation look far away. Steps 2 and 3
compare text with whitespace folded (see `tui.core.folded`), so reflowed text is not "changed".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui.core.anchoring import anchor_at, occurrences
from tui.core.annotation import Anchor
from tui.core.folded import PARAGRAPH, Folded, fold
from tui.core.fuzzy import best_matches, similarity

MIN_SCORE = 0.75
"""The lowest score that attaches an annotation (a long quote; short ones need more, see
`required`). Measured with `bench/anchoring.py`: on its prose corpus, raising it to 0.9 still
left 6 wrong placements of 8,000 (all in formulaic text: tables, lists of method signatures)
while orphaning 156 more right ones, so the guards against wrong places are the far and tie
rules below, not a higher threshold."""

MAX_ERROR_RATE = 0.3
"""Edits allowed per character of the quote when matching approximately."""

NEAR = 256
"""How far from the expected place a candidate is near: an exact quote is looked for there first,
and only a distinct quote is taken farther away."""

DISTINCT_QUOTE = 40
"""Quotes at least this long are taken wherever they are found (measured: shorter quotes with
their context recur in real documents, e.g. a table's rows or a repeated sentence)."""

DISTINCT_WINDOW = 64
"""A short quote found far from where expected is taken only if it and its context, this many
characters at least, are exactly as stored."""

TIE = 0.05
"""Candidates whose scores differ by less than this are tied, and the nearest wins."""

MARGIN = 64
"""Extra text on each side of a region searched approximately (context may have grown)."""

SEED_LENGTH = 16
"""Length of the exact pieces (of quote and context) that point to approximate candidates."""

MAX_SEED_HITS = 8
"""A piece found more often than this points nowhere in particular and is not followed."""

REFINE = 12
"""How far the ends of an approximate match may move to fit its context better."""

MAX_PIECES = 8
"""How many pieces of a long quote are looked for."""

MAX_OCCURRENCES = 1000
"""Past this many exact occurrences, only those near the expected place are scored."""

MAX_FUZZY_QUOTE = 4096
"""Longer quotes are matched exactly only: approximate matching costs grow with the length."""


class Status(StrEnum):
    """What happened to one annotation."""

    KEPT = "kept"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an anchor went: its new anchor (None for an orphan) and the candidate's score.

    For an orphan, `score` is that of the best candidate that was turned down (0 if none), so a
    report can say how close it came.
    """

    status: Status
    anchor: Anchor | None
    score: float


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # folded offsets
    end: int
    score: float
    distance: int
    exact: bool


@dataclass(frozen=True, slots=True)
class _Sought:
    """A stored anchor folded for comparison, with where it is expected in the folded text."""

    quote: str
    prefix: str
    suffix: str
    hints: tuple[int, ...]

    def distance(self, start: int) -> int:
        return min(abs(start - hint) for hint in self.hints)


def relocate(
    text: str,
    anchors: Sequence[Anchor],
    min_score: float = MIN_SCORE,
    max_error_rate: float = MAX_ERROR_RATE,
) -> list[Placement]:
    """Place each anchor in `text`; the placements come in the order of `anchors`.

    Two passes in reading order. The first places what holds where expected and what is long
    enough to be recognised anywhere. The second looks again for the short quotes it could not
    place, now expecting them where their placed neighbours on both sides went.
    """
    relocator = _Relocator(text, min_score, max_error_rate)
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end))
    placements: dict[int, Placement] = {}
    shift = 0
    for index in order:
        anchor = anchors[index]
        placement = relocator.place(anchor, (shift,), far=_distinct(anchor))
        placements[index] = placement
        if placement.anchor is not None:
            shift = placement.anchor.start - anchor.start
    landmarks = sorted(
        (anchors[i].start, p.anchor.start - anchors[i].start)
        for i, p in placements.items()
        if p.anchor is not None
    )
    shift = 0
    for index in order:
        anchor = anchors[index]
        placement = placements[index]
        if placement.anchor is None and not _distinct(anchor):
            placement = relocator.place(anchor, (shift, *_around(landmarks, anchor.start)))
            placements[index] = placement
        if placement.anchor is not None:
            shift = placement.anchor.start - anchor.start
    return [placements[index] for index in range(len(anchors))]


def _distinct(anchor: Anchor) -> bool:
    """A quote long enough to be taken wherever it is found, even far from where expected."""
    return len(anchor.quote) >= DISTINCT_QUOTE


def _around(landmarks: list[tuple[int, int]], start: int) -> tuple[int, ...]:
    """The shifts of the placed anchors just before and just after an old offset."""
    index = bisect_left(landmarks, (start, -(1 << 62)))
    return tuple(shift for _, shift in landmarks[max(0, index - 1) : index + 1])


class _Relocator:
    def __init__(self, text: str, min_score: float, max_error_rate: float) -> None:
        self.text = text
        self.min_score = min_score
        self.max_error_rate = max_error_rate
        self._folded: Folded | None = None

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = Folded.of(self.text)
        return self._folded

    def place(self, anchor: Anchor, shifts: tuple[int, ...], far: bool = False) -> Placement:
        """Place one anchor, expected at its old offset moved by one of `shifts`.

        A candidate farther than `NEAR` from every expected place is taken only if `far` or if
        its quote and context are exactly as stored: a short quote in a context that is only
        similar may well be another passage (a table's next row), while the one annotated is
        gone.
        """
        if not anchor.quote:
            return Placement(Status.ORPHANED, None, 0.0)
        expected = tuple(dict.fromkeys((anchor.start, *(anchor.start + s for s in shifts))))
        for start in expected:
            if self._holds_at(anchor, start):
                return self._placed(anchor, start, start + len(anchor.quote), 1.0, exact=True)
        folded = self.folded
        sought = _Sought(
            quote=fold(anchor.quote),
            prefix=own_paragraph(fold(anchor.prefix), before=True),
            suffix=own_paragraph(fold(anchor.suffix), before=False),
            hints=tuple(dict.fromkeys(folded.folded(max(0, start)) for start in expected)),
        )
        best = self._best_exact(sought)
        if best is None or best.score < self.required(sought):
            fuzzy = self._best_fuzzy(sought)
            best = _chosen([c for c in (best, fuzzy) if c is not None])
        if best is None:
            return Placement(Status.ORPHANED, None, 0.0)
        if best.score < self.required(sought) or (
            best.distance > NEAR and not self._far_ok(sought, best, far)
        ):
            return Placement(Status.ORPHANED, None, best.score)
        return self._from_folded(anchor, best)

    @staticmethod
    def _far_ok(sought: _Sought, candidate: _Candidate, distinct: bool) -> bool:
        """The exact text of a distinct quote, or of a whole stored window (quote and context).

        Approximate matches are only taken near where expected: far away, a passage that is
        merely similar is too often another one written on the same pattern.
        """
        window = len(sought.quote) + len(sought.prefix) + len(sought.suffix)
        if not candidate.exact:
            return False
        return distinct or (candidate.score == 1.0 and window >= DISTINCT_WINDOW)

    def required(self, sought: _Sought) -> float:
        """The score a place needs: more for a short quote, which says little by itself."""
        shortness = max(0.0, 1 - len(sought.quote) / DISTINCT_QUOTE) ** 0.5
        return self.min_score + (1 - self.min_score) * shortness

    def _holds_at(self, anchor: Anchor, start: int) -> bool:
        """The quote is at `start` with the very context it was stored with."""
        end = start + len(anchor.quote)
        if start < 0 or end > len(self.text) or not self.text.startswith(anchor.quote, start):
            return False
        return anchor_at(self.text, start, end) == Anchor(
            start, end, anchor.quote, anchor.prefix, anchor.suffix
        )

    def _from_folded(self, anchor: Anchor, candidate: _Candidate) -> Placement:
        start = self.folded.original(candidate.start)
        end = self.folded.original_end(candidate.end)
        return self._placed(anchor, start, end, candidate.score, candidate.exact)

    def _placed(self, old: Anchor, start: int, end: int, score: float, exact: bool) -> Placement:
        new = anchor_at(self.text, start, end)
        if not exact:
            status = Status.FUZZY
        elif (new.start, new.end, fold(new.quote)) == (old.start, old.end, fold(old.quote)):
            status = Status.KEPT
        else:
            status = Status.MOVED
        return Placement(status, new, score)

    # Scoring ------------------------------------------------------------------------------

    def _candidate(
        self, sought: _Sought, start: int, end: int, quote_similarity: float
    ) -> _Candidate:
        """Score a place by how alike its quote, prefix and suffix are, weighted by length."""
        text = self.folded.text
        prefix = text[max(0, start - len(sought.prefix)) : start]
        suffix = text[end : end + len(sought.suffix)]
        weights = len(sought.quote) + len(sought.prefix) + len(sought.suffix)
        score = (
            len(sought.quote) * quote_similarity
            + len(sought.prefix) * similarity(sought.prefix, prefix)
            + len(sought.suffix) * similarity(sought.suffix, suffix)
        ) / weights
        exact = quote_similarity == 1.0 and text[start:end] == sought.quote
        return _Candidate(start, end, score, sought.distance(start), exact)

    # Step 2: the exact quote ----------------------------------------------------------------

    def _best_exact(self, sought: _Sought) -> _Candidate | None:
        text = self.folded.text
        nearby = self._exact_near(sought)
        perfect = [c for c in nearby if c.score == 1.0]
        if perfect:
            return _chosen(perfect)
        starts = occurrences(text, sought.quote, limit=MAX_OCCURRENCES + 1)
        if len(starts) > MAX_OCCURRENCES:
            candidates = nearby
        else:
            length = len(sought.quote)
            candidates = [self._candidate(sought, s, s + length, 1.0) for s in starts]
        return _chosen(candidates)

    def _exact_near(self, sought: _Sought) -> list[_Candidate]:
        text = self.folded.text
        length = len(sought.quote)
        found: dict[int, _Candidate] = {}
        for hint in sought.hints:
            position = text.find(sought.quote, max(0, hint - NEAR), hint + length + NEAR)
            while position >= 0:
                found[position] = self._candidate(sought, position, position + length, 1.0)
                position = text.find(sought.quote, position + 1, hint + length + NEAR)
        return list(found.values())

    # Step 3: an approximate match ---------------------------------------------------------

    def _best_fuzzy(self, sought: _Sought) -> _Candidate | None:
        length = len(sought.quote)
        budget = int(length * self.max_error_rate)
        if budget < 1 or length > MAX_FUZZY_QUOTE:
            return None
        text = self.folded.text
        found: dict[tuple[int, int], _Candidate] = {}
        for lo, hi, hint in self._regions(sought, budget):
            for match in best_matches(sought.quote, text, lo, hi, budget, hint):
                candidate = self._refined(sought, match.start, match.end, min(budget, REFINE))
                found[(candidate.start, candidate.end)] = candidate
        return _chosen(list(found.values()))

    def _refined(self, sought: _Sought, start: int, end: int, reach: int) -> _Candidate:
        """The candidate with its ends moved by up to `reach` to where it scores best.

        The alignment alone may cut a changed first or last word in two; the context says where
        the passage begins and ends. Among equal scores, the aligned ends stay.
        """
        text = self.folded.text

        def scored(start: int, end: int) -> _Candidate:
            quoted = similarity(sought.quote, text[start:end])
            return self._candidate(sought, start, end, quoted)

        best = scored(start, end)
        for offset in sorted(range(-reach, reach + 1), key=abs)[1:]:
            moved = start + offset
            if 0 <= moved < best.end and (candidate := scored(moved, best.end)).score > best.score:
                best = candidate
        start = best.start
        for offset in sorted(range(-reach, reach + 1), key=abs)[1:]:
            moved = end + offset
            if (
                start < moved <= len(text)
                and (candidate := scored(start, moved)).score > best.score
            ):
                best = candidate
        return best

    def _regions(self, sought: _Sought, budget: int) -> list[tuple[int, int, int]]:
        """Stretches of folded text that may hold the quote: (lo, hi, expected start)."""
        text = self.folded.text
        reach = len(sought.quote) + budget + MARGIN
        starts = list(sought.hints)
        for piece, offset in _seeds(sought):
            hits = occurrences(text, piece, limit=MAX_SEED_HITS + 1)
            if len(hits) <= MAX_SEED_HITS:
                starts.extend(hit - offset for hit in hits)
        regions: list[tuple[int, int, int]] = []
        for start in sorted(set(starts)):
            lo, hi = max(0, start - budget - MARGIN), min(len(text), start + reach)
            if regions and lo <= regions[-1][1]:
                regions[-1] = (regions[-1][0], max(hi, regions[-1][1]), regions[-1][2])
            elif lo < hi:
                regions.append((lo, hi, start))
        return regions


def own_paragraph(context: str, before: bool) -> str:
    """The part of a folded context in the passage's own paragraph, with the break if any.

    The paragraph beside a passage can be inserted, deleted or moved on its own; only the
    passage's own paragraph says where the passage is (and a break says it starts or ends one).
    """
    if before:
        return context[context.rfind(PARAGRAPH) :] if PARAGRAPH in context else context
    return context[: context.find(PARAGRAPH) + 1] if PARAGRAPH in context else context


def _chosen(candidates: list[_Candidate]) -> _Candidate | None:
    """The best candidate; those within `TIE` of the best score count as tied: nearest wins."""
    if not candidates:
        return None
    best = max(candidate.score for candidate in candidates)
    return min(
        (c for c in candidates if c.score >= best - TIE), key=lambda c: (c.distance, -c.score)
    )


def _seeds(sought: _Sought) -> list[tuple[str, int]]:
    """Exact pieces to look for, each with its offset from the quote's start.

    If the quote has no more edits than it has pieces, one piece is intact; the context's ends
    next to the quote find quotes too short for pieces or changed all through.
    """
    quote = sought.quote
    seeds: list[tuple[str, int]] = []
    tail = sought.prefix[-SEED_LENGTH:]
    if len(tail) >= SEED_LENGTH // 2:
        seeds.append((tail, -len(tail)))
    head = sought.suffix[:SEED_LENGTH]
    if len(head) >= SEED_LENGTH // 2:
        seeds.append((head, len(quote)))
    count = len(quote) // SEED_LENGTH
    step = max(1, count // MAX_PIECES)
    for index in range(0, count, step)[:MAX_PIECES]:
        offset = index * SEED_LENGTH
        seeds.append((quote[offset : offset + SEED_LENGTH], offset))
    return seeds
