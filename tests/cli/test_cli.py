import json
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli.main import with_command


def test_add_by_quote_and_occurrence_then_list_json(postil, seed: Path) -> None:
    code, out, _ = postil(
        "add",
        str(seed),
        "--quote",
        "Hamhung Station",
        "--occurrence",
        "2",
        "--tag",
        "place/hamhung",
        "--note",
        "crackdown site",
    )
    assert code == 0 and out.startswith("added ")
    code, out, _ = postil("list", "--json")
    [listed] = json.loads(out)
    text = seed.read_text()
    second = text.find("Hamhung Station", text.find("Hamhung Station") + 1)
    assert (listed["start"], listed["end"]) == (second, second + len("Hamhung Station"))
    assert listed["quote"] == "Hamhung Station"
    assert listed["tags"] == ["place/hamhung"]
    assert listed["note"] == "crackdown site"
    assert listed["author"] == "tester"
    assert listed["document"] == str(seed.resolve())


def test_ambiguous_quote_fails_with_a_clear_message(postil, seed: Path) -> None:
    code, out, err = postil("add", str(seed), "--quote", "Hamhung Station", "--tag", "x")
    assert code == 1 and out == ""
    assert err.strip() == (
        "postil: quote occurs 2 times: 'Hamhung Station'; choose one with --occurrence 1..2"
    )
    assert "Traceback" not in err


def test_add_by_offsets_and_whole_document_note(postil, seed: Path) -> None:
    assert postil("add", str(seed), "--start", "0", "--end", "7", "--tag", "title")[0] == 0
    assert postil("add", str(seed), "--note", "about everything")[0] == 0
    listed = json.loads(postil("list", str(seed), "--json")[1])
    assert [(a["start"], a["quote"]) for a in listed] == [(None, ""), (0, "hamhung")]


def test_store_option_before_or_after_the_command(postil, seed: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert postil("--store", str(other), "add", str(seed), "--start", "0", "--end", "3")[0] == 0
    assert len(json.loads(postil("list", "--store", str(other), "--json")[1])) == 1
    assert json.loads(postil("list", "--json")[1]) == []


def test_author_option_and_environment(postil, seed: Path, monkeypatch) -> None:
    postil("add", str(seed), "--note", "n", "--author", "ana")
    monkeypatch.setenv("POSTIL_AUTHOR", "bo")
    postil("add", str(seed), "--note", "m")
    authors = [a["author"] for a in json.loads(postil("list", "--json")[1])]
    assert sorted(authors) == ["ana", "bo"]


def test_list_by_tag_show_delete_and_tags(postil, seed: Path) -> None:
    postil("add", str(seed), "--quote", "rice cakes", "--tag", "economy/food", "--note", "trade")
    postil("add", str(seed), "--quote", "Arduous March", "--tag", "history")
    listed = json.loads(postil("list", "--tag", "economy", "--json")[1])
    assert [a["quote"] for a in listed] == ["rice cakes"]
    code, out, _ = postil("list")
    assert code == 0 and "rice cakes" in out and "Arduous March" in out

    short = listed[0]["id"][:8]
    code, out, _ = postil("show", short)
    assert code == 0 and "> rice cakes" in out and "trade" in out

    code, out, _ = postil("tags")
    assert out.split("\n")[:2] == ["     1  economy/food", "     1  history"]

    assert postil("delete", short)[0] == 0
    listed = json.loads(postil("tags", "--json")[1])
    assert [(tag["tag"], tag["count"]) for tag in listed] == [("history", 1)]
    code, _, err = postil("show", short)
    assert code == 1 and f"no annotation with id {short}" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["add"], "required: DOC"),
        (["add", "x.txt", "--quote", "a", "--start", "1", "--end", "2"], "not both"),
        (["add", "x.txt", "--start", "1"], "go together"),
        (["add", "x.txt", "--occurrence", "2"], "goes with --quote"),
        (["list", "--bogus"], "unrecognized arguments"),
        (["export", "--format", "nope"], "invalid choice: 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(postil, argv: list[str], message: str) -> None:
    code, _, err = postil(*argv)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1


def test_failures_exit_1_naming_the_file(postil, tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    code, _, err = postil("add", str(missing), "--quote", "x")
    assert code == 1 and err.strip() == f"postil: {missing}: no such file"
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02")
    code, _, err = postil("add", str(binary), "--quote", "x")
    assert code == 1 and "binary" in err
    code, _, err = postil("list", "unknown.txt")
    assert code == 1 and "no such document" in err


def test_export_json_to_stdout_and_file_without_overwrite(
    postil, seed: Path, tmp_path: Path
) -> None:
    postil("add", str(seed), "--quote", "rice cakes", "--tag", "food")
    code, out, _ = postil("export", "--format", "json")
    exported = json.loads(out)
    assert exported["format"] == "postil-export"
    assert exported["annotations"][0]["anchor"]["quote"] == "rice cakes"
    target = tmp_path / "out.json"
    assert postil("export", "-o", str(target))[0] == 0
    code, _, err = postil("export", "-o", str(target))
    assert code == 1 and "already exists" in err
    assert postil("export", "-o", str(target), "--force")[0] == 0


def test_json_import_into_an_empty_store_gives_back_the_same(postil, seed, tmp_path) -> None:
    postil("add", str(seed), "--quote", "rice cakes", "--tag", "food", "--note", "n")
    postil("add", str(seed), "--note", "whole")
    dump = tmp_path / "dump.json"
    postil("export", "-o", str(dump))
    empty = tmp_path / "empty"
    code, out, _ = postil("import", str(dump), "--store", str(empty))
    assert code == 0 and "2 annotations added" in out
    before = json.loads(postil("list", "--json")[1])
    after = json.loads(postil("list", "--json", "--store", str(empty))[1])
    assert before == after


def test_control_characters_never_reach_the_terminal(postil, seed: Path) -> None:
    postil(
        "add",
        str(seed),
        "--quote",
        "rice cakes",
        "--tag",
        "t\x1b[31m",
        "--note",
        "\x1b]0;pwned\x07\x9b2J",
    )
    for argv in (["list"], ["show", json.loads(postil("list", "--json")[1])[0]["id"]], ["tags"]):
        out = postil(*argv)[1]
        assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "\x9b" not in postil("list", "--json")[1]


def test_default_command_is_open() -> None:
    commands = ["open", "add", "list"]
    assert with_command([], commands) == ["open"]
    assert with_command(["doc.txt"], commands) == ["open", "doc.txt"]
    assert with_command(["--store", "s", "doc.txt"], commands) == [
        "--store",
        "s",
        "open",
        "doc.txt",
    ]
    assert with_command(["--store", "s", "list"], commands) == ["--store", "s", "list"]
    assert with_command(["--version"], commands) == ["--version"]


def test_console_script_help_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("open", "add", "list", "show", "delete", "tags", "export", "import"):
        assert f"\n    {command} " in result.stdout
    version = subprocess.run(
        [sys.executable, "-m", "tui", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0 and version.stdout.startswith("postil ")
