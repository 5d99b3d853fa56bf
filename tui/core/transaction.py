"""Steps: changes to annotations, codebook entries, documents and tag names made together.

A step is made, undone and redone as one. Each step changes one file of the store: the
annotations of one document, or the library (codebook, document records and tag names: a
codebook rename gives the tag a new name there instead of rewriting every document that uses
it, see `tag_names`). So the file's atomic replacement makes a step all or nothing, also when
postil is killed in the middle of writing it.

A step is written only onto what it was made from: an undo after another postil changed the
same records would put their old values back over that change, so it is refused instead
(`StaleStepError`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from tui.core.annotation import Annotation
from tui.core.errors import NotFoundError, StoreError
from tui.core.storage import SafeJSONStorage
from tui.core.store import LIBRARY_FILE, DocumentRecord, Store, TagInfo
from tui.core.tag_names import TagName


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


@dataclass(frozen=True, slots=True)
class NameChange:
    """One entry of the `tag_names` table before and after a change (None where absent: the
    key is the tag's name)."""

    before: TagName | None
    after: TagName | None

    def inverted(self) -> NameChange:
        return NameChange(before=self.after, after=self.before)

    @property
    def key(self) -> str:
        entry = self.after or self.before
        assert entry is not None, "a change has a before or an after"
        return entry.key


@dataclass(frozen=True, slots=True)
class Step:
    """Changes made together and undone together; `label` says what they did, for the UI."""

    annotations: tuple[Change, ...] = ()
    tags: tuple[TagChange, ...] = ()
    documents: tuple[DocumentChange, ...] = ()
    label: str = ""
    names: tuple[NameChange, ...] = ()

    def inverted(self) -> Step:
        return Step(
            annotations=tuple(change.inverted() for change in reversed(self.annotations)),
            tags=tuple(change.inverted() for change in reversed(self.tags)),
            documents=tuple(change.inverted() for change in reversed(self.documents)),
            label=self.label,
            names=tuple(change.inverted() for change in reversed(self.names)),
        )

    @property
    def doc_ids(self) -> set[str]:
        """The documents whose annotation files the step changes."""
        return {annotated(change).doc_id for change in self.annotations}

    @property
    def changes_library(self) -> bool:
        """True if the step changes the library file (codebook, documents, tag names)."""
        return bool(self.tags or self.documents or self.names)

    @property
    def is_empty(self) -> bool:
        return not (self.annotations or self.changes_library)


def annotated(change: Change) -> Annotation:
    """The annotation a change is about (whichever side exists)."""
    found = change.after or change.before
    assert found is not None, "a change has a before or an after"
    return found


class StaleStepError(StoreError):
    """A step whose records no longer hold what it was made from (`what` says which)."""

    def __init__(self, message: str, what: str) -> None:
        super().__init__(message)
        self.what = what


def write_step(store: Store, step: Step) -> None:
    """Write a step to the store in one atomic write of the file it changes, if the records it
    changes still hold what it was made from (else `StaleStepError`, nothing written)."""
    assert len(step.doc_ids) + step.changes_library <= 1, "a step changes one file"
    try:
        with store.writing():
            stale = _changed_since(store, step)
            if stale:
                raise StaleStepError(
                    f"{step.label or 'change'}: not done, as {stale} changed since (in another "
                    f"postil); nothing was changed",
                    stale,
                )
            _write(store, step)
    except OSError as error:
        raise StoreError(
            f"{step.label or 'change'}: not done, nothing was changed (the store could not "
            f"be written: {error.strerror or error})"
        ) from None


AnyChange = TypeVar("AnyChange", Change, TagChange, DocumentChange, NameChange)


def _changed_since(store: Store, step: Step) -> str | None:
    """What of the records `step` changes no longer holds what the step found (None: all do).
    A record changed twice in a step is compared with its state before the first change."""
    for change in _firsts(step.annotations, lambda c: annotated(c).id):
        if _stored_annotation(store, annotated(change)) != change.before:
            return "an annotation it changes"
    if step.tags:
        codebook = {info.tag: info for info in store.codebook()}
        for change in _firsts(step.tags, _tag_of):
            if codebook.get(_tag_of(change)) != change.before:
                return f"the codebook entry of '{_tag_of(change)}'"
    if step.documents:
        records = {record.id: record for record in store.documents()}
        for change in _firsts(step.documents, lambda c: c.after.id):
            record = records.get(change.after.id)
            if record is None or record.tags != change.before.tags:
                return f"the tags of {change.before.title}"
    if step.names:
        names = store.tag_names(fresh=True).names
        for change in _firsts(step.names, lambda c: c.key):
            now = TagName(change.key, names[change.key]) if change.key in names else None
            if now != change.before:
                return f"tag '{change.before.name if change.before else change.key}'"
    return None


def _firsts(changes: Iterable[AnyChange], key: Callable[[AnyChange], str]) -> list[AnyChange]:
    """The first change of each record."""
    found: dict[str, AnyChange] = {}
    for change in changes:
        found.setdefault(key(change), change)
    return list(found.values())


def _tag_of(change: TagChange) -> str:
    entry = change.before or change.after
    assert entry is not None, "a change has a before or an after"
    return entry.tag


def _stored_annotation(store: Store, annotation: Annotation) -> Annotation | None:
    try:
        return store.get(annotation.id, annotation.doc_id)
    except NotFoundError:
        return None


def _write(store: Store, step: Step) -> None:
    puts = [change.after for change in step.annotations if change.after is not None]
    removes = [
        change.before
        for change in step.annotations
        if change.after is None and change.before is not None
    ]
    if puts or removes:
        store.write_many(puts=puts, removes=removes)
    if step.changes_library:
        write_library(store, step.tags, step.documents, step.names)


def write_library(
    store: Store,
    tags: Iterable[TagChange],
    documents: Iterable[DocumentChange],
    names: Iterable[NameChange] = (),
) -> None:
    """Change codebook entries, document records and tag names in one atomic write of the
    library file.

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
        for change in documents:  # their tags only: a reading position saved since stays
            record = records.get(change.after.id)
            tags = list(change.after.tags)
            records[change.after.id] = (
                change.after.to_dict() if record is None else {**record, "tags": tags}
            )
        names = tuple(names)
        if names:
            table = dict(tables.get("tag_names", {}))  # a new table: the store reads it anew
            for change in names:
                table.pop(change.key, None)
                if change.after is not None:
                    table[change.key] = change.after.to_dict()
            tables["tag_names"] = table
        storage.write(tables)
