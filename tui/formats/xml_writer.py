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
INDENT = "  "


def xml_text(text: str) -> str:
    """The text as XML will give it back: newlines as `\\n`, forbidden characters as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _escape_text(text: str) -> str:
    # str.replace, not str.translate: several times faster on non-ASCII text.
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    """An attribute value, escaped; whitespace too, or a parser would turn it into spaces."""
    if value.isascii() and value.isprintable() and _MARKUP.search(value) is None:
        return value  # most values (ids, times, numbers, plain names) need nothing
    escaped = _escape_text(value).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#9;")


Attributes = Mapping[str, "str | None"]


class XmlWriter:
    """Writes elements in order; attributes whose value is None or empty are left out."""

    def __init__(self) -> None:
        self._lines = ['<?xml version="1.0" encoding="utf-8"?>']
        self._open: list[str] = []

    @staticmethod
    def render(attributes: Attributes) -> str:
        """Attributes as written in a tag, for a set that repeats on many elements."""
        return "".join(
            [f' {key}="{_attribute(value)}"' for key, value in attributes.items() if value]
        )

    def _tag(self, name: str, attributes: Attributes | None, rendered: str) -> str:
        pairs = self.render(attributes) if attributes else ""
        return f"{INDENT * len(self._open)}<{name}{pairs}{rendered}"

    def start(self, name: str, attributes: Attributes | None = None, rendered: str = "") -> None:
        """Open an element; `rendered` are more attributes, from `render`."""
        self._lines.append(self._tag(name, attributes, rendered) + ">")
        self._open.append(name)

    def end(self) -> None:
        name = self._open.pop()
        self._lines.append(f"{INDENT * len(self._open)}</{name}>")

    def empty(self, name: str, attributes: Attributes | None = None, rendered: str = "") -> None:
        self._lines.append(self._tag(name, attributes, rendered) + " />")

    def text(self, name: str, text: str) -> None:
        """An element holding only text, kept exactly (no indentation inside it)."""
        content = _escape_text(text)
        self._lines.append(f"{self._tag(name, None, '')}>{content}</{name}>")

    def data(self) -> str:
        assert not self._open, f"unclosed elements: {self._open}"
        return "\n".join(self._lines) + "\n"
