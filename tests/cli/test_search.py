import json
from pathlib import Path

import pytest

from tui.core.store import Store

REPORT = "Annual report\n\nThe economy grew. Covid closures hurt traders. Rice prices rose.\n"


@pytest.fixture
def coded(postil, seed: Path, tmp_path: Path) -> Path:
    report = tmp_path / "docs" / "report.txt"
    report.write_text(REPORT)
    for document, quote, tags, note, author in [
        (seed, "rice cakes", ["economy/food"], "street trade", "ana"),
        (seed, "Arduous March", ["history"], "", "bo"),
        (report, "Covid closures", ["economy/covid"], "lockdown", "ana"),
        (report, "Rice prices", ["economy/food"], "", "bo"),
    ]:
        postil("add", str(document), "--quote", quote, "--tag", tags[0], "--note", note,
               "--author", author)  # fmt: skip
    return report


def quotes(out: str) -> list[str]:
    return [annotation["quote"] for annotation in json.loads(out)]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["rice"], ["rice cakes", "Rice prices"]),
        (['"rice cakes"'], ["rice cakes"]),
        (["tag:economy"], ["rice cakes", "Covid closures", "Rice prices"]),
        (["tag:economy -tag:economy/covid"], ["rice cakes", "Rice prices"]),
        (["tag:economy", "author:bo"], ["Rice prices"]),  # words of several arguments: AND
        (["doc:report"], ["Covid closures", "Rice prices"]),
        (["since:2000-01-01 -doc:report", "trade"], ["rice cakes"]),
        (["since:2999-01-01"], []),
        ([], ["rice cakes", "Arduous March", "Covid closures", "Rice prices"]),
    ],
)
def test_search_json_finds_what_the_query_says(
    postil, coded: Path, seed: Path, argv: list[str], expected: list[str]
) -> None:
    code, out, err = postil("search", "--json", *argv)
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert sorted(a["quote"] for a in found) == sorted(expected)
    by_quote = {a["quote"]: a for a in json.loads(postil("list", "--json")[1])}
    assert all(annotation == by_quote[annotation["quote"]] for annotation in found)


def test_search_lists_one_line_per_annotation(postil, coded: Path) -> None:
    code, out, _ = postil("search", "tag:economy/food")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert "000_b169668185c3824f.txt" in lines[0] and "“rice cakes”  street trade" in lines[0]
    assert "report.txt" in lines[1] and "[economy/food]" in lines[1]
    assert postil("search", "nothing-like-this") == (0, "no annotations match\n", "")


def test_excluding_terms_need_no_quotes_or_double_dash(postil, coded: Path) -> None:
    code, out, _ = postil("search", "--json", "-tag:economy", "-rice")
    assert (code, quotes(out)) == (0, ["Arduous March"])
    code, out, _ = postil("search", "rice", "-tag:history", "-doc:report", "--json")
    assert (code, quotes(out)) == (0, ["rice cakes"])
    code, out, _ = postil("search", "--json", "--", "-tag:economy", "-rice")
    assert (code, quotes(out)) == (0, ["Arduous March"])


def test_an_excluding_query_option_value_needs_no_equals_sign(postil, coded: Path) -> None:
    code, out, _ = postil("export", "--format", "jsonl", "--query", "-tag:economy")
    assert code == 0
    assert [json.loads(line)["quote"] for line in out.splitlines()] == ["Arduous March"]
    code, out, _ = postil("export", "--format", "jsonl", "-q", "-doc:report")
    assert sorted(json.loads(line)["quote"] for line in out.splitlines()) == [
        "Arduous March",
        "rice cakes",
    ]


def test_an_unknown_double_dash_option_is_still_a_usage_error(postil, coded: Path) -> None:
    code, out, err = postil("search", "rice", "--jsn")
    assert (code, out) == (2, "")
    assert "unrecognized arguments: --jsn" in err
    code, _, err = postil("list", "-tag:x")
    assert code == 2 and "unrecognized arguments: -tag:x" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["foo:bar"], "postil: error: unknown field 'foo:'"),
        (['"rice'], 'postil: error: unclosed quote: "rice'),
        (["since:last-week"], "postil: error: since: 'last-week' is not a date"),
        (["tag:"], "postil: error: tag: needs a value"),
    ],
)
def test_bad_queries_exit_2_with_one_line(postil, coded: Path, argv: list[str], message: str):
    code, out, err = postil("search", *argv)
    assert (code, out) == (2, "")
    assert err.startswith(message) and len(err.strip().splitlines()) == 1


def test_a_damaged_document_file_stops_the_search_with_its_name(
    postil, coded: Path, tmp_path: Path
) -> None:
    record = Store(tmp_path / "store").find_document("report.txt")
    damaged = tmp_path / "store" / "docs" / f"{record.id}.json"
    damaged.write_text("{")
    code, out, err = postil("search", "rice", "--json")
    assert code == 1 and out == ""
    assert err.startswith(f"postil: {damaged}: the store file is damaged")
    assert "postil doctor" in err and err.count("\n") == 1
    assert damaged.read_text() == "{"


def test_search_help_explains_the_query_language(postil) -> None:
    code, out, _ = postil("search", "--help")
    assert code == 0
    for field in ("tag:economy", "doc:report", "doctag:", "author:ana", "since:2024-05-01"):
        assert field in out
