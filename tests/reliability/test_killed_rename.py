"""A codebook change renames a tag used in every document; a postil killed at any moment of it
leaves every annotation with the old name or every annotation with the new one."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tui.core.annotation import Annotation
from tui.core.document import Document, text_sha256
from tui.core.store import Store

DOCUMENTS = 40
KILLS = 6


def coded_store(root: Path) -> Store:
    """DOCUMENTS documents, each with a few passages tagged `theme` or a child of it."""
    store = Store(root)
    documents = []
    for number in range(DOCUMENTS):
        text = f"Document {number}\n\nA passage about rice and trade.\n"
        path = root.parent / f"doc-{number}.txt"
        documents.append(Document(path=path, text=text, sha256=text_sha256(text), title=path.name))
    for document in store.register_many(documents):
        store.write_many(
            Annotation(doc_id=document.id, tags=(tag, "other"), note=f"{document.id} {tag}")
            for tag in ("theme", "theme/child", "theme")
        )
    return store


def tag_roots(root: Path) -> set[str]:
    """The first level of the tags of every annotation but `other`: one name when whole."""
    return {
        tag.split("/")[0]
        for annotation in Store(root).all_annotations()
        for tag in annotation.tags
        if tag != "other"
    }


def test_a_rename_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    root = tmp_path / "store"
    doc_id = coded_store(root).documents()[0].id
    chance = random.Random(8)
    for kill in range(KILLS):
        started = tmp_path / f"started-{kill}"
        renamer = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.renamer", str(root), str(started)],
            cwd=ROOT,
        )
        try:
            while not started.exists():
                assert renamer.poll() is None, "the renaming process stopped by itself"
                time.sleep(0.005)
            time.sleep(chance.uniform(0, 0.3))
        finally:
            os.kill(renamer.pid, signal.SIGKILL)
            renamer.wait()
        roots = tag_roots(root)
        assert roots in ({"theme"}, {"topic"}), f"kill {kill}: a half-done rename ({roots})"
        assert sum(1 for _ in Store(root).all_annotations()) == 3 * DOCUMENTS
    Store(root).add(Annotation(doc_id=doc_id, note="the next change sweeps what was left"))
    assert not list(root.rglob("*.tmp"))
