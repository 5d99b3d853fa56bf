"""One colour per tag, the same in the reader and in every export.

The colour comes from a hash of the tag, so it never changes between runs or machines; a colour
set in the codebook wins. The palette's twelve hues share one perceptual lightness (OKLCH
L=0.60, C=0.13): each reads as text on both white and black (contrast at least 3.5:1 and 4.9:1)
and makes a visible, still readable highlight when laid under text with transparency.
"""

from __future__ import annotations

import hashlib
import re

PALETTE = (
    "#c25d58",
    "#ba6826",
    "#a37800",
    "#7e8814",
    "#47944c",
    "#00987c",
    "#0095a5",
    "#008bc2",
    "#5a7dce",
    "#866ec5",
    "#a763ab",
    "#bb5c84",
)

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def normalize_color(color: str | None) -> str | None:
    """`#rgb` or `#rrggbb` as lower-case `#rrggbb`; anything else is None."""
    if color is None:
        return None
    color = color.strip()
    if not _HEX.fullmatch(color):
        return None
    if len(color) == 4:
        color = "#" + "".join(digit * 2 for digit in color[1:])
    return color.lower()


def tag_color(tag: str, codebook_color: str | None = None) -> str:
    """The tag's colour as `#rrggbb`: the codebook's if it is a valid hex colour, else stable."""
    chosen = normalize_color(codebook_color)
    if chosen is not None:
        return chosen
    # surrogatepass: any str hashes, even one with a lone surrogate from a JSON file
    digest = hashlib.blake2b(tag.encode("utf-8", "surrogatepass"), digest_size=4).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def readable_on(color: str) -> str:
    """Black or white, whichever reads better on `color` (for text on a tag chip)."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return "#000000" if luminance > 150 else "#ffffff"
