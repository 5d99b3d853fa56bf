"""What every format module shares: the documents and annotations chosen for one export, and the
shape of a format.

A format module exposes `FORMAT`. Its `export` turns an `ExportSet` into files (name -> bytes);
its optional `import_` adds what a file holds to a store and returns one line per thing it did
or could not do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.core.annotation import Annotation, now_iso
from tui.core.collector import collector_paused
from tui.core.colors import tag_color
from tui.core.document import read_document
from tui.core.errors import DocumentError
from tui.core.links import LinkBook
from tui.core.store import DocumentRecord, Store, TagInfo

Progress = Callable[[int, int], None]
"""Called with (done, total) as an export goes on, for a progress bar."""

TextReader = Callable[[str], str | None]


def read_text(path: str) -> str | None:
    """A document's current text, or None if its file can no longer be read."""
    try:
        return read_document(Path(path)).text
    except DocumentError:
        return None


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

    @cached_property
    def _spans(self) -> dict[str, tuple[int, int]]:
        """Each placed annotation's span by id, checked against the text once per export:
        formats ask for a span several times per annotation."""
        text = self.text
        if text is None:
            return {}
        spans = {}
        for annotation in self.annotations:
            anchor = annotation.anchor
            if anchor is None or annotation.orphan:
                continue
            start, end = anchor.start, anchor.end
            if text[start:end] == anchor.quote:
                spans[annotation.id] = (start, end)
        return spans

    def span(self, annotation: Annotation) -> tuple[int, int] | None:
        """Where the passage is in the current text, or None: a document note, an orphan, a
        passage this text no longer has at its offsets, or a file that cannot be read."""
        return self._spans.get(annotation.id)

    def document_notes(self) -> list[Annotation]:
        return [a for a in self.annotations if a.is_document_note]

    def passages(self) -> list[tuple[tuple[int, int], Annotation]]:
        """The passages found in the current text, with their spans, in reading order."""
        spans = self._spans
        return [(spans[a.id], a) for a in self.annotations if a.id in spans]

    def not_found(self) -> list[Annotation]:
        """Passages without a span in the current text: orphans and passages that moved."""
        spans = self._spans
        return [a for a in self.annotations if a.anchor is not None and a.id not in spans]

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
    links: list[dict[str, Any]] = field(default_factory=list)
    """Paragraph links between the chosen documents (`tui.core.links`), for lossless formats."""
    _colors: dict[str, str] = field(default_factory=dict, init=False, repr=False)

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
        counts.update(tag for _view, annotation in self.annotations() for tag in annotation.tags)
        return counts

    @cached_property
    def _infos(self) -> dict[str, TagInfo]:
        return {info.tag: info for info in self.codebook}

    def description(self, tag: str) -> str:
        info = self._infos.get(tag)
        return info.description if info else ""

    def color(self, tag: str) -> str:
        """The tag's colour (the codebook's, else its stable one), worked out once per tag."""
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
    with collector_paused():
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
        links = LinkBook(store).records([view.record.id for view in views])
        return ExportSet(views, store.codebook(), links=links)


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

    def convert(self, selection: ExportSet, **options: Any) -> dict[str, bytes]:
        """`export`, without the cycle collector's pauses (see `collector_paused`)."""
        with collector_paused():
            return self.export(selection, **options)
