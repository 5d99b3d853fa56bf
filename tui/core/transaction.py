"""Steps: changes to annotations, codebook entries and documents that are written as one.

A codebook rename rewrites the file of every document that uses the tag. The store replaces each
file atomically, but a crash between two files would leave the rename half done. So a step that
touches more than one file is first written whole to a journal (`journal.json` in the store);
then the files are changed; then the journal is removed, all under the store's write lock.

- If a file cannot be written, the files already written are put back and the step fails with
  nothing changed.
- If postil stops in the middle, the journal is still there: the next step written (or
  `recover`) finishes it first. Finishing rewrites only a record that still holds what the step
  found, so a change someone made since is kept.

So a step is applied everywhere or nowhere, once the store has been used again after a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from tui.core.annotation import Anchor, Annotation
from tui.core.durable import fsync_folder, write_atomically
from tui.core.errors import PostilError, StoreCorruptError, StoreError
from tui.core.storage import SafeJSONStorage
from tui.core.store import LIBRARY_FILE, DocumentRecord, Store, TagInfo

JOURNAL_FILE = "journal.json"
JOURNAL_FORMAT = "postil-journal"


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation before and after a change (None where it did not exist)."""

    before: Annotation | None
    after: Annotation | None

    def inverted(self) -> Change:
        return Change(before=self.after, after=self.before)


@dataclass(frozen=True, slots=True)
class TagChange:
    """One codebook entry before and after a change (None where it did not exist)."""

    before: TagInfo | None
    after: TagInfo | None

    def inverted(self) -> TagChange:
        return TagChange(before=self.after, after=self.before)


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """One document's library record before and after a change (its document-level tags)."""

    before: DocumentRecord
    after: DocumentRecord

    def inverted(self) -> DocumentChange:
        return DocumentChange(before=self.after, after=self.before)


AnyChange = TypeVar("AnyChange", Change, TagChange, DocumentChange)


@dataclass(frozen=True, slots=True)
class Step:
    """Changes made together and undone together; `label` says what they did, for the UI."""

    annotations: tuple[Change, ...] = ()
    tags: tuple[TagChange, ...] = ()
    documents: tuple[DocumentChange, ...] = ()
    label: str = ""

    def inverted(self) -> Step:
        return Step(
            annotations=tuple(change.inverted() for change in reversed(self.annotations)),
            tags=tuple(change.inverted() for change in reversed(self.tags)),
            documents=tuple(change.inverted() for change in reversed(self.documents)),
            label=self.label,
        )

    @property
    def doc_ids(self) -> set[str]:
        """The documents whose annotation files the step changes."""
        return {annotated(change).doc_id for change in self.annotations}

    @property
    def is_empty(self) -> bool:
        return not (self.annotations or self.tags or self.documents)


def annotated(change: Change) -> Annotation:
    """The annotation a change is about (whichever side exists)."""
    found = change.after or change.before
    assert found is not None, "a change has a before or an after"
    return found


def journal_path(store: Store) -> Path:
    return store.root / JOURNAL_FILE


def write_step(store: Store, step: Step) -> None:
    """Write a step to the store, all of it or nothing (see the module docstring)."""
    with store.writing():
        recover(store)
        files = len(step.doc_ids) + bool(step.tags or step.documents)
        journal = journal_path(store)
        try:
            if files <= 1:
                _write(store, step)  # one file: its atomic replacement is enough
                return
            write_atomically(journal, _encode(step), keep_backup=False)
        except OSError as error:
            raise StoreError(
                f"{step.label or 'change'}: not done, nothing was changed (the store could not "
                f"be written: {error.strerror or error})"
            ) from None
        try:
            _write(store, step)
        except (PostilError, OSError) as error:
            _undo_partial(store, step, error)
        _remove(journal)


def recover(store: Store) -> bool:
    """Finish a step that a stopped postil left in the journal; True if there was one."""
    journal = journal_path(store)
    with store.writing():
        if not journal.exists():
            return False
        try:
            step = _decode(journal.read_bytes())
        except (ValueError, KeyError, TypeError) as error:
            raise StoreCorruptError(
                f"{journal}: unfinished change cannot be read ({error}); it was left untouched"
            ) from None
        _write(store, _still_to_do(store, step))
        _remove(journal)
        return True


def _undo_partial(store: Store, step: Step, error: Exception) -> NoReturn:
    """Put back what a failed step wrote, then report the failure (the journal stays if not)."""
    try:
        _write(store, _still_to_do(store, step.inverted()))
    except (PostilError, OSError):
        raise StoreError(
            f"{step.label or 'change'}: interrupted ({error}); postil will finish it at the "
            f"next change to this store"
        ) from None
    _remove(journal_path(store))
    raise StoreError(f"{step.label or 'change'}: not done, nothing was changed ({error})")


def _remove(journal: Path) -> None:
    journal.unlink(missing_ok=True)
    fsync_folder(journal.parent)


def _write(store: Store, step: Step) -> None:
    puts = [change.after for change in step.annotations if change.after is not None]
    removes = [
        change.before
        for change in step.annotations
        if change.after is None and change.before is not None
    ]
    if puts or removes:
        store.write_many(puts=puts, removes=removes)
    if step.tags or step.documents:
        write_library(store, step.tags, step.documents)


def write_library(
    store: Store, tags: Iterable[TagChange], documents: Iterable[DocumentChange]
) -> None:
    """Change codebook entries and document records in one atomic write of the library file.

    `Store` can add a codebook entry but not remove one, and writes one record at a time; this
    writes its `codebook` and `documents` tables in the layout `annotations/README.md` describes,
    through the same storage, under the store's lock.
    """
    storage = SafeJSONStorage(store.root / LIBRARY_FILE)
    with store.writing():
        tables = storage.read() or {}
        codebook = tables.setdefault("codebook", {})
        for change in tags:
            if change.before is not None:
                codebook.pop(change.before.tag, None)
        for change in tags:
            if change.after is not None:
                codebook[change.after.tag] = {
                    "id": change.after.tag,
                    "color": change.after.color,
                    "description": change.after.description,
                }
        records = tables.setdefault("documents", {})
        for change in documents:
            records[change.after.id] = change.after.to_dict()
        storage.write(tables)


def _still_to_do(store: Store, step: Step) -> Step:
    """The part of `step` not yet on disk, for records that still hold what the step found.

    Changes are taken record by record (a rename may remove one codebook entry and write
    another under the same tag): a record is still to do if it holds its state from before the
    step's first change of it and not the state after the last.
    """
    annotations: list[Change] = []
    by_doc: dict[str, list[Change]] = {}
    for change in step.annotations:
        by_doc.setdefault(annotated(change).doc_id, []).append(change)
    for doc_id, changes in by_doc.items():
        current = {annotation.id: annotation for annotation in store.annotations(doc_id)}
        annotations += _pending(changes, lambda c: annotated(c).id, current.get)
    codebook = {info.tag: info for info in store.codebook()}
    tags = _pending(step.tags, lambda c: (c.after or c.before).tag, codebook.get)
    records = {record.id: record for record in store.documents()}
    documents = _pending(step.documents, lambda c: c.after.id, records.get)
    return Step(tuple(annotations), tuple(tags), tuple(documents), step.label)


def _pending(
    changes: Iterable[AnyChange],
    key: Callable[[AnyChange], str],
    now: Callable[[str], Any],
) -> list[AnyChange]:
    by_key: dict[str, list[AnyChange]] = {}
    for change in changes:
        by_key.setdefault(key(change), []).append(change)
    return [
        change
        for name, group in by_key.items()
        if now(name) != group[-1].after and now(name) == group[0].before
        for change in group
    ]


def _encode(step: Step) -> bytes:
    """The journal: each annotation's state after the step, and of its state before only the
    fields that differ (a rename journals thousands of annotations: their tags and time)."""
    data = {
        "format": JOURNAL_FORMAT,
        "label": step.label,
        "annotations": [_annotation_change(change) for change in step.annotations],
        "tags": [[_plain(c.before), _plain(c.after)] for c in step.tags],
        "documents": [[_plain(c.before), _plain(c.after)] for c in step.documents],
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _annotation_change(change: Change) -> dict[str, Any]:
    after = _plain(change.after)
    if change.before is None or after is None:
        return {"before": _plain(change.before), "after": after}
    before = _plain(change.before)
    return {"before_differs": {k: v for k, v in before.items() if after[k] != v}, "after": after}


def _plain(item: Any) -> Any:
    """A record as JSON data, like its `to_dict` but without `asdict`'s deep copies."""
    names = _RECORD_FIELDS.get(type(item))
    if names is None:
        return item
    data = {}
    for name in names:
        value = getattr(item, name)
        data[name] = _plain(value) if type(value) in _RECORD_FIELDS else value
    return data


_RECORD_FIELDS = {
    kind: tuple(field.name for field in fields(kind))
    for kind in (Annotation, Anchor, DocumentRecord, TagInfo)
}


def _decode(data: bytes) -> Step:
    raw = json.loads(data)
    if raw.get("format") != JOURNAL_FORMAT:
        raise ValueError("not a postil journal")

    def annotation(item: dict[str, Any] | None) -> Annotation | None:
        return None if item is None else Annotation.from_dict(item)

    def annotation_change(item: dict[str, Any]) -> Change:
        after = item["after"]
        if "before_differs" in item:
            return Change(annotation({**after, **item["before_differs"]}), annotation(after))
        return Change(annotation(item["before"]), annotation(after))

    def tag(item: dict[str, Any] | None) -> TagInfo | None:
        return None if item is None else TagInfo(**item)

    return Step(
        annotations=tuple(annotation_change(item) for item in raw["annotations"]),
        tags=tuple(TagChange(tag(b), tag(a)) for b, a in raw["tags"]),
        documents=tuple(
            DocumentChange(DocumentRecord.from_dict(b), DocumentRecord.from_dict(a))
            for b, a in raw["documents"]
        ),
        label=str(raw.get("label", "")),
    )
