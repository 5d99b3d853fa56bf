"""Undo and redo of annotation changes, applied through the store like any other change."""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.annotation import Annotation
from tui.core.store import Store


@dataclass(frozen=True, slots=True)
class Change:
    """One annotation before and after a change (None where it did not exist)."""

    before: Annotation | None
    after: Annotation | None

    def inverted(self) -> Change:
        return Change(before=self.after, after=self.before)


class History:
    """Makes changes through the store and remembers them, so they can be undone and redone.

    A step is a list of changes made together (a codebook rename touches many annotations) and
    is undone together. Undo and redo write to the store, so they are as durable as the change.
    """

    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[list[Change]] = []
        self._redo: list[list[Change]] = []

    def add(self, annotation: Annotation) -> Annotation:
        self.apply([Change(None, annotation)])
        return annotation

    def update(self, annotation: Annotation) -> Annotation:
        before = self.store.get(annotation.id, annotation.doc_id)
        self.apply([Change(before, annotation)])
        return annotation

    def delete(self, annotation: Annotation) -> Annotation:
        before = self.store.get(annotation.id, annotation.doc_id)
        self.apply([Change(before, None)])
        return before

    def apply(self, step: list[Change]) -> None:
        """Write a step to the store and make it the next to undo."""
        self._write(step)
        self._undo.append(step)
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self) -> list[Change] | None:
        """Undo the last step; returns the changes written, or None if there was nothing."""
        if not self._undo:
            return None
        step = [change.inverted() for change in reversed(self._undo.pop())]
        self._write(step)
        self._redo.append(step)
        return step

    def redo(self) -> list[Change] | None:
        if not self._redo:
            return None
        step = [change.inverted() for change in reversed(self._redo.pop())]
        self._write(step)
        self._undo.append(step)
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def _write(self, step: list[Change]) -> None:
        puts = [change.after for change in step if change.after is not None]
        removes = [
            change.before for change in step if change.after is None and change.before is not None
        ]
        self.store.write_many(puts=puts, removes=removes)
