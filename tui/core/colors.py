"""A stable colour per tag, from a palette that reads well on light and dark backgrounds.

The colour comes from a hash of the tag, so it is the same in every session, on every machine and
in every export; a colour set in the codebook overrides it.
"""

from __future__ import annotations

import hashlib
import re

PALETTE = (
    "#e6a700",  # amber
    "#2f9e44",  # green
    "#1c7ed6",  # blue
    "#e8590c",  # orange
    "#ae3ec9",  # purple
    "#0c8599",  # teal
    "#d6336c",  # pink
    "#74b816",  # lime
    "#5c7cfa",  # indigo
    "#c92a2a",  # red
    "#15aabf",  # cyan
    "#a0522d",  # sienna
)

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def is_color(value: str) -> bool:
    return bool(_HEX_COLOR.fullmatch(value))


def tag_color(tag: str, codebook_color: str | None = None) -> str:
    """The tag's colour as `#rrggbb`: the codebook's if it has a valid one, else the palette's."""
    if codebook_color and is_color(codebook_color):
        return codebook_color.lower()
    digest = hashlib.sha1(tag.encode("utf-8")).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def readable_on(color: str) -> str:
    """Black or white, whichever reads better on `color`."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 150 else "#ffffff"
