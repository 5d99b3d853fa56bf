"""Wrapping, rows and painting: what decides where every character lands on screen."""

from hypothesis import given
from hypothesis import strategies as st
from rich.style import Style

from tui.app.view.paint import paint_row
from tui.app.view.rows import LineIndex, RowIndex
from tui.app.view.wrap import columns, offset_at_column, wrap_line


def rows_text(line: str, width: int) -> list[str]:
    starts = wrap_line(line, width)
    return [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]


def test_words_wrap_at_spaces_and_spaces_hang() -> None:
    assert rows_text("the quick brown fox", 10) == ["the quick ", "brown fox"]
    assert rows_text("aaaaaaaaaaaaaaa", 6) == ["aaaaaa", "aaaaaa", "aaa"]


def test_wide_characters_take_two_cells() -> None:
    rows = rows_text("한국어 텍스트 입니다", 8)
    assert rows == ["한국어 ", "텍스트 ", "입니다"]
    assert all(columns(row.rstrip()) <= 8 for row in rows)


def test_emoji_and_combining_marks() -> None:
    assert columns("🙂🙂") == 4
    assert columns("e\u0301") == 1
    assert rows_text("🙂🙂🙂", 4) == ["🙂🙂", "🙂"]


def test_tabs_reach_the_next_stop() -> None:
    assert columns("a\tb") == 5
    assert columns("\t") == 4


@given(st.text(alphabet=st.sampled_from("ab 한🙂\té"), max_size=80), st.integers(1, 30))
def test_rows_cover_the_line_without_gaps_or_overflow(line: str, width: int) -> None:
    starts = wrap_line(line, width)
    assert starts[0] == 0 and starts == sorted(set(starts))
    ends = [*starts[1:], len(line)]
    for start, end in zip(starts, ends, strict=True):
        row = line[start:end]
        visible = row.rstrip(" \t")
        assert columns(visible) <= max(width, columns(row[:1]))


def test_row_index_maps_rows_and_offsets_both_ways() -> None:
    text = "first line is long enough to wrap\n\nshort\nthe end"
    rows = RowIndex(LineIndex(text), 10)
    spans = [(rows.row(y).start, rows.row(y).end) for y in range(rows.row_count)]
    assert [text[a:b] for a, b in spans] == [
        "first line ",
        "is long ",
        "enough to ",
        "wrap",
        "",
        "short",
        "the end",
    ]
    for y, (start, _) in enumerate(spans):
        assert rows.row_of(start) == y
    assert rows.row_of(len(text)) == rows.row_count - 1
    assert rows.row(99).start == spans[-1][0]


def test_estimated_rows_become_exact_when_wrapped(monkeypatch) -> None:
    import tui.app.view.rows as rows_module

    monkeypatch.setattr(rows_module, "EXACT_LIMIT", 0)
    text = "\n".join(["word " * 30] * 50)
    rows = RowIndex(LineIndex(text), 40)
    estimated = rows.row_count
    for line in range(50):
        rows.wraps(line)
    assert rows.row_count >= estimated
    assert rows.row_count == sum(len(wrap_line("word " * 30, 40)) for _ in range(50))


def test_offset_at_column_with_wide_characters() -> None:
    assert offset_at_column("a한b", 0) == 0
    assert offset_at_column("a한b", 1) == 1
    assert offset_at_column("a한b", 2) == 1
    assert offset_at_column("a한b", 3) == 2
    assert offset_at_column("a한b", 9) == 3


def test_paint_is_exactly_the_width_and_shows_controls_as_pictures() -> None:
    text = "say [bold]hi[/bold] \x1b[2J\tdone"
    strip = paint_row(text, 0, len(text), [(4, 10, Style(bold=True))], Style(), 40)
    assert strip.cell_length == 40
    shown = strip.text
    assert "[bold]hi[/bold]" in shown and "␛[2J" in shown and "\x1b" not in shown
    assert any(segment.style and segment.style.bold for segment in strip)
