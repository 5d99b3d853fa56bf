"""A separate postil process that renames a tag back and forth until it is killed:
`python -m tests.reliability.renamer STORE STARTED_FILE`. It creates STARTED_FILE once its first
rename is done, so that a kill lands in the middle of one of the later ones."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.core.codebook import Codebook
from tui.core.history import History
from tui.core.store import Store


def main(root: str, started: str) -> None:
    codebook = Codebook(History(Store(root)))
    while True:
        old, new = ("theme", "topic") if codebook.exists("theme") else ("topic", "theme")
        codebook.rename(old, new)
        Path(started).touch()


if __name__ == "__main__":
    main(*sys.argv[1:])
