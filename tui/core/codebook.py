"""The codebook: every tag with its count, colour and description, and changes to the tag set.

Rename, merge and delete apply to every annotation, codebook entry and document-level tag at
once, as one step of `History` (so one undo puts everything back) written all or nothing
(`write_step`). Annotations follow through the store's tag names (see `tag_names`), so a change
rewrites the library file only, however many documents use the tag. A tag's children follow
it: renaming `economy` to `money` renames `economy/covid` to `money/covid`. Tags are compared
exactly (case included) here; the query language is the forgiving one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from tui.core.annotation import TAG_SEPARATOR, normalize_tag, normalize_tags, tag_matches
from tui.core.annotation_index import AnnotationIndex
from tui.core.collector import collector_paused
from tui.core.errors import NotFoundError, PostilError, StoreCorruptError, UsageError
from tui.core.history import History
from tui.core.query import ancestors
from tui.core.store import DocumentRecord, TagInfo
from tui.core.tag_names import TagName
from tui.core.transaction import DocumentChange, NameChange, Step, TagChange

_COLOR = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[A-Za-z][A-Za-z0-9_]*")
NO_COLOR = ("", "none")


class CodebookError(PostilError):
    """A codebook change that would not do what was meant (e.g. a rename onto an existing tag)."""


@dataclass(frozen=True, slots=True)
class TagRow:
    """One line of the codebook: `count` annotations carry the tag itself, `total` carry it or
    a child (each once), `documents` carry it as a document-level tag."""

    tag: str
    count: int = 0
    total: int = 0
    documents: int = 0
    color: str | None = None
    description: str = ""
    in_codebook: bool = False

    @property
    def name(self) -> str:
        """The last level of the tag (`covid` for `economy/covid`), for a tree."""
        return self.tag.rsplit(TAG_SEPARATOR, 1)[-1]

    @property
    def depth(self) -> int:
        return self.tag.count(TAG_SEPARATOR)


@dataclass(frozen=True, slots=True)
class Impact:
    """What a change to `tag` touches: the tags under it in use (`tags`, itself included when
    used) and how many annotations, documents and codebook entries carry them."""

    tag: str
    tags: tuple[str, ...] = ()
    annotations: int = 0
    documents: int = 0
    document_tags: int = 0
    entries: int = 0

    def summary(self) -> str:
        """What the change touched, e.g. `12 annotations in 3 documents, 1 document tag`."""
        parts = []
        if self.annotations:
            parts.append(
                f"{plural(self.annotations, 'annotation')} in {plural(self.documents, 'document')}"
            )
        if self.document_tags:
            parts.append(plural(self.document_tags, "document tag"))
        if self.entries:
            parts.append(plural(self.entries, "codebook entry", "codebook entries"))
        return ", ".join(parts) or "no annotations"


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`1 tag`, `2 tags`; `nouns` where adding an s is wrong."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def parse_color(text: str | None) -> str | None:
    """A colour as `#rgb`, `#rrggbb` or a name (`red`, `dark_orange`); `none` clears it."""
    if text is None or text.strip().lower() in NO_COLOR:
        return None
    color = text.strip()
    if not _COLOR.fullmatch(color):
        raise UsageError(f"{color!r} is not a colour; use #rrggbb, #rgb or a name such as red")
    return color


def tag_order(tag: str) -> tuple[tuple[str, str], ...]:
    """Sort key: level by level, case-insensitively, so a tree comes out depth first."""
    return tuple((part.casefold(), part) for part in tag.split(TAG_SEPARATOR))


class Codebook:
    """The tag set of a store: listing, and the changes a codebook manager makes.

    It reads through an `AnnotationIndex` (give the browser's, so both share one copy) and
    writes through `History` (give the app's, so its undo covers codebook changes too).
    """

    def __init__(self, history: History, index: AnnotationIndex | None = None) -> None:
        self.history = history
        self.store = history.store
        self.index = index if index is not None else AnnotationIndex(self.store)

    # Reading ------------------------------------------------------------------------------

    def rows(self, tree: bool = False) -> list[TagRow]:
        """Every tag in use or in the codebook; with `tree`, also each parent, depth first."""
        self.index.refresh()
        counts, totals = self.index.tag_counts(), self.index.tag_totals()
        documents = self._document_tag_counts()
        entries = {info.tag: info for info in self.store.codebook()}
        tags = set(counts) | set(documents) | set(entries)
        if tree:
            tags = {above for tag in tags for above in ancestors(tag)}
        rows = []
        for tag in sorted(tags, key=tag_order):
            entry = entries.get(tag)
            rows.append(
                TagRow(
                    tag=tag,
                    count=counts[tag],
                    total=totals[tag],
                    documents=documents[tag],
                    color=entry.color if entry else None,
                    description=entry.description if entry else "",
                    in_codebook=entry is not None,
                )
            )
        return rows

    def exists(self, tag: str) -> bool:
        """True if the tag, or a child of it, is used anywhere or is in the codebook."""
        self.index.refresh()
        return self._known(normalize_tag(tag))

    def impact(self, tag: str) -> Impact:
        """What renaming, merging or deleting `tag` would touch, without changing anything."""
        self.index.refresh()
        return self._impact(self._existing(tag))

    # Changing the tag set -----------------------------------------------------------------

    def rename(self, old: str, new: str) -> Impact:
        """Give a tag a new name; its children follow. Refused onto an existing tag (merge)."""
        with self._changing():
            old, new = self._existing(old), _clean(new)
            if new == old:
                raise CodebookError(f"'{old}' is already called '{new}'")
            if self._known(new) and not tag_matches(new, old) and not self._only_above(new, old):
                raise CodebookError(
                    f"'{new}' already exists; to combine '{old}' with it, merge them"
                )
            return self._change(old, new, f"rename {old} to {new}")

    def merge(self, source: str, target: str) -> Impact:
        """Move every use of `source` (and its children) onto `target`, which must exist."""
        with self._changing():
            source, target = self._existing(source), _clean(target)
            if target == source:
                raise CodebookError(f"cannot merge '{source}' into itself")
            if tag_matches(target, source):
                raise CodebookError(f"cannot merge '{source}' into its own child '{target}'")
            if not self._known(target):
                raise NotFoundError(
                    f"no tag '{target}' to merge into; to give '{source}' a new name, rename it"
                )
            return self._change(source, target, f"merge {source} into {target}")

    def delete(self, tag: str) -> Impact:
        """Remove a tag and its children from every annotation, document and the codebook.

        The annotations themselves stay (a passage with its note), only without these tags.
        """
        with self._changing():
            return self._change(self._existing(tag), None, f"delete {normalize_tag(tag)}")

    def create(self, tag: str, description: str = "", color: str | None = None) -> None:
        """Put a tag in the codebook before any passage carries it."""
        with self._changing():
            tag = _clean(tag)
            if tag in self._entries():
                raise CodebookError(f"'{tag}' is already in the codebook")
            info = TagInfo(tag, parse_color(color), description.strip())
            self._apply(Step(tags=(TagChange(None, info),), label=f"create {tag}"))

    def recolor(self, tag: str, color: str | None) -> TagInfo:
        """Set (or with None or `none`, clear) the colour of a tag."""
        return self._edit_entry(tag, f"recolour {normalize_tag(tag)}", color=parse_color(color))

    def describe(self, tag: str, description: str) -> TagInfo:
        return self._edit_entry(
            tag, f"describe {normalize_tag(tag)}", description=description.strip()
        )

    # Document-level tags ------------------------------------------------------------------

    def set_document_tags(self, doc_id: str, tags: Iterable[str]) -> DocumentRecord:
        """Give a document exactly these tags of its own (codes of the document as a whole)."""
        with self._changing():
            before = self.store.document(doc_id)
            after = replace(before, tags=normalize_tags(tags))
            if after != before:
                step = Step(
                    documents=(DocumentChange(before, after),),
                    label=f"tag document {before.title}",
                )
                self._apply(step)
        return after

    def add_document_tags(self, doc_id: str, tags: Iterable[str]) -> DocumentRecord:
        return self.set_document_tags(doc_id, (*self.store.document(doc_id).tags, *tags))

    def remove_document_tags(self, doc_id: str, tags: Iterable[str]) -> DocumentRecord:
        unwanted = set(normalize_tags(tags))
        kept = [tag for tag in self.store.document(doc_id).tags if tag not in unwanted]
        return self.set_document_tags(doc_id, kept)

    # Undo ---------------------------------------------------------------------------------

    def undo(self) -> Step | None:
        """Undo the history's last step, keeping the index current without reading it again."""
        with self._changing():
            step = self.history.undo_step()
            if step is not None:
                self.index.apply(step)
        return step

    def redo(self) -> Step | None:
        with self._changing():
            step = self.history.redo_step()
            if step is not None:
                self.index.apply(step)
        return step

    # Inside -------------------------------------------------------------------------------

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """The store's write lock, with the index current under it. The index is read first
        outside the lock, so other postil processes wait for the change, not for a first load
        of every annotation. A change makes tens of thousands of objects that live on, so the
        cyclic collector waits too (`collector_paused`)."""
        self.index.refresh()
        with self.store.writing(), collector_paused():
            self.index.refresh()
            yield

    def _existing(self, tag: str) -> str:
        wanted = _clean(tag)
        if not self._known(wanted):
            raise NotFoundError(f"no tag '{wanted}' in the store")
        return wanted

    def _known(self, tag: str) -> bool:
        """True if `tag` or a child of it is used or in the codebook (the index is current)."""
        return bool(tag) and (
            any(group.totals[tag] for group in self.index.groups())
            or any(tag_matches(own, tag) for r in self.index.records() for own in r.tags)
            or any(tag_matches(entry, tag) for entry in self._entries())
        )

    def _only_above(self, parent: str, tag: str) -> bool:
        """True if `parent` is known only as the parent of `tag`: every tag under it is under
        `tag`, so `tag` can take its name (`a/b` renamed back to `a` after `a` became `a/b`)."""
        return tag_matches(tag, parent) and all(
            tag_matches(known, tag) for known in self._impact(parent).tags
        )

    def _impact(self, tag: str) -> Impact:
        groups = [group for group in self.index.groups() if group.totals[tag]]
        records = [r for r in self.index.records() if any(tag_matches(t, tag) for t in r.tags)]
        entries = [entry for entry in self._entries() if tag_matches(entry, tag)]
        used = {t for group in groups for t in group.counts if tag_matches(t, tag)}
        used |= {t for record in records for t in record.tags if tag_matches(t, tag)}
        return Impact(
            tag=tag,
            tags=tuple(sorted(used | set(entries), key=tag_order)),
            annotations=sum(group.totals[tag] for group in groups),
            documents=len(groups),
            document_tags=len(records),
            entries=len(entries),
        )

    def _entries(self) -> dict[str, TagInfo]:
        return {info.tag: info for info in self.store.codebook()}

    def _document_tag_counts(self) -> Counter[str]:
        return Counter(tag for record in self.index.records() for tag in record.tags)

    def _change(self, old: str, new: str | None, label: str) -> Impact:
        """Rename `old` to `new` (None deletes it) everywhere, as one step."""
        if self.index.damaged:
            problem = next(iter(self.index.damaged.values()))
            raise StoreCorruptError(
                f"{label}: not done while a document file is damaged: {problem}"
            )

        def renamed(tag: str) -> str | None:
            return None if new is None else new + tag[len(old) :]

        impact = self._impact(old)
        self._apply(self._recode(old, renamed, label))
        return impact

    def _recode(self, old: str, renamed: Callable[[str], str | None], label: str) -> Step:
        """The step that gives every tag under `old` its new name (dropping it for None)."""

        def recoded(tags: Iterable[str]) -> tuple[str, ...]:
            """Tags renamed; the names are normalized already, so only duplicates go."""
            new_tags = (renamed(tag) if tag_matches(tag, old) else tag for tag in tags)
            return tuple(dict.fromkeys(tag for tag in new_tags if tag))

        documents = [
            DocumentChange(record, replace(record, tags=recoded(record.tags)))
            for record in self.index.records()
            if any(tag_matches(tag, old) for tag in record.tags)
        ]
        entries = self._entries()
        moved = [info for tag, info in entries.items() if tag_matches(tag, old)]
        tags = [TagChange(info, None) for info in moved]
        for info in moved:
            target = renamed(info.tag)
            if target is None:
                continue
            kept = entries.get(target) if not tag_matches(target, old) else None
            merged = TagInfo(
                target,
                color=(kept.color if kept else None) or info.color,
                description=(kept.description if kept else "") or info.description,
            )
            tags.append(TagChange(kept, merged))
        return Step((), tuple(tags), tuple(documents), label, self._renamed_keys(old, renamed))

    def _renamed_keys(
        self, old: str, renamed: Callable[[str], str | None]
    ) -> tuple[NameChange, ...]:
        """The `tag_names` changes that give every stored key of a tag under `old` its new
        name: the keys listed with such a name, and the keys under `old` that documents store
        unlisted (each is its own name)."""
        current = self.store.tag_names(fresh=True).names
        changes = [
            NameChange(TagName(key, name), _named(key, renamed(name)))
            for key, name in current.items()
            if name is not None and tag_matches(name, old)
        ]
        unlisted = {
            key
            for group in self.index.groups()
            if group.totals[old]
            for key in self.store.stored_keys(group.view.record.id)
            if tag_matches(key, old) and key not in current
        }
        changes += [NameChange(None, _named(key, renamed(key))) for key in sorted(unlisted)]
        return tuple(changes)

    def _edit_entry(self, tag: str, label: str, **changes: str | None) -> TagInfo:
        with self._changing():
            tag = self._existing(tag)
            before = self._entries().get(tag)
            after = replace(before or TagInfo(tag), **changes)
            if after != before:
                self._apply(Step(tags=(TagChange(before, after),), label=label))
        return after

    def _apply(self, step: Step) -> None:
        """Write a step made from what the caller read, after a refresh, under the lock it
        still holds: so the step's "before" states are what is on disk."""
        self.history.apply(step)
        self.index.apply(step)


def _named(key: str, name: str | None) -> TagName | None:
    """The entry naming `key`; none where the name is the key's own (an unlisted key is)."""
    return None if name == key else TagName(key, name)


def _clean(tag: str) -> str:
    clean = normalize_tag(tag)
    if not clean:
        raise UsageError("a tag cannot be empty")
    return clean
