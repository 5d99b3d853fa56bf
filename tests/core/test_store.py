import json
from pathlib import Path

import pytest

from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.errors import NotFoundError, StoreCorruptError, StoreError, StoreVersionError
from tui.core.history import History
from tui.core.store import Store, TagInfo


def annotate(store: Store, seed: Path, quote: str, *tags: str, note: str = "", occurrence=None):
    document = store.open_document(seed)
    annotation = Annotation(
        doc_id=document.id,
        anchor=find_quote(document.text, quote, occurrence),
        tags=tags,
        note=note,
        doc_sha256=document.sha256,
    )
    return store.add(annotation)


def test_a_reopened_store_holds_every_change(tmp_path: Path, seed: Path) -> None:
    store = Store(tmp_path / "s")
    kept = annotate(store, seed, "Daily NK has learned", "source", note="first")
    edited = annotate(store, seed, "rice cakes", "economy/food")
    deleted = annotate(store, seed, "Arduous March", "history")
    store.update(edited.edited(note="changed"))
    store.delete(deleted.id)
    store.set_position(kept.doc_id, 1234)
    store.set_tag_info(TagInfo("economy", "#00aa00", "money matters"))

    again = Store(tmp_path / "s")
    found = again.annotations(kept.doc_id)
    assert [a.id for a in found] == [kept.id, edited.id]
    assert again.get(edited.id).note == "changed"
    assert again.get(kept.id) == kept
    with pytest.raises(NotFoundError):
        again.get(deleted.id)
    assert again.document(kept.doc_id).position == 1234
    assert again.codebook() == [TagInfo("economy", "#00aa00", "money matters")]


def test_the_same_file_keeps_its_id_and_a_moved_file_is_recognised(
    store: Store, seed: Path
) -> None:
    first = store.open_document(seed)
    assert store.open_document(seed).id == first.id
    moved = seed.with_name("renamed.txt")
    seed.rename(moved)
    assert store.open_document(moved).id == first.id
    assert store.document(first.id).path == str(moved.resolve())


def test_an_edited_file_keeps_its_id_and_the_annotated_hash(store: Store, seed: Path) -> None:
    annotation = annotate(store, seed, "rice cakes", "food")
    seed.write_text(seed.read_text() + "\nA new paragraph.\n")
    document = store.open_document(seed)
    assert document.id == annotation.doc_id
    assert store.document(document.id).sha256 == annotation.doc_sha256 != document.sha256


def test_lists_by_document_tag_and_text(store: Store, seed: Path) -> None:
    a = annotate(store, seed, "rice cakes", "economy/food", note="street trade")
    b = annotate(store, seed, "Arduous March", "economy", "history")
    c = annotate(store, seed, "Daily NK has learned", "source")
    assert [x.id for x in store.search(tag="economy")] == [a.id, b.id]
    assert [x.id for x in store.search(tag="economy/food")] == [a.id]
    assert [x.id for x in store.search(text="STREET")] == [a.id]
    assert [x.id for x in store.search(text="daily nk")] == [c.id]
    assert [x.id for x in store.annotations(a.doc_id)] == [c.id, a.id, b.id]


def test_tag_counts_include_codebook_tags_without_annotations(store: Store, seed: Path) -> None:
    annotate(store, seed, "rice cakes", "economy/food", "place")
    annotate(store, seed, "Arduous March", "place")
    store.set_tag_info(TagInfo("planned", description="for later"))
    assert store.tag_counts() == {"economy/food": 1, "place": 2, "planned": 0}


def test_document_note_sorts_first(store: Store, seed: Path) -> None:
    passage = annotate(store, seed, "rice cakes", "food")
    whole = store.add(Annotation(doc_id=passage.doc_id, note="about the whole text"))
    assert [a.id for a in store.annotations(passage.doc_id)] == [whole.id, passage.id]


def test_store_files_are_versioned_json_with_a_backup(store: Store, seed: Path) -> None:
    annotation = annotate(store, seed, "rice cakes", "food")
    annotate(store, seed, "Arduous March", "history")
    path = store.root / "docs" / f"{annotation.doc_id}.json"
    data = json.loads(path.read_text())
    assert data["_meta"]["1"]["version"] == 1
    assert annotation.id in data["annotations"]
    assert path.with_name(path.name + ".bak").exists()
    assert not list(store.root.rglob("*.tmp"))


def test_a_damaged_store_file_is_named_and_left_untouched(tmp_path: Path, seed: Path) -> None:
    store = Store(tmp_path / "s")
    annotation = annotate(store, seed, "rice cakes", "food")
    path = store.root / "docs" / f"{annotation.doc_id}.json"
    path.write_text('{"annotations": {"x": ')
    with pytest.raises(StoreCorruptError, match=str(path)):
        Store(tmp_path / "s").annotations(annotation.doc_id)
    with pytest.raises(StoreCorruptError):
        Store(tmp_path / "s").add(Annotation(doc_id=annotation.doc_id))
    assert path.read_text() == '{"annotations": {"x": '


def test_a_newer_store_is_refused_and_not_rewritten(tmp_path: Path) -> None:
    root = tmp_path / "s"
    root.mkdir()
    newer = json.dumps({"_meta": {"1": {"format": "postil-store", "version": 99}}})
    (root / "library.json").write_text(newer)
    store = Store(root)
    with pytest.raises(StoreVersionError, match="newer postil"):
        store.documents()
    assert (root / "library.json").read_text() == newer


def test_an_unwritable_store_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot create"):
        Store(blocker / "store")


def test_history_undoes_and_redoes_through_the_store(tmp_path: Path, seed: Path) -> None:
    store = Store(tmp_path / "s")
    history = History(store)
    document = store.open_document(seed)
    made = history.add(
        Annotation(doc_id=document.id, anchor=find_quote(document.text, "rice cakes"), tags=("a",))
    )
    history.update(made.edited(tags=("b",)))
    history.delete(store.get(made.id))
    assert store.annotations(document.id) == []
    history.undo()
    assert store.get(made.id).tags == ("b",)
    history.undo()
    assert Store(tmp_path / "s").get(made.id).tags == ("a",)
    history.undo()
    assert store.annotations(document.id) == []
    assert not history.can_undo
    history.redo()
    history.redo()
    assert Store(tmp_path / "s").get(made.id).tags == ("b",)
    history.add(Annotation(doc_id=document.id, note="new"))
    assert not history.can_redo
