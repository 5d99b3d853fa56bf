"""Re-anchoring a changed document's annotations, the drift report, and its review actions.

`reanchor(store, document)` is what the reader and the CLI call when they open a document: if
its text no longer has the hash its annotations were anchored to, every annotation is placed
again (`tui.core.relocate`), the new anchors and the new hash are saved, and each changed
annotation keeps its old anchor in `Annotation.history`, so the change can be reviewed and undone.

What a re-anchoring did stays in that history until the user reviews it, so the report is the
same whether it is asked for right after the change or a week later. The review actions are pure
functions that return the changed annotation; the caller writes it (the reader through its
`History`, so that its undo key works; the CLI through the store). Deleting is `Store.delete`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, replace
from typing import Any

from tui.core.anchoring import anchor_at
from tui.core.annotation import Anchor, Annotation, now_iso
from tui.core.collector import collector_paused
from tui.core.document import Document
from tui.core.errors import PostilError
from tui.core.placement import Placement, Status
from tui.core.store import Store, sort_key

REANCHORED = "reanchor"
REATTACHED = "reattach"

_REVIEWED_STATUSES = (Status.MOVED, Status.FUZZY)
_WORDS = {
    Status.KEPT: "kept",
    Status.MOVED: "moved",
    Status.FUZZY: "changed slightly",
    Status.ORPHANED: "orphaned",
}


@dataclass(frozen=True, slots=True)
class Drift:
    """One annotation on a passage: how it stands since its document changed.

    `old` is the anchor it had before (None when kept); `score` is how alike the new place is
    to the old one (1 for the exact quote in its exact context).
    """

    annotation: Annotation
    status: Status
    score: float = 1.0
    old: Anchor | None = None

    @property
    def to_review(self) -> bool:
        return self.status is not Status.KEPT

    def to_dict(self) -> dict[str, Any]:
        anchor = self.annotation.anchor
        return {
            "id": self.annotation.id,
            "status": self.status.value,
            "score": round(self.score, 3),
            "tags": list(self.annotation.tags),
            "note": self.annotation.note,
            "old": asdict(self.old) if self.old else None,
            "new": asdict(anchor) if anchor and not self.annotation.orphan else None,
        }


@dataclass(frozen=True, slots=True)
class DriftReport:
    """The annotations on passages of one document, and whether this call re-anchored them."""

    doc_id: str
    path: str
    changed: bool
    drifts: tuple[Drift, ...]

    @property
    def counts(self) -> dict[Status, int]:
        found = Counter(drift.status for drift in self.drifts)
        return {status: found[status] for status in Status}

    @property
    def to_review(self) -> tuple[Drift, ...]:
        return tuple(drift for drift in self.drifts if drift.to_review)

    def summary(self, review_hint: str = "") -> str:
        """One line, e.g. "Document changed: 41 annotations kept, 5 moved, 2 orphaned".

        `review_hint` (such as "press R to review") is added when there is something to review.
        """
        counts = self.counts
        kept = counts[Status.KEPT]
        others = [
            f"{counts[status]} {_WORDS[status]}"
            for status in (Status.MOVED, Status.FUZZY, Status.ORPHANED)
            if counts[status]
        ]
        if self.changed:
            noun = "annotation" if kept == 1 else "annotations"
            line = "Document changed: " + ", ".join(
                [f"{kept} {noun} {_WORDS[Status.KEPT]}", *others]
            )
        elif others:
            line = f"To review since the document changed: {', '.join(others)}"
        elif self.drifts:
            line = (
                f"All {len(self.drifts)} annotations in place"
                if kept > 1
                else "Annotation in place"
            )
        else:
            line = "No annotations on passages"
        return f"{line} — {review_hint}" if review_hint and others else line

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.path,
            "doc_id": self.doc_id,
            "changed": self.changed,
            "summary": self.summary(),
            "counts": {status.value: count for status, count in self.counts.items()},
            "annotations": [drift.to_dict() for drift in self.drifts],
        }


def reanchor(store: Store, document: Document) -> DriftReport:
    """Re-anchor the document's annotations if its text changed, and report where they stand.

    The new anchors are written before the new hash: if postil stops in between, the next call
    re-anchors again, finds every anchor already in place, and records nothing twice.
    """
    if not document.id:
        document = store.register(document)
    with collector_paused():
        with store.writing():
            record = store.document(document.id)
            annotations = store.annotations(document.id)
            changed = record.sha256 != document.sha256
            if changed:
                updated = reanchored(annotations, document)
                store.write_many(
                    puts=[
                        new for old, new in zip(annotations, updated, strict=True) if new is not old
                    ]
                )
                store.update_document(replace(record, sha256=document.sha256))
                annotations = sorted(updated, key=sort_key)
        drifts = tuple(drift_of(annotation) for annotation in annotations if annotation.anchor)
    return DriftReport(document.id, str(document.path), changed, drifts)


def reanchored(annotations: list[Annotation], document: Document) -> list[Annotation]:
    """The annotations placed on the document's current text (unchanged ones are returned as
    they are, the very same objects, so that only the others are written).

    Orphans are looked for again, since the text they lost may have come back; annotations
    already made on this very text are left alone.
    """
    from tui.core.relocate import relocate  # on use only: an unchanged document needs none of it

    todo = [
        index
        for index, annotation in enumerate(annotations)
        if annotation.anchor and (annotation.orphan or annotation.doc_sha256 != document.sha256)
    ]
    placements = relocate(document.text, [annotations[index].anchor for index in todo])
    result = list(annotations)
    now = now_iso()
    for index, placement in zip(todo, placements, strict=True):
        result[index] = _placed(annotations[index], placement, document.sha256, now)
    return result


def _placed(annotation: Annotation, placement: Placement, sha256: str, now: str) -> Annotation:
    """The annotation where `placement` put it; `now` is the time of the whole re-anchoring."""
    anchor = placement.anchor
    if anchor is None:
        if annotation.orphan:
            return annotation
        entry = _entry(REANCHORED, annotation, placement.status, placement.score, now)
        return annotation.with_anchor(
            annotation.anchor,
            orphan=True,
            doc_sha256=annotation.doc_sha256,
            history=(*annotation.history, entry),
            modified=now,
        )
    if placement.status is Status.KEPT and not annotation.orphan:
        return annotation.with_anchor(
            anchor,
            orphan=False,
            doc_sha256=sha256,
            history=annotation.history,
            modified=annotation.modified,
        )
    status = Status.FUZZY if placement.status is Status.FUZZY else Status.MOVED
    entry = _entry(REANCHORED, annotation, status, placement.score, now)
    return annotation.with_anchor(
        anchor, orphan=False, doc_sha256=sha256, history=(*annotation.history, entry), modified=now
    )


def _entry(
    event: str,
    before: Annotation,
    status: Status,
    score: float,
    now: str,
    reviewed: bool = False,
) -> dict[str, Any]:
    """A history entry: what the annotation was before `event`, enough to put it back."""
    anchor = before.anchor
    assert anchor is not None
    return {
        "event": event,
        "at": now,
        "status": status.value,
        "score": round(score, 4),
        "reviewed": reviewed,
        "anchor": {
            "start": anchor.start,
            "end": anchor.end,
            "quote": anchor.quote,
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
        },
        "orphan": before.orphan,
        "doc_sha256": before.doc_sha256,
    }


def _last_entry(annotation: Annotation) -> dict[str, Any] | None:
    if annotation.history and annotation.history[-1].get("event") in (REANCHORED, REATTACHED):
        return annotation.history[-1]
    return None


def drift_of(annotation: Annotation) -> Drift:
    """How an annotation on a passage stands, from what its history says."""
    entry = _last_entry(annotation)
    old = Anchor(**entry["anchor"]) if entry else None
    score = float(entry["score"]) if entry else 0.0
    if annotation.orphan:
        return Drift(annotation, Status.ORPHANED, score if entry else 0.0, old or annotation.anchor)
    if entry and entry["event"] == REANCHORED and not entry["reviewed"]:
        status = Status(entry["status"])
        if status in _REVIEWED_STATUSES:
            return Drift(annotation, status, score, old)
    return Drift(annotation, Status.KEPT)


# Review actions: each returns the changed annotation for the caller to write. ------------------


def accepted(annotation: Annotation) -> Annotation:
    """The annotation with its re-anchoring marked as reviewed: it leaves the drift report."""
    entry = _last_entry(annotation)
    if annotation.orphan:
        raise PostilError("an orphan is attached to nothing: re-attach it or delete it")
    if entry is None or entry["event"] != REANCHORED or entry["reviewed"]:
        raise PostilError(f"annotation {annotation.id[:8]} has no re-anchoring to accept")
    reviewed = {**entry, "reviewed": True}
    return annotation.edited(history=(*annotation.history[:-1], reviewed))


def reattached(annotation: Annotation, document: Document, start: int, end: int) -> Annotation:
    """The annotation (an orphan, or one that landed badly) attached to `start:end` of the text."""
    if annotation.anchor is None:
        raise PostilError("a note on the whole document has no passage to re-attach")
    anchor = anchor_at(document.text, start, end)
    status = Status.ORPHANED if annotation.orphan else Status.MOVED
    entry = _entry(REATTACHED, annotation, status, 1.0, now_iso(), reviewed=True)
    return annotation.edited(
        anchor=anchor,
        orphan=False,
        doc_sha256=document.sha256,
        history=(*annotation.history, entry),
    )


def restored(annotation: Annotation, document: Document) -> Annotation:
    """The annotation as it was before its last re-anchoring or re-attachment (undo).

    The old anchor is attached again only where its quote still stands at its offsets (as after
    the file was put back); otherwise it comes back as an orphan, never on other words.
    """
    entry = _last_entry(annotation)
    if entry is None:
        raise PostilError(f"annotation {annotation.id[:8]} has no re-anchoring to undo")
    old = Anchor(**entry["anchor"])
    holds = not entry["orphan"] and document.text[old.start : old.end] == old.quote
    return annotation.edited(
        anchor=anchor_at(document.text, old.start, old.end) if holds else old,
        orphan=not holds,
        doc_sha256=document.sha256 if holds else entry["doc_sha256"],
        history=annotation.history[:-1],
    )
