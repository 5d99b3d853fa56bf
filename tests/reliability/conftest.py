"""Running the `postil` command line in-process, as a user would from a shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

Run = tuple[int, str, str]


@pytest.fixture
def postil(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*argv: str) -> Run:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def annotate(store: Store, document_path: Path, quote: str, note: str = "") -> Annotation:
    """Add an annotation on `quote` the way the reader does: open, anchor, add."""
    document = store.open_document(document_path)
    return store.add(
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, quote),
            note=note,
            doc_sha256=document.sha256,
        )
    )
