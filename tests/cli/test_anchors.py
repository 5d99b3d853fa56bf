"""`postil anchors`: a user annotates, edits the file elsewhere, and asks what happened."""

import json
from pathlib import Path

import pytest


def added_id(out: str) -> str:
    return out.split()[1]


@pytest.fixture
def edited(postil, seed: Path) -> dict[str, str]:
    """Three annotations, then an edit: a paragraph inserted, a word changed, a sentence cut."""
    ids = {
        "moved": added_id(postil("add", str(seed), "--quote", "rice cakes", "--note", "work")[1]),
        "fuzzy": added_id(
            postil(
                "add",
                str(seed),
                "--quote",
                "She got married in November 2020 and gave birth to a child in November 2021.",
            )[1]
        ),
        "orphan": added_id(
            postil("add", str(seed), "--quote", "Daily NK has learned", "--tag", "source")[1]
        ),
    }
    text = seed.read_text(encoding="utf-8")
    text = text.replace("In Choi’s case", "A new paragraph.\n\nIn Choi’s case")
    text = text.replace("November 2020", "December 2020")
    text = text.replace(", Daily NK has learned.", ".")
    seed.write_text(text, encoding="utf-8")
    return ids


def test_the_report_tells_what_moved_changed_and_was_lost(postil, seed: Path, edited) -> None:
    code, out, err = postil("anchors", str(seed))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{seed.name}: Document changed: 0 annotations kept, 1 moved, 1 changed slightly, "
        "1 orphaned"
    )
    assert any(line.startswith(f"moved 1.00  {edited['moved'][:8]}") for line in lines)
    assert any(line.startswith("fuzzy 0.") and edited["fuzzy"][:8] in line for line in lines)
    assert any(line.startswith(f"orphaned  {edited['orphan'][:8]}  [source]") for line in lines)
    assert "[She got married in December 2020" in out
    assert "[Daily NK has learned]" in out


def test_json_report(postil, seed: Path, edited) -> None:
    report = json.loads(postil("anchors", str(seed), "--json")[1])
    assert report["changed"] is True
    assert report["counts"] == {"kept": 0, "moved": 1, "fuzzy": 1, "orphaned": 1}
    by_id = {a["id"]: a for a in report["annotations"]}
    assert by_id[edited["orphan"]]["new"] is None
    assert by_id[edited["orphan"]]["old"]["quote"] == "Daily NK has learned"
    fuzzy = by_id[edited["fuzzy"]]
    assert fuzzy["new"]["quote"].startswith("She got married in December 2020")
    assert 0.75 <= fuzzy["score"] < 1
    text = seed.read_text(encoding="utf-8")
    moved = by_id[edited["moved"]]["new"]
    assert text[moved["start"] : moved["end"]] == "rice cakes"


def test_list_reanchors_and_says_so_once(postil, seed: Path, edited) -> None:
    code, out, err = postil("list", str(seed), "--json")
    assert code == 0
    assert err.startswith(f"postil: {seed.name}: Document changed:")
    listed = {a["id"]: a for a in json.loads(out)}
    assert listed[edited["orphan"]]["orphan"] is True
    assert postil("list", str(seed))[2] == ""


def test_review_actions(postil, seed: Path, edited) -> None:
    postil("anchors", str(seed))
    code, out, _ = postil("anchors", str(seed), "--accept", edited["fuzzy"][:8])
    assert code == 0 and out.startswith(f"accepted {edited['fuzzy'][:8]}")
    code, out, _ = postil(
        "anchors", str(seed), "--reattach", edited["orphan"], "--quote", "Daily NK on Tuesday"
    )
    assert code == 0 and "re-attached" in out and "“Daily NK on Tuesday”" in out
    code, out, _ = postil("anchors", str(seed), "--undo", edited["moved"])
    assert code == 0 and out.startswith(f"undone {edited['moved'][:8]}: orphan")
    report = json.loads(postil("anchors", str(seed), "--json")[1])
    assert report["counts"] == {"kept": 2, "moved": 0, "fuzzy": 0, "orphaned": 1}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quote", "x"], "go with --reattach"),
        (["--reattach", "abc"], "needs --quote or --start and --end"),
        (["--reattach", "abc", "--start", "1"], "go together"),
        (["--accept", "abc", "--json"], "--json goes with the report"),
    ],
)
def test_usage_errors(postil, seed: Path, edited, argv: list[str], message: str) -> None:
    code, out, err = postil("anchors", str(seed), *argv)
    assert code == 2 and out == ""
    assert message in err


def test_unknown_document_and_annotation(postil, seed: Path, edited) -> None:
    code, _, err = postil("anchors", "nowhere.txt")
    assert code == 1 and "no such document in the store" in err
    code, _, err = postil("anchors", str(seed), "--accept", "zzzz")
    assert code == 1 and "no annotation of this document has the id zzzz" in err


def test_control_characters_never_reach_the_terminal(postil, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8").replace("rice cakes", "rice\x1b[31mcakes")
    seed.write_text(text, encoding="utf-8")
    postil("add", str(seed), "--quote", "rice\x1b[31mcakes", "--note", "n\x1b]0;x\x07")
    seed.write_text("Intro.\n\n" + text, encoding="utf-8")
    out = postil("anchors", str(seed))[1]
    assert "\x1b" not in out and "\x07" not in out
    assert "rice␛[31mcakes" in out
