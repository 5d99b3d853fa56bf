"""A reader polling `StoreWatcher` sees what other postil processes changed in the store."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reliability.conftest import annotate
from tui.core import durable, watcher
from tui.core.annotation import Annotation
from tui.core.store import Store
from tui.core.watcher import StoreWatcher


def test_nothing_changed_nothing_reported(store: Store, seed: Path) -> None:
    annotate(store, seed, "rice cakes")
    watching = StoreWatcher(store)
    assert watching.changed_documents() == set()
    assert not watching.library_changed()


def test_an_annotation_added_by_another_process_is_reported_once(
    tmp_path: Path, seed: Path
) -> None:
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes")
    watching = StoreWatcher(store)
    start = tmp_path / "start"
    start.touch()
    module = "tests.reliability.adder"
    subprocess.run(
        [sys.executable, "-m", module, str(store.root), first.doc_id, "1", "other", str(start)],
        cwd=ROOT,
        check=True,
    )
    assert watching.changed_documents() == {first.doc_id}
    assert {a.note for a in store.annotations(first.doc_id)} == {"", "other-0"}
    assert watching.changed_documents() == set()


def test_an_annotation_deleted_elsewhere_while_shown_is_reported(
    tmp_path: Path, seed: Path
) -> None:
    shown = Store(tmp_path / "s")
    first = annotate(shown, seed, "rice cakes")
    second = annotate(shown, seed, "Arduous March")
    assert len(shown.annotations(first.doc_id)) == 2
    watching = StoreWatcher(shown)

    Store(tmp_path / "s").delete(second.id)
    assert watching.changed_documents() == {first.doc_id}
    assert shown.annotations(first.doc_id) == [first]


def test_new_documents_library_changes_and_removed_files_are_reported(
    tmp_path: Path, seed: Path
) -> None:
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes")
    watching = StoreWatcher(store)

    elsewhere = Store(tmp_path / "s")
    other = seed.with_name("other.txt")
    other.write_text("Another text about rice cakes.\n")
    added = annotate(elsewhere, other, "rice cakes")
    assert watching.library_changed()
    assert watching.changed_documents() == {added.doc_id}

    elsewhere.set_position(first.doc_id, 42)
    assert watching.library_changed()
    assert not watching.library_changed()

    store.annotations_path(added.doc_id).unlink()
    assert watching.changed_documents() == {added.doc_id}
    assert watching.changed_documents() == set()


def test_a_quick_rewrite_that_looks_the_same_by_stat_is_still_reported(
    tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(watcher, "identity_of", lambda status: (0, 0, 0, 0, 0))
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes")
    watching = StoreWatcher(store)
    Store(tmp_path / "s").update(first.edited(note="changed"))
    assert watching.changed_documents() == {first.doc_id}


def test_polling_an_unchanged_settled_store_reads_no_file(
    store: Store, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):
        store.add(Annotation(doc_id=f"doc{number}", note="n"))
    monkeypatch.setattr(durable, "SETTLE_NS", -(10**18))  # every file counts as settled
    watching = StoreWatcher(store)
    reads: list[Path] = []
    monkeypatch.setattr(watcher, "read_file", lambda path: reads.append(path))
    assert watching.changed_documents() == set()
    assert not watching.library_changed()
    assert reads == []
