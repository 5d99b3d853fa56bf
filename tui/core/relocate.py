"""Finding each annotation's passage again in a document whose text has changed.

A pure function of the new text and the stored anchors (no store, no files). For each anchor, in
the order the issue gives, stopping at the first step that holds:

1. The stored offsets, moved as much as the annotation before it moved, still hold the quote
   with its context: kept (or moved, when the offsets changed).
2. The exact quote stands in the context it had within its own paragraph: moved there, to the
   such place nearest to where it is expected. Far from there, only a quote or a window long
   enough to be recognised is taken.
3. Every candidate is scored on quote, prefix and suffix similarity: the exact quote where its
   context changed, and approximate matches of the quote within an error budget proportional to
   its length. Position only breaks ties.
4. The best candidate is taken only if every one of these holds, otherwise the annotation is an
   orphan (a wrong passage is worse than none):
   - it scores `MIN_SCORE` (more for a short changed quote, which says little by itself);
   - its context agrees on both sides: deleting a passage leaves the text before it followed by
     the text after it, so a neighbour inherits the context of one side, never of both;
   - the passage is more present than absent: the stored window (prefix, quote and suffix)
     fits the text there better than the stored context with the quote cut out does;
   - no other place scores nearly as well: in repetitive text (lists, tables, sentences on
     one pattern), a guess between look-alikes is no better than a coin;
   - it is near where expected: far away, a passage that is merely similar is too often
     another one written on the same pattern.

Steps 1 and 2 are cheap and run for every anchor first (step 2 is a look-up in a `WordIndex`
of the new text, built once). Only the anchors they leave go through steps 3 and 4, now
expected where their placed neighbours on both sides went: "near" means near the old offset
shifted as much as a neighbour moved, so an inserted paragraph does not make every later
annotation look far away. Steps 2 to 4 compare text with whitespace folded (`tui.core.folded`),
so reflowed text is not "changed".
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui.core.anchoring import anchor_at, occurrences
from tui.core.annotation import CONTEXT_CHARS, Anchor
from tui.core.folded import PARAGRAPH, Folded, fold
from tui.core.fuzzy import best_matches, cuts, edits_ending, fewest_edits, similarity
from tui.core.wordindex import WordIndex, is_boundary, whole_words

MIN_SCORE = 0.75
"""The lowest score that attaches an annotation (a changed quote shorter than `DISTINCT_QUOTE`
needs more, see `_Relocator.required`). Set by measurement with `bench/anchoring.py`."""

MAX_ERROR_RATE = 0.3
"""Edits allowed per character of the quote when matching approximately."""

AGREEMENT = 0.5
"""How alike each side's context must be to the stored one (1 is identical) for a place whose
quote or context changed."""

RIVAL_EDITS = 16
"""A place is taken only if every other place differs from the stored quote and context by at
least this many more edits (about a word and a half): one changed word must not be what tells
the annotated passage from another one."""

OWN_CONTEXT = 16
"""A context within the passage's own paragraph shorter than this says too little (a passage
that starts a paragraph has only the break); the whole stored context is compared instead."""

EVIDENCE = 56
"""How many characters of the stored quote and context, counted by similarity, must agree with
a place whose quote or context changed: a short quote with a changed context says little."""

TYPO = 0.95
"""A place that scores this much differs from the stored quote and context by no more than a
typo or two: it needs no more evidence than that."""

MIN_EDITS = 2
"""The fewest edits a quote is allowed, if it is longer than that: a typo (two letters swapped)
is two."""

CUT_CONTEXT = 16
"""How much of the context on each side of a deleted passage is looked for around the cut."""

CUT_EDITS = 0.25
"""How many edits per character each side of a deleted passage's context may have, and still
read as that context with the passage cut out."""

UPHEAVAL = 64
"""Placed neighbours whose shifts differ by more than this have a paragraph inserted or deleted
between them: a deleted paragraph's place is then taken by its neighbour, often written on the
same pattern, so only the exact quote in its own context is taken there."""

NEAR = 256
"""How far from where it is expected a candidate is near."""

DISTINCT_QUOTE = 40
"""Quotes at least this long, in their own context, are taken wherever they are found
(measured: shorter ones recur in real documents, e.g. a table's rows or a repeated sentence)."""

DISTINCT_WINDOW = 64
"""A shorter quote found far from where expected is taken only if it and its context within
its paragraph, this many characters at least, are exactly as stored."""

MARGIN = 64
"""Extra text on each side of a region searched approximately (context may have grown)."""

MAX_SEED_HITS = 4
"""A word found more often than this points nowhere in particular and is not followed."""

MAX_SEEDS = 3
"""How many of a quote's rarest words are followed to where a changed quote may be."""

REFINE = 12
"""How far the ends of an approximate match may move to fit its context better."""

MAX_OCCURRENCES = 100
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
    relocator = _Relocator(text, min_score, max_error_rate)
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


def own_paragraph(context: str, before: bool) -> str:
    """The part of a folded context in the passage's own paragraph, with the break if any.

    The paragraph beside a passage can be inserted, deleted or moved on its own; only the
    passage's own paragraph says where the passage is (and a break says it starts or ends one).
    """
    if before:
        return context[context.rfind(PARAGRAPH) :] if PARAGRAPH in context else context
    return context[: context.find(PARAGRAPH) + 1] if PARAGRAPH in context else context


@dataclass(frozen=True, slots=True)
class _Sought:
    """A stored anchor folded for comparison with the folded text.

    `prefix_side` and `suffix_side` are what a candidate's context is compared with: the
    context within the passage's paragraph, or all of it when that part is too short to say
    anything. `at_start` and `at_end` say the stored context was cut short by the document's
    edge: compared whole, it is then like a place's context only at that edge too.
    """

    quote: str
    prefix: str
    suffix: str
    own_prefix: str
    own_suffix: str
    prefix_side: str
    suffix_side: str
    starts_word: bool
    ends_word: bool
    breaks: int
    at_start: bool
    at_end: bool

    @classmethod
    def of(cls, anchor: Anchor) -> _Sought:
        quote, prefix, suffix = fold(anchor.quote), fold(anchor.prefix), fold(anchor.suffix)
        own_prefix = own_paragraph(prefix, before=True)
        own_suffix = own_paragraph(suffix, before=False)
        prefix_side = own_prefix if len(own_prefix) >= OWN_CONTEXT else prefix
        suffix_side = own_suffix if len(own_suffix) >= OWN_CONTEXT else suffix
        return cls(
            quote=quote,
            prefix=prefix,
            suffix=suffix,
            own_prefix=own_prefix,
            own_suffix=own_suffix,
            prefix_side=prefix_side,
            suffix_side=suffix_side,
            starts_word=is_boundary(prefix + quote, len(prefix)),
            ends_word=is_boundary(quote + suffix, len(quote)),
            breaks=quote.count(PARAGRAPH),
            at_start=len(anchor.prefix) < CONTEXT_CHARS,
            at_end=len(anchor.suffix) < CONTEXT_CHARS,
        )

    @property
    def distinct(self) -> bool:
        """Long enough, with its own context, to be recognised anywhere."""
        window = len(self.own_prefix) + len(self.quote) + len(self.own_suffix)
        return len(self.quote) >= DISTINCT_QUOTE or window >= DISTINCT_WINDOW


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A place in the folded text: its score, how well each side's context agrees, and how far
    it is from the nearest place where it is expected. `perfect` is the exact quote in exactly
    its own context (scored 1)."""

    start: int
    end: int
    score: float
    quoted: float
    sides: tuple[float, float]
    exact: bool
    perfect: bool
    distance: int

    def overlaps(self, other: _Candidate) -> bool:
        return self.start < other.end and other.start < self.end


class _Relocator:
    def __init__(self, text: str, min_score: float, max_error_rate: float) -> None:
        self.text = text
        self.min_score = min_score
        self.max_error_rate = max_error_rate
        self._folded: Folded | None = None
        self._index: WordIndex | None = None
        self._sought: dict[Anchor, _Sought] = {}
        self._exact: dict[str, list[int]] = {}

    @property
    def folded(self) -> Folded:
        if self._folded is None:
            self._folded = Folded.of(self.text)
        return self._folded

    @property
    def index(self) -> WordIndex:
        if self._index is None:
            self._index = WordIndex(self.folded.text)
        return self._index

    def sought(self, anchor: Anchor) -> _Sought:
        if anchor not in self._sought:
            self._sought[anchor] = _Sought.of(anchor)
        return self._sought[anchor]

    # Step 1: the offsets still hold -----------------------------------------------------------

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
                return Placement(
                    status, Anchor(start, end, quote, anchor.prefix, anchor.suffix), 1.0
                )
        return None

    # Step 2: the exact quote in its own context -----------------------------------------------

    def found_exactly(self, anchor: Anchor, shifts: tuple[int, ...]) -> Placement | None:
        """The exact quote in its own context, if near or distinct: where several are, the one
        whose whole context agrees best, then the nearest."""
        if not anchor.quote:
            return Placement(Status.ORPHANED, None, 0.0)
        sought = self.sought(anchor)
        hints = self._hints(anchor, shifts)
        perfect = [s for s in self._exact_near(sought, hints) if self._perfect(sought, s)]
        if not perfect and sought.distinct:
            everywhere, _ = self._exact_starts(sought, hints)
            perfect = [s for s in everywhere if self._perfect(sought, s)]
        if not perfect:
            return None
        if len(perfect) > 1:
            perfect.sort(key=lambda s: (-self._likeness(sought, s), _distance(s, hints)))
        start = perfect[0]
        end = start + len(sought.quote)
        return self._placed(
            anchor, self.folded.original(start), self.folded.original_end(end), 1.0, True
        )

    def _exact_starts(self, sought: _Sought, hints: tuple[int, ...]) -> tuple[list[int], bool]:
        """Where the folded quote stands (whole words where the stored quote's are whole), and
        whether that is all of them: past `MAX_OCCURRENCES`, only those near `hints`.
        """
        quote = sought.quote
        key = f"{sought.starts_word:d}{sought.ends_word:d}{quote}"
        if key not in self._exact:
            words = whole_words(quote, sought.starts_word, sought.ends_word)
            found = self.index.occurrences(quote, words, MAX_OCCURRENCES + 1)
            if found is None:
                found = occurrences(self.folded.text, quote, MAX_OCCURRENCES + 1)
            self._exact[key] = found
        found = self._exact[key]
        if len(found) <= MAX_OCCURRENCES:
            return found, True
        return self._exact_near(sought, hints), False

    def _exact_near(self, sought: _Sought, hints: tuple[int, ...]) -> list[int]:
        """Where the folded quote stands within `NEAR` of `hints` (a scan of that much text)."""
        text, quote = self.folded.text, sought.quote
        found: set[int] = set()
        for hint in hints:
            until = hint + len(quote) + NEAR
            position = text.find(quote, max(0, hint - NEAR), until)
            while position >= 0:
                found.add(position)
                position = text.find(quote, position + 1, until)
        return sorted(found)

    def _perfect(self, sought: _Sought, start: int) -> bool:
        """The exact quote at `start` (folded) has exactly its own context around it."""
        end = start + len(sought.quote)
        text = self.folded.text
        own_prefix, own_suffix = sought.own_prefix, sought.own_suffix
        return (
            text[max(0, start - len(own_prefix)) : start] == own_prefix
            and text.startswith(own_suffix, end)
            and self._valid(sought, start, end)
        )

    def _before(self, sought: _Sought, start: int, context: str) -> str:
        """The folded text before `start` to compare with `context` (the stored prefix, or its
        part in the passage's paragraph): as long, or a whole context's length where the stored
        one was cut short by the document's start, so that only a place there is alike."""
        edge = sought.at_start and context == sought.prefix
        return self.folded.text[max(0, start - (CONTEXT_CHARS if edge else len(context))) : start]

    def _after(self, sought: _Sought, end: int, context: str) -> str:
        """The folded text after `end` to compare with `context`, as `_before`."""
        edge = sought.at_end and context == sought.suffix
        return self.folded.text[end : end + (CONTEXT_CHARS if edge else len(context))]

    def _likeness(self, sought: _Sought, start: int) -> float:
        """How alike the whole stored context (beyond the paragraph too) and the text around
        the quote at `start` are: what tells copies of a passage apart, before nearness."""
        end = start + len(sought.quote)
        return similarity(sought.prefix, self._before(sought, start, sought.prefix)) + similarity(
            sought.suffix, self._after(sought, end, sought.suffix)
        )

    # Steps 3 and 4: every candidate scored, the best taken only if it is clearly right ---------

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
        sought = self.sought(anchor)
        hints = self._hints(anchor, neighbours.steady_shifts)
        starts, everywhere = self._exact_starts(sought, hints)
        exact = [
            self._scored(sought, s, s + len(sought.quote), 1.0, hints)
            for s in starts
            if self._valid(sought, s, s + len(sought.quote))
        ]
        perfect = [c for c in exact if c.perfect]  # all far from where expected, and short
        if len(perfect) == 1 and everywhere:
            return self._from_folded(anchor, perfect[0])
        if perfect:
            return Placement(Status.ORPHANED, None, 1.0)
        candidates = exact + self._approximate(sought, hints, exact)
        if not candidates:
            return Placement(Status.ORPHANED, None, 0.0)
        best = max(candidates, key=lambda c: (c.score, -c.distance, c.exact))
        if not (
            neighbours.in_order(anchor.start, self.folded.original(best.start))
            and self._clearly_right(sought, best, candidates, hints)
        ):
            return Placement(Status.ORPHANED, None, best.score)
        return self._from_folded(anchor, best)

    def _clearly_right(
        self,
        sought: _Sought,
        best: _Candidate,
        candidates: list[_Candidate],
        hints: tuple[int, ...],
    ) -> bool:
        """The checks of step 4 (see the module's docstring), cheapest first."""
        if best.distance > NEAR or best.score < self.required(sought, best):
            return False
        if best.quoted < 1 - self.budget(sought) / len(sought.quote):
            return False
        if min(best.sides) < AGREEMENT:
            return False
        weight = len(sought.quote) + len(sought.prefix_side) + len(sought.suffix_side)
        margin = RIVAL_EDITS / weight
        if any(c.score >= best.score - margin for c in candidates if not c.overlaps(best)):
            return False
        return self._present(sought, best, hints)

    def required(self, sought: _Sought, candidate: _Candidate) -> float:
        """The score a place needs: `min_score`, and enough characters that agree with the
        stored quote and context (`EVIDENCE`) to tell it from a look-alike, unless it differs
        by no more than a typo (`TYPO`)."""
        weight = len(sought.quote) + len(sought.prefix_side) + len(sought.suffix_side)
        return max(self.min_score, min(EVIDENCE / weight, TYPO))

    def budget(self, sought: _Sought) -> int:
        """How many edits the quote may have: in proportion to its length, and at least
        `MIN_EDITS` while one of its characters stays."""
        length = len(sought.quote)
        return max(int(length * self.max_error_rate), min(MIN_EDITS, length - 1))

    def _present(self, sought: _Sought, candidate: _Candidate, hints: tuple[int, ...]) -> bool:
        """The passage is there, not deleted with a neighbour come into its place.

        Deleting a passage leaves the text before it followed right away by the text after it:
        the stored prefix by the stored suffix, or, when the passage's paragraph went with it,
        the prefix up to that paragraph by the suffix after it. If, anywhere from the candidate
        to where the passage is expected, the text reads so better than the text around the
        candidate reads as the stored window (prefix, quote and suffix), the passage was
        deleted. Where the cut is is found from the context next to it (`CUT_CONTEXT` characters,
        each side within `CUT_EDITS`), how well it fits from the whole context, as the window.
        A context cut off by the document's edge cannot tell.
        """
        prefix, suffix = sought.prefix, sought.suffix
        cuts_in_context = [(len(prefix), 0)]
        if PARAGRAPH in prefix and PARAGRAPH in suffix:
            cuts_in_context.append((prefix.rfind(PARAGRAPH) + 1, suffix.find(PARAGRAPH) + 1))
        text = self.folded.text
        around = (
            max(0, candidate.start - len(prefix) - MARGIN),
            candidate.end + len(suffix) + MARGIN,
        )
        regions = _merged(
            [
                around,
                *(
                    (max(0, hint - len(prefix) - MARGIN), hint + len(suffix) + MARGIN)
                    for hint in hints
                    if abs(hint - candidate.start) <= NEAR
                ),
            ]
        )
        window = None
        for at_prefix, at_suffix in cuts_in_context:
            before, after = prefix[:at_prefix], suffix[at_suffix:]
            if not before[-CUT_CONTEXT:] or not after[:CUT_CONTEXT]:
                continue
            for lo, hi in regions:
                for cut in cuts(
                    before[-CUT_CONTEXT:],
                    after[:CUT_CONTEXT],
                    text[lo:hi],
                    int(CUT_EDITS * len(before[-CUT_CONTEXT:])),
                    int(CUT_EDITS * len(after[:CUT_CONTEXT])),
                ):
                    cut += lo
                    edits = edits_ending(before, text[max(0, cut - 2 * len(before)) : cut])
                    edits += edits_ending(after[::-1], text[cut : cut + 2 * len(after)][::-1])
                    if window is None:
                        whole = prefix + sought.quote + suffix
                        window = fewest_edits(whole, text[slice(*around)])
                    if edits < window:
                        return False
        return True

    def _scored(
        self,
        sought: _Sought,
        start: int,
        end: int,
        quote_similarity: float,
        hints: tuple[int, ...],
    ) -> _Candidate:
        """A place scored by how alike its quote and each side's context are, by length."""
        text = self.folded.text
        before = similarity(sought.prefix_side, self._before(sought, start, sought.prefix_side))
        after = similarity(sought.suffix_side, self._after(sought, end, sought.suffix_side))
        exact = quote_similarity == 1.0 and text.startswith(sought.quote, start)
        perfect = exact and end - start == len(sought.quote) and self._perfect(sought, start)
        weights = (len(sought.quote), len(sought.prefix_side), len(sought.suffix_side))
        score = (
            1.0
            if perfect
            else (weights[0] * quote_similarity + weights[1] * before + weights[2] * after)
            / sum(weights)
        )
        return _Candidate(
            start,
            end,
            score,
            quote_similarity,
            (before, after),
            exact,
            perfect,
            _distance(start, hints),
        )

    # Step 3: approximate matches --------------------------------------------------------------

    def _approximate(
        self, sought: _Sought, hints: tuple[int, ...], exact: list[_Candidate]
    ) -> list[_Candidate]:
        """Approximate matches of the quote near where expected and where its rarest words are,
        and what stands between its context's ends near where expected.

        A match overlapping an exact occurrence is that occurrence with its ends moved: left out.
        """
        budget = self.budget(sought)
        if len(sought.quote) > MAX_FUZZY_QUOTE:
            return []
        text = self.folded.text
        spans = [
            (match.start, match.end)
            for lo, hi, hint in self._regions(sought, hints, budget)
            for match in best_matches(sought.quote, text, lo, hi, budget, hint)
        ]
        found: dict[tuple[int, int], _Candidate] = {}
        for start, end in spans + self._bracketed(sought, hints, budget):
            candidate = self._refined(sought, start, end, hints)
            if candidate is not None and not any(candidate.overlaps(c) for c in exact):
                found[(candidate.start, candidate.end)] = candidate
        return list(found.values())

    def _bracketed(
        self, sought: _Sought, hints: tuple[int, ...], budget: int
    ) -> list[tuple[int, int]]:
        """The stretches near `hints` between the inner ends of the stored context, found
        exactly, up to twice as long as the quote with its budget.

        An alignment of a short quote finds it almost anywhere (a two-letter quote with two
        edits matches any two letters); where its context still stands, the context says where
        it is. And where the context stands around words changed beyond the budget, the passage
        is there, changed too much: scored as a candidate, that place turns a look-alike
        elsewhere down rather than leave it the best.
        """
        text = self.folded.text
        before, after = sought.prefix[-CUT_CONTEXT:], sought.suffix[:CUT_CONTEXT]
        if not before or not after:
            return []
        longest = 2 * (len(sought.quote) + budget)
        spans: set[tuple[int, int]] = set()
        for lo, hi in _merged([(max(0, h - NEAR), h + len(sought.quote) + NEAR) for h in hints]):
            for start in occurrences(text[lo:hi], before):
                start += lo + len(before)
                end = text.find(after, start + 1, start + longest + len(after))
                if end >= 0:
                    spans.add((start, end))
        return sorted(spans)

    def _regions(
        self, sought: _Sought, hints: tuple[int, ...], budget: int
    ) -> list[tuple[int, int, int]]:
        """Stretches of folded text that may hold the quote: (lo, hi, expected start)."""
        text = self.folded.text
        reach = len(sought.quote) + budget + MARGIN
        starts = sorted({*hints, *self._seeded(sought)})
        regions: list[tuple[int, int, int]] = []
        for start in starts:
            lo, hi = max(0, start - budget - MARGIN), min(len(text), start + reach)
            if regions and lo <= regions[-1][1]:
                regions[-1] = (regions[-1][0], max(hi, regions[-1][1]), regions[-1][2])
            elif lo < hi:
                regions.append((lo, hi, start))
        return regions

    def _seeded(self, sought: _Sought) -> list[int]:
        """Where the quote would start, judging by its rarest words still in the text and by the
        words of its context next to it."""
        index = self.index
        words = whole_words(sought.quote, sought.starts_word, sought.ends_word)
        rare = sorted(
            (w for w in dict(words).items() if 0 < index.count(w[0]) <= MAX_SEED_HITS),
            key=lambda w: index.count(w[0]),
        )[:MAX_SEEDS]
        before = whole_words(sought.prefix, starts_word=False, ends_word=sought.starts_word)
        after = whole_words(sought.suffix, starts_word=sought.ends_word, ends_word=False)
        beside = [(w, o - len(sought.prefix)) for w, o in before[-1:]]
        beside += [(w, o + len(sought.quote)) for w, o in after[:1]]
        starts: list[int] = []
        for word, offset in [*rare, *beside]:
            if index.count(word) <= MAX_SEED_HITS:
                starts.extend(start - offset for start in index.starts(word))
        return starts

    def _refined(
        self, sought: _Sought, start: int, end: int, hints: tuple[int, ...]
    ) -> _Candidate | None:
        """The match with its ends moved (by up to `REFINE`) to where it scores best.

        The alignment alone may cut a changed first or last word in two; the context says where
        the passage begins and ends. Ends stay on word boundaries where the stored ones were,
        and the match holds no more paragraph breaks than the quote. Among equal scores, the
        aligned ends stay. None if no such ends are near.
        """
        text = self.folded.text
        starts = [s for s in _nearest(start, REFINE) if self._valid_start(sought, s)]
        ends = [e for e in _nearest(end, REFINE) if self._valid_end(sought, e)]

        def scored(s: int, e: int) -> _Candidate | None:
            if s >= e or text.count(PARAGRAPH, s, e) > sought.breaks:
                return None
            return self._scored(sought, s, e, similarity(sought.quote, text[s:e]), hints)

        best: _Candidate | None = None
        for s in starts:
            candidate = scored(s, ends[0]) if ends else None
            if candidate is not None and (best is None or candidate.score > best.score):
                best = candidate
        if best is None:
            return None
        for e in ends[1:]:
            candidate = scored(best.start, e)
            if candidate is not None and candidate.score > best.score:
                best = candidate
        return best

    def _valid_start(self, sought: _Sought, start: int) -> bool:
        """A start that begins a word if the stored quote did, and white space only if the
        stored quote did."""
        text = self.folded.text
        return (
            0 <= start < len(text)
            and (not sought.starts_word or is_boundary(text, start))
            and (text[start].isspace() == sought.quote[0].isspace())
        )

    def _valid_end(self, sought: _Sought, end: int) -> bool:
        text = self.folded.text
        return (
            0 < end <= len(text)
            and (not sought.ends_word or is_boundary(text, end))
            and (text[end - 1].isspace() == sought.quote[-1].isspace())
        )

    def _valid(self, sought: _Sought, start: int, end: int) -> bool:
        return self._valid_start(sought, start) and self._valid_end(sought, end)

    # From folded offsets back to the text -----------------------------------------------------

    def _hints(self, anchor: Anchor, shifts: tuple[int, ...]) -> tuple[int, ...]:
        """Where the anchor is expected in the folded text: its old offset, and moved by each
        shift."""
        expected = dict.fromkeys((anchor.start, *(anchor.start + s for s in shifts)))
        return tuple(dict.fromkeys(self.folded.folded(max(0, s)) for s in expected))

    def _from_folded(self, anchor: Anchor, candidate: _Candidate) -> Placement:
        start = self.folded.original(candidate.start)
        end = self.folded.original_end(candidate.end)
        return self._placed(anchor, start, end, candidate.score, candidate.exact)

    def _placed(self, old: Anchor, start: int, end: int, score: float, exact: bool) -> Placement:
        new = anchor_at(self.text, start, end)
        if not exact:
            status = Status.FUZZY
        elif (new.start, new.end) == (old.start, old.end) and fold(new.quote) == fold(old.quote):
            status = Status.KEPT
        else:
            status = Status.MOVED
        return Placement(status, new, score)


def _distance(start: int, hints: tuple[int, ...]) -> int:
    return min(abs(start - hint) for hint in hints)


def _nearest(position: int, reach: int) -> Iterator[int]:
    """`position`, then the positions around it up to `reach` away, nearest first."""
    yield position
    for offset in range(1, reach + 1):
        yield position - offset
        yield position + offset


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with those that overlap made one."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged
