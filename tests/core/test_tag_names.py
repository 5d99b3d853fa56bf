"""Codebook changes rename tags through the library's `tag_names` table: the documents' files
are not rewritten, yet every read, undo, later edit and other process sees the new names."""

import json
from pathlib import Path

import pytest

from tests.core.test_codebook import Corpus
from tui.core import storage
from tui.core.annotation import Annotation
from tui.core.annotation_index import AnnotationIndex
from tui.core.codebook import Codebook
from tui.core.errors import StoreCorruptError, StoreVersionError
from tui.core.history import History
from tui.core.store import Store
from tui.core.tag_names import TagName, TagNames
from tui.core.transaction import StaleStepError


@pytest.fixture
def corpus(tmp_path: Path, seed: Path) -> Corpus:
    return Corpus(tmp_path, seed)


def document_files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted((root / "docs").glob("*.json"))
    }


def library_version(root: Path) -> int:
    return json.loads((root / "library.json").read_text())["_meta"]["1"]["version"]


def test_a_rename_rewrites_the_library_only(corpus: Corpus) -> None:
    before, files = corpus.state(), document_files(corpus.root)
    corpus.codebook.rename("economy", "money")
    assert document_files(corpus.root) == files
    assert corpus.tags()["rice"] == ("money/food", "money/covid")
    assert library_version(corpus.root) == 2  # an older postil refuses it, not misreads it
    assert (corpus.root / "library.json.v1").exists()  # what that older postil could read

    corpus.history.undo()
    assert corpus.state() == before
    assert library_version(corpus.root) == 1  # nothing renamed: readable by any postil again


def test_merged_tags_become_one_and_come_apart_on_undo(corpus: Corpus) -> None:
    before = corpus.state()
    corpus.codebook.merge("history", "economy")
    assert corpus.tags()["march"] == ("economy",)  # it had both: now once
    corpus.codebook.delete("economy/covid")
    assert corpus.tags()["rice"] == ("economy/food",)
    assert corpus.tags()["covid"] == ()
    corpus.history.undo()
    corpus.history.undo()
    assert corpus.state() == before


def test_edits_after_a_merge_keep_each_tag_apart_for_its_undo(corpus: Corpus) -> None:
    """`march` carried `history` and `economy`, `cakes` carried `economy/food`: after a merge of
    `economy/food` into `history`, each edited, then all undone in turn, each gets its own."""
    before = corpus.state()
    corpus.codebook.merge("economy/food", "history")
    store = corpus.store
    for name in ("march", "cakes", "rice"):
        current = store.get(corpus.made[name].id)
        corpus.history.update(current.edited(note=f"{name} noted"))
    corpus.history.delete(store.get(corpus.made["rice"].id))
    corpus.history.undo()  # the deletion: rice comes back under the keys it had
    for _ in range(4):
        corpus.history.undo()
    assert corpus.state() == before


def test_a_name_used_again_after_a_rename_is_a_new_tag(corpus: Corpus) -> None:
    corpus.codebook.rename("economy", "money")
    seed = corpus.seed
    fresh = corpus.add(seed, "Jen Morgan", "economy", "economy/food")
    assert Store(corpus.root).get(fresh.id).tags == ("economy", "economy/food")
    assert corpus.tags()["cakes"] == ("money/food", "place")
    rows = {row.tag: row.count for row in Codebook(History(Store(corpus.root))).rows()}
    assert rows["economy"] == 1 and rows["money"] == 1

    corpus.history.undo()  # the rename: the older economy is economy again, beside the new
    assert corpus.tags()["cakes"] == ("economy/food", "place")
    assert Store(corpus.root).get(fresh.id).tags == ("economy", "economy/food")
    codebook = Codebook(History(Store(corpus.root)))
    assert {row.tag: row.count for row in codebook.rows()}["economy/food"] == 3
    codebook.rename("economy/food", "food")
    assert corpus.tags()["cakes"] == ("food", "place")
    assert Store(corpus.root).get(fresh.id).tags == ("economy", "food")


def test_renaming_back_and_forth_and_onto_a_freed_name(corpus: Corpus) -> None:
    before = corpus.state()
    corpus.codebook.rename("economy", "money")
    corpus.codebook.rename("money", "economy")
    assert corpus.state()[0] == before[0]
    corpus.codebook.rename("place", "economy/place")
    assert corpus.tags()["cakes"] == ("economy/food", "economy/place")
    for _ in range(3):
        corpus.history.undo()
    assert corpus.state() == before


def test_an_index_follows_a_rename_made_by_another_process(corpus: Corpus) -> None:
    index = AnnotationIndex(Store(corpus.root))
    index.refresh()
    assert len(index.search("tag:money")) == 0
    Codebook(History(Store(corpus.root))).rename("economy", "money")
    changed = index.refresh()
    assert changed == {corpus.seed.id, corpus.report.id}
    found = {entry.annotation.id for entry in index.search("tag:money")}
    assert found == {corpus.made[name].id for name in ("cakes", "march", "covid", "rice")}
    assert index.search("tag:economy") == []


def test_exports_and_searches_see_the_new_names(corpus: Corpus, postil) -> None:
    corpus.codebook.rename("economy/covid", "pandemic")
    code, out, _ = postil("search", "tag:pandemic", "--json", "--store", str(corpus.root))
    assert code == 0
    assert sorted(item["tags"] for item in json.loads(out)) == [
        ["economy/food", "pandemic"],
        ["pandemic"],
    ]
    target = corpus.root.parent / "out.csv"
    code, _, _ = postil("export", "--format", "csv", "-o", str(target), "--store", str(corpus.root))
    assert code == 0
    assert "pandemic" in target.read_text() and "economy/covid" not in target.read_text()


def test_a_damaged_tag_names_entry_is_named(corpus: Corpus) -> None:
    corpus.codebook.rename("economy", "money")
    library = corpus.root / "library.json"
    data = json.loads(library.read_text())
    key = next(iter(data["tag_names"]))
    data["tag_names"][key]["name"] = 7
    library.write_text(json.dumps(data))
    with pytest.raises(StoreCorruptError, match=r"library\.json: the store file is damaged"):
        Store(corpus.root).annotations(corpus.seed.id)


def test_an_older_postil_refuses_a_library_with_tag_names(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.codebook.rename("economy", "money")
    monkeypatch.setattr(storage, "FORMAT_VERSION", 1)
    with pytest.raises(StoreVersionError, match="written by a newer postil"):
        Store(corpus.root).documents()


def test_keys_prefer_what_was_stored_then_the_name_then_a_fresh_key() -> None:
    names = TagNames([TagName("a", "b"), TagName("gone", None)])
    assert names.keys(("b",)) == (("b",), [])  # a name is its own key while that is free
    assert names.keys(("c", "b"), earlier=("x", "a")) == (("c", "a"), [])  # a kept its key
    copy = names.copy()
    keys, fresh = copy.keys(("a", "gone"))  # both names now mean other tags: fresh keys
    assert [entry.name for entry in fresh] == ["a", "gone"]
    assert keys == tuple(entry.key for entry in fresh)
    assert copy.resolved([Annotation(doc_id="d", tags=keys)])[0].tags == ("a", "gone")
    assert names.keys(("a",))[1] != []  # the original table was not changed
    assert TagNames().keys(("a",)) == (("a",), [])


def test_an_undo_leaves_what_another_postil_changed_since(corpus: Corpus) -> None:
    corpus.codebook.rename("place", "places")
    elsewhere = Codebook(History(Store(corpus.root)))
    elsewhere.delete("economy")
    corpus.history.undo()  # the rename touched no record the deletion did: undone
    assert corpus.tags()["cakes"] == ("place",)
    assert corpus.tags()["march"] == ("history",)

    corpus.codebook.rename("history", "past")
    elsewhere.rename("past", "bygone")
    with pytest.raises(StaleStepError, match="cannot undo rename history to past: tag 'past'"):
        corpus.history.undo()
    assert corpus.tags()["march"] == ("bygone",)
    assert not corpus.history.can_undo  # dropped, so earlier steps could still be undone


def test_undoing_an_edit_refuses_to_overwrite_a_later_edit_made_elsewhere(corpus: Corpus) -> None:
    store = corpus.store
    mine = corpus.history.update(store.get(corpus.made["covid"].id).edited(note="mine"))
    other = Store(corpus.root)
    theirs = other.update(other.get(mine.id).edited(note="theirs"))
    corpus.history.update(store.get(corpus.made["rice"].id).edited(note="also mine"))
    corpus.history.undo()  # rice: nobody else touched it
    assert Store(corpus.root).get(corpus.made["rice"].id).note == ""
    with pytest.raises(StaleStepError, match="an annotation it changes changed since"):
        corpus.history.undo()
    assert Store(corpus.root).get(mine.id) == theirs


def test_undoing_document_tags_keeps_a_reading_position_saved_since(corpus: Corpus) -> None:
    doc_id = corpus.report.id
    corpus.codebook.add_document_tags(doc_id, ["draft"])
    Store(corpus.root).set_position(doc_id, 42)
    corpus.history.undo()
    record = Store(corpus.root).document(doc_id)
    assert (record.tags, record.position) == (("economy/report", "kind"), 42)


def test_the_codebook_index_kept_in_memory_matches_one_read_afresh(corpus: Corpus) -> None:
    codebook = corpus.codebook
    codebook.rename("economy", "money")
    codebook.merge("history", "money")
    codebook.delete("place")
    codebook.undo()
    fresh = AnnotationIndex(Store(corpus.root))
    fresh.refresh()
    assert codebook.index.tag_counts() == fresh.tag_counts()
    assert codebook.index.tag_totals() == fresh.tag_totals()
    assert [e.annotation for e in codebook.index.search("tag:money")] == [
        e.annotation for e in fresh.search("tag:money")
    ]


def test_renaming_back_and_forth_leaves_no_trace(corpus: Corpus) -> None:
    before = corpus.state()
    for old, new in [("economy", "money"), ("money", "cash"), ("cash", "economy")]:
        corpus.codebook.rename(old, new)
    assert corpus.state() == before
    assert json.loads((corpus.root / "library.json").read_text())["tag_names"] == {}
    assert library_version(corpus.root) == 1
