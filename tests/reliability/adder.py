"""A separate postil process that adds annotations to one document: `python -m
tests.reliability.adder STORE DOC_ID COUNT LABEL START_FILE`. It waits for START_FILE to exist,
so that all writers start together."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tui.core.annotation import Annotation
from tui.core.store import Store


def main(root: str, doc_id: str, count: str, label: str, start_file: str) -> None:
    store = Store(root)
    while not Path(start_file).exists():
        time.sleep(0.005)
    for number in range(int(count)):
        store.add(Annotation(doc_id=doc_id, note=f"{label}-{number}", author=label))


if __name__ == "__main__":
    main(*sys.argv[1:])
