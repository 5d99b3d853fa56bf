import json
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SEED
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.annotation_index import AnnotationIndex
from tui.core.errors import PostilError, UsageError
from tui.core.query import QueryError, Term, fold, parse_query
from tui.core.store import Store

REPORT = "Annual report 2023\n\nThe economy grew.\nCovid closures hurt small\ntraders.\n"


@pytest.fixture(autouse=True)
def local_time(monkeypatch: pytest.MonkeyPatch):
    """Dates without an offset are local time: tests choose the zone (UTC unless they say)."""

    def set_zone(zone: str) -> None:
        monkeypatch.setenv("TZ", zone)
        time.tzset()

    set_zone("UTC")
    yield set_zone
    monkeypatch.undo()
    time.tzset()


def annotate_library(store: Store, seed: Path) -> dict[str, Annotation]:
    """Two documents, annotated by two authors at known times; returned by a short name."""
    report = seed.parent / "report.txt"
    report.write_text(REPORT)
    made = {}
    for name, path, quote, tags, note, author, created in [
        ("cakes", seed, "rice cakes", ("economy/food", "place"), "street TRADE", "ana",
         "2024-03-01T10:00:00.000Z"),
        ("march", seed, "Arduous March", ("history",), "", "bo", "2024-05-01T10:00:00.000Z"),
        ("daily", seed, "Daily NK has learned", ("Source",), "who reports", "ana",
         "2024-05-02T10:00:00.000Z"),
        ("covid", report, "Covid closures hurt small\ntraders", ("economy/covid",),
         "lockdown", "Ana Lima", "2024-06-01T10:00:00.000Z"),
        ("grew", report, "economy grew", ("economic",), "", "bo", "2024-06-02T10:00:00.000Z"),
    ]:  # fmt: skip
        document = store.open_document(path)
        made[name] = store.add(
            Annotation(
                doc_id=document.id,
                anchor=find_quote(document.text, quote),
                tags=tags,
                note=note,
                author=author,
                created=created,
            )
        )
    return made


@pytest.fixture
def library(store: Store, seed: Path) -> dict[str, Annotation]:
    return annotate_library(store, seed)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, Annotation]]:
    """One annotated store for the many queries that only read it."""
    root = tmp_path_factory.mktemp("shared")
    seed = root / "docs" / SEED.name
    seed.parent.mkdir()
    shutil.copyfile(SEED, seed)
    store = Store(root / "store")
    return store, annotate_library(store, seed)


def found(store: Store, query: str) -> set[str]:
    index = AnnotationIndex(store)
    index.refresh()
    return {entry.annotation.id for entry in index.search(query)}


def names(library: dict[str, Annotation], *wanted: str) -> set[str]:
    return {library[name].id for name in wanted}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["cakes", "march", "daily", "covid", "grew"]),
        ("RICE", ["cakes"]),
        ("trade", ["cakes", "covid"]),  # the note of one, the quote ("traders") of the other
        ("rice trade", ["cakes"]),
        ('"closures hurt small traders"', ["covid"]),  # the quote has a newline inside
        ('"small traders lockdown"', []),  # a phrase does not run from quote into note
        ("tag:economy", ["cakes", "covid"]),
        ("tag:economy/covid", ["covid"]),
        ("tag:econ", []),
        ("TAG:source", ["daily"]),
        ("tag:economy/", ["cakes", "covid"]),
        ("-tag:economy", ["march", "daily", "grew"]),
        ("tag:economy -tag:economy/covid", ["cakes"]),
        ("-rice", ["march", "daily", "covid", "grew"]),
        ('-"rice cakes" -march', ["daily", "covid", "grew"]),
        ("doc:report", ["covid", "grew"]),
        ("doc:REPORT.TXT", ["covid", "grew"]),
        ('doc:"annual report"', ["covid", "grew"]),  # the title
        ("doc:000_b16", ["cakes", "march", "daily"]),  # the file name
        ("-doc:report tag:economy", ["cakes"]),
        ("author:ana", ["cakes", "daily", "covid"]),
        ('author:"ana lima"', ["covid"]),
        ("author:bo tag:history", ["march"]),
        ("since:2024-05-02", ["daily", "covid", "grew"]),
        ("since:2024-05-02T10:00:00Z", ["daily", "covid", "grew"]),
        ("since:2024-05-02T10:00:00.001Z", ["covid", "grew"]),
        ("since:2024-05-02T12:00+02:00", ["daily", "covid", "grew"]),
        ("-since:2024-05-01", ["cakes"]),
        ("since:2024-05-01 -since:2024-06-01 author:bo", ["march"]),
        ("10:00", []),  # a word with a colon that is not a field: searched as text
    ],
)
def test_queries_find_what_they_say(
    shared: tuple[Store, dict[str, Annotation]], query: str, expected: list[str]
) -> None:
    store, library = shared
    assert found(store, query) == names(library, *expected)


def test_since_without_an_offset_is_local_time(
    store: Store, library: dict[str, Annotation], local_time
) -> None:
    local_time("KST-9")  # POSIX for UTC+9: local midnight of 2 May is 15:00 UTC on 1 May
    assert found(store, "since:2024-05-02") == names(library, "daily", "covid", "grew")
    assert found(store, "since:2024-05-01T19:00") == names(
        library, "march", "daily", "covid", "grew"
    )
    local_time("EDT+4")  # UTC-4: 2 May 07:00 local is 11:00 UTC
    assert found(store, "since:2024-05-02T07:00") == names(library, "covid", "grew")


def test_document_tags_are_searched_with_doctag(
    store: Store, library: dict[str, Annotation]
) -> None:
    record = store.document(library["covid"].doc_id)
    store.update_document(replace(record, tags=("kind/report",)))
    assert found(store, "doctag:kind") == names(library, "covid", "grew")
    assert found(store, "-doctag:kind/report tag:economy") == names(library, "cakes")
    assert found(store, "tag:kind") == set()  # document tags are not passage tags


def test_query_matches_one_annotation_like_the_index(
    store: Store, library: dict[str, Annotation]
) -> None:
    query = parse_query("tag:economy -doc:report trade")
    verdicts = {
        name: query.matches(annotation, store.document(annotation.doc_id))
        for name, annotation in library.items()
    }
    assert [name for name, verdict in verdicts.items() if verdict] == ["cakes"]


def test_results_come_by_document_path_then_reading_order(
    store: Store, library: dict[str, Annotation]
) -> None:
    index = AnnotationIndex(store)
    index.refresh()
    listed = [entry.annotation for entry in index.search("")]
    paths = [entry.record.path for entry in index.search("")]
    assert paths == sorted(paths, key=str.casefold)
    for doc_id in {a.doc_id for a in listed}:
        assert [a for a in listed if a.doc_id == doc_id] == store.annotations(doc_id)
    assert [e.annotation for e in index.search("", doc_id=library["covid"].doc_id)] == (
        store.annotations(library["covid"].doc_id)
    )


def test_parsed_terms_keep_fields_values_and_negation() -> None:
    query = parse_query(' tag:"Public Health/ "  -Doc:x  "a  b" -c since:2024-01-01 ')
    assert [(t.field, t.value, t.negated) for t in query.terms] == [
        ("tag", "public health", False),
        ("doc", "x", True),
        ("text", "a b", False),
        ("text", "c", True),
        ("since", "2024-01-01", False),
    ]
    assert query.terms[-1] == Term("since", "2024-01-01", moment="2024-01-01T00:00:00.000Z")
    assert parse_query("   ").terms == ()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "unknown field 'foo:' (fields: tag:, doc:, doctag:, author:, since:)"),
        ("http://example.org", 'put it in quotes: "http:..."'),
        ("rice tag:", "tag: needs a value, e.g. tag:economy/covid"),
        ("tag:/", "tag: needs a value"),
        ('doc:""', 'empty quotes "": put words between them'),
        ("author: ana", "author: needs a value"),
        ("since:yesterday", "since: 'yesterday' is not a date; use YYYY-MM-DD"),
        ("since:2024-13-01", "since: '2024-13-01' is not a date"),
        ("since:0001-01-01T00:00+14:00", "since: '0001-01-01T00:00+14:00' is not a date"),
        ('"rice cakes', 'unclosed quote: "rice cakes (end the phrase with ")'),
        ("rice - cakes", "'-' needs a word or field after it"),
        ("-", "'-' needs a word or field after it"),
    ],
)
def test_bad_queries_say_what_is_wrong(query: str, message: str) -> None:
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, UsageError) and isinstance(raised.value, PostilError)


@given(st.text(alphabet=st.sampled_from('ab :-"/tagdocsince2024-01T\n'), max_size=30))
def test_any_text_parses_or_fails_with_a_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert str(error)
    else:
        assert all(term.value for term in query.terms)


def test_the_index_reads_again_only_what_changed(
    store: Store, library: dict[str, Annotation], tmp_path: Path
) -> None:
    index = AnnotationIndex(store)
    assert index.refresh() >= {library["cakes"].doc_id, library["covid"].doc_id}
    assert len(index) == 5
    assert index.refresh() == set()

    other = Store(tmp_path / "store")  # another postil process writing to the same store
    other.update(library["grew"].edited(note="a new note about wheat"))
    assert found(store, "wheat") == names(library, "grew")
    assert index.search("wheat") == []
    assert index.refresh() == {library["grew"].doc_id}
    assert [e.annotation.id for e in index.search("wheat")] == [library["grew"].id]

    record = other.document(library["grew"].doc_id)
    other.update_document(replace(record, title="Renamed title"))
    assert index.refresh() == {library["grew"].doc_id}
    assert {e.annotation.id for e in index.search('doc:"renamed title"')} == names(
        library, "covid", "grew"
    )

    (store.root / "docs" / f"{library['grew'].doc_id}.json").unlink()
    assert index.refresh() == {library["grew"].doc_id}
    assert len(index) == 3


def test_a_damaged_file_is_named_and_the_rest_still_found(
    store: Store, library: dict[str, Annotation]
) -> None:
    path = store.root / "docs" / f"{library['covid'].doc_id}.json"
    path.write_text('{"annotations": ')
    index = AnnotationIndex(Store(store.root))
    index.refresh()
    assert list(index.damaged) == [library["covid"].doc_id]
    assert str(path) in index.damaged[library["covid"].doc_id]
    assert {e.annotation.id for e in index.search("tag:economy")} == names(library, "cakes")

    good = {"_meta": {"1": {"format": "postil-store", "version": 1}}, "annotations": {}}
    path.write_text(json.dumps(good))
    index.refresh()
    assert index.damaged == {}


def test_counts_for_the_library_and_codebook(store: Store, library: dict[str, Annotation]) -> None:
    index = AnnotationIndex(store)
    index.refresh()
    assert index.counts() == {library["cakes"].doc_id: 3, library["covid"].doc_id: 2}
    assert index.tag_counts()["economy/food"] == 1 and index.tag_counts()["economy"] == 0
    assert index.tag_totals()["economy"] == 2
    assert index.tag_totals(library["covid"].doc_id)["economy"] == 1


@pytest.mark.parametrize(
    "typed",
    [
        'tag:economy/food "rice cakes" -since:2024-05-01',
        "tr -tag:history author:ana lima",
        "doc:report since:2024-06-01T00:00 grew",
        "-rice -trade",
    ],
)
def test_typing_a_query_gives_the_same_results_as_searching_afresh(
    shared: tuple[Store, dict[str, Annotation]], typed: str
) -> None:
    store, _ = shared
    index = AnnotationIndex(store)
    index.refresh()
    for end in range(len(typed) + 1):
        try:
            query = parse_query(typed[:end])
        except QueryError:
            continue  # the browser keeps the last results while the query is unfinished
        fresh = AnnotationIndex(store)
        fresh.refresh()
        assert index.search(query) == fresh.search(query), typed[:end]


def test_a_search_after_a_change_never_reuses_older_results(
    store: Store, library: dict[str, Annotation]
) -> None:
    index = AnnotationIndex(store)
    index.refresh()
    assert [e.annotation.id for e in index.search("tag:history")] == [library["march"].id]
    Store(store.root).update(library["cakes"].edited(tags=("history/food",)))
    index.refresh()
    assert {e.annotation.id for e in index.search("tag:history/food")} == names(library, "cakes")


def test_narrowing_is_only_claimed_when_it_holds() -> None:
    def narrows(new: str, old: str) -> bool:
        return parse_query(new).narrows(parse_query(old))

    assert narrows("rice", "ric") and narrows("rice cakes", "rice") and narrows("x", "")
    assert narrows("tag:a/b", "tag:a") and not narrows("tag:ab", "tag:a")
    assert narrows("since:2024-02-01", "since:2024-01-01")
    assert narrows("-since:2024-01-01", "-since:2024-02-01")
    assert not narrows("-rice", "-ric") and not narrows("ric", "rice") and not narrows("", "a")
    assert not narrows("author:ana", "ana")


def test_an_unreadable_stored_time_never_matches_since(store: Store, seed: Path) -> None:
    document = store.open_document(seed)
    odd = store.add(Annotation(doc_id=document.id, note="imported", created="last tuesday"))
    assert found(store, "since:1900-01-01") == set()
    assert found(store, "-since:1900-01-01") == {odd.id}


@pytest.mark.parametrize(
    "spaced", ["rice  market", "rice\nmarket", "rice\u2009market", "rice\tmarket"]
)
def test_a_phrase_matches_across_any_white_space(spaced: str) -> None:
    assert fold(f"The {spaced.upper()} closed") == "the rice market closed"
    assert parse_query('"rice market"').terms[0].value == fold(spaced)
