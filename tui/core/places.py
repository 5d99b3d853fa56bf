"""Where in a changed text an anchor may now be: the places, each scored.

`Places` holds the new text with its whitespace folded and, built once and only when needed, a
`WordIndex` of it. It finds the exact quote (from its rarest whole word, or by scanning near
where it is expected), approximate matches of a changed quote (aligned near where expected and
where its rarest words still stand, `tui.core.fuzzy`), and the stretches between the inner ends
of its stored context; it scores each place on quote, prefix and suffix similarity. Which place
to take, if any, is for `tui.core.relocate` to say.

Offsets here are folded ones; `original` and `original_end` map them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tui.core.anchoring import occurrences
from tui.core.annotation import CONTEXT_CHARS
from tui.core.folded import PARAGRAPH, Folded
from tui.core.fuzzy import best_matches, similarity
from tui.core.sought import Sought, stands_at
from tui.core.wordindex import WordIndex, is_boundary, whole_words

NEAR = 256
"""How far from where it is expected a place is near."""

INNER_CONTEXT = 16
"""How much of the stored context next to the quote is looked for exactly, to find where the
quote is between its context (and, in `tui.core.relocate`, where a deleted one was)."""

MARGIN = 64
"""Extra text on each side of a region searched approximately (context may have grown)."""

MAX_SEED_HITS = 4
"""A word found more often than this points nowhere in particular and is not followed."""

MAX_SEEDS = 3
"""How many of a quote's rarest words are followed to where a changed quote may be."""

REFINE = 12
"""How far the ends of an approximate match may move to fit its context better."""

PARAGRAPH_SLACK = 8
"""How far a paragraph break may stand from where the stored context has it (a word's worth of
edits between the break and the passage)."""

MAX_OCCURRENCES = 100
"""Past this many exact occurrences of a quote, only those near where expected are looked at."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place in the folded text: its score, how alike its quote is (`quoted`) and each side's
    context is (`sides`), and how far it is from the nearest place where it is expected.
    `perfect` is the exact quote in exactly its own context, scored 1."""

    start: int
    end: int
    score: float
    quoted: float
    sides: tuple[float, float]
    exact: bool
    perfect: bool
    distance: int

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end

    def same_place(self, other: Candidate) -> bool:
        """Most of the shorter of the two lies in the other: the same passage, its ends moved
        (in repetitive text, places a word apart overlap a little and are not the same)."""
        overlap = min(self.end, other.end) - max(self.start, other.start)
        return 2 * overlap > min(self.end - self.start, other.end - other.start)


class Places:
    """The places of a changed text where stored anchors may now be."""

    def __init__(self, text: str) -> None:
        self.folded = Folded.of(text)
        self.text = self.folded.text
        self._index: WordIndex | None = None
        self._exact: dict[str, list[int]] = {}

    @property
    def index(self) -> WordIndex:
        if self._index is None:
            self._index = WordIndex(self.text)
        return self._index

    def hints(self, start: int, shifts: tuple[int, ...]) -> tuple[int, ...]:
        """Where an anchor at the original offset `start` is expected in the folded text: there,
        and moved by each of `shifts`."""
        expected = dict.fromkeys((start, *(start + shift for shift in shifts)))
        return tuple(dict.fromkeys(self.folded.folded(max(0, s)) for s in expected))

    # The exact quote ----------------------------------------------------------------------------

    def exact_starts(self, sought: Sought, hints: tuple[int, ...]) -> tuple[list[int], bool]:
        """Where the quote stands (whole words where the stored quote's are whole), and whether
        that is all of them: past `MAX_OCCURRENCES`, only those near `hints`."""
        quote = sought.quote
        key = f"{sought.starts_word:d}{sought.ends_word:d}{quote}"
        if key not in self._exact:
            words = whole_words(quote, sought.starts_word, sought.ends_word)
            found = self.index.occurrences(quote, words, MAX_OCCURRENCES + 1)
            if found is None:
                found = occurrences(self.text, quote, MAX_OCCURRENCES + 1)
            self._exact[key] = found
        found = self._exact[key]
        if len(found) <= MAX_OCCURRENCES:
            return found, True
        return self.exact_near(sought, hints), False

    def exact_near(self, sought: Sought, hints: tuple[int, ...]) -> list[int]:
        """Where the quote stands within `NEAR` of `hints` (a scan of that much text)."""
        text, quote = self.text, sought.quote
        found: set[int] = set()
        for hint in hints:
            until = hint + len(quote) + NEAR
            position = text.find(quote, max(0, hint - NEAR), until)
            while position >= 0:
                found.add(position)
                position = text.find(quote, position + 1, until)
        return sorted(found)

    def perfect(self, sought: Sought, start: int) -> bool:
        """The exact quote at `start` has exactly its own context around it."""
        end = start + len(sought.quote)
        return stands_at(
            self.text, start, end, sought.own_prefix, sought.own_suffix
        ) and self.valid(sought, start, end)

    def likeness(self, sought: Sought, start: int) -> float:
        """How alike the whole stored context (beyond the paragraph too) and the text around
        the quote at `start` are: what tells copies of a passage apart, before nearness."""
        end = start + len(sought.quote)
        return similarity(sought.prefix, self._before(sought, start, sought.prefix)) + similarity(
            sought.suffix, self._after(sought, end, sought.suffix)
        )

    # Scoring ------------------------------------------------------------------------------------

    def scored(
        self, sought: Sought, start: int, end: int, quoted: float, hints: tuple[int, ...]
    ) -> Candidate:
        """The place `start:end`, whose quote is `quoted` alike, scored by how alike its quote
        and each side's context are, weighted by their lengths."""
        before = similarity(sought.prefix_side, self._before(sought, start, sought.prefix_side))
        after = similarity(sought.suffix_side, self._after(sought, end, sought.suffix_side))
        exact = quoted == 1.0 and self.text.startswith(sought.quote, start)
        perfect = exact and end - start == len(sought.quote) and self.perfect(sought, start)
        weighed = (
            len(sought.quote) * quoted
            + len(sought.prefix_side) * before
            + len(sought.suffix_side) * after
        )
        score = 1.0 if perfect else weighed / sought.weight
        distance = min(abs(start - hint) for hint in hints)
        return Candidate(start, end, score, quoted, (before, after), exact, perfect, distance)

    def _before(self, sought: Sought, start: int, context: str) -> str:
        """The text before `start` to compare with `context` (the stored prefix, or its part in
        the passage's paragraph): as long, or a whole context's length where the stored one was
        cut short by the document's start, so that only a place there is alike."""
        edge = sought.at_start and context == sought.prefix
        return self.text[max(0, start - (CONTEXT_CHARS if edge else len(context))) : start]

    def _after(self, sought: Sought, end: int, context: str) -> str:
        """The text after `end` to compare with `context`, as `_before` does."""
        edge = sought.at_end and context == sought.suffix
        return self.text[end : end + (CONTEXT_CHARS if edge else len(context))]

    # A changed quote ----------------------------------------------------------------------------

    def approximate(
        self, sought: Sought, hints: tuple[int, ...], budget: int, exact: list[Candidate]
    ) -> list[Candidate]:
        """Places of a changed quote: approximate matches (within `budget` edits) near where
        expected and where its rarest words are, and the stretches between its context's ends
        near where expected, each as aligned and with its ends moved to fit the context best (in
        repetitive text, the moved ends of neighbouring matches meet at one place, and the
        aligned ones are the other places it may be). A place overlapping an exact occurrence
        is that occurrence with its ends moved: left out."""
        spans = [
            (match.start, match.end)
            for lo, hi, hint in self._regions(sought, hints, budget)
            for match in best_matches(sought.quote, self.text, lo, hi, budget, hint)
        ]
        scored: dict[tuple[int, int], Candidate | None] = {}

        def place(start: int, end: int) -> Candidate | None:
            """`_scored_span`, once per span: the ends of nearby matches are moved over the
            same places."""
            if (start, end) not in scored:
                scored[(start, end)] = self._scored_span(sought, start, end, hints)
            return scored[(start, end)]

        found: dict[tuple[int, int], Candidate] = {}
        for start, end in dict.fromkeys(spans + self._bracketed(sought, hints, budget)):
            for candidate in (place(start, end), self._refined(sought, start, end, place)):
                if candidate is not None and not any(candidate.overlaps(c) for c in exact):
                    found[(candidate.start, candidate.end)] = candidate
        return list(found.values())

    def _bracketed(
        self, sought: Sought, hints: tuple[int, ...], budget: int
    ) -> list[tuple[int, int]]:
        """The stretches near `hints` between the inner ends of the stored context, found
        exactly, up to twice as long as the quote with its budget.

        An alignment of a short quote finds it almost anywhere (a two-letter quote with two
        edits matches any two letters); where its context still stands, the context says where
        it is. And where the context stands around words changed beyond the budget, the passage
        is there, changed too much: scored as a candidate, that place turns a look-alike
        elsewhere down rather than leave it the best.
        """
        before, after = sought.prefix[-INNER_CONTEXT:], sought.suffix[:INNER_CONTEXT]
        if not before or not after:
            return []
        text, longest = self.text, 2 * (len(sought.quote) + budget)
        spans: set[tuple[int, int]] = set()
        for lo, hi in merged([(max(0, h - NEAR), h + len(sought.quote) + NEAR) for h in hints]):
            for start in occurrences(text[lo:hi], before):
                start += lo + len(before)
                end = text.find(after, start + 1, start + longest + len(after))
                if end >= 0:
                    spans.add((start, end))
        return sorted(spans)

    def _regions(
        self, sought: Sought, hints: tuple[int, ...], budget: int
    ) -> list[tuple[int, int, int]]:
        """Stretches of text that may hold the quote: (lo, hi, expected start)."""
        reach = len(sought.quote) + budget + MARGIN
        regions: list[tuple[int, int, int]] = []
        for start in sorted({*hints, *self._seeded(sought)}):
            lo, hi = max(0, start - budget - MARGIN), min(len(self.text), start + reach)
            if regions and lo <= regions[-1][1]:
                regions[-1] = (regions[-1][0], max(hi, regions[-1][1]), regions[-1][2])
            elif lo < hi:
                regions.append((lo, hi, start))
        return regions

    def _seeded(self, sought: Sought) -> list[int]:
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
        self,
        sought: Sought,
        start: int,
        end: int,
        place: Callable[[int, int], Candidate | None],
    ) -> Candidate | None:
        """The match with its ends moved (by up to `REFINE`) to where it scores best.

        The alignment alone may cut a changed first or last word in two; the context says where
        the passage begins and ends. Among equal scores, the aligned ends stay. None if no
        place (see `_scored_span`, which `place` is) is near.
        """
        starts = [s for s in _nearest(start, REFINE) if self._valid_start(sought, s)]
        ends = [e for e in _nearest(end, REFINE) if self._valid_end(sought, e)]
        best: Candidate | None = None
        for s in starts:
            candidate = place(s, ends[0]) if ends else None
            if candidate is not None and (best is None or candidate.score > best.score):
                best = candidate
        if best is None:
            return None
        for e in ends[1:]:
            candidate = place(best.start, e)
            if candidate is not None and candidate.score > best.score:
                best = candidate
        return best

    def _scored_span(
        self, sought: Sought, start: int, end: int, hints: tuple[int, ...]
    ) -> Candidate | None:
        """The place `start:end` scored, if it is one: not empty, with valid ends, and as many
        paragraph breaks as the quote (a passage holds to its paragraphs: one that lost or
        gained a break is another arrangement of the text, or another passage)."""
        text = self.text
        if start >= end or text.count(PARAGRAPH, start, end) != sought.breaks:
            return None
        if not self.valid(sought, start, end):
            return None
        return self.scored(sought, start, end, similarity(sought.quote, text[start:end]), hints)

    # The ends of a place ------------------------------------------------------------------------

    def valid(self, sought: Sought, start: int, end: int) -> bool:
        """Ends that begin and end words where the stored quote's did, on white space only where
        the stored quote's are."""
        return self._valid_start(sought, start) and self._valid_end(sought, end)

    def _valid_start(self, sought: Sought, start: int) -> bool:
        text = self.text
        return (
            0 <= start < len(text)
            and (not sought.starts_word or is_boundary(text, start))
            and text[start].isspace() == sought.quote[0].isspace()
        )

    def _valid_end(self, sought: Sought, end: int) -> bool:
        text = self.text
        return (
            0 < end <= len(text)
            and (not sought.ends_word or is_boundary(text, end))
            and text[end - 1].isspace() == sought.quote[-1].isspace()
        )

    def in_its_paragraph(self, sought: Sought, start: int, end: int) -> bool:
        """Where the stored context shows the passage's paragraph beginning or ending, the
        place's paragraph begins or ends there too, give or take `PARAGRAPH_SLACK` characters
        (the start and the end of the text count as breaks)."""
        if PARAGRAPH in sought.prefix:
            at = start - (len(sought.prefix) - sought.prefix.rfind(PARAGRAPH))
            if not self._break_near(at):
                return False
        if PARAGRAPH in sought.suffix:
            at = end + sought.suffix.find(PARAGRAPH)
            if not self._break_near(at):
                return False
        return True

    def _break_near(self, at: int) -> bool:
        lo, hi = at - PARAGRAPH_SLACK, at + PARAGRAPH_SLACK + 1
        return lo < 0 or hi > len(self.text) or PARAGRAPH in self.text[lo:hi]

    def original(self, candidate: Candidate) -> tuple[int, int]:
        """The candidate's offsets in the original text."""
        return self.folded.original(candidate.start), self.folded.original_end(candidate.end)


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with those that overlap made one."""
    result: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if result and lo <= result[-1][1]:
            result[-1] = (result[-1][0], max(hi, result[-1][1]))
        else:
            result.append((lo, hi))
    return result


def _nearest(position: int, reach: int) -> Iterator[int]:
    """`position`, then the positions around it up to `reach` away, nearest first."""
    yield position
    for offset in range(1, reach + 1):
        yield position - offset
        yield position + offset
