"""`postil doctor` checks every store file and puts back the last good copy, deleting nothing."""

import json
import os
from pathlib import Path

from tests.reliability.conftest import annotate
from tui.core.alignment import Paragraphs
from tui.core.links import LINKS_FILE, LinkBook
from tui.core.store import Store


def store_with_two_changes(seed: Path) -> tuple[Store, Path, str]:
    """A store whose document file has a backup holding the first of two annotations."""
    store = Store(os.environ["POSTIL_STORE"])
    first = annotate(store, seed, "rice cakes", note="first")
    annotate(store, seed, "Arduous March", note="second")
    return store, store.annotations_path(first.doc_id), first.id


def test_a_healthy_store_is_all_good(postil, seed: Path) -> None:
    store_with_two_changes(seed)
    code, out, err = postil("doctor")
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"checked 2 store files in {os.environ['POSTIL_STORE']}: all good"]


def test_a_file_truncated_by_hand_is_reported_then_restored(postil, seed: Path) -> None:
    _, path, first_id = store_with_two_changes(seed)
    backup = path.with_name(path.name + ".bak")
    backup_bytes = backup.read_bytes()
    damaged_bytes = path.read_bytes()[:100]
    path.write_bytes(damaged_bytes)

    code, out, _ = postil("doctor")
    assert code == 1
    relative = f"docs/{path.name}"
    assert f"damaged  {relative}: not valid JSON (" in out
    assert f"its backup {backup.name} is good" in out
    assert "1 good, 1 damaged" in out
    assert "run `postil doctor --restore`" in out
    assert path.read_bytes() == damaged_bytes

    code, out, _ = postil("doctor", "--restore")
    assert code == 0
    assert f"restored {relative} from {backup.name}" in out
    assert out.splitlines()[-1].endswith(": all good")
    [kept] = path.parent.glob(f"{path.name}.damaged-*")
    assert kept.read_bytes() == damaged_bytes
    assert backup.read_bytes() == backup_bytes
    assert path.read_bytes() == backup_bytes

    code, out, _ = postil("list", "--json")
    assert code == 0
    assert [a["id"] for a in json.loads(out)] == [first_id]


def test_restoring_twice_keeps_both_damaged_files(postil, seed: Path) -> None:
    _, path, _ = store_with_two_changes(seed)
    for damage in (b"{", b"[]"):
        path.write_bytes(damage)
        assert postil("doctor", "--restore")[0] == 0
    kept = sorted(p.read_bytes() for p in path.parent.glob(f"{path.name}.damaged-*"))
    assert kept == [b"[]", b"{"]


def test_a_damaged_file_without_a_good_backup_is_left_as_it_is(postil, seed: Path) -> None:
    store, _, _ = store_with_two_changes(seed)
    library = store.library_path
    library.write_text("nonsense")
    library.with_name("library.json.bak").write_text("nonsense too")
    code, out, _ = postil("doctor", "--restore")
    assert code == 1
    assert "damaged  library.json: not valid JSON" in out
    assert "it has no good backup; it was left as it is" in out
    assert library.read_text() == "nonsense"


def test_a_missing_file_with_a_backup_is_restored(postil, seed: Path) -> None:
    store, path, _ = store_with_two_changes(seed)
    path.unlink()
    code, out, _ = postil("doctor")
    assert code == 1
    assert f"damaged  docs/{path.name}: the file is missing" in out
    assert postil("doctor", "--restore")[0] == 0
    assert len(store.annotations(path.stem)) == 1


def test_a_newer_file_is_reported_and_never_restored(postil, seed: Path) -> None:
    store, _, _ = store_with_two_changes(seed)
    newer = json.dumps({"_meta": {"1": {"format": "postil-store", "version": 99}}})
    store.library_path.write_text(newer)
    code, out, _ = postil("doctor", "--restore")
    assert code == 1
    assert "written by a newer postil (store format 99); upgrade postil; left as it is" in out
    assert store.library_path.read_text() == newer


def test_leftover_temporary_files_are_noted_and_removed_on_restore(postil, seed: Path) -> None:
    _, path, _ = store_with_two_changes(seed)
    leftover = path.with_name(f".{path.name}.4242.4243.tmp")
    leftover.write_text("half a wri")
    code, out, _ = postil("doctor")
    assert code == 0
    assert "1 temporary file left by interrupted writes" in out
    assert leftover.exists()
    code, out, _ = postil("doctor", "--restore")
    assert code == 0
    assert "removed 1 temporary file left by interrupted writes" in out
    assert not leftover.exists()


def test_no_store_is_one_line_and_exit_1(postil, tmp_path: Path) -> None:
    code, out, err = postil("doctor", "--store", str(tmp_path / "nowhere"))
    assert (code, out) == (1, "")
    assert err == f"postil: {tmp_path / 'nowhere'}: there is no store here\n"


def test_damaged_paragraph_links_are_checked_and_restored(postil, tmp_path: Path) -> None:
    store = Store(os.environ["POSTIL_STORE"])
    paths = [tmp_path / "en.txt", tmp_path / "ko.txt"]
    for path, text in zip(paths, ("One.\n\nTwo.\n\nThree.", "하나.\n\n둘과 셋."), strict=True):
        path.write_text(text, encoding="utf-8")
    english, korean = (store.open_document(path) for path in paths)
    en, ko = Paragraphs.of(english.text), Paragraphs.of(korean.text)
    LinkBook(store).save(english.id, en, korean.id, ko, [(2, 1)])
    LinkBook(store).save(english.id, en, korean.id, ko, [(2, 1), (1, 1)])
    links = store.root / LINKS_FILE
    links.write_text('{"links": ')

    code, out, _ = postil("doctor")
    assert code == 1
    assert "damaged  links.json: not valid JSON" in out
    assert postil("doctor", "--restore")[0] == 0
    assert LinkBook(Store(store.root)).load(english.id, en, korean.id, ko) == ([(2, 1)], 0)
