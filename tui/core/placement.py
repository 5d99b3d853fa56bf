"""What re-anchoring decided for one anchor, kept apart from how it decides (`relocate`), so
that opening an unchanged document never loads the matching machinery."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from tui.core.annotation import Anchor


class Status(StrEnum):
    """What happened to one annotation."""

    KEPT = "kept"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an anchor went: its new anchor (None for an orphan) and the candidate's score.

    For an orphan, `score` is that of the best candidate that was turned down (0 if none), so a
    report can say how close it came.
    """

    status: Status
    anchor: Anchor | None
    score: float


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a re-anchoring, then set back as it was.

    Re-anchoring makes and drops many small objects (anchors, candidates, annotations, store
    records) and none holds a cycle, yet each allocation burst starts a collection that walks
    every live object of the process: measured, a third of the time of 10,000 annotations.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
