"""`postil export --query`: the same query language as `postil search` chooses what goes out."""

import json


def test_export_only_what_the_query_finds(postil, seed) -> None:
    postil(
        "add",
        str(seed),
        "--quote",
        "rice cakes",
        "--tag",
        "economy/food",
        "--note",
        "trade",
    )
    postil("add", str(seed), "--quote", "Arduous March", "--tag", "history")
    code, out, _ = postil("export", "--format", "jsonl", "--query", "tag:economy")
    assert code == 0
    assert [json.loads(line)["quote"] for line in out.splitlines()] == ["rice cakes"]
    code, out, _ = postil("export", "--format", "jsonl", "--query=-tag:economy", "--tag", "history")
    assert [json.loads(line)["quote"] for line in out.splitlines()] == ["Arduous March"]
