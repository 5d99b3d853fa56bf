"""Blank spacer rows after lines, as side by side pads paragraphs level; without padding the
rows are the reader's own."""

from __future__ import annotations

from tui.app.view.rows import LineIndex, RowIndex
from tui.core.alignment import Alignment, Paragraphs, Rows

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
    padded.set_padding({2: 3})
    assert padded.row_count == plain.row_count + 3
    after = shown(padded)
    spacer_row = plain.first_row(3)
    assert after[:spacer_row] == before[:spacer_row]
    assert after[spacer_row : spacer_row + 3] == [("", True)] * 3
    assert after[spacer_row + 3 :] == before[spacer_row:]
    assert padded.first_row(4) == plain.first_row(4) + 3
    assert padded.row_of(TEXT.index("eight")) == plain.row_of(TEXT.index("eight")) + 3
    assert padded.row(spacer_row).start == TEXT.index("seven") + len("seven")  # the line's end

    padded.set_padding({})
    assert shown(padded) == before


def test_the_nearest_row_with_text_skips_spacers_within_bounds() -> None:
    rows = rows_of(TEXT)
    rows.set_padding({2: 3})
    seven, blank = rows.row_of(TEXT.index("seven")), rows.first_row(3)
    spacer = seven + 2
    assert rows.text_row(seven) == seven
    assert rows.text_row(spacer, 1) == blank and rows.text_row(spacer, -1) == seven
    assert rows.text_row(spacer, 1, high=blank - 1) == seven
    assert rows.text_row(spacer, -1, low=seven + 1, high=blank - 1) is None
    end = rows_of(TEXT)
    end.set_padding({len(end.lines) - 1: 2})
    last_text = end.row_count - 3
    assert end.text_row(end.row_count - 1, 1) == last_text  # nothing below: looks up


def test_paragraphs_of_two_texts_padded_to_the_same_heights() -> None:
    left_text = "a b c d e f g h i j\n\nk\n\nl m n o p q r s t u v w\n"
    right_text = "A\n\nB C D E F G H I J K L M\n\nN\n"
    indexes = [rows_of(text, 6) for text in (left_text, right_text)]
    alignment = Alignment(Paragraphs.of(left_text), Paragraphs.of(right_text))

    def rows(index: RowIndex) -> Rows:
        return Rows(index.row_of, lambda y: index.row(y).start, index.row_count, index.row_count)

    padding = alignment.padding((rows(indexes[0]), rows(indexes[1])))
    for index, offsets in zip(indexes, padding, strict=True):
        index.set_padding({index.lines.line_of(end): n for end, n in offsets.items()})
    for left_span, right_span in zip(
        Paragraphs.of(left_text).spans, Paragraphs.of(right_text).spans, strict=True
    ):
        assert indexes[0].row_of(left_span[0]) == indexes[1].row_of(right_span[0])
    assert indexes[0].row_count == indexes[1].row_count
    assert padding[0] and padding[1]  # each side had a shorter paragraph
