"""A damaged store file is named with what is wrong, left as it is, and its backup offered."""

import json
import os
from pathlib import Path

import pytest

from tests.reliability.conftest import annotate
from tui.core.annotation import Annotation
from tui.core.errors import StoreCorruptError
from tui.core.store import Store


def one_record(**fields: object) -> bytes:
    created = {"created": "2024-01-01T00:00:00.000Z"}
    return json.dumps({"annotations": {"a1": {"id": "a1", "doc_id": "d", **created, **fields}}})


FILE_DAMAGES = [
    pytest.param(b'{"annotations": {"a1": {"id": "a1", "doc', "not valid JSON", id="truncated"),
    pytest.param(b"", "the file is empty", id="empty"),
    pytest.param(b"[1, 2]", "not a JSON object", id="array"),
    pytest.param(b'{"annotations": {"a1": "\xff"}}', "not UTF-8", id="not-utf8"),
    pytest.param(b'{"annotations": []}', "table 'annotations' is not a JSON object", id="table"),
    pytest.param(b'{"annotations": {"a1": 5}}', "record 'a1' of table", id="record"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "nested too deeply", id="deep"),
    pytest.param(b'{"_meta": {"1": "x"}}', "format record", id="meta"),
    pytest.param(b'{"_meta": {"1": {"format": "other"}}}', "not a postil store", id="format"),
]


RECORD_DAMAGES = [
    pytest.param({"anchor": [1, 2]}, "record 'a1' cannot be read", id="bad-anchor"),
    pytest.param({"tags": 5}, "record 'a1' cannot be read", id="bad-tags"),
    pytest.param(
        {"anchor": {"start": "0", "end": 4, "quote": "abcd"}}, "not whole numbers", id="offsets"
    ),
]


@pytest.mark.parametrize(("content", "problem"), FILE_DAMAGES)
def test_a_damaged_annotations_file_is_named_explained_and_left_as_it_is(
    tmp_path: Path, seed: Path, content: bytes, problem: str
) -> None:
    store = Store(tmp_path / "s")
    kept = annotate(store, seed, "rice cakes")
    annotate(store, seed, "Arduous March")
    path = store.annotations_path(kept.doc_id)
    backup = path.with_name(path.name + ".bak")
    backup_bytes = backup.read_bytes()
    path.write_bytes(content)

    fresh = Store(tmp_path / "s")
    with pytest.raises(StoreCorruptError) as raised:
        fresh.annotations(kept.doc_id)
    message = str(raised.value)
    assert message.startswith(f"{path}: the store file is damaged: ")
    assert problem in message
    assert "\n" not in message
    assert f"The last good copy is {backup.name}" in message
    assert "postil doctor --restore" in message

    with pytest.raises(StoreCorruptError):
        fresh.add(Annotation(doc_id=kept.doc_id, note="must not overwrite the damaged file"))
    assert path.read_bytes() == content
    assert backup.read_bytes() == backup_bytes


@pytest.mark.parametrize(("fields", "problem"), RECORD_DAMAGES)
def test_a_damaged_record_is_named_and_kept_as_it_is(
    tmp_path: Path, seed: Path, fields: dict[str, object], problem: str
) -> None:
    store = Store(tmp_path / "s")
    kept = annotate(store, seed, "rice cakes")
    path = store.annotations_path(kept.doc_id)
    data = json.loads(path.read_text())
    damaged = {**data["annotations"][kept.id], **fields}
    data["annotations"][kept.id] = damaged
    path.write_text(json.dumps(data))

    with pytest.raises(StoreCorruptError) as raised:
        Store(tmp_path / "s").annotations(kept.doc_id)
    assert str(raised.value).startswith(f"{path}: the store file is damaged: record {kept.id!r}")
    assert problem.replace("'a1'", repr(kept.id)) in str(raised.value)

    Store(tmp_path / "s").add(Annotation(doc_id=kept.doc_id, note="another"))
    assert json.loads(path.read_text())["annotations"][kept.id] == damaged


def test_a_damaged_file_without_a_good_backup_says_so(tmp_path: Path, seed: Path) -> None:
    store = Store(tmp_path / "s")
    annotate(store, seed, "rice cakes")
    store.library_path.write_text("{")
    store.library_path.with_name("library.json.bak").write_text("")
    with pytest.raises(StoreCorruptError, match="It has no good backup; `postil doctor`"):
        Store(tmp_path / "s").documents()


@pytest.mark.parametrize(
    "command",
    [["list"], ["tags"], ["show", "ID"], ["export", "--format", "json"], ["add", "DOC"]],
    ids=lambda argv: argv[0],
)
@pytest.mark.parametrize("damaged_file", ["library", "annotations"])
def test_commands_on_a_damaged_store_print_one_line_and_exit_1(
    postil, seed: Path, command: list[str], damaged_file: str
) -> None:
    code, out, _ = postil("add", str(seed), "--quote", "rice cakes", "--json")
    assert code == 0
    store = Store(os.environ["POSTIL_STORE"])
    added = json.loads(out)
    path = (
        store.library_path if damaged_file == "library" else store.annotations_path(added["doc_id"])
    )
    path.write_text(path.read_text()[:50])

    words = {"DOC": str(seed), "ID": added["id"]}
    code, out, err = postil(*[words.get(word, word) for word in command])
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"postil: {path}: the store file is damaged: not valid JSON")
    assert "Traceback" not in err
