"""Re-anchoring through the store: what is saved, what the report says, and the review actions."""

from pathlib import Path

import pytest

from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.errors import PostilError
from tui.core.placement import Status
from tui.core.reanchor import accepted, reanchor, reattached, restored
from tui.core.store import Store

MOVED_QUOTE = "Hamhung Station"
CHANGED_QUOTE = "She got married in November 2020 and gave birth to a child in November 2021."
DELETED_QUOTE = "As a result, she found herself turning to prostitution with her friends"


def annotate(store: Store, path: Path, quote: str, occurrence: int | None = None) -> Annotation:
    document = store.open_document(path)
    anchor = find_quote(document.text, quote, occurrence)
    annotation = Annotation(
        doc_id=document.id, anchor=anchor, tags=("t",), doc_sha256=document.sha256
    )
    return store.add(annotation)


def edit(path: Path) -> None:
    """Insert a paragraph, change a word in one passage and delete another, as an editor would."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("An increasing number", "A paragraph added later.\n\nAn increasing number")
    text = text.replace("November 2020", "December 2020")
    text = text.replace(DELETED_QUOTE + " in order to put food on the table.", "")
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def annotated(store: Store, seed: Path) -> dict[str, Annotation]:
    return {
        "moved": annotate(store, seed, MOVED_QUOTE, occurrence=1),
        "fuzzy": annotate(store, seed, CHANGED_QUOTE),
        "orphan": annotate(store, seed, DELETED_QUOTE),
        "kept": annotate(store, seed, "hamhung"),
    }


def test_unchanged_document_is_left_alone(store: Store, seed: Path, annotated) -> None:
    report = reanchor(store, store.open_document(seed))
    assert not report.changed
    assert report.counts[Status.KEPT] == 4
    assert report.summary() == "All 4 annotations in place"
    assert [a.modified for a in store.annotations(report.doc_id)] == [
        a.modified for a in sorted(annotated.values(), key=lambda a: a.anchor.start)
    ]


def test_changed_document_is_reanchored_and_saved(store: Store, seed: Path, annotated) -> None:
    edit(seed)
    document = store.open_document(seed)
    report = reanchor(store, document)
    assert report.changed
    assert report.summary("press R to review") == (
        "Document changed: 1 annotation kept, 1 moved, 1 changed slightly, 1 orphaned"
        " — press R to review"
    )
    saved = {a.id: a for a in store.annotations(document.id)}
    moved = saved[annotated["moved"].id]
    assert document.text[moved.start : moved.end] == MOVED_QUOTE
    fuzzy = saved[annotated["fuzzy"].id]
    assert fuzzy.quote == CHANGED_QUOTE.replace("November 2020", "December 2020")
    orphan = saved[annotated["orphan"].id]
    assert orphan.orphan and orphan.quote == DELETED_QUOTE and orphan.start is None
    assert orphan.tags == ("t",)
    assert store.document(document.id).sha256 == document.sha256
    for key in ("moved", "fuzzy", "orphan"):
        [entry] = saved[annotated[key].id].history
        assert entry["anchor"]["quote"] == annotated[key].quote
        assert entry["doc_sha256"] == annotated[key].doc_sha256
    assert saved[annotated["kept"].id].doc_sha256 == document.sha256


def test_the_report_stays_until_reviewed(store: Store, seed: Path, annotated) -> None:
    edit(seed)
    document = store.open_document(seed)
    reanchor(store, document)
    again = reanchor(store, document)
    assert not again.changed
    assert again.summary() == (
        "To review since the document changed: 1 moved, 1 changed slightly, 1 orphaned"
    )
    by_id = {drift.annotation.id: drift for drift in again.drifts}
    fuzzy = by_id[annotated["fuzzy"].id]
    assert fuzzy.status is Status.FUZZY and 0.75 <= fuzzy.score < 1
    assert fuzzy.old.quote == CHANGED_QUOTE
    assert {d.annotation.id for d in again.to_review} == {
        annotated[key].id for key in ("moved", "fuzzy", "orphan")
    }


def test_accept_reattach_and_undo(store: Store, seed: Path, annotated) -> None:
    edit(seed)
    document = store.open_document(seed)
    reanchor(store, document)
    fuzzy = store.get(annotated["fuzzy"].id)
    store.update(accepted(fuzzy))
    with pytest.raises(PostilError, match="no re-anchoring to accept"):
        accepted(store.get(fuzzy.id))
    orphan = store.get(annotated["orphan"].id)
    with pytest.raises(PostilError, match="re-attach it or delete it"):
        accepted(orphan)
    place = find_quote(document.text, "she could no longer do her previous work")
    store.update(reattached(orphan, document, place.start, place.end))
    moved = store.get(annotated["moved"].id)
    store.update(restored(moved, document))  # the old offsets hold other words now: an orphan
    report = reanchor(store, document)
    statuses = {d.annotation.id: d.status for d in report.drifts}
    assert statuses[fuzzy.id] is Status.KEPT
    assert statuses[orphan.id] is Status.KEPT
    assert store.get(orphan.id).quote == "she could no longer do her previous work"
    assert statuses[moved.id] is Status.ORPHANED
    assert store.get(moved.id).quote == MOVED_QUOTE
    store.update(restored(store.get(orphan.id), document))
    assert store.get(orphan.id).orphan


def test_undo_after_the_file_is_put_back_restores_the_old_place(
    store: Store, seed: Path, annotated
) -> None:
    original = seed.read_text(encoding="utf-8")
    edit(seed)
    reanchor(store, store.open_document(seed))
    seed.write_text(original, encoding="utf-8")
    document = store.open_document(seed)
    moved = store.get(annotated["moved"].id)
    back = restored(moved, document)
    assert (back.start, back.end, back.orphan) == (
        annotated["moved"].start,
        annotated["moved"].end,
        False,
    )


def test_an_orphan_is_found_again_when_its_text_comes_back(
    store: Store, seed: Path, annotated
) -> None:
    original = seed.read_text(encoding="utf-8")
    edit(seed)
    reanchor(store, store.open_document(seed))
    seed.write_text(original, encoding="utf-8")
    document = store.open_document(seed)
    reanchor(store, document)
    found = store.get(annotated["orphan"].id)
    assert not found.orphan
    assert document.text[found.start : found.end] == DELETED_QUOTE


def test_a_second_pass_after_a_stop_records_nothing_twice(
    store: Store, seed: Path, annotated
) -> None:
    edit(seed)
    document = store.open_document(seed)
    reanchor(store, document)
    record = store.document(document.id)
    store.update_document(type(record)(**{**record.to_dict(), "tags": (), "sha256": "old"}))
    report = reanchor(store, document)
    assert report.changed
    assert all(len(a.history) <= 1 for a in store.annotations(document.id))
