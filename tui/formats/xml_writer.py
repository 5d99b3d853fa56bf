"""A small XML writer for exports of a hundred thousand elements.

ElementTree builds the whole tree and serializes it in pure Python, which took seconds for a
large project; this writes indented lines as it goes. Every text and attribute is escaped, and
characters XML 1.0 cannot hold at all become U+FFFD, so the output always parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tui.formats.values import encoded_lines

# What XML 1.0 allows: tab, newline, carriage return and most of Unicode (no other controls,
# no lone surrogates, no U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What text and attribute values cannot hold as they are: a search for it tells that a value
# (nearly every one) can be written unchanged, faster than escaping it.
_TEXT_SPECIAL = re.compile(f"[&<>\r]|{_NOT_XML.pattern}")
_ATTRIBUTE_SPECIAL = re.compile(f'[&<>"\t\n\r]|{_NOT_XML.pattern}')
INDENT = "  "


def xml_text(text: str) -> str:
    """The text as XML will give it back: newlines as `\\n`, forbidden characters as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def escaped_text(text: str) -> str:
    """Text as the content of an element."""
    if _TEXT_SPECIAL.search(text) is None:
        return text
    # str.replace, not str.translate: several times faster on non-ASCII text.
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """An attribute value, escaped; whitespace too, or a parser would turn it into spaces."""
    if _ATTRIBUTE_SPECIAL.search(value) is None:
        return value
    escaped = escaped_text(value).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#9;")


Attributes = Mapping[str, "str | None"]


class XmlWriter:
    """Writes elements in order; attributes whose value is None or empty are left out."""

    def __init__(self) -> None:
        self._lines = ['<?xml version="1.0" encoding="utf-8"?>']
        self._open: list[str] = []

    def _tag(self, name: str, attributes: Attributes | None) -> str:
        pairs = "".join(
            [f' {key}="{attribute(value)}"' for key, value in (attributes or {}).items() if value]
        )
        return f"{INDENT * len(self._open)}<{name}{pairs}"

    def start(self, name: str, attributes: Attributes | None = None) -> None:
        self._lines.append(self._tag(name, attributes) + ">")
        self._open.append(name)

    def lines(self, *lines: str) -> None:
        """Lines the caller wrote whole, at the current depth: for elements written a hundred
        thousand times whose values are ids, numbers or values passed through `attribute`."""
        indent = INDENT * len(self._open)
        self._lines.append("\n".join([indent + line for line in lines]))

    def end(self) -> None:
        name = self._open.pop()
        self._lines.append(f"{INDENT * len(self._open)}</{name}>")

    def empty(self, name: str, attributes: Attributes | None = None) -> None:
        self._lines.append(self._tag(name, attributes) + " />")

    def text(self, name: str, text: str) -> None:
        """An element holding only text, kept exactly (no indentation inside it)."""
        content = escaped_text(text)
        self._lines.append(f"{self._tag(name, None)}>{content}</{name}>")

    def data(self) -> bytes:
        """The document in UTF-8."""
        assert not self._open, f"unclosed elements: {self._open}"
        return encoded_lines(self._lines)
