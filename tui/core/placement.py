"""What re-anchoring decided for one anchor, kept apart from how it decides (`relocate`), so
that opening an unchanged document never loads the matching machinery."""

from __future__ import annotations

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
