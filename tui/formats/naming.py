"""File names made from document names and titles: safe on every system, unique in one export.

A title is text from a document: it may hold `/`, `..`, control characters, a Windows device
name or a thousand characters. The name made from it never leaves the export's folder.
"""

from __future__ import annotations

import re

MAX_NAME_BYTES = 120  # well under the 255-byte limit of common file systems, leaving room
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\ud800-\udfff<>:"/\\|?*]+')
_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{port}{n}" for port in ("COM", "LPT") for n in range(1, 10)]
)


def safe_stem(name: str, fallback: str = "document") -> str:
    """A file name without suffix: no separators, control characters or leading dots."""
    stem = _UNSAFE.sub("_", name).strip(" ._")
    stem = " ".join(stem.split())
    while len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    stem = stem.rstrip(" ._")
    if not stem:
        return fallback
    if stem.split(".")[0].upper() in _WINDOWS_DEVICES:
        stem = "_" + stem
    return stem


class UniqueNames:
    """Hands out stems that differ even on case-insensitive file systems (`a`, `a-2`, ...)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def take(self, name: str, fallback: str = "document") -> str:
        stem = safe_stem(name, fallback)
        candidate, number = stem, 1
        while candidate.casefold() in self._taken:
            number += 1
            candidate = f"{stem}-{number}"
        self._taken.add(candidate.casefold())
        return candidate
