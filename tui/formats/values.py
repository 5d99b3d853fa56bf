"""How values look in exports: UTF-8 bytes, stable UUIDs, UTC times, and JSON that is both
readable and fast to write."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import orjson

from tui.core.safe_text import one_line

# Fixed, so that ids derived from postil's own ids are the same in every export.
_NAMESPACE_BYTES = uuid.UUID("5f0e1c8a-3b2d-4d6e-9a41-7c2b8e0d9f13").bytes


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encoded(text: str) -> bytes:
    """UTF-8 of an export's text. A lone surrogate (which a JSON store or an undecodable file
    name can bring) has no UTF-8 form: it becomes U+FFFD rather than failing the export."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


def encoded_pieces(pieces: Iterable[str]) -> bytes:
    """UTF-8 of the pieces of an export, one after the other. Each is encoded on its own and
    only the bytes are joined: one str of a whole export, where a single emoji makes every
    character take four bytes, costs more to build and copy than the export takes to convert."""
    return b"".join([encoded(piece) for piece in pieces])


def encoded_joined(pieces: Iterable[str], separator: str) -> bytes:
    """UTF-8 of `separator.join(pieces)` for many small pieces (lines, JSON items), encoded a
    thousand at a time: few calls, and no str of the whole export (see `encoded_pieces`)."""
    remaining = iter(pieces)
    chunks = []
    while chunk := list(islice(remaining, 1000)):
        chunks.append(encoded(separator.join(chunk)))
    return encoded(separator).join(chunks)


def encoded_lines(lines: Iterable[str]) -> bytes:
    """UTF-8 of `lines`, each ended by a newline."""
    return encoded_joined((line + "\n" for line in lines), "")


compact_json = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
"""`value` as `json.dumps(value, ensure_ascii=False)` writes it, with one encoder for all and
no search for cycles (a tenth faster): exports encode trees they have just built."""


def json_item(value: Any) -> bytes:
    """`value` as compact JSON in UTF-8 on one line, as JSON exports write each annotation.

    orjson writes it ten times faster than the standard encoder (which took most of the time
    of exporting 100,000 annotations); what it refuses (a lone surrogate, an integer over 64
    bits) is written by the standard encoder instead (see `encoded`)."""
    try:
        return orjson.dumps(value)
    except (orjson.JSONEncodeError, TypeError):
        return encoded(compact_json(value))


ITEMS = "\x00items\x00"
"""Stands, in a payload given to `json_bytes`, for the long list written one item per line."""


def json_bytes(payload: Any, items: Iterable[Any]) -> bytes:
    """`payload` as indented JSON in UTF-8, its `ITEMS` value replaced by `items`, one compact
    item per line (`json_item`): readable and diffable, and fast.
    Items may come from a generator, so that each is dropped as soon as it is written."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    marker = json.dumps(ITEMS)
    at = text.index(marker)
    line = text[text.rindex("\n", 0, at) + 1 : at]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    pad = encoded(f"\n{indent}  ")
    lines = b",".join([pad + json_item(item) for item in items])
    listing = b"[" + lines + encoded(f"\n{indent}]") if lines else b"[]"
    return b"".join([encoded(text[:at]), listing, encoded(text[at + len(marker) :] + "\n")])


# The characters `tui.core.safe_text.visible` replaces when it keeps lines.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def flat_line(text: str, limit: int) -> str:
    """`one_line(text, limit)`, made for exports that label a hundred thousand quotes: a text
    without control characters (nearly every one) skips its character-by-character pass,
    which took over a second per hundred thousand quotes."""
    if _CONTROL.search(text) is not None:
        return one_line(text, limit)
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: max(0, limit - 1)] + "…"


# The RFC 4122 variant digit for each hex digit of a hash (the "5" of `stable_uuid` is the
# version).
_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


def stable_uuid(*parts: str) -> str:
    """A UUID derived from `parts`: the same in every export, so other tools can merge them.

    It is `uuid.uuid5`, computed here because exports make hundreds of thousands of them and
    so that any str works, even one with a lone surrogate.
    """
    name = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    hexa = hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).hexdigest()
    variant = _VARIANT[hexa[16]]
    return f"{hexa[:8]}-{hexa[8:12]}-5{hexa[13:16]}-{variant}{hexa[17:20]}-{hexa[20:32]}"


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def as_uuid(value: str) -> str:
    """`value` if it is a UUID, else a UUID derived from it (formats that demand UUIDs)."""
    if _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return stable_uuid("id", value)


UTC_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
"""postil's own times: ISO 8601 in UTC with a `Z`, to the millisecond."""


def utc_z(stamp: str) -> str:
    """An ISO 8601 time in UTC with a `Z`, to the millisecond; unreadable ones are kept as is."""
    if UTC_STAMP.fullmatch(stamp):
        return stamp
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
