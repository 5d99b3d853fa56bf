"""`postil export` and `postil import` as a user types them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.formats import registry

Run = tuple[int, str, str]


@pytest.fixture
def postil(capsysbinary: pytest.CaptureFixture[bytes]):
    def run(*argv: str) -> Run:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsysbinary.readouterr()
        return code, out.decode("utf-8"), err.decode("utf-8")

    return run


@pytest.fixture
def annotated(postil, seed: Path) -> Path:
    postil("add", str(seed), "--quote", "rice cakes", "--tag", "economy/food", "--note", "=1+1")
    postil("add", str(seed), "--quote", "Arduous March", "--tag", "history", "--note", "a, b")
    return seed


def test_every_single_file_format_goes_to_stdout(postil, annotated: Path) -> None:
    for name in ("json", "jsonl", "csv", "markdown", "html", "w3c"):
        code, out, err = postil("export", "--format", name)
        assert code == 0 and err == "" and "rice cakes" in out, name


def test_markdown_by_tag_and_tag_filter(postil, annotated: Path) -> None:
    code, out, _ = postil("export", "-f", "markdown", "--by", "tag", "--tag", "economy")
    assert code == 0
    assert "## `economy/food`" in out and "Arduous March" not in out


def test_csv_with_bom_reads_in_a_spreadsheet_reader(
    postil, annotated: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    code, out, _ = postil("export", "-f", "csv", "--bom", "-o", str(target))
    assert code == 0 and out.strip() == f"wrote {target}"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"), newline="")))
    assert sorted((row["quote"], row["note"]) for row in rows) == [
        ("Arduous March", "a, b"),
        ("rice cakes", "'=1+1"),
    ]


def test_doccano_flavor(postil, annotated: Path) -> None:
    code, out, _ = postil("export", "-f", "jsonl", "--flavor", "doccano")
    [line] = out.splitlines()
    document = json.loads(line)
    assert code == 0
    assert sorted(label[2] for label in document["label"]) == ["economy/food", "history"]
    for start, end, _tag in document["label"]:
        assert document["text"][start:end] in ("rice cakes", "Arduous March")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "-f", "brat"], "writes several files: give -o FOLDER"),
        (["export", "-f", "csv", "--by", "tag"], "no option 'by' (it is an option of: markdown)"),
        (["export", "-f", "markdown", "--bom"], "no option 'bom'"),
        (["export", "-f", "csv", "--flavor", "doccano"], "no option 'flavor'"),
        (["export", "-f", "markdown", "--by", "colour"], "invalid choice"),
        (["export", "-f", "jsonl", "--flavor", "brat"], "invalid choice: 'brat'"),
    ],
)
def test_usage_errors_exit_2(postil, annotated: Path, argv: list[str], message: str) -> None:
    code, _, err = postil(*argv)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "known"),
    [
        (["export", "--format", "bogus"], registry.names()),
        (["export", "-f", "bogus", "-o", "out.json"], registry.names()),
        (["import", "annotations.json", "--format", "bogus"], registry.importable()),
        (["import", "annotations.json", "-f", "csv"], registry.importable()),
    ],
)
def test_an_unknown_format_is_a_usage_error_naming_the_known_ones(
    postil, annotated: Path, tmp_path: Path, argv: list[str], known: list[str]
) -> None:
    (tmp_path / "annotations.json").write_text("{}")
    argv = [str(tmp_path / arg) if "." in arg else arg for arg in argv]
    code, out, err = postil(*argv)
    assert code == 2 and out == "" and "invalid choice" in err
    assert len(err.strip().splitlines()) == 1
    assert all(f"'{name}'" in err for name in known)
    assert not (tmp_path / "out.json").exists()


def test_folder_formats_write_files_and_refuse_to_overwrite(
    postil, annotated: Path, tmp_path: Path
) -> None:
    for name in ("brat", "refi-qda"):
        folder = tmp_path / name
        code, out, _ = postil("export", "-f", name, "-o", str(folder))
        assert code == 0 and out.count("wrote ") == len(list(folder.iterdir()))
        code, _, err = postil("export", "-f", name, "-o", str(folder))
        assert code == 1 and "already exists; use --force" in err
        assert postil("export", "-f", name, "-o", str(folder), "--force")[0] == 0


def test_export_one_document_only(postil, annotated: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Nothing to see here.\n", encoding="utf-8")
    postil("add", str(other), "--quote", "Nothing", "--tag", "x")
    code, out, _ = postil("export", "-f", "jsonl", "--doc", str(other))
    assert code == 0 and [json.loads(line)["quote"] for line in out.splitlines()] == ["Nothing"]
    code, _, err = postil("export", "--doc", "missing.txt")
    assert code == 1 and "no such document" in err


def test_import_guesses_the_format_and_says_what_it_did(
    postil, annotated: Path, tmp_path: Path
) -> None:
    w3c = tmp_path / "all.jsonld"
    postil("export", "-f", "w3c", "-o", str(w3c))
    other_store = str(tmp_path / "other")
    code, out, _ = postil("import", str(w3c), "--store", other_store)
    assert code == 0
    assert out.splitlines()[0] == (
        "2 annotations added, 0 updated (newer in the file), 0 kept (same or newer in the store)"
    )
    listed = json.loads(postil("list", "--json", "--store", other_store)[1])
    assert sorted(a["quote"] for a in listed) == ["Arduous March", "rice cakes"]


def test_import_of_an_unknown_or_missing_file_fails_in_one_line(postil, tmp_path: Path) -> None:
    strange = tmp_path / "strange.json"
    strange.write_text('{"hello": "world"}')
    code, _, err = postil("import", str(strange))
    assert code == 1 and "not a file postil can import (json, w3c); give --format" in err
    code, _, err = postil("import", str(tmp_path / "missing.json"))
    assert code == 1 and "cannot read" in err and "Traceback" not in err
    code, _, err = postil("import", str(strange), "--format", "json")
    assert code == 1 and "not a postil JSON export" in err
