"""Store format versions: a newer file is refused untouched; an older one is migrated, its
original kept. Format 0 is a store file without `_meta`: the same tables, no format record."""

import json
from pathlib import Path

import pytest

from tests.reliability.conftest import annotate
from tui.core.annotation import Annotation
from tui.core.errors import StoreVersionError
from tui.core.storage import FORMAT_VERSION
from tui.core.store import Store


def make_format_0(path: Path) -> bytes:
    """Rewrite a store file as format 0 (no `_meta`), keeping its tables."""
    tables = json.loads(path.read_text())
    del tables["_meta"]
    original = json.dumps(tables, indent=4).encode()
    path.write_bytes(original)
    return original


def test_a_format_0_store_is_read_then_migrated_on_change_keeping_the_original(
    tmp_path: Path, seed: Path, postil
) -> None:
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes", note="first")
    doc_file = store.annotations_path(first.doc_id)
    originals = {path: make_format_0(path) for path in (doc_file, store.library_path)}

    code, out, _ = postil("doctor", "--store", str(tmp_path / "s"))
    assert code == 0
    assert f"note     docs/{doc_file.name}: store format 0: it becomes format 1" in out
    assert f"the original is kept as {doc_file.name}.v0" in out

    again = Store(tmp_path / "s")
    assert again.annotations(first.doc_id) == [first]
    assert [record.id for record in again.documents()] == [first.doc_id]
    assert doc_file.read_bytes() == originals[doc_file]  # reading changes nothing

    second = again.add(Annotation(doc_id=first.doc_id, note="second"))
    again.set_position(first.doc_id, 10)
    for path, original in originals.items():
        assert path.with_name(path.name + ".v0").read_bytes() == original
        assert json.loads(path.read_text())["_meta"]["1"]["version"] == 1

    again.delete(second.id)
    assert doc_file.with_name(doc_file.name + ".v0").read_bytes() == originals[doc_file]
    assert Store(tmp_path / "s").annotations(first.doc_id) == [first]
    code, out, _ = postil("doctor", "--store", str(tmp_path / "s"))
    assert (code, "note" in out) == (0, False)


def test_a_newer_store_file_is_refused_by_every_command_and_not_rewritten(
    tmp_path: Path, seed: Path, postil
) -> None:
    store = Store(tmp_path / "s")
    first = annotate(store, seed, "rice cakes")
    doc_file = store.annotations_path(first.doc_id)
    newer = json.dumps(
        {"_meta": {"1": {"format": "postil-store", "version": FORMAT_VERSION + 1}}, "x": {}}
    )
    doc_file.write_text(newer)

    with pytest.raises(StoreVersionError, match="newer postil"):
        Store(tmp_path / "s").add(Annotation(doc_id=first.doc_id))
    code, out, err = postil("add", str(seed), "--note", "n", "--store", str(tmp_path / "s"))
    assert (code, out) == (1, "")
    assert err == (
        f"postil: {doc_file}: written by a newer postil (store format {FORMAT_VERSION + 1}, "
        f"this postil reads {FORMAT_VERSION}); "
        "upgrade postil. The file was not changed.\n"
    )
    assert doc_file.read_text() == newer
