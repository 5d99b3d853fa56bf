"""Word wrap's fast path for prose in one-cell characters wraps exactly as measuring would."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from tui.app.view.wrap import _SINGLE_CELL, _wrap_measured, shown, wrap_line

PROSE_CHARACTERS = "abc XYZ  “quoted” naïve façade — Ærø ΑΒΓ жук ‰ € ℃ ſK"


def test_the_fast_path_takes_only_characters_one_cell_wide_and_shown_as_they_are() -> None:
    for code in range(0x110000):
        char = chr(code)
        if _SINGLE_CELL.fullmatch(char):
            assert get_character_cell_size(char) == 1, hex(code)
            assert shown(char) == char, hex(code)
            assert char == " " or not char.isspace(), hex(code)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=PROSE_CHARACTERS, max_size=300), st.integers(1, 90))
def test_prose_wraps_as_when_each_character_is_measured(line: str, width: int) -> None:
    assume(not line.isascii())  # ASCII has its own fast path, which it always had
    assert wrap_line(line, width) == _wrap_measured(shown(line), width)
