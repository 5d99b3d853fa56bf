"""Every annotation of a store in memory, prepared for queries, for the browser and codebook.

Reading a store of 100,000 annotations takes seconds; querying the prepared entries takes tens of
milliseconds. So the index reads everything once and then, on `refresh`, only the document files
whose identity (inode, size, modification time) changed: one `stat` per file when nothing did.
Changes made through `Codebook` are taken in directly (`apply`), without reading files again;
so are renamed tags (`tag_names`), which change the library file only.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

from tui.core.annotation import Annotation
from tui.core.collector import collector_paused
from tui.core.errors import StoreError
from tui.core.query import (
    DocumentView,
    Entry,
    Query,
    ancestors,
    parse_query,
    prepare,
    retagged,
    view_document,
)
from tui.core.store import (
    DOCS_FOLDER,
    LIBRARY_FILE,
    DocumentRecord,
    Store,
    sort_key,
)
from tui.core.tag_names import TagNames
from tui.core.transaction import Change, Step, annotated

Identity = tuple[int, int, int]


def file_identity(path: Path | os.DirEntry[str]) -> Identity | None:
    """What tells a rewritten file from the one read before (a rewrite is a new inode)."""
    try:
        stat = path.stat() if isinstance(path, os.DirEntry) else os.stat(path)
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=1 << 16)
def tag_family(tags: tuple[str, ...]) -> frozenset[str]:
    """The tags and all their parents, each once (cached: few distinct tag sets exist)."""
    return frozenset(above for tag in tags for above in ancestors(tag))


@dataclass(slots=True)
class DocumentGroup:
    """The annotations of one document file, prepared, with their tag counts."""

    view: DocumentView
    identity: Identity | None = None
    entries: list[Entry] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    totals: Counter[str] = field(default_factory=Counter)
    tags: frozenset[str] = frozenset()  # folded, with parents: what `tag:` can find here

    def fill(self, annotations: list[Annotation], earlier: dict[str, Entry]) -> None:
        """Prepare the annotations, reusing the `earlier` entries of those that did not change."""
        entries = []
        for annotation in annotations:
            entry = earlier.get(annotation.id)
            if entry is None or entry.document is not self.view:
                entry = prepare(annotation, self.view)
            elif entry.annotation is not annotation:
                entry = retagged(entry, annotation) or prepare(annotation, self.view)
            entries.append(entry)
        self.entries = entries
        self._count()

    def follow(self, annotations: list[Annotation]) -> None:
        """Take in the same annotations in the same order, some with other tags (renamed)."""
        self.entries = [
            entry
            if entry.annotation is annotation
            else retagged(entry, annotation) or prepare(annotation, self.view)
            for entry, annotation in zip(self.entries, annotations, strict=True)
        ]
        self._count()

    def _count(self) -> None:
        entries = self.entries
        self.counts = Counter(chain.from_iterable(e.annotation.tags for e in entries))
        self.totals = Counter(chain.from_iterable(tag_family(e.annotation.tags) for e in entries))
        self.tags = frozenset().union(*(entry.tags for entry in entries))

    def retag(self, changes: list[Change]) -> bool:
        """Take in changed annotations that keep their place (a codebook change) without
        preparing the rest again; False, changing nothing, if one is new, gone or moved."""
        places = {entry.annotation.id: place for place, entry in enumerate(self.entries)}
        for change in changes:
            place = places.get(annotated(change).id)
            if change.before is None or change.after is None or place is None:
                return False
            if sort_key(change.after) != sort_key(self.entries[place].annotation):
                return False
        for change in changes:
            assert change.after is not None
            place = places[change.after.id]
            earlier = self.entries[place].annotation
            self.counts.subtract(earlier.tags)
            self.counts.update(change.after.tags)
            self.totals.subtract(tag_family(earlier.tags))
            self.totals.update(tag_family(change.after.tags))
            entry = self.entries[place]
            self.entries[place] = retagged(entry, change.after) or prepare(change.after, self.view)
        self.counts, self.totals = +self.counts, +self.totals  # drop the tags gone to zero
        self.tags = frozenset().union(*(entry.tags for entry in self.entries))
        return True

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
        self._names: TagNames | None = None
        self._loaded = False
        self._order: list[str] | None = None
        self._generation = 0  # counts changes, so a search never reuses results made before
        self._last: tuple[int, str | None, Query, list[Entry]] | None = None

    def refresh(self) -> set[str]:
        """Read what changed on disk since the last refresh; returns the documents changed."""
        changed = self._refresh_library()
        files = self._document_files()
        for doc_id in self._groups.keys() - files.keys():
            del self._groups[doc_id]
            self.damaged.pop(doc_id, None)
            changed.add(doc_id)
        with collector_paused():
            for doc_id, identity in files.items():
                group = self._groups.get(doc_id)
                if group is None or group.identity != identity:
                    self._load(doc_id, identity)
                    changed.add(doc_id)
                elif doc_id in changed:  # only its library record changed: title, path, tags
                    self._build(doc_id, identity, group.annotations)
            changed |= self._follow_names()
        self._loaded = True
        if changed:
            self._order = None
            self._generation += 1
        return changed

    def search(self, query: Query | str, doc_id: str | None = None) -> list[Entry]:
        """The entries a query matches, of one document or all (call `refresh` first).

        While a user types, each query usually narrows the one before (`Query.narrows`):
        then only the last results are searched again.
        """
        if isinstance(query, str):
            query = parse_query(query)
        if doc_id is not None:
            groups = [self._groups[doc_id]] if doc_id in self._groups else []
        else:
            groups = [self._groups[key] for key in self._ordered()]
        accepted = [
            group
            for group in groups
            if query.accepts_document(group.view) and query.possible_among(group.tags)
        ]
        everything = sum(len(group.entries) for group in accepted)
        last = self._last
        if (
            last
            and last[:2] == (self._generation, doc_id)
            and len(last[3]) < everything
            and query.narrows(last[2])
        ):
            candidates = last[3]
            if query.document_terms:
                views = {id(group.view) for group in accepted}
                candidates = [entry for entry in candidates if id(entry.document) in views]
        else:
            candidates = [entry for group in accepted for entry in group.entries]
        found = query.filter(candidates)
        self._last = (self._generation, doc_id, query, found)
        return list(found)

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
        by_doc: dict[str, list[Change]] = {}
        for change in step.annotations:
            by_doc.setdefault(annotated(change).doc_id, []).append(change)
        for doc_id in {change.after.id for change in step.documents} | by_doc.keys():
            group = self._groups.get(doc_id)
            changes = by_doc.get(doc_id, [])
            if group is not None and group.view.record == self.record(doc_id):
                retagged = group.retag(changes)
            else:
                retagged = False
            if not retagged:
                annotations = {a.id: a for a in group.annotations} if group else {}
                for change in changes:
                    if change.after is None:
                        annotations.pop(annotated(change).id, None)
                    else:
                        annotations[change.after.id] = change.after
                if group is None and not annotations:
                    continue
                self._build(doc_id, None, sorted(annotations.values(), key=sort_key))
            self._groups[doc_id].identity = file_identity(self._path(doc_id))
        if step.changes_library:
            self._library = file_identity(self.store.root / LIBRARY_FILE)
        if step.names:
            self._follow_names()
        self._order = None
        self._generation += 1

    def _follow_names(self) -> set[str]:
        """Give the annotations their tags' names anew if the store's `tag_names` changed: in
        memory, as their files did not change. Returns the documents whose tags changed."""
        names = self.store.tag_names()
        if names == self._names:
            return set()
        self._names = names
        doc_ids = [
            doc_id
            for doc_id, group in self._groups.items()
            if doc_id not in self.damaged and group.identity is not None
        ]
        try:
            named = self.store.load_annotations(doc_ids)
        except StoreError:  # a file damaged since it was read: each is read again, and named
            named = {}
        changed = set()
        for doc_id in doc_ids:
            group = self._groups[doc_id]
            before, after = group.annotations, named.get(doc_id)
            if after is None:
                self._load(doc_id, group.identity)
            elif len(after) != len(before):
                self._build(doc_id, group.identity, after)
            elif any(a is not b for a, b in zip(before, after, strict=True)):
                group.follow(after)
            else:
                continue
            changed.add(doc_id)
        return changed

    def _sum(self, name: str, doc_id: str | None) -> Counter[str]:
        groups = self._groups.values() if doc_id is None else [self._groups.get(doc_id)]
        total: Counter[str] = Counter()
        for group in groups:
            if group is not None:
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
        files: dict[str, Identity] = {}
        with os.scandir(self.store.root / DOCS_FOLDER) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and not entry.name.startswith("."):
                    identity = file_identity(entry)
                    if identity is not None:
                        files[entry.name.removesuffix(".json")] = identity
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
        record = self.record(doc_id)
        earlier = self._groups.get(doc_id)
        if earlier is not None and earlier.view.record == record:
            view, reuse = earlier.view, {entry.annotation.id: entry for entry in earlier.entries}
        else:
            view, reuse = view_document(record), {}
        group = DocumentGroup(view=view, identity=identity)
        group.fill(annotations, reuse)
        self._groups[doc_id] = group

    def _ordered(self) -> list[str]:
        if self._order is None:
            self._order = sorted(
                self._groups, key=lambda key: (self.record(key).path.casefold(), key)
            )
        return self._order
