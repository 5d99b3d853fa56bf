"""Every annotation of a store in memory, prepared for queries, for the browser and codebook.

Reading a store of 100,000 annotations takes about a second; querying the prepared entries takes
milliseconds. So the index reads everything once and then, on `refresh`, only the document files
whose identity (inode, size, modification time) changed: one `stat` per file when nothing did.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.annotation import TAG_SEPARATOR, Annotation
from tui.core.errors import StoreError
from tui.core.query import DocumentView, Entry, Query, parse_query, prepare, view_document
from tui.core.store import DOCS_FOLDER, LIBRARY_FILE, DocumentRecord, Store, sort_key
from tui.core.transaction import Step, annotated

Identity = tuple[int, int, int]


def file_identity(path: Path) -> Identity | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def ancestors(tag: str) -> list[str]:
    """`a/b/c` and its parents: `a`, `a/b`, `a/b/c`."""
    parts = tag.split(TAG_SEPARATOR)
    return [TAG_SEPARATOR.join(parts[:depth]) for depth in range(1, len(parts) + 1)]


@dataclass(slots=True)
class DocumentGroup:
    """The annotations of one document file, prepared, with their tag counts."""

    view: DocumentView
    identity: Identity | None = None
    entries: list[Entry] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)

    def fill(self, annotations: list[Annotation]) -> None:
        self.entries = [prepare(annotation, self.view) for annotation in annotations]
        self.counts = Counter(tag for entry in self.entries for tag in entry.annotation.tags)
        self.totals = Counter(
            tag
            for entry in self.entries
            for tag in {above for own in entry.annotation.tags for above in ancestors(own)}
        )

    @property
    def annotations(self) -> list[Annotation]:
        return [entry.annotation for entry in self.entries]


class AnnotationIndex:
    """The store's annotations by document, kept current by `refresh` (see the module doc).

    Entries come document by document (in path order), each document's in reading order, as
    `Store.annotations` gives them. A document file that cannot be read is left out and named
    in `damaged`, so one bad file does not hide the rest.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.damaged: dict[str, str] = {}
        self._groups: dict[str, DocumentGroup] = {}
        self._records: dict[str, DocumentRecord] = {}
        self._library: Identity | None = None
        self._loaded = False
        self._order: list[str] | None = None

    def refresh(self) -> set[str]:
        """Read what changed on disk since the last refresh; returns the documents changed."""
        changed = self._refresh_library()
        files = self._document_files()
        for doc_id in self._groups.keys() - files.keys():
            del self._groups[doc_id]
            self.damaged.pop(doc_id, None)
            changed.add(doc_id)
        for doc_id, identity in files.items():
            group = self._groups.get(doc_id)
            if group is None or group.identity != identity:
                self._load(doc_id, identity)
                changed.add(doc_id)
            elif doc_id in changed:  # only its library record changed: title, path, tags
                self._build(doc_id, identity, group.annotations)
        self._loaded = True
        if changed:
            self._order = None
        return changed

    def search(self, query: Query | str, doc_id: str | None = None) -> list[Entry]:
        """The entries a query matches, of one document or all (call `refresh` first)."""
        if isinstance(query, str):
            query = parse_query(query)
        if doc_id is not None:
            groups = [self._groups[doc_id]] if doc_id in self._groups else []
        else:
            groups = [self._groups[key] for key in self._ordered()]
        found: list[Entry] = []
        for group in groups:
            if query.accepts_document(group.view):
                found += group.entries
        return query.filter(found)

    def entries(self, doc_id: str | None = None) -> list[Entry]:
        return self.search(Query(""), doc_id)

    def groups(self) -> list[DocumentGroup]:
        """The annotated documents, in path order."""
        return [self._groups[key] for key in self._ordered()]

    def record(self, doc_id: str) -> DocumentRecord:
        """A document's record; one the library lacks (a stray file) is named by its id."""
        return self._records.get(doc_id) or DocumentRecord(
            id=doc_id, path="", sha256="", title=doc_id
        )

    def records(self) -> list[DocumentRecord]:
        return list(self._records.values())

    def counts(self) -> dict[str, int]:
        """How many annotations each annotated document has, for the library's table."""
        return {doc_id: len(group.entries) for doc_id, group in self._groups.items()}

    def tag_counts(self, doc_id: str | None = None) -> Counter[str]:
        """Annotations carrying each tag itself (not counting its children)."""
        return self._sum("counts", doc_id)

    def tag_totals(self, doc_id: str | None = None) -> Counter[str]:
        """Annotations carrying each tag or one of its children, each annotation once."""
        return self._sum("totals", doc_id)

    def __len__(self) -> int:
        return sum(len(group.entries) for group in self._groups.values())

    def apply(self, step: Step) -> None:
        """Take in a step just written, without reading the files again.

        Only for a caller that holds the store's write lock since it called `refresh` and
        wrote `step` under it: then the files hold exactly what the index believes.
        """
        if not self._loaded:
            return
        for change in step.documents:
            self._records[change.after.id] = change.after
        by_doc: dict[str, list[Annotation | str]] = {}
        for change in step.annotations:
            subject = annotated(change)
            by_doc.setdefault(subject.doc_id, []).append(change.after or subject.id)
        for doc_id in {change.after.id for change in step.documents} | by_doc.keys():
            group = self._groups.get(doc_id)
            annotations = {a.id: a for a in group.annotations} if group else {}
            for item in by_doc.get(doc_id, []):
                if isinstance(item, str):
                    annotations.pop(item, None)
                else:
                    annotations[item.id] = item
            if group is not None or annotations:
                identity = file_identity(self._path(doc_id))
                self._build(doc_id, identity, sorted(annotations.values(), key=sort_key))
        if step.documents:
            self._library = file_identity(self.store.root / LIBRARY_FILE)
        self._order = None

    def _sum(self, name: str, doc_id: str | None) -> Counter[str]:
        total: Counter[str] = Counter()
        for key, group in self._groups.items():
            if doc_id is None or key == doc_id:
                total.update(getattr(group, name))
        return total

    def _refresh_library(self) -> set[str]:
        identity = file_identity(self.store.root / LIBRARY_FILE)
        if self._loaded and identity == self._library:
            return set()
        records = {record.id: record for record in self.store.documents()}
        changed = {
            doc_id
            for doc_id in records.keys() | self._records.keys()
            if records.get(doc_id) != self._records.get(doc_id)
        }
        self._records, self._library = records, identity
        return changed

    def _document_files(self) -> dict[str, Identity]:
        folder = self.store.root / DOCS_FOLDER
        files: dict[str, Identity] = {}
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    try:
                        stat = entry.stat()
                    except FileNotFoundError:
                        continue
                    files[entry.name[: -len(".json")]] = (
                        stat.st_ino,
                        stat.st_size,
                        stat.st_mtime_ns,
                    )
        return files

    def _path(self, doc_id: str) -> Path:
        return self.store.root / DOCS_FOLDER / f"{doc_id}.json"

    def _load(self, doc_id: str, identity: Identity) -> None:
        try:
            annotations = self.store.annotations(doc_id)
        except StoreError as error:
            self.damaged[doc_id] = str(error)
            annotations = []  # kept empty, with its identity, so it is read again once fixed
        else:
            self.damaged.pop(doc_id, None)
        self._build(doc_id, identity, annotations)

    def _build(self, doc_id: str, identity: Identity | None, annotations: list[Annotation]) -> None:
        group = DocumentGroup(view=view_document(self.record(doc_id)), identity=identity)
        group.fill(annotations)
        self._groups[doc_id] = group

    def _ordered(self) -> list[str]:
        if self._order is None:
            self._order = sorted(
                self._groups, key=lambda key: (self.record(key).path.casefold(), key)
            )
        return self._order
