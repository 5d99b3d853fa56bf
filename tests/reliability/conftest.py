"""Running the `postil` command line in-process, as a user would from a shell."""

from __future__ import annotations

from pathlib import Path

from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store


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
