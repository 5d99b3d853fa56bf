"""Undo and redo of changes, applied through the store like any other change."""

from __future__ import annotations

from tui.core.annotation import Annotation
from tui.core.store import Store
from tui.core.transaction import Change, StaleStepError, Step, write_step

__all__ = ["Change", "History", "Step"]


class History:
    """Makes changes through the store and remembers them, so they can be undone and redone.

    A step is the changes made together (a codebook rename touches many annotations, codebook
    entries and document records) and is undone together, all or nothing (`write_step`). Undo
    and redo write to the store, so they are as durable as the change.
    """

    def __init__(self, store: Store, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._undo: list[Step] = []
        self._redo: list[Step] = []

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

    def apply(self, step: Step | list[Change]) -> None:
        """Write a step to the store and make it the next to undo."""
        if not isinstance(step, Step):
            step = Step(annotations=tuple(step))
        write_step(self.store, step)
        self._undo.append(step)
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self) -> list[Change] | None:
        """Undo the last step; returns its annotation changes as written (None, not an empty
        list, when there was nothing to undo: a codebook step may change no annotation)."""
        step = self.undo_step()
        return None if step is None else list(step.annotations)

    def redo(self) -> list[Change] | None:
        step = self.redo_step()
        return None if step is None else list(step.annotations)

    def undo_step(self) -> Step | None:
        """Undo the last step; returns the whole step as written, or None."""
        return self._take(self._undo, self._redo, "undo")

    def redo_step(self) -> Step | None:
        return self._take(self._redo, self._undo, "redo")

    def _take(self, source: list[Step], target: list[Step], verb: str) -> Step | None:
        """Write the inverse of the last step of `source` and move it to `target`. A step whose
        records another postil changed since can never be taken back: it is dropped, so the
        steps before it can still be."""
        if not source:
            return None
        step = source[-1].inverted()
        try:
            write_step(self.store, step)
        except StaleStepError as error:
            source.pop()
            raise StaleStepError(
                f"cannot {verb} {step.label or 'the last change'}: {error.what} changed since "
                f"in another postil, so it was left as it is",
                error.what,
            ) from None
        source.pop()
        target.append(step)
        return step

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str:
        """What undo would undo (e.g. `rename economy to money`); empty if unnamed or none."""
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""
