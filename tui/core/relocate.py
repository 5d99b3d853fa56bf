"""Finding each annotation's passage again in a document whose text has changed.

A pure function of the new text and the stored anchors (no store, no files). For each anchor, in
the order the issue gives, stopping at the first step that holds:

1. The stored offsets, moved as much as the annotation before it moved, still hold the quote
   with its context: kept (or moved, when the offsets changed).
2. The exact quote stands in the context it had within its own paragraph: moved there, to the
   nearest such place (where several are, to the one whose whole context agrees best). Far from
   where expected, only a quote or window long enough to be recognised, or the only such place.
3. Otherwise every place is scored on quote, prefix and suffix similarity (`tui.core.places`):
   the exact quote where its context changed, approximate matches of a changed quote within an
   error budget proportional to its length, and what stands between the ends of its context.
   Position only breaks ties.
4. The best place is taken only if every one of these holds; otherwise the annotation is an
   orphan, since a wrong passage is worse than none:
   - it is near where expected, and stays between the neighbours that stayed in place, with
     no paragraph inserted or deleted between them (`UPHEAVAL`): where one was, the place of a
     deleted passage is taken by its neighbour, often written on the same pattern;
   - it scores `MIN_SCORE`, with enough characters agreeing (`EVIDENCE`), and its quote is
     within the error budget;
   - its context agrees on both sides (`AGREEMENT`): a neighbour that comes into the place of a
     deleted passage inherits the context of one side, never of both;
   - no other place scores nearly as well (`RIVAL_EDITS`), and no exact occurrence of the quote
     stands nearer to where expected: in repetitive text (lists, tables, sentences on one
     pattern) a guess between look-alikes is no better than a coin;
   - the passage was not deleted: the text does not read as its prefix followed right away by
     its suffix, near it or where expected, better than it reads as the passage in its context.

Steps 1 and 2 are cheap and run for every anchor first; only the anchors they leave go through
steps 3 and 4, expected where their placed neighbours on both sides went. "Near" means near the
old offset shifted as much as a neighbour moved, so an inserted paragraph does not make every
later annotation look far away. Steps 2 to 4 compare text with whitespace folded, so reflowed
text is not "changed".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.anchoring import anchor_at
from tui.core.annotation import CONTEXT_CHARS, Anchor
from tui.core.collector import collector_paused
from tui.core.folded import PARAGRAPH, fold
from tui.core.fuzzy import cuts, edits_ending, fewest_edits
from tui.core.placement import Placement, Status
from tui.core.places import INNER_CONTEXT, MARGIN, NEAR, Candidate, Places, merged
from tui.core.sought import Sought

MIN_SCORE = 0.75
"""The lowest score that attaches an annotation whose quote or context changed (more is needed
where few characters agree, see `_Relocator.required`). Set by measurement with
`bench/anchoring.py`: on its prose corpus, every threshold from 0.5 to 0.75 gives the same
result, because the checks of step 4 turn down the wrong places first; 0.8 starts to orphan
right ones. 0.75 is the highest that costs nothing."""

MAX_ERROR_RATE = 0.3
"""Edits allowed per character of the quote when matching approximately."""

MIN_EDITS = 2
"""The fewest edits a quote is allowed, if it is longer than that: a typo (two letters swapped)
is two."""

AGREEMENT = 0.5
"""How alike each side's context must be to the stored one (1 is identical) at a place whose
quote or context changed."""

EVIDENCE = 56
"""How many characters of the stored quote and context, counted by similarity, must agree with
a place whose quote or context changed: a short quote with a changed context says little."""

TYPO = 0.95
"""A place that scores this much differs from the stored quote and context by no more than a
typo or two: it needs no more evidence than that."""

RIVAL_EDITS = 16
"""A place is taken only if every other place differs from the stored quote and context by at
least this many more edits (about a word and a half): one changed word must not be what tells
the annotated passage from another one."""

CUT_EDITS = 0.25
"""How many edits per character each side of a deleted passage's context may have, and still
read as that context with the passage cut out."""

UPHEAVAL = 64
"""Placed neighbours whose shifts differ by more than this have a paragraph inserted or deleted
between them: a deleted paragraph's place is then taken by its neighbour, often written on the
same pattern, so only the exact quote in its own context is taken there."""


def relocate(
    text: str,
    anchors: Sequence[Anchor],
    min_score: float = MIN_SCORE,
    max_error_rate: float = MAX_ERROR_RATE,
) -> list[Placement]:
    """Place each anchor in `text`; the placements come in the order of `anchors`.

    Two passes in reading order: the first does steps 1 and 2 for every anchor, the second
    steps 3 and 4 for those left, expecting each where its placed neighbours went. A neighbour
    that jumped far (an exact quote found elsewhere: a moved paragraph, or a copy of a deleted
    one) says where exact quotes may be, but a passage that changed is only looked for where
    neighbours that stayed in place say: a copy must not draw its look-alikes after it.
    """
    with collector_paused():
        return _relocated(_Relocator(text, min_score, max_error_rate), anchors)


def _relocated(relocator: _Relocator, anchors: Sequence[Anchor]) -> list[Placement]:
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].start, anchors[i].end))
    placements: dict[int, Placement] = {}
    landmarks: list[tuple[int, int]] = []
    steady: list[tuple[int, int]] = []
    left: list[int] = []
    shift = 0
    for index in order:
        anchor = anchors[index]
        placement = relocator.held(anchor, shift) or relocator.found_exactly(anchor, (shift,))
        if placement is None:
            left.append(index)
            continue
        placements[index] = placement
        if placement.anchor is not None:
            moved = placement.anchor.start - anchor.start
            landmarks.append((anchor.start, moved))
            if min(abs(moved), abs(moved - shift)) <= NEAR:
                steady.append((anchor.start, moved))
            shift = moved
    for index in left:
        anchor = anchors[index]
        placements[index] = relocator.searched(
            anchor, _Neighbours.of(anchor.start, landmarks, steady)
        )
    return [placements[index] for index in range(len(anchors))]


@dataclass(frozen=True, slots=True)
class _Neighbours:
    """What the anchors placed in the first pass say about one left for the second: `shifts`,
    how far those just before and after it moved; `steady`, the (old start, shift) of those
    just before and after it that stayed in place (did not jump to an exact quote far away)."""

    shifts: tuple[int, ...]
    steady: tuple[tuple[int, int], ...]

    @classmethod
    def of(
        cls, start: int, landmarks: list[tuple[int, int]], steady: list[tuple[int, int]]
    ) -> _Neighbours:
        return cls(tuple(shift for _, shift in _around(landmarks, start)), _around(steady, start))

    @property
    def steady_shifts(self) -> tuple[int, ...]:
        return tuple(shift for _, shift in self.steady)

    @property
    def upheaval(self) -> bool:
        """A paragraph was inserted or deleted between the steady neighbours (`UPHEAVAL`)."""
        shifts = self.steady_shifts
        return len(shifts) == 2 and abs(shifts[0] - shifts[1]) > UPHEAVAL

    def in_order(self, old: int, new: int) -> bool:
        """An anchor at `old` placed at `new` stays between its steady neighbours."""
        return all(
            (new >= start + shift) if start <= old else (new <= start + shift)
            for start, shift in self.steady
        )


def _around(landmarks: list[tuple[int, int]], start: int) -> tuple[tuple[int, int], ...]:
    """The landmarks (old start, shift) just before and just after an old offset."""
    index = bisect_left(landmarks, (start, -(1 << 62)))
    return tuple(landmarks[max(0, index - 1) : index + 1])


class _Relocator:
    """The steps for one new text: the cheap ones on the text as it is, the others on its
    `Places` (folded, indexed), made only when an anchor needs them."""

    def __init__(self, text: str, min_score: float, max_error_rate: float) -> None:
        self.text = text
        self.min_score = min_score
        self.max_error_rate = max_error_rate
        self._places: Places | None = None
        self._sought: dict[Anchor, Sought] = {}

    @property
    def places(self) -> Places:
        if self._places is None:
            self._places = Places(self.text)
        return self._places

    def sought(self, anchor: Anchor) -> Sought:
        if anchor not in self._sought:
            self._sought[anchor] = Sought.of(anchor)
        return self._sought[anchor]

    # Step 1: the offsets still hold -------------------------------------------------------------

    def held(self, anchor: Anchor, shift: int) -> Placement | None:
        """The anchor moved by `shift`, or at its old offsets, if the text there is as stored."""
        text, quote = self.text, anchor.quote
        for moved in (shift, 0) if shift else (0,):
            start = anchor.start + moved
            end = start + len(quote)
            if (
                quote
                and start >= 0
                and text.startswith(quote, start)
                and text[max(0, start - CONTEXT_CHARS) : start] == anchor.prefix
                and text[end : end + CONTEXT_CHARS] == anchor.suffix
            ):
                status = Status.KEPT if moved == 0 else Status.MOVED
                new = Anchor(start, end, quote, anchor.prefix, anchor.suffix)
                return Placement(status, new, 1.0)
        return None

    # Step 2: the exact quote in its own context -------------------------------------------------

    def found_exactly(self, anchor: Anchor, shifts: tuple[int, ...]) -> Placement | None:
        """The exact quote in its own context, if near or distinct: where several are, the one
        whose whole context agrees best, then the nearest."""
        if not anchor.quote:
            return Placement(Status.ORPHANED, None, 0.0)
        places, sought = self.places, self.sought(anchor)
        hints = places.hints(anchor.start, shifts)
        perfect = [s for s in places.exact_near(sought, hints) if places.perfect(sought, s)]
        if not perfect and sought.distinct:
            everywhere, _ = places.exact_starts(sought, hints)
            perfect = [s for s in everywhere if places.perfect(sought, s)]
        if not perfect:
            return None
        if len(perfect) > 1:
            perfect.sort(
                key=lambda s: (-places.likeness(sought, s), min(abs(s - h) for h in hints))
            )
        return self._placed(
            anchor, places.scored(sought, perfect[0], perfect[0] + len(sought.quote), 1.0, hints)
        )

    # Steps 3 and 4: every place scored, the best taken only if it is clearly right --------------

    def searched(self, anchor: Anchor, neighbours: _Neighbours) -> Placement:
        """Place an anchor that steps 1 and 2 left: the exact quote in its own context where any
        placed neighbour says; otherwise only where, and in the order, its steady neighbours
        say, with no paragraph inserted or deleted between them."""
        if not anchor.quote:
            return Placement(Status.ORPHANED, None, 0.0)
        found = self.found_exactly(anchor, neighbours.shifts)
        if found is not None:
            return found
        if neighbours.upheaval:
            return Placement(Status.ORPHANED, None, 0.0)
        places, sought = self.places, self.sought(anchor)
        hints = places.hints(anchor.start, neighbours.steady_shifts)
        starts, everywhere = places.exact_starts(sought, hints)
        length = len(sought.quote)
        exact = [
            places.scored(sought, s, s + length, 1.0, hints)
            for s in starts
            if places.valid(sought, s, s + length)
        ]
        perfect = [c for c in exact if c.perfect]  # all far from where expected, and short
        if len(perfect) == 1 and everywhere:
            return self._placed(anchor, perfect[0])
        if perfect:
            return Placement(Status.ORPHANED, None, 1.0)
        candidates = exact + places.approximate(sought, hints, self.budget(sought), exact)
        if not candidates:
            return Placement(Status.ORPHANED, None, 0.0)
        best = max(candidates, key=lambda c: (c.score, -c.distance, c.exact))
        if not (
            neighbours.in_order(anchor.start, places.original(best)[0])
            and self._clearly_right(sought, best, candidates, hints)
        ):
            return Placement(Status.ORPHANED, None, best.score)
        return self._placed(anchor, best)

    def _clearly_right(
        self,
        sought: Sought,
        best: Candidate,
        candidates: list[Candidate],
        hints: tuple[int, ...],
    ) -> bool:
        """The checks of step 4 (see the module's docstring), cheapest first."""
        if best.distance > NEAR or best.score < self.required(sought):
            return False
        if best.quoted < 1 - self.budget(sought) / len(sought.quote):
            return False
        if min(best.sides) < AGREEMENT:
            return False
        if not self.places.in_its_paragraph(sought, best.start, best.end):
            return False
        margin = RIVAL_EDITS / sought.weight
        if any(
            c.score >= best.score - margin or (c.exact and _nearer(c, best, hints))
            for c in candidates
            if not c.same_place(best)
        ):
            return False
        return not self._deleted(sought, best, hints)

    def required(self, sought: Sought) -> float:
        """The score a place needs: `min_score`, and enough characters that agree with the
        stored quote and context (`EVIDENCE`) to tell it from a look-alike, unless it differs
        by no more than a typo (`TYPO`)."""
        return max(self.min_score, min(EVIDENCE / sought.weight, TYPO))

    def budget(self, sought: Sought) -> int:
        """How many edits the quote may have: in proportion to its length, and at least
        `MIN_EDITS` while one of its characters stays."""
        length = len(sought.quote)
        return max(int(length * self.max_error_rate), min(MIN_EDITS, length - 1))

    def _deleted(self, sought: Sought, candidate: Candidate, hints: tuple[int, ...]) -> bool:
        """The passage was deleted, and the candidate is a neighbour come into its place.

        Deleting a passage leaves the text before it followed right away by the text after it:
        the stored prefix by the stored suffix, or, when the passage's paragraph went with it,
        the prefix up to that paragraph by the suffix after it. If, anywhere from the candidate
        to where the passage is expected, the text reads so as well as the text around the
        candidate reads as the passage in its context, or better, the passage was deleted, or
        cannot be told from deleted. Where the cut is, is found from the context next to it
        (`INNER_CONTEXT` characters, each side within `CUT_EDITS`); how well each reads is
        judged on that inner context and on the whole one, either of which may have been
        edited. A context cut off by the document's edge cannot tell.
        """
        prefix, suffix = sought.prefix, sought.suffix
        cuts_in_context = [(len(prefix), 0)]
        if PARAGRAPH in prefix and PARAGRAPH in suffix:
            cuts_in_context.append((prefix.rfind(PARAGRAPH) + 1, suffix.find(PARAGRAPH) + 1))
        text = self.places.text
        around = (
            max(0, candidate.start - len(prefix) - MARGIN),
            candidate.end + len(suffix) + MARGIN,
        )
        regions = merged(
            [
                around,
                *(
                    (max(0, hint - len(prefix) - MARGIN), hint + len(suffix) + MARGIN)
                    for hint in hints
                    if abs(hint - candidate.start) <= NEAR
                ),
            ]
        )
        windows: dict[tuple[str, str], int] = {}
        for at_prefix, at_suffix in cuts_in_context:
            before, after = prefix[:at_prefix], suffix[at_suffix:]
            inner = (before[-INNER_CONTEXT:], after[:INNER_CONTEXT])
            if not inner[0] or not inner[1]:
                continue
            passage = prefix[at_prefix:] + sought.quote + suffix[:at_suffix]
            for lo, hi in regions:
                for cut in cuts(
                    *inner,
                    text[lo:hi],
                    int(CUT_EDITS * len(inner[0])),
                    int(CUT_EDITS * len(inner[1])),
                ):
                    for sides in (inner, (before, after)):
                        if sides not in windows:
                            window = sides[0] + passage + sides[1]
                            windows[sides] = fewest_edits(window, text[slice(*around)])
                        if self._reads_as(*sides, lo + cut) <= windows[sides]:
                            return True
        return False

    def _reads_as(self, before: str, after: str, cut: int) -> int:
        """How many edits make the text around `cut` read `before` then `after`."""
        text = self.places.text
        return edits_ending(before, text[max(0, cut - 2 * len(before)) : cut]) + edits_ending(
            after[::-1], text[cut : cut + 2 * len(after)][::-1]
        )

    # The new anchor -----------------------------------------------------------------------------

    def _placed(self, old: Anchor, candidate: Candidate) -> Placement:
        new = anchor_at(self.text, *self.places.original(candidate))
        if not candidate.exact:
            status = Status.FUZZY
        elif (new.start, new.end) == (old.start, old.end) and fold(new.quote) == fold(old.quote):
            status = Status.KEPT
        else:
            status = Status.MOVED
        return Placement(status, new, candidate.score)


def _nearer(one: Candidate, other: Candidate, hints: tuple[int, ...]) -> bool:
    """`one` is nearer than `other` to one of the places where the anchor is expected."""
    return any(abs(one.start - hint) < abs(other.start - hint) for hint in hints)
