"""Paragraphs, their pairing across two documents, and how one pane's scrolling moves the other."""

from __future__ import annotations

from bisect import bisect_right

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.alignment import (
    LEFT,
    RIGHT,
    Alignment,
    Paragraphs,
    Rows,
    group_paragraphs,
    paragraph_spans,
    with_link,
)


def texts(text: str) -> list[str]:
    return [text[a:b] for a, b in paragraph_spans(text)]


def document(heights: list[int], word: str = "x") -> str:
    """Paragraph i is `heights[i]` lines (a line is a row here); a blank line between."""
    return "\n\n".join("\n".join(f"{word}{i}.{n}" for n in range(h)) for i, h in enumerate(heights))


def one_row_per_line(text: str, page: int) -> Rows:
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return Rows(
        row_of=lambda offset: bisect_right(starts, offset) - 1,
        start_of_row=lambda y: starts[min(y, len(starts) - 1)],
        count=len(starts),
        limit=max(0, len(starts) - page),
    )


def test_paragraphs_are_separated_by_blank_lines_and_trimmed() -> None:
    text = "  Title\nsubtitle \n\n\n\tSecond one.\n \t\nThird\n\n"
    assert texts(text) == ["Title\nsubtitle", "Second one.", "Third"]
    assert texts("") == [] and texts("\n\n \n") == []


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    assert texts("one\n  two  \n\nthree") == ["one\n  two", "three"]
    assert texts("one\n  two  \n   \nthree") == ["one\n  two", "three"]
    assert texts("one\n  two  \nthree\n") == ["one", "two", "three"]


def test_paragraph_at_an_offset_and_found_again_by_its_opening() -> None:
    text = "Alpha one.\n\nBeta two.\n\nGamma three."
    paragraphs = Paragraphs.of(text)
    assert [paragraphs.at(text.index(word)) for word in ("Alpha", "Beta", "Gamma")] == [0, 1, 2]
    assert paragraphs.at(text.index("Beta") - 1) == 0  # a blank line belongs to the paragraph above
    moved = Paragraphs.of("New first.\n\n" + text)
    assert moved.find(1, paragraphs.opening(1)) == 2
    assert moved.find(1, "nowhere") is None


def test_paragraphs_pair_in_order_and_extra_ones_join_the_last_pair() -> None:
    assert group_paragraphs(3, 3) == [(range(i, i + 1), range(i, i + 1)) for i in range(3)]
    assert group_paragraphs(3, 2)[-1] == (range(1, 3), range(1, 2))
    assert group_paragraphs(0, 2) == [(range(0, 0), range(0, 2))]


def test_a_link_repairs_a_merged_paragraph() -> None:
    # the right document merged left paragraphs 2 and 3: link left 4 with right 3
    groups = group_paragraphs(6, 5, [(4, 3)])
    assert (range(2, 4), range(2, 3)) in groups
    assert (range(4, 5), range(3, 4)) in groups
    assert (range(5, 6), range(4, 5)) in groups


def test_a_link_at_the_start_leaves_extra_paragraphs_unpaired() -> None:
    groups = group_paragraphs(3, 5, [(0, 2)])
    assert groups[0] == (range(0, 0), range(0, 2))
    assert groups[1:] == [(range(i, i + 1), range(i + 2, i + 3)) for i in range(3)]


def test_crossing_links_give_way_to_the_newest() -> None:
    links = with_link([(2, 2), (5, 4)], (4, 5))
    assert links == [(2, 2), (4, 5)]
    assert with_link([(2, 2)], (2, 3)) == [(2, 3)]
    ignored = group_paragraphs(6, 6, [(4, 2), (2, 4)])  # stored crossing links: the first holds
    assert (range(2, 3), range(4, 5)) in ignored


def test_the_counterpart_of_a_selection_is_its_paired_paragraphs() -> None:
    left_text = "One.\n\nTwo.\n\nThree.\n\nFour."
    right_text = "Un.\n\nDeux et trois.\n\nQuatre."
    left, right = Paragraphs.of(left_text), Paragraphs.of(right_text)
    alignment = Alignment(left, right, [(3, 2)])
    start = left_text.index("Two")
    span = alignment.counterpart(LEFT, start, start + 3)
    assert span is not None and right_text[span[0] : span[1]] == "Deux et trois."
    start = right_text.index("Deux")
    span = alignment.counterpart(RIGHT, start, start + 4)
    assert span is not None and left_text[span[0] : span[1]] == "Two.\n\nThree."
    span = alignment.counterpart(LEFT, 0, len(left_text))
    assert span == (0, len(right_text))


def test_scrolled_to_a_paragraph_the_other_pane_shows_its_counterpart_at_the_top() -> None:
    left_heights, right_heights = [4, 9, 1, 6, 3, 8, 2, 5], [2, 3, 7, 1, 4, 2, 6, 3]
    left_text, right_text = document(left_heights), document(right_heights, "y")
    left, right = Paragraphs.of(left_text), Paragraphs.of(right_text)
    rows = (one_row_per_line(left_text, 10), one_row_per_line(right_text, 10))
    alignment = Alignment(left, right)
    for index in range(len(left_heights)):
        left_top = rows[LEFT].row_of(left.spans[index][0])
        right_top = rows[RIGHT].row_of(right.spans[index][0])
        if left_top <= rows[LEFT].limit and right_top <= rows[RIGHT].limit:
            assert alignment.follow(LEFT, left_top, rows) == right_top
            assert alignment.follow(RIGHT, right_top, rows) == left_top
    middle = rows[LEFT].row_of(left.spans[1][0]) + 5  # half way through 9 lines and a blank
    right_middle = rows[RIGHT].row_of(right.spans[1][0]) + 2
    assert alignment.follow(LEFT, middle, rows) == right_middle


def test_a_pane_that_cannot_scroll_keeps_the_other_at_its_start() -> None:
    short, long = document([1, 1]), document([9] * 9)
    alignment = Alignment(Paragraphs.of(short), Paragraphs.of(long))
    rows = (one_row_per_line(short, 12), one_row_per_line(long, 12))
    assert alignment.follow(LEFT, 0, rows) == 0
    assert alignment.follow(RIGHT, rows[RIGHT].limit, rows) == 0


def test_both_ends_meet() -> None:
    left_text, right_text = document([5] * 10), document([2] * 10)
    alignment = Alignment(Paragraphs.of(left_text), Paragraphs.of(right_text))
    rows = (one_row_per_line(left_text, 12), one_row_per_line(right_text, 12))
    assert alignment.follow(LEFT, 0, rows) == 0
    assert alignment.follow(LEFT, rows[LEFT].limit, rows) == rows[RIGHT].limit
    assert alignment.follow(RIGHT, rows[RIGHT].limit, rows) == rows[LEFT].limit


heights = st.lists(st.integers(1, 12), min_size=1, max_size=12)


@given(heights, heights, st.integers(1, 30), st.data())
def test_scrolling_is_monotonic_and_the_same_whichever_pane_leads(
    left_heights: list[int], right_heights: list[int], page: int, data: st.DataObject
) -> None:
    left_text, right_text = document(left_heights), document(right_heights, "y")
    left, right = Paragraphs.of(left_text), Paragraphs.of(right_text)
    links = data.draw(
        st.lists(st.tuples(st.integers(0, len(left) - 1), st.integers(0, len(right) - 1)))
    )
    alignment = Alignment(left, right, links)
    rows = (one_row_per_line(left_text, page), one_row_per_line(right_text, page))
    followed = [alignment.follow(LEFT, y, rows) for y in range(rows[LEFT].limit + 1)]
    assert followed == sorted(followed)
    assert all(0 <= y <= rows[RIGHT].limit for y in followed)
    assert followed[-1] == (rows[RIGHT].limit if rows[LEFT].limit else 0)
    for y in range(1, len(followed) - 1):
        if followed[y - 1] < followed[y] < followed[y + 1]:  # where the other pane moves too
            assert alignment.follow(RIGHT, followed[y], rows) == pytest.approx(y)
