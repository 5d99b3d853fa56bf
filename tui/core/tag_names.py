"""The current names of the tags that annotation files store.

A document's file stores each tag under a *key*: the tag's name when it was first used. The
library's `tag_names` table maps a key to the tag's current name, or to nothing once the tag is
deleted; a key it does not list is the tag's name. So renaming, merging or deleting a tag used
in every document of a store rewrites one small table, in one atomic write, instead of every
document's file: instant and all-or-nothing at any size. A store whose tags were never renamed
has no table, and its files read as they are.

Annotations in memory always carry names; `TagNames` turns keys into names as files are read
and names into keys as they are written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tui.core.annotation import TAG_SEPARATOR, Annotation, new_id

# A fresh key marks a name whose own key now means another tag (`a` renamed to `b`, then a new
# `a` used): the name, then a level no one types.
FRESH_KEY_MARK = "~"
_UNSEEN: Any = object()  # a tag list not resolved yet (cached as None when its names stay)


@dataclass(frozen=True, slots=True)
class TagName:
    """One entry of the `tag_names` table: the tag stored as `key` is now called `name`
    (None: the tag was deleted, and is dropped from the annotations that stored it)."""

    key: str
    name: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.key, "name": self.name}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TagName:
        key, name = data["id"], data["name"]
        if type(key) is not str or not (name is None or type(name) is str):
            raise ValueError("its key or name is not text")
        return cls(key, name)


def renamed_tags(tags: tuple[str, ...], names: Mapping[str, str | None]) -> tuple[str, ...]:
    """`tags` each given its name in `names` (unlisted: unchanged; None: dropped), each once:
    two tags merged into one become one."""
    return tuple(dict.fromkeys(name for tag in tags if (name := names.get(tag, tag))))


class TagNames:
    """A store's `tag_names` table: the names of stored keys, and the keys of names."""

    def __init__(self, entries: Iterable[TagName] = ()) -> None:
        self.names: dict[str, str | None] = {entry.key: entry.name for entry in entries}
        self._resolved: dict[tuple[str, ...], tuple[str, ...] | None] = {}

    def __bool__(self) -> bool:
        return bool(self.names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TagNames) and other.names == self.names

    __hash__ = None  # type: ignore[assignment]

    def entries(self) -> list[TagName]:
        return [TagName(key, name) for key, name in self.names.items()]

    def changed_since(self, earlier: TagNames) -> set[str]:
        """The keys whose names differ in `earlier`."""
        before, now = earlier.names, self.names
        return {
            key for key in before.keys() | now.keys() if before.get(key, key) != now.get(key, key)
        }

    def copy(self) -> TagNames:
        """A copy to give fresh keys to (`keys`) while a write is prepared."""
        return TagNames(self.entries())

    def resolved(self, annotations: list[Annotation]) -> list[Annotation]:
        """The annotations as read from a file, with their tags' current names."""
        if not self.names:
            return annotations
        return [self._named(annotation) for annotation in annotations]

    def renamed(
        self, stored: list[Annotation], named: list[Annotation], keys: set[str]
    ) -> list[Annotation]:
        """`resolved(stored)`, given `named`, the same resolved by a table whose names differ
        from these for `keys` only: only the annotations storing one of them are named anew."""
        return [
            before if keys.isdisjoint(annotation.tags) else self._named(annotation)
            for annotation, before in zip(stored, named, strict=True)
        ]

    def _named(self, annotation: Annotation) -> Annotation:
        tags = annotation.tags
        named = self._resolved.get(tags, _UNSEEN)
        if named is _UNSEEN:
            named = renamed_tags(tags, self.names)
            named = self._resolved[tags] = None if named == tags else named  # None: unchanged
        return annotation if named is None else annotation.with_tags(named)

    def keys(
        self, tags: tuple[str, ...], earlier: Iterable[str] = ()
    ) -> tuple[tuple[str, ...], list[TagName]]:
        """The keys to store `tags` (names) under, and the entries the table needs for them.

        A name keeps the key it had (`earlier`: the keys the annotation was stored with), so an
        edit and its undo store what was there and a later undo of a rename finds its tags.
        Else a name is stored as itself, unless its key now means another tag (it was renamed
        or deleted): then a key already naming it, or a fresh one, added to this table (call
        it on a `copy`) and returned, for the caller to write before the annotation.
        """
        if not self.names:
            return tags, []
        kept = {name: key for key in earlier if (name := self.names.get(key, key))}
        keys, added = [], []
        for tag in tags:
            key = kept.get(tag)
            if key is None:
                key = self._key_of(tag)
                if key is None:
                    key = f"{tag}{TAG_SEPARATOR}{FRESH_KEY_MARK}{new_id()[:8]}"
                    self.names[key] = tag
                    added.append(TagName(key, tag))
            keys.append(key)
        return tuple(keys), added

    def _key_of(self, name: str) -> str | None:
        if self.names.get(name, name) == name:
            return name
        return next((key for key, named in self.names.items() if named == name), None)
