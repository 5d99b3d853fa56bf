"""Blank spacer rows after lines, as side by side pads paragraphs level; without padding the
rows are the reader's own."""

from __future__ import annotations

from tui.app.screens.compare import Leveller
from tui.app.view.rows import LineIndex, RowIndex
from tui.core.alignment import Alignment, Paragraphs

TEXT = "one two three four five six\n\nseven\n\neight nine ten eleven\n"


def rows_of(text: str, width: int = 10) -> RowIndex:
    return RowIndex(LineIndex(text), width)


def shown(rows: RowIndex) -> list[tuple[str, bool]]:
    return [
        (TEXT[row.start : row.end], row.spacer)
        for row in (rows.row(y) for y in range(rows.row_count))
    ]


def test_padding_adds_blank_rows_after_a_line_and_taking_it_away_restores_the_rows() -> None:
    plain = rows_of(TEXT)
    before = shown(plain)
    padded = rows_of(TEXT)
    padded.pad(2, 3)
    assert padded.row_count == plain.row_count + 3
    after = shown(padded)
    spacer_row = plain.first_row(3)
    assert after[:spacer_row] == before[:spacer_row]
    assert after[spacer_row : spacer_row + 3] == [("", True)] * 3
    assert after[spacer_row + 3 :] == before[spacer_row:]
    assert padded.first_row(4) == plain.first_row(4) + 3
    assert padded.row_of(TEXT.index("eight")) == plain.row_of(TEXT.index("eight")) + 3
    assert padded.row(spacer_row).start == TEXT.index("seven") + len("seven")  # the line's end

    padded.pad(2, 1)
    assert padded.row_count == plain.row_count + 1
    padded.clear_padding()
    assert shown(padded) == before


def test_the_nearest_row_with_text_skips_spacers_within_bounds() -> None:
    rows = rows_of(TEXT)
    rows.pad(2, 3)
    seven, blank = rows.row_of(TEXT.index("seven")), rows.first_row(3)
    spacer = seven + 2
    assert rows.text_row(seven) == seven
    assert rows.text_row(spacer, 1) == blank and rows.text_row(spacer, -1) == seven
    assert rows.text_row(spacer, 1, high=blank - 1) == seven
    assert rows.text_row(spacer, -1, low=seven + 1, high=blank - 1) is None
    end = rows_of(TEXT)
    end.pad(len(end.lines) - 1, 2)
    last_text = end.row_count - 3
    assert end.text_row(end.row_count - 1, 1) == last_text  # nothing below: looks up


def test_paragraphs_of_two_texts_padded_to_the_same_heights() -> None:
    left_text = "a b c d e f g h i j\n\nk\n\nl m n o p q r s t u v w\n"
    right_text = "A\n\nB C D E F G H I J K L M\n\nN\n"
    indexes = (rows_of(left_text, 6), rows_of(right_text, 6))
    left, right = Paragraphs.of(left_text), Paragraphs.of(right_text)
    leveller = Leveller(Alignment(left, right), indexes)
    leveller.start(page=10)
    assert leveller.whole
    for left_span, right_span in zip(left.spans, right.spans, strict=True):
        assert indexes[0].row_of(left_span[0]) == indexes[1].row_of(right_span[0])
    assert indexes[0].row_count == indexes[1].row_count
    assert all(any(index.padding(line) for line in range(len(index.lines))) for index in indexes)


def test_big_texts_are_padded_at_their_end_and_where_they_are_shown() -> None:
    words = "word " * 30
    left_text = "\n\n".join(f"{n} {words * (1 + n % 3)}" for n in range(3000))
    right_text = "\n\n".join(f"{n} {words * (1 + n % 4)}" for n in range(3000))
    indexes = (rows_of(left_text, 50), rows_of(right_text, 50))
    assert not indexes[0].exact
    left, right = Paragraphs.of(left_text), Paragraphs.of(right_text)
    leveller = Leveller(Alignment(left, right), indexes)
    leveller.start(page=20)
    assert not leveller.whole
    from_end = [
        [index.row_count - index.row_of(paragraphs.spans[n][0]) for n in range(2980, 3000)]
        for index, paragraphs in zip(indexes, (left, right), strict=True)
    ]
    last_pages = [n for n in range(20) if max(from_end[0][n], from_end[1][n]) <= 3 * 20]
    assert len(last_pages) >= 3  # the last groups are padded: the panes end level
    assert all(from_end[0][n] == from_end[1][n] for n in last_pages)

    middle = indexes[0].row_of(left.spans[1503][0])
    assert indexes[0].row_of(left.spans[1504][0]) - middle != (
        indexes[1].row_of(right.spans[1504][0]) - indexes[1].row_of(right.spans[1503][0])
    )  # not padded until shown
    assert leveller.level_screen(0, middle, 20)
    tops = [
        (indexes[0].row_of(left.spans[n][0]), indexes[1].row_of(right.spans[n][0]))
        for n in range(1503, 1510)
    ]
    on_screen = [(a, b) for a, b in tops if a < middle + 20]  # what a 20-row pane shows
    assert len(on_screen) >= 2
    assert all(b - a == tops[0][1] - tops[0][0] for a, b in on_screen)
    assert not leveller.level_screen(0, middle, 20)  # already padded: nothing changes
