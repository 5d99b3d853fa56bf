"""Text from documents, notes and tags made safe to show: control characters become visible.

Escape sequences (clear screen, set title, OSC 8 links, cursor moves) start with a control
character; replacing every control character by a visible picture of it, one character for one,
means no such sequence can reach the terminal, and offsets into the text stay exact.
"""

from __future__ import annotations

_PICTURES = {code: 0x2400 + code for code in range(0x20)}
_PICTURES[0x7F] = 0x2421  # ␡
_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})  # C1 controls, e.g. CSI 0x9b

SAFE_ALL = _PICTURES
SAFE_KEEP_LINES = {code: value for code, value in _PICTURES.items() if chr(code) not in "\n\t"}


def visible(text: str, keep_lines: bool = False) -> str:
    """`text` with each control character replaced by its picture (`␛` for ESC), one for one.

    With `keep_lines`, newline and tab are kept for the caller to lay out.
    """
    return text.translate(SAFE_KEEP_LINES if keep_lines else SAFE_ALL)


def one_line(text: str, limit: int | None = None) -> str:
    """A single visible line: whitespace runs folded to one space, cut with `…` past `limit`."""
    flat = " ".join(visible(text, keep_lines=True).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat
