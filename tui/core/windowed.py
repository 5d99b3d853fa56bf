"""Running a function of (text, offset) on a big file's text, through a window around the offset.

The caret's motions (`tui.core.motions`) look only near the offset they are given, but they are
written for a `str`. A big document's text (`FileText`) is not one, so the motion is run on a
window of it around the offset; if its answer touches the window's edge (where the window may have
cut a word, a sentence or a paragraph short) the window is widened and the motion run again, so
the answer is always the one the whole text would give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tui.core.file_text import FileText

Result = TypeVar("Result", int, tuple[int, int])
WINDOW = 1 << 14


def around(function: Callable[[str, int], Result], text: str | FileText, offset: int) -> Result:
    """`function(text, offset)`, for a `str` or a `FileText`."""
    if isinstance(text, str):
        return function(text, offset)
    length = len(text)
    radius = WINDOW
    while True:
        start, end = max(0, offset - radius), min(length, offset + radius)
        result = function(text[start:end], offset - start)
        values = result if isinstance(result, tuple) else (result,)
        inside = all(
            (value > 0 or start == 0) and (value < end - start or end == length) for value in values
        )
        if inside:
            if isinstance(result, tuple):
                return (result[0] + start, result[1] + start)  # type: ignore[return-value]
            return result + start  # type: ignore[return-value]
        radius *= 4
