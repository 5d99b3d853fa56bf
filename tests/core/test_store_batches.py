"""Many documents at once: registered with one library write, changed with one wait for the
disk, and read back exactly as one at a time would."""

import gc
import json
import os
from pathlib import Path

import pytest

from tui.core import store as store_module
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.document import read_document
from tui.core.errors import StoreCorruptError
from tui.core.store import Store


def folder_of_documents(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"report-{number}.txt"
        path.write_text(f"Report {number}\n\nRice prices rose in the winter of year {number}.\n")
        paths.append(path)
    return paths


def inode(path: Path) -> tuple[int, int]:
    status = os.stat(path)
    return status.st_dev, status.st_ino


def test_a_folder_is_registered_with_one_library_write_and_the_same_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = folder_of_documents(tmp_path / "docs", 5)
    store = Store(tmp_path / "store")
    first = store.open_document(paths[0])
    writes = []
    real = store_module.write_all
    monkeypatch.setattr(store_module, "write_all", lambda w: writes.append(w) or real(w))

    registered = store.register_many(read_document(path) for path in paths)

    assert len(writes) == 1
    assert registered[0].id == first.id
    assert len({document.id for document in registered}) == 5
    again = Store(tmp_path / "store")
    assert [again.open_document(path).id for path in paths] == [d.id for d in registered]
    assert {record.path for record in again.documents()} == {str(p.resolve()) for p in paths}


def test_moved_files_in_a_batch_keep_their_ids(tmp_path: Path) -> None:
    paths = folder_of_documents(tmp_path / "docs", 3)
    store = Store(tmp_path / "store")
    before = store.register_many(read_document(path) for path in paths)
    moved = [path.rename(path.with_name(f"moved-{path.name}")) for path in paths]
    twice = [moved[0], *moved]  # the same file named twice is one document

    after = store.register_many(read_document(path) for path in twice)

    assert [d.id for d in after] == [before[0].id, *(d.id for d in before)]
    assert len(store.documents()) == 3
    assert {record.path for record in store.documents()} == {str(p.resolve()) for p in moved}


def test_a_change_to_many_files_syncs_each_file_and_the_folder_once_after(
    tmp_path: Path, fsynced: list[tuple[int, int]]
) -> None:
    paths = folder_of_documents(tmp_path / "docs", 4)
    store = Store(tmp_path / "store")
    documents = store.register_many(read_document(path) for path in paths)
    fsynced.clear()
    store.write_many(
        Annotation(doc_id=document.id, anchor=find_quote(document.text, "Rice prices"))
        for document in documents
    )
    files = [inode(store.annotations_path(document.id)) for document in documents]
    folder = inode(store.annotations_path(documents[0].id).parent)
    assert set(files) <= set(fsynced)
    assert fsynced.count(folder) == 1 and fsynced[-1] == folder
    assert all(len(Store(store.root).annotations(d.id)) == 1 for d in documents)


def test_a_failed_write_of_many_files_changes_none_and_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell which file an fsync is for")
    paths = folder_of_documents(tmp_path / "docs", 3)
    store = Store(tmp_path / "store")
    documents = store.register_many(read_document(path) for path in paths)
    store.write_many(Annotation(doc_id=document.id, note="kept") for document in documents)
    before = {d.id: store.annotations_path(d.id).read_bytes() for d in documents}
    real_fsync = os.fsync
    unlucky = store.annotations_path(documents[1].id)

    def fsync(fd: int) -> None:
        if os.fstat(fd).st_size and os.readlink(f"/proc/self/fd/{fd}").startswith(
            str(unlucky.parent / f".{unlucky.name}")
        ):
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(store_module.StoreError) as raised:
        store.write_many(Annotation(doc_id=document.id, note="lost") for document in documents)
    assert str(raised.value).startswith(f"{unlucky}: cannot be written (No space left")
    monkeypatch.undo()
    assert {d.id: store.annotations_path(d.id).read_bytes() for d in documents} == before
    assert not list(store.root.rglob("*.tmp"))
    assert [a.note for a in Store(store.root).annotations(documents[0].id)] == ["kept"]


def test_a_change_rewrites_only_the_lines_of_the_records_it_changes(
    store: Store, seed: Path
) -> None:
    document = store.open_document(seed)
    made = [
        store.add(Annotation(doc_id=document.id, anchor=find_quote(document.text, quote)))
        for quote in ("rice cakes", "Arduous March", "Daily NK has learned")
    ]
    path = store.annotations_path(document.id)
    before = path.read_text().splitlines()
    changed = store.update(made[1].edited(note='a note, with "quotes"\nand a new line'))

    after = path.read_text().splitlines()
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [
        next(i for i, line in enumerate(before) if made[1].id in line)
    ]
    assert Store(store.root).get(changed.id) == changed


def test_a_file_written_by_hand_in_another_layout_is_rewritten_whole(
    store: Store, seed: Path
) -> None:
    document = store.open_document(seed)
    first = store.add(Annotation(doc_id=document.id, note="first"))
    path = store.annotations_path(document.id)
    data = json.loads(path.read_text())
    data["annotations"][first.id]["note"] = "edited by hand"
    path.write_text(json.dumps(data, indent=2))  # pretty-printed, one field per line

    reader = Store(store.root)
    assert reader.get(first.id).note == "edited by hand"
    second = reader.add(Annotation(doc_id=document.id, note="second"))
    assert {a.note for a in Store(store.root).annotations(document.id)} == {
        "edited by hand",
        second.note,
    }


def test_records_read_fast_are_the_records_as_written(store: Store, seed: Path) -> None:
    document = store.open_document(seed)
    made = [
        Annotation(doc_id=document.id, note="a document note", author="ana", color="red"),
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, "rice cakes"),
            tags=("economy/food", "place"),
            doc_sha256=document.sha256,
            history=({"start": 1, "end": 2, "quote": "x"},),
        ),
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, "Arduous March"),
            orphan=True,
            tags=("한국어 태그",),
        ),
    ]
    store.write_many(made)
    loaded = {a.id: a for a in Store(store.root).annotations(document.id)}
    for annotation in made:
        assert Annotation.from_stored(annotation.to_dict()) == annotation
        assert loaded[annotation.id] == annotation


@pytest.mark.parametrize(
    "change",
    [
        {"tags": [" economy / food ", "economy/food"]},  # tags as a person might type them
        {"tags": ["place", "place"]},
        {"tags": ["place", ""]},
        {"tags": ["economy//food"]},
        {"modified": ""},
        {"orphan": 1},
        {"extra": "a field of a newer postil"},
        {"anchor": {"start": 1, "end": 5, "quote": "abcd"}},  # context left out
    ],
)
def test_records_written_otherwise_are_read_as_before(
    store: Store, seed: Path, change: dict
) -> None:
    document = store.open_document(seed)
    made = store.add(Annotation(doc_id=document.id, tags=("economy/food",), note="n"))
    record = {**made.to_dict(), **change}
    assert Annotation.from_stored(record) is None
    path = store.annotations_path(document.id)
    data = json.loads(path.read_text())
    data["annotations"][made.id] = record
    path.write_text(json.dumps(data))
    assert Store(store.root).get(made.id) == Annotation.from_dict(record)


def test_records_with_their_fields_in_another_order_are_read_as_before(
    store: Store, seed: Path
) -> None:
    document = store.open_document(seed)
    made = store.add(
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, "rice cakes"),
            tags=("economy/food",),
            doc_sha256=document.sha256,
        )
    )
    record = dict(reversed(made.to_dict().items()))
    record["anchor"] = dict(reversed(record["anchor"].items()))
    assert Annotation.from_stored(record) is None
    path = store.annotations_path(document.id)
    data = json.loads(path.read_text())
    data["annotations"][made.id] = record
    path.write_text(json.dumps(data))
    assert Store(store.root).get(made.id) == made


def test_annotations_read_again_are_a_new_list_and_follow_changes(store: Store, seed: Path) -> None:
    document = store.open_document(seed)
    first = store.add(Annotation(doc_id=document.id, note="first"))
    listed = store.annotations(document.id)
    listed.clear()
    assert store.annotations(document.id) == [first]
    other = Store(store.root)
    second = other.add(Annotation(doc_id=document.id, note="second"))
    assert {a.id for a in store.annotations(document.id)} == {first.id, second.id}
    assert store.load_annotations([document.id]) == {document.id: store.annotations(document.id)}


def test_writing_nothing_is_fine(store: Store) -> None:
    store.write_many([])
    store.register_many([])
    assert store.documents() == [] and list(store.all_annotations()) == []


def test_reading_leaves_the_garbage_collector_as_it_found_it(store: Store, seed: Path) -> None:
    document = store.open_document(seed)
    store.add(Annotation(doc_id=document.id, note="n"))
    path = store.annotations_path(document.id)
    assert gc.isenabled()
    list(Store(store.root).all_annotations())
    assert gc.isenabled()
    path.write_text("{")
    with pytest.raises(StoreCorruptError):
        Store(store.root).load_annotations([document.id])
    assert gc.isenabled()
    gc.disable()
    try:
        path.write_text(json.dumps({"annotations": {}}))
        Store(store.root).load_annotations([document.id])
        assert not gc.isenabled()
    finally:
        gc.enable()
