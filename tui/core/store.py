"""The annotation store: one TinyDB file per document plus one for the library and codebook.

Layout under the store folder (see `annotations/README.md`):

    library.json        documents (path, hash, title, reading position, ...), the codebook
                        and the current names of renamed tags (`tag_names`)
    docs/<doc id>.json  the annotations of one document

Small files keep each write small and fast and make diffs under git readable. Every change is on
disk when its call returns (`SafeJSONStorage`), and writes of several postil processes (and
threads) are serialized by a file lock, each reading what is on disk first, so none loses
another's change. A record that cannot be read is reported as damage of its file, never as a
crash.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Table

from tui.core.annotation import Annotation, new_id, normalize_tag, now_iso
from tui.core.collector import collector_paused
from tui.core.document import Document, read_document
from tui.core.durable import Identity, fsync_folder, identity_of, remove_leftovers
from tui.core.errors import NotFoundError, StoreError
from tui.core.storage import Damage, SafeJSONStorage, Tables, damaged, write_all
from tui.core.tag_names import TagName, TagNames

LIBRARY_FILE = "library.json"
DOCS_FOLDER = "docs"
LOCK_FILE = ".lock"
LOCK_TIMEOUT_SECONDS = 30
NAMES_RECHECK_SECONDS = 1.0

T = TypeVar("T")


class RecordTable(Table):
    """A TinyDB table keyed by our own string ids (annotation and document ids)."""

    document_id_class = str

    def put_many(self, records: Iterable[dict[str, Any]], removed: Iterable[str] = ()) -> None:
        """Insert or replace whole records and remove others, in one atomic write of the file."""
        write_all([self.changed(records, removed)])

    def changed(
        self, records: Iterable[dict[str, Any]], removed: Iterable[str] = ()
    ) -> tuple[SafeJSONStorage, Tables]:
        """The tables of the file with these records put and removed, for `write_all`; what
        was read stays as it was until the write succeeds."""
        storage = self._storage
        assert isinstance(storage, SafeJSONStorage)
        tables = dict(storage.read() or {})
        table = dict(tables.get(self.name, {}))
        for record in records:
            table[str(record["id"])] = dict(record)
        for record_id in removed:
            table.pop(record_id, None)
        tables[self.name] = table
        return storage, tables

    def record(self, record_id: str) -> dict[str, Any] | None:
        found = self._read_table().get(record_id)
        return dict(found) if found is not None else None

    def records(self) -> list[dict[str, Any]]:
        return [dict(record) for record in self._read_table().values()]

    def stored(self) -> dict[str, dict[str, Any]]:
        """The table as read, not copied: a new object whenever the file changed (not to be
        changed in place)."""
        return self._read_table()


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """What the library knows of a document, without reading its file.

    `sha256` is the hash of the text its annotations are anchored to; when the file's text no
    longer has that hash, the document has changed since it was annotated.
    """

    id: str
    path: str
    sha256: str
    title: str
    size: int = 0
    added: str = field(default_factory=now_iso)
    last_opened: str = ""
    position: int = 0
    tags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentRecord:
        known = {name: data[name] for name in cls.__slots__ if name in data}
        known["tags"] = tuple(known.get("tags", ()))
        return cls(**known)


@dataclass(frozen=True, slots=True)
class TagInfo:
    """A codebook entry: a tag's own colour and description (a tag may have no annotations)."""

    tag: str
    color: str | None = None
    description: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TagInfo:
        return cls(tag=data["id"], color=data.get("color"), description=data.get("description", ""))


def load_annotation(data: dict[str, Any]) -> Annotation:
    """An annotation record, refused if its offsets are not numbers (they are compared later;
    `from_stored` has checked them in the records it reads)."""
    annotation = Annotation.from_stored(data)
    if annotation is not None:
        return annotation
    annotation = Annotation.from_dict(data)
    anchor = annotation.anchor
    if anchor is not None and not (type(anchor.start) is int and type(anchor.end) is int):
        raise ValueError("its anchor offsets are not whole numbers")
    return annotation


def load_document_record(data: dict[str, Any]) -> DocumentRecord:
    record = DocumentRecord.from_dict(data)
    if not (type(record.position) is int and type(record.size) is int):
        raise ValueError("its position or size is not a whole number")
    return record


LOADERS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "annotations": load_annotation,
    "documents": load_document_record,
    "codebook": TagInfo.from_dict,
    "tag_names": TagName.from_dict,
}


def load_records(
    records: Iterable[dict[str, Any]], loader: Callable[[dict[str, Any]], T]
) -> list[T]:
    """Records made into objects; a record that does not fit raises `Damage` naming it.

    All are loaded in one pass, as reading a large store is mostly this; only when one does
    not fit are they gone through again, one at a time, to name it."""
    records = list(records)
    try:
        return [loader(record) for record in records]
    except (KeyError, TypeError, ValueError, AttributeError):
        pass
    loaded = []
    for record in records:
        try:
            loaded.append(loader(record))
        except KeyError as error:
            raise Damage(f"record {record.get('id')!r} has no field {error}") from None
        except (TypeError, ValueError, AttributeError) as error:
            raise Damage(f"record {record.get('id')!r} cannot be read ({error})") from None
    return loaded


def check_tables(tables: dict[str, dict[str, Any]]) -> None:
    """Raise `Damage` if any record of a store file's known tables cannot be loaded."""
    for name, table in tables.items():
        if name in LOADERS:
            load_records(table.values(), LOADERS[name])


def _stored_keys(record: dict[str, Any] | None) -> tuple[str, ...]:
    """The tag keys a stored record holds (none if it is not one postil wrote)."""
    tags = record.get("tags") if record else None
    return tuple(tag for tag in tags if type(tag) is str) if type(tags) is list else ()


def sort_key(annotation: Annotation) -> tuple[int, int, str]:
    """Document notes first, then passages in reading order, orphans last."""
    if annotation.is_document_note:
        return (-1, 0, annotation.created)
    if annotation.orphan:
        return (1 << 62, 0, annotation.created)
    return (annotation.anchor.start, annotation.anchor.end, annotation.created)


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A document's annotations as last read: the table read, the annotations made of it
    (their tags as stored, `keys`), and the same with their tags' current names."""

    table: dict[str, Any]
    stored: list[Annotation]
    keys: frozenset[str]
    names: TagNames
    annotations: list[Annotation]


class Store:
    """All annotations, documents and the codebook kept under one folder.

    Annotations come and go with their tags' current names; the files store them under keys
    that a rename does not change (see `tag_names`).
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        docs = self.root / DOCS_FOLDER
        if not docs.is_dir():
            try:
                docs.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"{self.root}: cannot create the store ({error.strerror})"
                ) from None
            fsync_folder(self.root)
            fsync_folder(self.root.parent)
        if not os.access(self.root, os.W_OK):
            raise StoreError(f"{self.root}: the store folder is not writable")
        self._lock = FileLock(self.root / LOCK_FILE, timeout=LOCK_TIMEOUT_SECONDS)
        self._swept = False
        self._library = self._open(self.root / LIBRARY_FILE)
        self._doc_dbs: dict[str, TinyDB] = {}
        self._loaded: dict[str, _Loaded] = {}
        self._names: tuple[dict[str, Any], TagNames] | None = None
        self._names_identity: Identity | None = None
        self._names_checked = 0.0
        # The tag keys of annotations removed, should an undo put them back (see `TagNames.keys`).
        self._removed_keys: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _open(path: Path) -> TinyDB:
        database = TinyDB(str(path), storage=SafeJSONStorage)
        database.table_class = RecordTable
        database.default_table_name = "annotations"
        return database

    def _table(self, database: TinyDB, name: str) -> RecordTable:
        table = database.table(name, cache_size=0)
        assert isinstance(table, RecordTable)
        return table

    def _annotations(self, doc_id: str) -> RecordTable:
        if doc_id not in self._doc_dbs:
            self._doc_dbs[doc_id] = self._open(self.annotations_path(doc_id))
        return self._table(self._doc_dbs[doc_id], "annotations")

    def annotations_path(self, doc_id: str) -> Path:
        """The file holding a document's annotations."""
        if not doc_id or "/" in doc_id or "\\" in doc_id or doc_id.startswith("."):
            raise StoreError(f"not a document id: {doc_id!r}")
        return self.root / DOCS_FOLDER / f"{doc_id}.json"

    @property
    def library_path(self) -> Path:
        return self.root / LIBRARY_FILE

    def _load(
        self, path: Path, records: Iterable[dict[str, Any]], loader: Callable[[dict[str, Any]], T]
    ) -> list[T]:
        try:
            return load_records(records, loader)
        except Damage as damage:
            raise damaged(path, str(damage)) from None

    @property
    def _documents(self) -> RecordTable:
        return self._table(self._library, "documents")

    @property
    def _codebook(self) -> RecordTable:
        return self._table(self._library, "codebook")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock: other postil processes and threads wait, then see this
        change. The first time, temporary files of writers killed mid-write are removed.
        """
        try:
            with self._lock:
                if not self._swept:
                    remove_leftovers(self.root)
                    remove_leftovers(self.root / DOCS_FOLDER)
                    self._swept = True
                yield
        except Timeout:
            raise StoreError(
                f"{self.root}: the store is locked by another postil process (waited "
                f"{LOCK_TIMEOUT_SECONDS} s); try again"
            ) from None

    # Documents ----------------------------------------------------------------------------

    def open_document(self, path: str | os.PathLike[str], *, opened: bool = True) -> Document:
        """Read a document and give it its stable id (registering it the first time).
        `opened` False: read to work on, not by the reader, so its "last opened" stays."""
        return self.register_many([read_document(path)], opened=opened)[0]

    def register(self, document: Document) -> Document:
        """Find the document in the library by path, else by content (a moved file), else add it."""
        return self.register_many([document])[0]

    def register_many(
        self, documents: Iterable[Document], *, opened: bool = True
    ) -> list[Document]:
        """`register` each document, with one write of the library for all of them (a write
        per document made opening a folder of a thousand take minutes). `opened` False: they
        were only found (a folder listed), so their "last opened" stays as it was, and records
        that did not change are not written again."""
        documents = list(documents)
        with self.writing():
            records = self.documents()
            by_path = {record.path: record for record in records}
            by_hash: dict[str, list[DocumentRecord]] = {}
            for record in records:
                by_hash.setdefault(record.sha256, []).append(record)
            changed: dict[str, DocumentRecord] = {}
            registered = []
            for document in documents:
                path = str(document.path.resolve())
                known = by_path.get(path) or next(
                    (
                        r
                        for r in by_hash.get(document.sha256, ())
                        if r.id not in changed and not Path(r.path).exists()
                    ),
                    None,
                )
                if known is not None:
                    by_path.pop(known.path, None)
                record = self._registered(known, document, path, opened)
                by_path[path] = changed[record.id] = record
                registered.append(document.with_id(record.id))
            before = {record.id: record for record in records}
            written = [record for record in changed.values() if record != before.get(record.id)]
            if written:
                self._documents.put_many(record.to_dict() for record in written)
        return registered

    def _registered(
        self, record: DocumentRecord | None, document: Document, path: str, opened: bool
    ) -> DocumentRecord:
        """The library record of a document just read at `path` (`record`: what was known)."""
        if record is None:
            record = DocumentRecord(
                id=new_id().replace("-", "")[:16],
                path=path,
                sha256=document.sha256,
                title=document.title,
            )
        unchanged_anchors = record.sha256 == document.sha256 or not self.annotations(record.id)
        return replace(
            record,
            path=path,
            title=document.title,
            size=len(document.text),
            last_opened=now_iso() if opened else record.last_opened,
            sha256=document.sha256 if unchanged_anchors else record.sha256,
        )

    def documents(self) -> list[DocumentRecord]:
        return self._load(self.library_path, self._documents.records(), load_document_record)

    def document(self, doc_id: str) -> DocumentRecord:
        data = self._documents.record(doc_id)
        if data is None:
            raise NotFoundError(f"no document with id {doc_id} in the store")
        return self._load(self.library_path, [data], load_document_record)[0]

    def find_document(self, name: str) -> DocumentRecord:
        """A document by id, path, or file name, as a user types it on the command line."""
        path = str(Path(name).resolve())
        records = self.documents()
        for record in records:
            if name == record.id or path == record.path:
                return record
        named = [r for r in records if Path(r.path).name == name]
        if len(named) == 1:
            return named[0]
        if named:
            raise NotFoundError(f"{name}: several documents have this name; give its path")
        raise NotFoundError(f"{name}: no such document in the store")

    def update_document(self, record: DocumentRecord) -> None:
        with self.writing():
            self._documents.put_many([record.to_dict()])

    def set_position(self, doc_id: str, position: int) -> None:
        """Remember where the reader was in a document."""
        with self.writing():
            self._documents.put_many([replace(self.document(doc_id), position=position).to_dict()])

    # Annotations --------------------------------------------------------------------------

    def add(self, annotation: Annotation) -> Annotation:
        with self.writing():
            if self._annotations(annotation.doc_id).record(annotation.id) is not None:
                raise StoreError(f"an annotation with id {annotation.id} already exists")
            self.write_many(puts=[annotation])
        return annotation

    def update(self, annotation: Annotation) -> Annotation:
        with self.writing():
            if self._annotations(annotation.doc_id).record(annotation.id) is None:
                raise NotFoundError(f"no annotation with id {annotation.id}")
            self.write_many(puts=[annotation])
        return annotation

    def delete(self, annotation_id: str, doc_id: str | None = None) -> Annotation:
        with self.writing():
            annotation = self.get(annotation_id, doc_id)
            self.write_many(removes=[annotation])
        return annotation

    def write_many(
        self, puts: Iterable[Annotation] = (), removes: Iterable[Annotation] = ()
    ) -> None:
        """Put and remove many annotations; each document's file changes in one atomic write,
        and all the files are on disk when it returns (see `write_all`)."""
        by_doc: dict[str, tuple[list[Annotation], list[str]]] = {}
        for annotation in puts:
            by_doc.setdefault(annotation.doc_id, ([], []))[0].append(annotation)
        for annotation in removes:
            by_doc.setdefault(annotation.doc_id, ([], []))[1].append(annotation.id)
        with self.writing():
            names = self.tag_names(fresh=True)
            if names:
                names = names.copy()
            fresh: list[TagName] = []
            writes = []
            for doc_id, (annotations, removed) in by_doc.items():
                table = self._annotations(doc_id)
                records = self._records(table, annotations, removed, names, fresh)
                writes.append(table.changed(records, removed))
            if fresh:  # listed first: a crash before the documents leaves unused keys only
                self._tag_names_table.put_many(entry.to_dict() for entry in fresh)
            write_all(writes)

    def _records(
        self,
        table: RecordTable,
        annotations: list[Annotation],
        removed: list[str],
        names: TagNames,
        fresh: list[TagName],
    ) -> list[dict[str, Any]]:
        """The records to write for `annotations`, their tags under the keys `names` gives
        (adding to `fresh` the keys it had to make); the keys of `removed` are remembered."""
        records = [annotation.to_dict() for annotation in annotations]
        if not names:
            return records
        stored = table.stored()
        for record_id in removed:
            self._removed_keys[record_id] = _stored_keys(stored.get(record_id))
        for record in records:
            record_id = record["id"]
            earlier = stored.get(record_id)
            known = _stored_keys(earlier) if earlier else self._removed_keys.get(record_id, ())
            keys, added = names.keys(tuple(record["tags"]), known)
            record["tags"] = list(keys)
            fresh += added
        return records

    def get(self, annotation_id: str, doc_id: str | None = None) -> Annotation:
        doc_ids = [doc_id] if doc_id else self.annotated_doc_ids()
        for candidate in doc_ids:
            data = self._annotations(candidate).record(annotation_id)
            if data is not None:
                found = self._load(self.annotations_path(candidate), [data], load_annotation)
                return self.tag_names().resolved(found)[0]
        raise NotFoundError(f"no annotation with id {annotation_id}")

    def annotations(self, doc_id: str) -> list[Annotation]:
        """The annotations of one document: document notes, then passages in reading order.

        Loaded again only when the file changed: reading all of a large store is then cheap
        for the export and the library that follow the browser.
        """
        return self._named_annotations(doc_id, self.tag_names())

    def _named_annotations(self, doc_id: str, names: TagNames) -> list[Annotation]:
        with collector_paused():
            table = self._annotations(doc_id).stored()
            loaded = self._loaded.get(doc_id)
            if loaded is None or loaded.table is not table:
                path = self.annotations_path(doc_id)
                stored = sorted(self._load(path, table.values(), load_annotation), key=sort_key)
                keys = frozenset(tag for annotation in stored for tag in annotation.tags)
                loaded = _Loaded(table, stored, keys, names, names.resolved(stored))
            elif loaded.names != names:
                changed = names.changed_since(loaded.names)
                annotations = loaded.annotations
                if not loaded.keys.isdisjoint(changed):
                    annotations = names.renamed(loaded.stored, annotations, changed)
                loaded = replace(loaded, names=names, annotations=annotations)
            self._loaded[doc_id] = loaded
        return list(loaded.annotations)

    def stored_keys(self, doc_id: str) -> frozenset[str]:
        """The tag keys a document's file stores (see `tag_names`)."""
        loaded = self._loaded.get(doc_id)
        if loaded is None or loaded.table is not self._annotations(doc_id).stored():
            self.annotations(doc_id)  # the file changed since it was read
            loaded = self._loaded[doc_id]
        return loaded.keys

    def load_annotations(self, doc_ids: Iterable[str]) -> dict[str, list[Annotation]]:
        """`annotations` of many documents, read faster together (`collector_paused`, the
        tag names read once)."""
        with collector_paused():
            names = self.tag_names()
            return {doc_id: self._named_annotations(doc_id, names) for doc_id in doc_ids}

    def annotated_doc_ids(self) -> list[str]:
        try:
            names = os.listdir(self.root / DOCS_FOLDER)
        except FileNotFoundError:
            return []
        return sorted(
            name.removesuffix(".json")
            for name in names
            if name.endswith(".json") and not name.startswith(".")
        )

    def all_annotations(self) -> Iterator[Annotation]:
        for loaded in self.load_annotations(self.annotated_doc_ids()).values():
            yield from loaded

    def search(
        self, doc_id: str | None = None, tag: str | None = None, text: str | None = None
    ) -> list[Annotation]:
        """Annotations of one document or all, with a tag (or a child of it), containing text."""
        found = self.annotations(doc_id) if doc_id else list(self.all_annotations())
        if tag:
            wanted = normalize_tag(tag)
            found = [a for a in found if a.has_tag(wanted)]
        if text:
            needle = text.casefold()
            found = [
                a for a in found if needle in a.quote.casefold() or needle in a.note.casefold()
            ]
        return found

    def tag_counts(self, doc_id: str | None = None) -> Counter[str]:
        """How many annotations carry each tag; codebook tags without annotations count 0."""
        counts: Counter[str] = Counter({info.tag: 0 for info in self.codebook()})
        annotations = self.annotations(doc_id) if doc_id else self.all_annotations()
        for annotation in annotations:
            counts.update(annotation.tags)
        return counts

    # Tag names ----------------------------------------------------------------------------

    @property
    def _tag_names_table(self) -> RecordTable:
        return self._table(self._library, "tag_names")

    def tag_names(self, *, fresh: bool = False) -> TagNames:
        """The current names of the tag keys that annotation files store (`tag_names`).

        Each document read needs them, and a library file written in the last two seconds is
        read whole to be compared (see `storage`): a thousand documents read after a library
        write took seconds. So between two reads of the file, only its identity is compared,
        for up to `NAMES_RECHECK_SECONDS`. A write (under the lock) asks for them `fresh`.
        """
        now = time.monotonic()
        try:
            identity = identity_of(os.stat(self.library_path))
        except FileNotFoundError:
            identity = None
        if (
            not fresh
            and self._names is not None
            and identity == self._names_identity
            and now - self._names_checked < NAMES_RECHECK_SECONDS
        ):
            return self._names[1]
        table = self._tag_names_table.stored()
        if self._names is None or self._names[0] is not table:
            entries = self._load(self.library_path, table.values(), TagName.from_dict)
            self._names = (table, TagNames(entries))
        self._names_identity, self._names_checked = identity, now
        return self._names[1]

    # Codebook -----------------------------------------------------------------------------

    def codebook(self) -> list[TagInfo]:
        entries = self._load(self.library_path, self._codebook.records(), TagInfo.from_dict)
        return sorted(entries, key=lambda info: info.tag)

    def set_tag_info(self, info: TagInfo) -> None:
        record = {
            "id": normalize_tag(info.tag),
            "color": info.color,
            "description": info.description,
        }
        with self.writing():
            self._codebook.put_many([record])
