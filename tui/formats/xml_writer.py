"""A small XML writer for exports of a hundred thousand elements.

ElementTree builds the whole tree and serializes it in pure Python, which took seconds for a
large project; this writes indented lines as it goes. Every text and attribute is escaped, and
characters XML 1.0 cannot hold at all become U+FFFD, so the output always parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# What XML 1.0 allows: tab, newline, carriage return and most of Unicode (no other controls,
# no lone surrogates, no U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARKUP = re.compile('[&<>"]')
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
# In attributes, whitespace is escaped too, or a parser would turn it into spaces.
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
)
INDENT = "  "


def xml_text(text: str) -> str:
    """The text as XML will give it back: newlines as `\\n`, forbidden characters as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _attribute(value: str) -> str:
    # Most values (ids, times, numbers, plain names) need nothing: checked at C speed first.
    if value.isascii() and value.isprintable() and _MARKUP.search(value) is None:
        return value
    return xml_text(value).translate(_ATTRIBUTE_ESCAPES)


Attributes = Mapping[str, "str | None"]


class XmlWriter:
    """Writes elements in order; attributes whose value is None or empty are left out."""

    def __init__(self) -> None:
        self._lines = ['<?xml version="1.0" encoding="utf-8"?>']
        self._open: list[str] = []

    def _tag(self, name: str, attributes: Attributes) -> str:
        pairs = "".join(
            [f' {key}="{_attribute(value)}"' for key, value in attributes.items() if value]
        )
        return f"{INDENT * len(self._open)}<{name}{pairs}"

    def start(self, name: str, attributes: Attributes | None = None) -> None:
        self._lines.append(self._tag(name, attributes or {}) + ">")
        self._open.append(name)

    def end(self) -> None:
        name = self._open.pop()
        self._lines.append(f"{INDENT * len(self._open)}</{name}>")

    def empty(self, name: str, attributes: Attributes | None = None) -> None:
        self._lines.append(self._tag(name, attributes or {}) + " />")

    def text(self, name: str, text: str) -> None:
        """An element holding only text, kept exactly (no indentation inside it)."""
        content = xml_text(text).translate(_TEXT_ESCAPES)
        self._lines.append(f"{self._tag(name, {})}>{content}</{name}>")

    def data(self) -> str:
        assert not self._open, f"unclosed elements: {self._open}"
        return "\n".join(self._lines) + "\n"
