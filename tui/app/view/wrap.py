"""Word wrap measured in terminal cells: wide characters take two, combining marks none.

Rows cover a line without gaps: every character belongs to exactly one row, and spaces at the end
of a row stay in that row (hanging past the edge, where they are not drawn), so a row is simply a
range of offsets and a caret or selection can sit anywhere.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size

from tui.core.safe_text import visible

TAB_SIZE = 4
# Printable characters one cell wide that are not white space (but the space): most European
# prose. A line of only these wraps with string searches instead of measuring each character.
_SINGLE_CELL = re.compile(
    "[\x20-\x7e\xa1-\u02ff\u0370-\u0482\u048a-\u052f\u1e00-\u1fff"
    "\u2010-\u2027\u2030-\u205e\u20a0-\u20c0\u2100-\u214f]*"
)
_NOT_SPACE = re.compile("[^ ]")


def cell_width(char: str, column: int) -> int:
    """Cells taken by `char` drawn at `column` (a tab reaches the next tab stop)."""
    if char == "\t":
        return TAB_SIZE - column % TAB_SIZE
    if char < "\x7f":
        return 1
    return get_character_cell_size(char)


def shown(text: str) -> str:
    """What is drawn for `text`: control characters as pictures, one for one."""
    return visible(text, keep_lines=True)


def wrap_line(line: str, width: int) -> list[int]:
    """Start offsets of the rows of one line (no newline in it) wrapped at `width` cells."""
    width = max(1, width)
    if len(line) <= width and line.isascii() and "\t" not in line:
        return [0]
    line = shown(line)
    if line.isascii() and "\t" not in line:
        return _wrap_single_cells(line, width)
    if _SINGLE_CELL.fullmatch(line):
        return _wrap_single_width(line, width)
    return _wrap_measured(line, width)


def _wrap_single_cells(line: str, width: int) -> list[int]:
    """The fast path: every character is one cell, so positions are columns."""
    starts = [0]
    start = 0
    length = len(line)
    while length - start > width:
        limit = start + width
        space = line.rfind(" ", start, limit + 1)
        following = limit if space < start or line[start:space].isspace() else space + 1
        while following < length and line[following] == " ":
            following += 1
        if following >= length:
            break
        starts.append(following)
        start = following
    return starts


def _wrap_single_width(line: str, width: int) -> list[int]:
    """What `_wrap_measured` does when every character is one cell, without measuring each.

    A row overflows at its first non-space character `width` or more cells in; it then breaks
    after the row's last space, or at that character when the row has no space.
    """
    starts = [0]
    start = 0
    while (found := _NOT_SPACE.search(line, start + width)) is not None:
        overflow = found.start()
        space = line.rfind(" ", start, overflow)
        start = space + 1 if space >= start else overflow
        starts.append(start)
    return starts


def _wrap_measured(line: str, width: int) -> list[int]:
    """The general path: measure each character (wide characters, tabs, combining marks)."""
    starts = [0]
    start = column = 0
    last_space = -1
    index = 0
    length = len(line)
    while index < length:
        char = line[index]
        cells = cell_width(char, column)
        if char in " \t":
            column += cells
            last_space = index
            index += 1
            continue
        if column + cells > width and index > start and cells:
            following = last_space + 1 if last_space >= start else index
            if following <= start:
                following = index
            starts.append(following)
            start, column, last_space, index = following, 0, -1, following
            continue
        column += cells
        index += 1
    return starts


def offset_at_column(row_text: str, x: int) -> int:
    """The index in a row's text of the character drawn at cell `x` (or past the end)."""
    column = 0
    for index, char in enumerate(row_text):
        cells = cell_width(char, column)
        if x < column + cells:
            return index
        column += cells
    return len(row_text)


def columns(row_text: str) -> int:
    """Cells taken by a row's text drawn from its first column."""
    column = 0
    for char in row_text:
        column += cell_width(char, column)
    return column
