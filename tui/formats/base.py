"""What every format module shares: the set of things to export and the shape of a format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tui.core.annotation import Annotation
from tui.core.document import read_document
from tui.core.errors import DocumentError
from tui.core.store import DocumentRecord, Store, TagInfo


@dataclass
class ExportSet:
    """Documents, their annotations and the codebook, as chosen for one export."""

    documents: list[DocumentRecord]
    annotations: list[Annotation]
    codebook: list[TagInfo] = field(default_factory=list)
    store: Store | None = None

    def annotations_of(self, doc_id: str) -> list[Annotation]:
        return [a for a in self.annotations if a.doc_id == doc_id]

    def text_of(self, record: DocumentRecord) -> str | None:
        """The document's current text, or None if its file can no longer be read."""
        return _read_text(record.path)


@cache
def _read_text(path: str) -> str | None:
    try:
        return read_document(Path(path)).text
    except DocumentError:
        return None


def export_set(
    store: Store,
    doc_ids: list[str] | None = None,
    keep: Callable[[Annotation], bool] | None = None,
) -> ExportSet:
    """Everything in the store, or the chosen documents, with the annotations `keep` accepts."""
    documents = store.documents()
    if doc_ids:
        documents = [record for record in documents if record.id in doc_ids]
    annotations = [
        annotation
        for record in documents
        for annotation in store.annotations(record.id)
        if keep is None or keep(annotation)
    ]
    return ExportSet(documents, annotations, store.codebook(), store)


@dataclass(frozen=True)
class Format:
    """A format: `export` turns an `ExportSet` into files (name -> bytes).

    A single-file format returns one file and can be written to stdout; others need a folder.
    `import_` (where the format can be read back) adds what a file holds to a store and returns
    one line per thing it did or could not do.
    """

    name: str
    summary: str
    suffix: str
    single_file: bool
    export: Callable[..., dict[str, bytes]]
    import_: Callable[[Store, bytes, dict[str, Any]], list[str]] | None = None
