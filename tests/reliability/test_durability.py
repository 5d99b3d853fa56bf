"""Every change is on disk when its call returns, and a failed or interrupted write loses none."""

import errno
import json
import os
import stat
import threading
from pathlib import Path

import pytest

from tests.reliability.conftest import annotate
from tui.core import storage
from tui.core.annotation import Annotation
from tui.core.durable import write_atomically
from tui.core.errors import StoreError
from tui.core.store import Store


def inode(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def test_the_file_and_its_folder_are_fsynced_before_a_change_returns(
    store: Store, seed: Path, fsynced: list[tuple[int, int]]
) -> None:
    document = store.open_document(seed)
    fsynced.clear()
    annotation = store.add(Annotation(doc_id=document.id, note="durable"))
    path = store.annotations_path(annotation.doc_id)
    assert inode(path) in fsynced
    assert fsynced[-1] == inode(path.parent)


def test_concurrent_writers_of_one_file_never_share_a_temporary_file(tmp_path: Path) -> None:
    """Even without the store's lock: names are unique per process and thread."""
    path = tmp_path / "file.json"
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            for round_ in range(20):
                write_atomically(path, json.dumps([number, round_]).encode())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert json.loads(path.read_text())[1] == 19
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json", "file.json.bak"]


def test_leftovers_of_killed_writers_are_removed_by_the_next_change_only(
    tmp_path: Path, seed: Path
) -> None:
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes")
    docs = store.annotations_path(first.doc_id).parent
    leftovers = [
        docs / f".{first.doc_id}.json.123.456.tmp",
        docs / f".{first.doc_id}.json.bak.123.456.tmp",
        store.root / ".library.json.77.tmp",
    ]
    strangers = [docs / "notes.tmp", store.root / ".library.json.tmp", docs / "x.json.1.tmp"]
    for path in leftovers + strangers:
        path.write_text("{")

    reader = Store(tmp_path / "s")
    assert reader.annotations(first.doc_id) == [first]
    assert all(path.exists() for path in leftovers)

    reader.add(Annotation(doc_id=first.doc_id, note="second"))
    assert not any(path.exists() for path in leftovers)
    assert all(path.exists() for path in strangers)


def test_a_backup_that_already_is_the_file_leaves_no_temporary_file(
    store: Store, seed: Path
) -> None:
    first = annotate(store, seed, "rice cakes")
    path = store.annotations_path(first.doc_id)
    backup = path.with_name(path.name + ".bak")
    backup.unlink(missing_ok=True)
    os.link(path, backup)  # as a writer killed between its two renames leaves them
    store.add(Annotation(doc_id=first.doc_id, note="second"))
    assert not list(store.root.rglob("*.tmp"))
    assert len(Store(store.root).annotations(first.doc_id)) == 2


def test_a_failed_write_saves_nothing_says_so_and_the_next_one_works(
    store: Store, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = annotate(store, seed, "rice cakes")
    path = store.annotations_path(first.doc_id)
    before = path.read_bytes()

    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full_disk)
        with pytest.raises(StoreError) as raised:
            store.add(Annotation(doc_id=first.doc_id, note="lost"))
    assert str(raised.value) == (
        f"{path}: cannot be written (No space left on device); the change was not saved"
    )
    assert path.read_bytes() == before
    assert not list(store.root.rglob("*.tmp"))

    second = store.add(Annotation(doc_id=first.doc_id, note="kept"))
    assert [a.id for a in Store(store.root).annotations(first.doc_id)] == [second.id, first.id]


def test_a_change_keeps_the_permissions_of_the_file(store: Store, seed: Path) -> None:
    first = annotate(store, seed, "rice cakes")
    path = store.annotations_path(first.doc_id)
    path.chmod(0o600)
    store.add(Annotation(doc_id=first.doc_id, note="private"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_change_another_process_made_in_the_same_clock_tick_is_seen(
    tmp_path: Path, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File times can be coarse and inode numbers reused: a file rewritten quickly may look
    the same by `stat`; its content tells."""
    monkeypatch.setattr(storage, "identity_of", lambda status: (0, 0, 0, 0, 0))
    mine = Store(tmp_path / "s")
    first = annotate(mine, seed, "rice cakes")
    assert mine.annotations(first.doc_id) == [first]
    other = Store(tmp_path / "s")
    other.update(first.edited(note="changed elsewhere"))
    assert mine.get(first.id).note == "changed elsewhere"
    mine.add(Annotation(doc_id=first.doc_id, note="mine"))
    assert {a.note for a in other.annotations(first.doc_id)} == {"changed elsewhere", "mine"}


def test_without_hard_links_the_backup_is_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "file.json"
    write_atomically(path, b"first")

    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    write_atomically(path, b"second")
    assert path.read_bytes() == b"second"
    assert path.with_name("file.json.bak").read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.json", "file.json.bak"]
