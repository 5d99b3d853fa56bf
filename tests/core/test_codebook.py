from dataclasses import replace
from pathlib import Path

import pytest

from tui.core import storage, transaction
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.annotation_index import AnnotationIndex
from tui.core.codebook import Codebook, CodebookError, Impact, TagRow
from tui.core.errors import NotFoundError, StoreCorruptError, StoreError, UsageError
from tui.core.history import History
from tui.core.store import Store, TagInfo
from tui.core.transaction import Change

REPORT = "Annual report\n\nThe economy grew. Covid closures hurt traders. Rice prices rose.\n"


class Corpus:
    """Two documents coded with a small hierarchy, a codebook and a document-level tag."""

    def __init__(self, root: Path, seed: Path) -> None:
        self.root = root / "store"
        self.store = Store(self.root)
        self.history = History(self.store)
        self.codebook = Codebook(self.history)
        report = root / "docs" / "report.txt"
        report.write_text(REPORT)
        self.seed = self.store.open_document(seed)
        self.report = self.store.open_document(report)
        self.made = {
            "cakes": self.add(self.seed, "rice cakes", "economy/food", "place"),
            "march": self.add(self.seed, "Arduous March", "history", "economy"),
            "covid": self.add(self.report, "Covid closures", "economy/covid"),
            "rice": self.add(self.report, "Rice prices", "economy/food", "economy/covid"),
            "grew": self.add(self.report, "economy grew", "economics"),
        }
        self.store.set_tag_info(TagInfo("economy", "#00aa00", "money matters"))
        self.store.set_tag_info(TagInfo("economy/covid", None, "the pandemic"))
        self.store.set_tag_info(TagInfo("planned", "red", "for later"))
        self.store.update_document(
            replace(self.store.document(self.report.id), tags=("economy/report", "kind"))
        )

    def add(self, document, quote: str, *tags: str) -> Annotation:
        anchor = find_quote(document.text, quote)
        return self.store.add(Annotation(doc_id=document.id, anchor=anchor, tags=tags))

    def tags(self) -> dict[str, tuple[str, ...]]:
        """Each annotation's tags, read from a fresh store (what is on disk)."""
        fresh = Store(self.root)
        return {name: fresh.get(a.id).tags for name, a in self.made.items()}

    def state(self) -> tuple:
        """Everything a codebook change may touch, as on disk."""
        fresh = Store(self.root)
        return (
            sorted(fresh.all_annotations(), key=lambda a: a.id),
            fresh.codebook(),
            sorted(fresh.documents(), key=lambda r: r.id),
        )


@pytest.fixture
def corpus(tmp_path: Path, seed: Path) -> Corpus:
    return Corpus(tmp_path, seed)


def test_rows_list_every_tag_with_counts_colour_and_description(corpus: Corpus) -> None:
    rows = {row.tag: row for row in corpus.codebook.rows()}
    assert list(rows) == [
        "economics",
        "economy",
        "economy/covid",
        "economy/food",
        "economy/report",
        "history",
        "kind",
        "place",
        "planned",
    ]
    assert rows["economy"] == TagRow(
        "economy", count=1, total=4, color="#00aa00", description="money matters", in_codebook=True
    )
    assert (rows["economy/covid"].count, rows["economy/covid"].total) == (2, 2)
    assert rows["economy/report"].documents == 1 and rows["economy/report"].count == 0
    planned = TagRow("planned", color="red", description="for later", in_codebook=True)
    assert rows["planned"] == planned


def test_the_tree_adds_parents_and_comes_depth_first(corpus: Corpus) -> None:
    corpus.add(corpus.seed, "Daily NK has learned", "place/korea/hamhung")
    rows = corpus.codebook.rows(tree=True)
    layout = [(row.depth, row.name, row.total) for row in rows if row.tag.startswith("place")]
    assert layout == [(0, "place", 2), (1, "korea", 1), (2, "hamhung", 1)]
    tags = [row.tag for row in rows]
    assert tags.index("economy") < tags.index("economy/covid") < tags.index("economy/food")
    assert tags.index("economy/report") < tags.index("history")


def test_rename_moves_children_codebook_and_document_tags_and_undoes(corpus: Corpus) -> None:
    before = corpus.state()
    impact = corpus.codebook.rename("economy", "money")
    assert impact == Impact(
        tag="economy",
        tags=("economy", "economy/covid", "economy/food", "economy/report"),
        annotations=4,
        documents=2,
        document_tags=1,
        entries=2,
    )
    assert corpus.tags() == {
        "cakes": ("money/food", "place"),
        "march": ("history", "money"),
        "covid": ("money/covid",),
        "rice": ("money/food", "money/covid"),
        "grew": ("economics",),  # a longer word, not a child
    }
    fresh = Store(corpus.root)
    assert fresh.codebook() == [
        TagInfo("money", "#00aa00", "money matters"),
        TagInfo("money/covid", None, "the pandemic"),
        TagInfo("planned", "red", "for later"),
    ]
    assert fresh.document(corpus.report.id).tags == ("money/report", "kind")
    # The tag changed, not the annotation: its own time stays (as Taguette and QDA tools do).
    assert fresh.get(corpus.made["covid"].id).modified == corpus.made["covid"].modified

    assert corpus.history.undo_label == "rename economy to money"
    assert corpus.history.undo() is not None
    assert corpus.state() == before
    corpus.history.redo()
    assert corpus.tags()["rice"] == ("money/food", "money/covid")


def test_rename_into_its_own_child_and_back(corpus: Corpus) -> None:
    before = corpus.state()
    corpus.codebook.rename("economy", "economy/old")
    assert corpus.tags()["cakes"] == ("economy/old/food", "place")
    assert {info.tag for info in Store(corpus.root).codebook()} >= {
        "economy/old",
        "economy/old/covid",
    }
    corpus.codebook.undo()
    assert corpus.state() == before


@pytest.mark.parametrize(
    ("old", "new", "error", "message"),
    [
        ("economy", "history", CodebookError, "'history' already exists; to combine 'economy'"),
        ("economy", "place/x", CodebookError, None),  # a new child of an existing tag is fine
        ("economy/food", "economy", CodebookError, "'economy' already exists"),
        ("economy", "economics", CodebookError, "'economics' already exists"),
        ("economy", " economy/ ", CodebookError, "'economy' is already called 'economy'"),
        ("nothing", "x", NotFoundError, "no tag 'nothing' in the store"),
        ("economy", " / ", UsageError, "a tag cannot be empty"),
    ],
)
def test_rename_refuses_what_it_cannot_do_and_changes_nothing(
    corpus: Corpus, old: str, new: str, error: type[Exception], message: str | None
) -> None:
    before = corpus.state()
    if message is None:
        corpus.codebook.rename(old, new)
        assert corpus.tags()["cakes"] == ("place/x/food", "place")
        return
    with pytest.raises(error, match=message):
        corpus.codebook.rename(old, new)
    assert corpus.state() == before
    assert not corpus.history.can_undo


def test_merge_moves_uses_and_children_into_an_existing_tag(corpus: Corpus) -> None:
    corpus.store.set_tag_info(TagInfo("place", "blue", ""))
    before = corpus.state()
    impact = corpus.codebook.merge("economy", "place")
    assert (impact.annotations, impact.documents, impact.entries) == (4, 2, 2)
    assert corpus.tags() == {
        "cakes": ("place/food", "place"),
        "march": ("history", "place"),
        "covid": ("place/covid",),
        "rice": ("place/food", "place/covid"),
        "grew": ("economics",),
    }
    entries = {info.tag: info for info in Store(corpus.root).codebook()}
    assert entries["place"] == TagInfo("place", "blue", "money matters")  # its own colour kept
    assert "economy" not in entries
    corpus.history.undo()
    assert corpus.state() == before


def test_merging_a_child_into_its_parent_removes_duplicates(corpus: Corpus) -> None:
    corpus.codebook.merge("economy/covid", "economy")
    assert corpus.tags()["rice"] == ("economy/food", "economy")
    assert corpus.tags()["covid"] == ("economy",)
    assert Store(corpus.root).codebook()[0] == TagInfo("economy", "#00aa00", "money matters")


@pytest.mark.parametrize(
    ("source", "target", "error", "message"),
    [
        ("economy", "economy", CodebookError, "cannot merge 'economy' into itself"),
        ("economy", "economy/food", CodebookError, "into its own child 'economy/food'"),
        ("economy", "nowhere", NotFoundError, "no tag 'nowhere' to merge into"),
        ("nowhere", "economy", NotFoundError, "no tag 'nowhere' in the store"),
    ],
)
def test_merge_refuses_what_it_cannot_do(
    corpus: Corpus, source: str, target: str, error: type[Exception], message: str
) -> None:
    before = corpus.state()
    with pytest.raises(error, match=message):
        corpus.codebook.merge(source, target)
    assert corpus.state() == before


def test_delete_shows_its_impact_first_keeps_the_annotations_and_undoes(corpus: Corpus) -> None:
    before = corpus.state()
    preview = corpus.codebook.impact("economy/covid")
    expected = Impact("economy/covid", ("economy/covid",), annotations=2, documents=1, entries=1)
    assert preview == expected
    assert corpus.state() == before  # a preview changes nothing

    assert corpus.codebook.delete("economy/covid") == preview
    assert corpus.tags()["covid"] == ()
    assert corpus.tags()["rice"] == ("economy/food",)
    assert len(list(Store(corpus.root).all_annotations())) == 5
    assert "economy/covid" not in {row.tag for row in corpus.codebook.rows()}

    corpus.codebook.delete("economy")
    assert corpus.tags()["march"] == ("history",)
    assert Store(corpus.root).document(corpus.report.id).tags == ("kind",)
    corpus.codebook.undo()
    corpus.codebook.undo()
    assert corpus.state() == before
    assert corpus.history.redo_label == "delete economy/covid"
    corpus.codebook.redo()
    assert corpus.tags()["covid"] == ()


def test_a_tag_only_in_the_codebook_can_be_deleted(corpus: Corpus) -> None:
    impact = corpus.codebook.delete("planned")
    assert (impact.annotations, impact.entries) == (0, 1)
    assert "planned" not in {info.tag for info in Store(corpus.root).codebook()}


def test_create_recolour_and_describe_survive_a_reopen_and_undo(corpus: Corpus) -> None:
    corpus.codebook.create(" themes / trust ", "who people trust", "#abc")
    corpus.codebook.recolor("history", "#112233")
    corpus.codebook.describe("history", "  the past  ")
    corpus.codebook.recolor("economy", "none")
    reopened = Codebook(History(Store(corpus.root)))
    rows = {row.tag: row for row in reopened.rows()}
    trust = rows["themes/trust"]
    assert (trust.color, trust.description) == ("#abc", "who people trust")
    assert trust.count == 0
    assert (rows["history"].color, rows["history"].description) == ("#112233", "the past")
    assert rows["economy"].color is None

    for label in (
        "recolour economy",
        "describe history",
        "recolour history",
        "create themes/trust",
    ):
        assert corpus.history.undo_label == label
        corpus.codebook.undo()
    entries = {info.tag for info in Store(corpus.root).codebook()}
    assert entries == {"economy", "economy/covid", "planned"}
    assert Store(corpus.root).codebook()[0].color == "#00aa00"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda cb: cb.recolor("history", "not a colour"), UsageError, "is not a colour"),
        (lambda cb: cb.recolor("history", "#12345"), UsageError, "is not a colour"),
        (lambda cb: cb.describe("nothing", "x"), NotFoundError, "no tag 'nothing'"),
        (lambda cb: cb.create("planned"), CodebookError, "'planned' is already in the codebook"),
        (lambda cb: cb.create(""), UsageError, "a tag cannot be empty"),
    ],
)
def test_entry_changes_refuse_bad_input(corpus: Corpus, call, error, message: str) -> None:
    before = corpus.state()
    with pytest.raises(error, match=message):
        call(corpus.codebook)
    assert corpus.state() == before


def test_a_parent_known_only_through_its_children_can_be_described(corpus: Corpus) -> None:
    corpus.add(corpus.seed, "Daily NK has learned", "region/north")
    assert corpus.codebook.describe("region", "where").tag == "region"
    assert corpus.codebook.exists("region") and not corpus.codebook.exists("regio")


def test_document_tags_are_set_added_removed_and_undone(corpus: Corpus) -> None:
    doc_id = corpus.seed.id
    corpus.codebook.set_document_tags(doc_id, ["kind/article", " news "])
    corpus.codebook.add_document_tags(doc_id, ["news", "korea"])
    assert Store(corpus.root).document(doc_id).tags == ("kind/article", "news", "korea")
    corpus.codebook.remove_document_tags(doc_id, ["news"])
    assert Store(corpus.root).document(doc_id).tags == ("kind/article", "korea")
    fresh = AnnotationIndex(Store(corpus.root))
    fresh.refresh()
    index = corpus.codebook.index
    assert index.search("doctag:kind") == fresh.search("doctag:kind") != []
    assert index.refresh() == set()
    assert {row.tag: row.documents for row in corpus.codebook.rows()}["kind/article"] == 1
    for _ in range(3):
        corpus.codebook.undo()
    assert Store(corpus.root).document(doc_id).tags == ()
    with pytest.raises(NotFoundError):
        corpus.codebook.set_document_tags("nope", ["x"])


def test_the_shared_index_stays_current_without_reading_the_files_again(corpus: Corpus) -> None:
    index = AnnotationIndex(corpus.store)
    codebook = Codebook(corpus.history, index)
    codebook.rename("economy", "money")
    assert {e.annotation.id for e in index.search("tag:money/covid")} == {
        corpus.made["covid"].id,
        corpus.made["rice"].id,
    }
    assert index.search("tag:economy") == []
    assert index.refresh() == set()  # what it holds is what is on disk
    codebook.undo()
    assert index.refresh() == set()
    assert len(index.search("tag:economy")) == 4


def test_history_keeps_its_annotation_api(corpus: Corpus) -> None:
    history = History(corpus.store)
    assert history.undo() is None and history.redo() is None
    made = history.add(Annotation(doc_id=corpus.seed.id, note="whole"))
    changed = history.update(made.edited(note="changed"))
    assert history.undo() == [Change(changed, made)]
    assert history.redo() == [Change(made, changed)]
    history.delete(changed)
    assert history.can_undo and not history.can_redo
    history.undo()
    assert Store(corpus.root).get(made.id).note == "changed"
    corpus.codebook.describe("history", "x")
    assert corpus.history.undo() == []  # a step that changed no annotation


def test_a_failed_write_changes_nothing(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    before = corpus.state()
    real = transaction.write_library
    failures = iter([OSError(28, "No space left on device")])

    def failing(*args, **kwargs):
        error = next(failures, None)
        if error:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(transaction, "write_library", failing)
    with pytest.raises(StoreError, match="rename economy to money: not done, nothing was changed"):
        corpus.codebook.rename("economy", "money")
    assert corpus.state() == before
    assert not corpus.history.can_undo


def test_no_codebook_change_while_a_document_file_is_damaged(corpus: Corpus) -> None:
    path = corpus.root / "docs" / f"{corpus.report.id}.json"
    path.write_text("{")
    codebook = Codebook(History(Store(corpus.root)))
    with pytest.raises(StoreCorruptError, match="rename economy to money: not done while"):
        codebook.rename("economy", "money")
    assert path.read_text() == "{"
    cakes = corpus.made["cakes"]
    assert Store(corpus.root).get(cakes.id, cakes.doc_id).tags == ("economy/food", "place")


def test_a_store_that_cannot_be_written_is_a_clear_error(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    before = corpus.state()
    monkeypatch.setattr(storage, "write_all_atomically", full)
    with pytest.raises(StoreError, match=r"library.json: cannot be written \(No space left"):
        corpus.codebook.rename("economy", "money")
    monkeypatch.undo()
    monkeypatch.setattr(transaction, "write_library", full)
    with pytest.raises(StoreError, match="describe history: not done, nothing was changed"):
        corpus.codebook.describe("history", "the past")
    assert corpus.state() == before


def test_a_tag_only_documents_carry_is_said_to_touch_them(corpus: Corpus) -> None:
    impact = corpus.codebook.rename("kind", "genre")
    assert impact.summary() == "1 document tag"
    assert corpus.codebook.rename("economy", "money").summary() == (
        "4 annotations in 2 documents, 1 document tag, 2 codebook entries"
    )


def test_a_tag_renamed_into_its_own_child_can_be_renamed_back(corpus: Corpus) -> None:
    before = corpus.state()
    corpus.codebook.rename("economy", "economy/all")
    assert corpus.tags()["rice"] == ("economy/all/food", "economy/all/covid")
    corpus.codebook.rename("economy/all", "economy")
    assert corpus.state() == before
    corpus.codebook.rename("place", "history/place")  # history has passages of its own
    with pytest.raises(CodebookError, match="'history' already exists"):
        corpus.codebook.rename("history/place", "history")
