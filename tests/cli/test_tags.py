import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tui.core.store import Store

REPORT = "Annual report\n\nThe economy grew. Covid closures hurt traders. Rice prices rose.\n"


@pytest.fixture
def coded(postil, seed: Path, tmp_path: Path) -> Path:
    """Passages coded in two documents, as a user would from the shell; returns the report."""
    report = tmp_path / "docs" / "report.txt"
    report.write_text(REPORT)
    for document, quote, tags in [
        (seed, "rice cakes", ["economy/food", "place"]),
        (seed, "Arduous March", ["history"]),
        (report, "Covid closures", ["economy/covid"]),
        (report, "Rice prices", ["economy/food", "economy"]),
    ]:
        tag_options = [option for tag in tags for option in ("--tag", tag)]
        assert postil("add", str(document), "--quote", quote, *tag_options)[0] == 0
    return report


def tags_of(postil) -> dict[str, list[str]]:
    return {a["quote"]: a["tags"] for a in json.loads(postil("list", "--json")[1])}


def test_tags_lists_flat_tree_and_json(postil, coded: Path) -> None:
    assert postil("tags", "describe", "economy", "money matters")[0] == 0
    assert postil("tags", "color", "economy", "#00aa00")[0] == 0
    code, out, _ = postil("tags")
    assert code == 0
    assert out.splitlines() == [
        "     1  economy  #00aa00  money matters",
        "     1  economy/covid",
        "     2  economy/food",
        "     1  history",
        "     1  place",
    ]
    code, out, _ = postil("tags", "--tree")
    assert out.splitlines() == [
        "     3  economy  #00aa00  money matters",
        "     1    covid",
        "     2    food",
        "     1  history",
        "     1  place",
    ]
    listed = json.loads(postil("tags", "--json")[1])
    assert listed[0] == {
        "tag": "economy",
        "count": 1,
        "total": 3,
        "documents": 0,
        "color": "#00aa00",
        "description": "money matters",
    }
    tree = json.loads(postil("tags", "--tree", "--json")[1])
    assert [node["name"] for node in tree] == ["economy", "history", "place"]
    assert [(c["tag"], c["name"], c["count"]) for c in tree[0]["children"]] == [
        ("economy/covid", "covid", 1),
        ("economy/food", "food", 2),
    ]


def test_tags_on_an_empty_store(postil) -> None:
    assert postil("tags") == (0, "no tags\n", "")
    assert postil("tags", "--tree", "--json") == (0, "[]\n", "")


def test_rename_then_merge_then_tags_show_it(postil, coded: Path) -> None:
    code, out, _ = postil("tags", "rename", "economy", "money")
    assert (code, out) == (0, "renamed economy to money: 3 annotations in 2 documents\n")
    assert tags_of(postil) == {
        "rice cakes": ["money/food", "place"],
        "Arduous March": ["history"],
        "Covid closures": ["money/covid"],
        "Rice prices": ["money/food", "money"],
    }
    code, out, _ = postil("tags", "merge", "place", "money/food")
    assert (code, out) == (0, "merged place into money/food: 1 annotation in 1 document\n")
    assert tags_of(postil)["rice cakes"] == ["money/food"]
    assert "place" not in postil("tags")[1]


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["rename", "economy", "history"], 1, "'history' already exists; to combine 'economy'"),
        (["rename", "nothing", "x"], 1, "postil: no tag 'nothing' in the store"),
        (["rename", "economy", "/"], 2, "postil: error: a tag cannot be empty"),
        (["rename", "economy"], 2, "the following arguments are required: NEW"),
        (["merge", "economy", "economy/food"], 1, "into its own child 'economy/food'"),
        (["merge", "economy", "nowhere"], 1, "no tag 'nowhere' to merge into"),
        (["delete", "nothing", "--yes"], 1, "no tag 'nothing' in the store"),
        (["color", "economy", "not a colour"], 2, "'not a colour' is not a colour"),
        (["describe", "nothing", "text"], 1, "no tag 'nothing' in the store"),
        (["add", "history"], 1, "'history' is already in the codebook"),
        (["frobnicate"], 2, "invalid choice: 'frobnicate'"),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    postil, coded: Path, argv: list[str], status: int, message: str
) -> None:
    if argv == ["add", "history"]:
        postil("tags", "add", "history")
    before = postil("list", "--json")[1], postil("tags", "--json")[1]
    code, out, err = postil("tags", *argv)
    assert (code, out) == (status, "")
    assert message in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert (postil("list", "--json")[1], postil("tags", "--json")[1]) == before


def test_delete_without_yes_refuses_when_not_interactive(
    postil, coded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    code, out, err = postil("tags", "delete", "economy")
    assert (code, out) == (2, "")
    assert err == (
        "postil: error: deleting economy (and 2 tags under it) touches 3 annotations in 2 "
        "documents; nothing was deleted (add --yes to delete)\n"
    )
    assert tags_of(postil)["Rice prices"] == ["economy/food", "economy"]

    code, out, _ = postil("tags", "delete", "economy", "--yes")
    assert out == "deleted economy (and 2 tags under it): 3 annotations in 2 documents\n"
    assert tags_of(postil) == {
        "rice cakes": ["place"],
        "Arduous March": ["history"],
        "Covid closures": [],
        "Rice prices": [],
    }


@pytest.mark.parametrize(("answer", "deleted"), [("y\n", True), ("\n", False), (None, False)])
def test_delete_asks_first_when_interactive(
    postil, coded: Path, monkeypatch: pytest.MonkeyPatch, answer: str | None, deleted: bool
) -> None:
    asked: list[str] = []

    def reply(question: str) -> str:
        asked.append(question)
        if answer is None:
            raise EOFError
        return answer

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", reply)
    code, out, _ = postil("tags", "delete", "history")
    assert asked == ["delete history, touching 1 annotation in 1 document? [y/N] "]
    assert code == (0 if deleted else 1)
    assert ("history" in tags_of(postil)["Arduous March"]) is not deleted
    done = "deleted history: 1 annotation in 1 document\n"
    assert out == (done if deleted else "nothing was deleted\n")


def test_codebook_entries_made_before_coding(postil) -> None:
    code, out, _ = postil("tags", "add", "themes/trust", "-d", "who people trust", "--color", "red")
    assert (code, out) == (0, "added themes/trust to the codebook\n")
    assert postil("tags", "color", "themes/trust", "none")[1] == "themes/trust: colour none\n"
    assert postil("tags", "describe", "themes", "big ideas")[1] == "themes: big ideas\n"
    assert postil("tags", "--tree")[1].splitlines() == [
        "     0  themes  big ideas",
        "     0    trust  who people trust",
    ]
    assert postil("tags", "delete", "themes/trust", "--yes")[1] == (
        "deleted themes/trust: 1 codebook entry\n"
    )


def test_document_level_tags_are_counted(postil, coded: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    record = store.find_document("report.txt")
    store.update_document(replace(record, tags=("kind/report",)))
    assert "     0  kind/report  (1 document)" in postil("tags")[1].splitlines()
    postil("tags", "rename", "kind", "genre")
    assert Store(tmp_path / "store").document(record.id).tags == ("genre/report",)


def test_control_characters_in_tags_and_descriptions_stay_visible(postil, coded: Path) -> None:
    postil("tags", "rename", "history", "hist\x1b[31mory")
    postil("tags", "describe", "place", "\x1b]0;pwned\x07 \x9b2J")
    for argv in (["tags"], ["tags", "--tree"], ["tags", "--json"], ["tags", "--tree", "--json"]):
        out = postil(*argv)[1]
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    code, out, err = postil("tags", "rename", "hist\x1b[31mory", "place")
    assert code == 1 and "\x1b" not in err


def test_tags_help_lists_its_actions() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "tags", "--help"], capture_output=True, text=True, check=True
    )
    for action in ("rename", "merge", "delete", "color", "describe", "add"):
        assert f"\n    {action} " in result.stdout
    assert "--tree" in result.stdout
