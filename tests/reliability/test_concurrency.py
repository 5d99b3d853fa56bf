"""Several postil processes and threads writing one store at once lose nothing."""

import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from tests.conftest import ROOT
from tui.core.annotation import Annotation
from tui.core.store import Store

WRITERS = 4
EACH = 250


def adder(root: Path, number: int, start: Path) -> list[str]:
    """The command line of a separate postil process adding EACH annotations."""
    module = "tests.reliability.adder"
    return [sys.executable, "-m", module, str(root), "shared", str(EACH), f"w{number}", str(start)]


def test_four_processes_adding_to_one_document_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "store"
    Store(root)
    start = tmp_path / "start"
    writers = [
        subprocess.Popen(
            adder(root, n, start),
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    start.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=600)
        assert writer.returncode == 0, errors

    found = Store(root).annotations("shared")
    assert len(found) == WRITERS * EACH
    assert len({a.id for a in found}) == WRITERS * EACH
    expected = {f"w{n}-{i}" for n in range(WRITERS) for i in range(EACH)}
    assert {a.note for a in found} == expected
    assert not list(root.rglob("*.tmp"))


def test_threads_sharing_a_store_or_not_lose_nothing(tmp_path: Path) -> None:
    shared = Store(tmp_path / "store")
    errors: list[BaseException] = []

    def add(label: str, own_store: bool) -> None:
        store = Store(tmp_path / "store") if own_store else shared
        try:
            for number in range(25):
                store.add(Annotation(doc_id="doc", note=f"{label}-{number}"))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=add, args=(f"t{n}", n % 2 == 0)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    notes = Counter(a.note for a in Store(tmp_path / "store").annotations("doc"))
    assert notes == Counter(f"t{n}-{i}" for n in range(4) for i in range(25))
