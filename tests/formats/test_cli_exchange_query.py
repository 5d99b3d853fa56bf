"""`postil export --query`: the same query language as `postil search` chooses what goes out."""

import json

from tui.cli.main import main


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_export_only_what_the_query_finds(capsys, seed) -> None:
    run(
        capsys,
        "add",
        str(seed),
        "--quote",
        "rice cakes",
        "--tag",
        "economy/food",
        "--note",
        "trade",
    )
    run(capsys, "add", str(seed), "--quote", "Arduous March", "--tag", "history")
    code, out = run(capsys, "export", "--format", "jsonl", "--query", "tag:economy")
    assert code == 0
    assert [json.loads(line)["quote"] for line in out.splitlines()] == ["rice cakes"]
    code, out = run(
        capsys, "export", "--format", "jsonl", "--query=-tag:economy", "--tag", "history"
    )
    assert [json.loads(line)["quote"] for line in out.splitlines()] == ["Arduous March"]
