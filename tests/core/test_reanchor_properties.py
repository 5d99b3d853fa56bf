"""Properties of re-anchoring over random documents and random edits.

The documents are paragraphs of words drawn from a small vocabulary, so phrases recur as they do
in real text (lists, tables, sentences on one pattern), and each holds several annotations, so
that the neighbours placing one another are exercised too. What may happen to an annotation:

- its passage and context untouched, whatever is edited elsewhere, or only re-wrapped: it lands
  on the same text; it may only go to an identical copy of its passage in its context (the
  stored anchor cannot tell them apart), or be orphaned when that copy makes it ambiguous;
- its context edited, the passage not: the same text, an identical copy, or an orphan;
- its passage deleted or replaced: an orphan, an identical copy, or the replacement text in its
  place, scoring at least the minimum. Never anywhere else. (Where neighbouring passages are
  deleted together, each takes the other's context with it, and what is left in a document made
  of a few words may be a look-alike; then only the minimum score is promised.)
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.anchoring import anchor_at
from tui.core.annotation import CONTEXT_CHARS, Anchor
from tui.core.folded import fold
from tui.core.placement import Placement, Status
from tui.core.relocate import MIN_SCORE, relocate
from tui.core.sought import stands_at, stored_window

VOCABULARY = (
    "a",
    "an",
    "the",
    "of",
    "to",
    "in",
    "is",
    "it",
    "and",
    "or",
    "not",
    "on",
    "at",
    "by",
    "we",
    "be",
    "as",
    "if",
    "so",
    "no",
    "up",
    "river",
    "stone",
    "bridge",
    "harbour",
    "market",
    "lantern",
    "window",
    "garden",
    "morning",
    "evening",
    "table",
    "column",
    "value",
    "index",
    "record",
    "number",
    "letter",
    "method",
    "object",
    "option",
)

Replacement = tuple[int, int, str]

words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12).map(" ".join)
paragraphs = st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=30).map(" ".join)
documents = st.lists(paragraphs, min_size=3, max_size=8).map("\n\n".join)


@dataclass(frozen=True)
class Case:
    old: str
    spans: list[tuple[int, int]]
    edits: list[Replacement]

    @property
    def new(self) -> str:
        out, last = [], 0
        for start, end, replacement in sorted(self.edits):
            out += [self.old[last:start], replacement]
            last = end
        return "".join([*out, self.old[last:]])

    def moved(self, offset: int, is_end: bool) -> int:
        """Where an offset of the old text is in the new one (an insertion right at a start
        goes before it, right at an end after it)."""
        return offset + sum(
            len(new) - (end - start)
            for start, end, new in self.edits
            if end < offset or (end == offset and (start < offset or not is_end))
        )


def token_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for index, char in enumerate(text + " "):
        if char.isspace() and start is not None:
            spans.append((start, index))
            start = None
        elif not char.isspace() and start is None:
            start = index
    return spans


@st.composite
def annotated(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A document and up to six passages on it that do not overlap, each a run of words."""
    text = draw(documents)
    tokens = token_spans(text)
    spans: list[tuple[int, int]] = []
    for _ in range(draw(st.integers(1, 6))):
        first = draw(st.integers(0, len(tokens) - 1))
        last = min(len(tokens) - 1, first + draw(st.integers(0, 6)))
        span = (tokens[first][0], tokens[last][1])
        if all(span[1] <= s or span[0] >= e for s, e in spans):
            spans.append(span)
    return text, sorted(spans)


def disjoint(edits: list[Replacement], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b, _ in edits)


@st.composite
def edits_away(draw: st.DrawFn) -> Case:
    """Words inserted, deleted and replaced, and paragraphs inserted, away from every passage
    and its context; and line breaks put for spaces anywhere (a re-wrap)."""
    text, spans = draw(annotated())
    guarded = [(max(0, s - CONTEXT_CHARS - 1), e + CONTEXT_CHARS + 1) for s, e in spans]
    tokens = token_spans(text)
    edits: list[Replacement] = []
    for _ in range(draw(st.integers(1, 6))):
        first, last = sorted(draw(st.lists(st.sampled_from(tokens), min_size=2, max_size=2)))
        start, end = first[0], draw(st.sampled_from([first[0], first[1], last[1]]))
        replacement = draw(
            st.one_of(st.just(""), words.map("{} ".format), words.map("{}\n\n".format))
        )
        if start == end and not replacement:
            continue
        if all(end <= a or start >= b for a, b in guarded) and disjoint(edits, start, end):
            edits.append((start, end, replacement))
    for index in draw(st.lists(st.integers(0, len(text) - 1), max_size=8)):
        if text[index] == " " and disjoint(edits, index, index + 1):
            edits.append((index, index + 1, "\n"))
    return Case(text, spans, edits)


@st.composite
def passage_deleted(draw: st.DrawFn) -> Case:
    """One passage deleted (the space after it too, at times) or replaced by other words."""
    text, spans = draw(annotated())
    start, end = draw(st.sampled_from(spans))
    replacement = draw(st.sampled_from(["", draw(words)]))
    if not replacement and draw(st.booleans()) and text[end : end + 1] == " ":
        end += 1
    return Case(text, spans, [(start, end, replacement)])


@st.composite
def passages_deleted(draw: st.DrawFn) -> Case:
    """Several passages deleted or replaced, side by side at times."""
    text, spans = draw(annotated())
    edits = [
        (start, end, draw(st.sampled_from(["", draw(words)])))
        for start, end in spans
        if draw(st.booleans())
    ]
    return Case(text, spans, edits or [(*spans[0], "")])


@st.composite
def contexts_edited(draw: st.DrawFn) -> Case:
    """Words next to passages (within their stored context) replaced, the passages not."""
    text, spans = draw(annotated())
    edits: list[Replacement] = []
    for start, end in token_spans(text):
        touches = any(
            s - CONTEXT_CHARS <= start < s or e < end <= e + CONTEXT_CHARS for s, e in spans
        )
        inside = any(start < e and end > s for s, e in spans)
        if touches and not inside and draw(st.integers(0, 3)) == 0:
            edits.append((start, end, draw(st.sampled_from(VOCABULARY))))
    return Case(text, spans, edits)


def copies(anchor: Anchor, text: str) -> int:
    """How many times the stored window stands in `text` (whitespace folded)."""
    prefix, quote, suffix = stored_window(anchor)
    folded = fold(text)
    return sum(
        stands_at(folded, start, start + len(quote), prefix, suffix)
        for start in range(len(folded))
        if folded.startswith(quote, start)
    )


def is_copy(anchor: Anchor, placed: Anchor, text: str) -> bool:
    prefix, quote, suffix = stored_window(anchor)
    before = fold(text[: placed.start])
    around = before + fold(placed.quote) + fold(text[placed.end :])
    start, end = len(before), len(before) + len(fold(placed.quote))
    return fold(placed.quote) == quote and stands_at(around, start, end, prefix, suffix)


def place(case: Case) -> list[tuple[Anchor, Placement]]:
    anchors = [anchor_at(case.old, start, end) for start, end in case.spans]
    return list(zip(anchors, relocate(case.new, anchors), strict=True))


@settings(max_examples=300, deadline=None)
@given(edits_away())
def test_an_untouched_passage_lands_on_the_same_text(case: Case) -> None:
    new = case.new
    for anchor, placement in place(case):
        expected = (case.moved(anchor.start, False), case.moved(anchor.end, True))
        assert fold(new[slice(*expected)]) == fold(anchor.quote)
        if placement.anchor is None:
            assert copies(anchor, new) > 1, "orphaned though its passage stands, unique"
        elif (placement.anchor.start, placement.anchor.end) != expected:
            assert copies(anchor, new) > 1 and is_copy(anchor, placement.anchor, new)
        else:
            assert placement.status in (Status.KEPT, Status.MOVED)


@settings(max_examples=300, deadline=None)
@given(contexts_edited())
def test_a_passage_whose_context_changed_is_never_put_elsewhere(case: Case) -> None:
    new = case.new
    for anchor, placement in place(case):
        expected = (case.moved(anchor.start, False), case.moved(anchor.end, True))
        if placement.anchor is not None and (placement.anchor.start, placement.anchor.end) != (
            expected
        ):
            assert is_copy(anchor, placement.anchor, new)


@settings(max_examples=300, deadline=None)
@given(passage_deleted())
def test_a_deleted_passage_is_orphaned_or_on_its_replacement_never_elsewhere(case: Case) -> None:
    new = case.new
    [(start, _, replacement)] = case.edits
    site = (case.moved(start, False), case.moved(start, False) + len(replacement))
    for anchor, placement in place(case):
        placed = placement.anchor
        if placed is None:
            continue
        if anchor.start != start:
            expected = (case.moved(anchor.start, False), case.moved(anchor.end, True))
            assert (placed.start, placed.end) == expected or is_copy(anchor, placed, new)
            continue
        on_replacement = placed.start < site[1] and placed.end > site[0]
        assert on_replacement or is_copy(anchor, placed, new), "put on other text"
        assert placement.score >= MIN_SCORE


@settings(max_examples=300, deadline=None)
@given(passages_deleted())
def test_passages_deleted_side_by_side_are_orphaned_or_on_text_as_similar_as_required(
    case: Case,
) -> None:
    """Where neighbours are deleted together, each takes the other's context with it: what is
    left may be a look-alike, which is taken only if it scores what a changed passage must."""
    for _, placement in place(case):
        if placement.anchor is not None:
            assert placement.score >= MIN_SCORE
