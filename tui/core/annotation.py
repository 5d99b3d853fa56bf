"""Annotations: a passage of a document (or the whole of it) with tags and a note."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
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
        # Built field by field: `dataclasses.asdict` deep-copies every value, which made an
        # export of 100,000 annotations take seconds longer.
        data = {name: getattr(self, name) for name in self.__slots__}
        anchor = self.anchor
        data["anchor"] = (
            None if anchor is None else {n: getattr(anchor, n) for n in anchor.__slots__}
        )
        data["tags"] = list(self.tags)
        data["history"] = [_copied(item) for item in self.history]
        return data

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

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Annotation | None:
        """The annotation of a record exactly as `to_dict` writes it, else None (then use
        `from_dict`, which converts and normalizes, or says what is wrong).

        Reading a large store is mostly this, so it is made without `__init__`, whose
        normalizing of tags and frozen attribute setting made it three times slower: the
        record's types are checked instead, and each distinct tag list's form only once.
        """
        try:
            anchor, tags, history = data["anchor"], data["tags"], data["history"]
            values = (
                data["doc_id"],
                data["note"],
                data["author"],
                data["created"],
                data["modified"],
                data["id"],
                data["doc_sha256"],
            )
            color, orphan = data["color"], data["orphan"]
            tags = tuple(tags) if type(tags) is list else None
            normal = _NORMAL_TAGS.get(tags)
        except (KeyError, TypeError):  # a missing field; a tag that is a list
            return None
        if normal is None:
            normal = _remember_normal(tags)
        if not (
            normal
            and len(data) == _STORED_FIELDS
            and type(history) is list
            and type(orphan) is bool
            and (color is None or type(color) is str)
            and set(map(type, values)) == _ONLY_STR
            and values[4]
        ):
            return None
        if anchor is not None:
            anchor = _stored_anchor(anchor)
            if anchor is None:
                return None
        item = _new(cls)
        for set_value, value in zip(_ANNOTATION_SETTERS, values, strict=False):
            set_value(item, value)
        _set_anchor(item, anchor)
        _set_tags(item, tags)
        _set_color(item, color)
        _set_orphan(item, orphan)
        _set_history(item, tuple(history))
        return item


_STORED_FIELDS = len(Annotation.__slots__)
_ONLY_STR = {str}
_NORMAL_TAGS: dict[tuple[str, ...] | None, bool] = {None: False}  # each tag list: normal?
_NORMAL_TAGS_KEPT = 1 << 14
# A frozen dataclass's slots, set as its `__init__` sets them, without running it.
_new = object.__new__
_ANNOTATION_SETTERS = tuple(
    getattr(Annotation, name).__set__
    for name in ("doc_id", "note", "author", "created", "modified", "id", "doc_sha256")
)
_set_anchor = Annotation.anchor.__set__  # type: ignore[attr-defined]
_set_tags = Annotation.tags.__set__  # type: ignore[attr-defined]
_set_color = Annotation.color.__set__  # type: ignore[attr-defined]
_set_orphan = Annotation.orphan.__set__  # type: ignore[attr-defined]
_set_history = Annotation.history.__set__  # type: ignore[attr-defined]
_ANCHOR_SETTERS = {name: getattr(Anchor, name).__set__ for name in Anchor.__slots__}


def _stored_anchor(data: Any) -> Anchor | None:
    """The anchor of a record as `to_dict` writes it, else None."""
    if type(data) is not dict or data.keys() != _ANCHOR_SETTERS.keys():
        return None
    if type(data["start"]) is not int or type(data["end"]) is not int:
        return None
    if not (type(data["quote"]) is str and type(data["prefix"]) is str):
        return None
    if type(data["suffix"]) is not str:
        return None
    anchor = _new(Anchor)
    for name, value in data.items():
        _ANCHOR_SETTERS[name](anchor, value)
    return anchor


def _remember_normal(tags: tuple[str, ...]) -> bool:
    if len(_NORMAL_TAGS) >= _NORMAL_TAGS_KEPT:
        _NORMAL_TAGS.clear()
        _NORMAL_TAGS[None] = False
    normal = all(type(tag) is str for tag in tags) and normalize_tags(tags) == tags
    _NORMAL_TAGS[tags] = normal
    return normal


def _copied(value: Any) -> Any:
    """A deep copy of JSON data (a history entry): a third of the time `copy.deepcopy` takes,
    which was a fifth of re-anchoring 10,000 annotations."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value


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
