"""Annotations: a passage of a document (or the whole of it) with tags and a note."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

CONTEXT_CHARS = 32
TAG_SEPARATOR = "/"


def now_iso() -> str:
    """The current time as ISO 8601 in UTC, to the millisecond, with a `Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


def normalize_tag(tag: str) -> str:
    """Trim a tag and each of its `/` levels; empty levels are dropped (`a//b ` is `a/b`)."""
    parts = (part.strip() for part in tag.split(TAG_SEPARATOR))
    return TAG_SEPARATOR.join(part for part in parts if part)


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags in their first order, trimmed, non-empty and unique."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = normalize_tag(tag)
        if clean:
            seen.setdefault(clean, None)
    return tuple(seen)


def tag_matches(tag: str, wanted: str) -> bool:
    """True if `tag` is `wanted` or one of its children (`economy/covid` matches `economy`)."""
    return tag == wanted or tag.startswith(wanted + TAG_SEPARATOR)


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a passage is: code-point offsets plus the quote and its context to find it again."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation. `anchor` is None for a note on the whole document.

    `orphan` marks an annotation whose passage could not be found after the document changed: it
    keeps its quote (in `anchor`) but is attached to nothing. `doc_sha256` is the hash of the text
    the anchor was made on; `history` keeps earlier anchors so a re-anchoring can be undone.
    """

    doc_id: str
    anchor: Anchor | None = None
    tags: tuple[str, ...] = ()
    note: str = ""
    color: str | None = None
    author: str = ""
    created: str = field(default_factory=now_iso)
    modified: str = ""
    id: str = field(default_factory=new_id)
    doc_sha256: str = ""
    orphan: bool = False
    history: tuple[dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "tags", normalize_tags(self.tags))
        if not self.modified:
            object.__setattr__(self, "modified", self.created)

    @property
    def start(self) -> int | None:
        return None if self.anchor is None or self.orphan else self.anchor.start

    @property
    def end(self) -> int | None:
        return None if self.anchor is None or self.orphan else self.anchor.end

    @property
    def quote(self) -> str:
        return "" if self.anchor is None else self.anchor.quote

    @property
    def is_document_note(self) -> bool:
        return self.anchor is None

    def has_tag(self, wanted: str) -> bool:
        return any(tag_matches(tag, wanted) for tag in self.tags)

    def edited(self, **changes: Any) -> Annotation:
        """A copy with `changes` applied and `modified` set to now."""
        return replace(self, **changes, modified=now_iso())

    def to_dict(self) -> dict[str, Any]:
        """The annotation as JSON data, its keys in field order: the layout of the store's
        records, which `from_stored` reads back fast.

        Written out key by key, the quickest way to build it (saving 10,000 annotations or
        exporting 100,000 is mostly this and the encoding). History entries are shared, not
        copied: they are JSON values that nothing changes in place (a change to the history is
        a new tuple of new entries), as the store's records they are read from are shared too.
        """
        anchor = self.anchor
        return {
            "doc_id": self.doc_id,
            "anchor": None
            if anchor is None
            else {
                "start": anchor.start,
                "end": anchor.end,
                "quote": anchor.quote,
                "prefix": anchor.prefix,
                "suffix": anchor.suffix,
            },
            "tags": list(self.tags),
            "note": self.note,
            "color": self.color,
            "author": self.author,
            "created": self.created,
            "modified": self.modified,
            "id": self.id,
            "doc_sha256": self.doc_sha256,
            "orphan": self.orphan,
            "history": list(self.history),
        }

    def with_anchor(
        self,
        anchor: Anchor | None,
        *,
        orphan: bool,
        doc_sha256: str,
        history: tuple[dict[str, Any], ...],
        modified: str,
    ) -> Annotation:
        """A copy on another anchor, as re-anchoring makes one for each of thousands of
        annotations (see `_copied`)."""
        return self._copied(
            anchor=anchor, orphan=orphan, doc_sha256=doc_sha256, history=history, modified=modified
        )

    def with_tags(self, tags: tuple[str, ...]) -> Annotation:
        """A copy with other tags, normal already, as `TagNames` names them on every read of a
        renamed tag (see `_copied`)."""
        return self._copied(tags=tags)

    def _copied(self, **changes: Any) -> Annotation:
        """A copy with `changes`, values known to be valid, made directly: `dataclasses.replace`
        and `__post_init__` (which normalizes the tags again) took twice as long as all the
        rest of re-anchoring or renaming thousands of annotations."""
        return _assembled(
            *(changes[name] if name in changes else getattr(self, name) for name in _STORED_KEYS)
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Annotation:
        anchor = data.get("anchor")
        return cls(
            id=str(data["id"]),
            doc_id=str(data["doc_id"]),
            anchor=Anchor(**anchor) if anchor else None,
            tags=tuple(data.get("tags", ())),
            note=str(data.get("note", "")),
            color=data.get("color"),
            author=str(data.get("author", "")),
            created=str(data["created"]),
            modified=str(data.get("modified") or data["created"]),
            doc_sha256=str(data.get("doc_sha256", "")),
            orphan=bool(data.get("orphan", False)),
            history=tuple(data.get("history", ())),
        )

    @staticmethod
    def from_stored(data: Mapping[str, Any]) -> Annotation | None:
        """The annotation of a record exactly as `to_dict` writes it (its keys in that order,
        each value of its field's type, tags already normal), else None (then use `from_dict`,
        which converts and normalizes, or says what is wrong).

        Reading a large store is mostly this, so it checks the record's layout in one
        comparison, takes its values in order, checks their types, and makes the annotation
        without `__init__` (see `_assembled`); each distinct tag list is checked only once.
        """
        if tuple(data) != _STORED_KEYS:
            return None
        (
            doc_id,
            anchor,
            tags,
            note,
            color,
            author,
            created,
            modified,
            id_,
            doc_sha256,
            orphan,
            history,
        ) = data.values()
        if not (
            str
            is type(doc_id)
            is type(note)
            is type(author)
            is type(created)
            is type(modified)
            is type(id_)
            is type(doc_sha256)
            and modified
            and (color is None or type(color) is str)
            and type(orphan) is bool
            and type(tags) is list
            and type(history) is list
        ):
            return None
        tags = tuple(tags)
        try:
            normal = _NORMAL_TAGS.get(tags)
        except TypeError:  # a tag that is a list
            return None
        if normal is None:
            normal = _remember_normal(tags)
        if not normal:
            return None
        if anchor is not None:
            anchor = _stored_anchor(anchor)
            if anchor is None:
                return None
        return _assembled(
            doc_id,
            anchor,
            tags,
            note,
            color,
            author,
            created,
            modified,
            id_,
            doc_sha256,
            orphan,
            tuple(history),
        )


_STORED_KEYS = Annotation.__slots__  # the fields, in the order `to_dict` writes them
_ANCHOR_KEYS = Anchor.__slots__
_NORMAL_TAGS: dict[tuple[str, ...], bool] = {}  # each tag list seen: normal?
_NORMAL_TAGS_KEPT = 1 << 14


class _AnnotationSlots:
    """Annotation's slots without its frozen `__setattr__`: see `_assembled`."""

    __slots__ = Annotation.__slots__


class _AnchorSlots:
    """Anchor's slots without its frozen `__setattr__`: see `_anchored`."""

    __slots__ = Anchor.__slots__


def _assembled(
    doc_id: str,
    anchor: Anchor | None,
    tags: tuple[str, ...],
    note: str,
    color: str | None,
    author: str,
    created: str,
    modified: str,
    id_: str,
    doc_sha256: str,
    orphan: bool,
    history: tuple[dict[str, Any], ...],
) -> Annotation:
    """An annotation of values known to be valid, made four times faster than by `__init__`.

    A frozen dataclass sets each field through `object.__setattr__`; here the fields are set
    on an object of a plain class with the very same slots, which is then given the class
    `Annotation` (Python allows it, the layouts being the same).
    """
    item = _AnnotationSlots()
    item.doc_id = doc_id
    item.anchor = anchor
    item.tags = tags
    item.note = note
    item.color = color
    item.author = author
    item.created = created
    item.modified = modified
    item.id = id_
    item.doc_sha256 = doc_sha256
    item.orphan = orphan
    item.history = history
    item.__class__ = Annotation  # type: ignore[assignment]
    return item  # type: ignore[return-value]


def _anchored(start: int, end: int, quote: str, prefix: str, suffix: str) -> Anchor:
    """An anchor of values known to be valid, made as `_assembled` makes an annotation."""
    item = _AnchorSlots()
    item.start = start
    item.end = end
    item.quote = quote
    item.prefix = prefix
    item.suffix = suffix
    item.__class__ = Anchor  # type: ignore[assignment]
    return item  # type: ignore[return-value]


def _stored_anchor(data: Any) -> Anchor | None:
    """The anchor of a record as `to_dict` writes it, else None."""
    if type(data) is not dict or tuple(data) != _ANCHOR_KEYS:
        return None
    start, end, quote, prefix, suffix = data.values()
    if int is type(start) is type(end) and str is type(quote) is type(prefix) is type(suffix):
        return _anchored(start, end, quote, prefix, suffix)
    return None


def _remember_normal(tags: tuple[str, ...]) -> bool:
    """Whether `normalize_tags` would leave `tags` as they are, remembered for the tag list.

    Tag lists vary far more than tags do (each combination and order of a few tags is its
    own), so each tag's form is remembered as well."""
    if len(_NORMAL_TAGS) >= _NORMAL_TAGS_KEPT:
        _NORMAL_TAGS.clear()
    normal = all(type(tag) is str and _is_normal_tag(tag) for tag in tags) and len(
        set(tags)
    ) == len(tags)
    _NORMAL_TAGS[tags] = normal
    return normal


@lru_cache(maxsize=_NORMAL_TAGS_KEPT)
def _is_normal_tag(tag: str) -> bool:
    return bool(tag) and normalize_tag(tag) == tag


def summary(annotation: Annotation, document_path: str = "") -> dict[str, Any]:
    """A flat, self-describing view of an annotation, for `--json` output and data pipelines."""
    anchor = annotation.anchor
    return {
        "id": annotation.id,
        "document": document_path,
        "doc_id": annotation.doc_id,
        "start": annotation.start,
        "end": annotation.end,
        "quote": annotation.quote,
        "prefix": anchor.prefix if anchor else "",
        "suffix": anchor.suffix if anchor else "",
        "tags": list(annotation.tags),
        "note": annotation.note,
        "color": annotation.color,
        "author": annotation.author,
        "created": annotation.created,
        "modified": annotation.modified,
        "orphan": annotation.orphan,
    }
