"""Properties of re-anchoring over random documents and random edits."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.anchoring import anchor_at
from tui.core.fuzzy import similarity
from tui.core.relocate import (
    DISTINCT_QUOTE,
    DISTINCT_WINDOW,
    MAX_ERROR_RATE,
    MIN_SCORE,
    Status,
    relocate,
)

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
documents = st.lists(words, min_size=40, max_size=100, unique=True).map(" ".join)


@st.composite
def passage_and_edit(draw: st.DrawFn, deleting: bool):
    text = draw(documents)
    spaces = [i for i, char in enumerate(text) if char == " "]
    first, last = sorted(draw(st.lists(st.sampled_from(spaces), min_size=2, max_size=2)))
    if last - first < 2:
        last = first + 2
    start, end = first + 1, last  # word-aligned, as a reader selects
    if deleting:
        return text, (start, end), (start, end, draw(st.sampled_from(["", "zzq "])))
    far = [i for i in spaces if i < start - 40 or i > end + 40]
    at = draw(st.sampled_from(far)) if far else len(text)
    inserted = " " + " ".join(draw(st.lists(words, min_size=1, max_size=40))).upper()
    removed = draw(st.integers(0, 3)) if at + 40 < start else 0
    return text, (start, end), (at, at + removed, inserted)


@settings(max_examples=30, deadline=None)
@given(passage_and_edit(deleting=False))
def test_an_edit_away_from_a_passage_leaves_it_on_the_same_text(case) -> None:
    text, (start, end), (at, until, inserted) = case
    anchor = anchor_at(text, start, end)
    new = text[:at] + inserted + text[until:]
    [placement] = relocate(new, [anchor])
    window = len(anchor.prefix) + len(anchor.quote) + len(anchor.suffix)
    if placement.anchor is None:  # too little text to be told from another place far away
        assert len(anchor.quote) < DISTINCT_QUOTE and window < DISTINCT_WINDOW
        return
    assert placement.status in (Status.KEPT, Status.MOVED)
    shift = len(inserted) - (until - at) if at < start else 0
    assert (placement.anchor.start, placement.anchor.end) == (start + shift, end + shift)


@settings(max_examples=30, deadline=None)
@given(passage_and_edit(deleting=True))
def test_a_deleted_passage_is_orphaned_or_on_text_as_similar_as_required(case) -> None:
    text, (start, end), (at, until, inserted) = case
    anchor = anchor_at(text, start, end)
    new = text[:at] + inserted + text[until:]
    [placement] = relocate(new, [anchor])
    if placement.anchor is not None:
        assert placement.score >= MIN_SCORE
        assert similarity(anchor.quote, placement.anchor.quote) >= 1 - MAX_ERROR_RATE
