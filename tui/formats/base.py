"""What every format module shares: the documents and annotations chosen for one export, and the
shape of a format.

A format module exposes `FORMAT`. Its `export` turns an `ExportSet` into files (name -> bytes);
its optional `import_` adds what a file holds to a store and returns one line per thing it did
or could not do.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.core.annotation import Annotation, now_iso
from tui.core.colors import tag_color
from tui.core.document import read_document
from tui.core.errors import DocumentError
from tui.core.store import DocumentRecord, Store, TagInfo

Progress = Callable[[int, int], None]
"""Called with (done, total) as an export goes on, for a progress bar."""

TextReader = Callable[[str], str | None]

# Fixed, so that ids derived from postil's own ids are the same in every export.
_NAMESPACE_BYTES = uuid.UUID("5f0e1c8a-3b2d-4d6e-9a41-7c2b8e0d9f13").bytes


def read_text(path: str) -> str | None:
    """A document's current text, or None if its file can no longer be read."""
    try:
        return read_document(Path(path)).text
    except DocumentError:
        return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def encoded(text: str) -> bytes:
    """UTF-8 of an export's text. A lone surrogate (which a JSON store or an undecodable file
    name can bring) has no UTF-8 form: it becomes U+FFFD rather than failing the export."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8")


ITEMS = "\x00items\x00"
"""Stands, in a payload given to `json_text`, for the long list written one item per line."""


def json_text(payload: Any, items: list[Any]) -> str:
    """`payload` as indented JSON, its `ITEMS` value replaced by `items`, one compact item per
    line. Readable and diffable, and fast: only compact JSON has Python's C encoder."""
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    marker = json.dumps(ITEMS)
    at = text.index(marker)
    line = text[text.rindex("\n", 0, at) + 1 : at]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    pad = f"\n{indent}  "
    lines = ("," + pad).join(json.dumps(item, ensure_ascii=False) for item in items)
    listing = f"[{pad}{lines}\n{indent}]" if items else "[]"
    return text[:at] + listing + text[at + len(marker) :] + "\n"


def stable_uuid(*parts: str) -> str:
    """A UUID derived from `parts`: the same in every export, so other tools can merge them.

    It is `uuid.uuid5`, computed here because exports make hundreds of thousands of them and
    so that any str works, even one with a lone surrogate.
    """
    name = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    hexa = hashlib.sha1(_NAMESPACE_BYTES + name, usedforsecurity=False).hexdigest()
    variant = "89ab"[int(hexa[16], 16) & 3]  # RFC 4122 variant; "5" below is the version
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


@dataclass(frozen=True)
class Option:
    """A choice a format offers (`--by tag`), so the CLI and the app can both offer it."""

    name: str
    help: str
    choices: tuple[str, ...] = ()
    """The values it takes, the first being the default; none for an on/off flag."""


@dataclass
class DocumentView:
    """One document of an export with its chosen annotations (document notes, passages in
    reading order, orphans last). The text is read only by formats that need it."""

    record: DocumentRecord
    annotations: list[Annotation]
    reader: TextReader = read_text

    @cached_property
    def text(self) -> str | None:
        return self.reader(self.record.path)

    @property
    def file_name(self) -> str:
        return Path(self.record.path).name

    def span(self, annotation: Annotation) -> tuple[int, int] | None:
        """Where the passage is in the current text, or None: a document note, an orphan, a
        passage this text no longer has at its offsets, or a file that cannot be read."""
        start, end = annotation.start, annotation.end
        if start is None or end is None:
            return None
        text = self.text
        if text is None or text[start:end] != annotation.quote:
            return None
        return start, end

    def document_notes(self) -> list[Annotation]:
        return [a for a in self.annotations if a.is_document_note]

    def passages(self) -> list[tuple[tuple[int, int], Annotation]]:
        """The passages found in the current text, with their spans, in reading order."""
        return [(span, a) for a in self.annotations if (span := self.span(a)) is not None]

    def not_found(self) -> list[Annotation]:
        """Passages without a span in the current text: orphans and passages that moved."""
        return [a for a in self.annotations if not a.is_document_note and self.span(a) is None]

    def why_unplaced(self, annotation: Annotation) -> str:
        """Why `span` is None, in words a reader of the export understands."""
        if annotation.is_document_note:
            return "a note on the whole document"
        if annotation.orphan:
            return "orphan: its passage was not found after the document changed"
        if self.text is None:
            return "the document's file cannot be read"
        return "its passage is no longer at these offsets in the document"


@dataclass
class ExportSet:
    """The documents and annotations chosen for one export, and the codebook.

    `exported` is the export's time (fixed by tests for reproducible files). Exporters add a
    line to `notices` for anything they had to leave out or change, and walk the documents
    with `each()` when reading texts, which reports progress.
    """

    views: list[DocumentView]
    codebook: list[TagInfo] = field(default_factory=list)
    exported: str = field(default_factory=now_iso)
    progress: Progress | None = None
    notices: list[str] = field(default_factory=list)

    def each(self) -> Iterator[DocumentView]:
        total = len(self.views)
        for done, view in enumerate(self.views, 1):
            yield view
            if self.progress is not None:
                self.progress(done, total)

    def annotations(self) -> Iterator[tuple[DocumentView, Annotation]]:
        for view in self.views:
            for annotation in view.annotations:
                yield view, annotation

    @property
    def count(self) -> int:
        return sum(len(view.annotations) for view in self.views)

    def tag_counts(self) -> Counter[str]:
        """Each tag's number of annotations here; codebook tags without any count 0."""
        counts: Counter[str] = Counter({info.tag: 0 for info in self.codebook})
        for _view, annotation in self.annotations():
            counts.update(annotation.tags)
        return counts

    @cached_property
    def _infos(self) -> dict[str, TagInfo]:
        return {info.tag: info for info in self.codebook}

    def description(self, tag: str) -> str:
        info = self._infos.get(tag)
        return info.description if info else ""

    @cached_property
    def _colors(self) -> dict[str, str]:
        return {}

    def color(self, tag: str) -> str:
        if tag not in self._colors:
            info = self._infos.get(tag)
            self._colors[tag] = tag_color(tag, info.color if info else None)
        return self._colors[tag]


def export_set(
    store: Store,
    doc_ids: list[str] | None = None,
    keep: Callable[[Annotation], bool] | None = None,
    progress: Progress | None = None,
) -> ExportSet:
    """The store's documents (or the chosen ones) with the annotations `keep` accepts.

    With a filter, documents left without annotations are left out: an export of one tag
    should not list every document of the store.
    """
    records = store.documents()
    if doc_ids is not None:
        records = [record for record in records if record.id in doc_ids]
    views = []
    for done, record in enumerate(records, 1):
        annotations = store.annotations(record.id)
        if keep is not None:
            annotations = [annotation for annotation in annotations if keep(annotation)]
        if keep is None or annotations:
            views.append(DocumentView(record, annotations))
        if progress is not None:
            progress(done, len(records))
    return ExportSet(views, store.codebook())


@dataclass(frozen=True)
class Format:
    """A format. A single-file format's one file can go to stdout; others need a folder."""

    name: str
    summary: str
    suffix: str
    single_file: bool
    export: Callable[..., dict[str, bytes]]
    import_: Callable[[Store, bytes, dict[str, Any]], list[str]] | None = None
    sniff: Callable[[bytes], bool] | None = None
    """True if the bytes look like this format's file (for `postil import` without --format)."""
    options: tuple[Option, ...] = ()

    @property
    def default_name(self) -> str:
        return "annotations" + self.suffix
