"""Bringing annotations into a store: the same merge rule for every format, and the entry point
the CLI and the app call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tui.core.annotation import Annotation
from tui.core.errors import PostilError, UsageError
from tui.core.store import Store
from tui.formats import registry


def merge(store: Store, incoming: Iterable[Annotation]) -> str:
    """Add annotations by id: a new id is added; a known one is replaced only if the incoming
    copy was modified later, so importing twice, or an older file, changes nothing."""
    current = {annotation.id: annotation for annotation in store.all_annotations()}
    added = updated = kept = 0
    puts: dict[str, Annotation] = {}
    for annotation in incoming:
        known = puts.get(annotation.id) or current.get(annotation.id)
        if known is not None and annotation.modified <= known.modified:
            kept += 1
            continue
        if annotation.id not in puts:
            if known is None:
                added += 1
            else:
                updated += 1
        puts[annotation.id] = annotation
    moved = [
        current[key]
        for key, new in puts.items()
        if key in current and current[key].doc_id != new.doc_id
    ]
    store.write_many(puts=puts.values(), removes=moved)
    return (
        f"{added} annotations added, {updated} updated (newer in the file), "
        f"{kept} kept (same or newer in the store)"
    )


def import_file(store: Store, path: Path, format_name: str | None = None) -> list[str]:
    """Import a file into `store` (format guessed when not given); one line per outcome."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PostilError(f"{path}: cannot read ({error.strerror})") from None
    chosen = registry.get(format_name) if format_name else registry.sniff(data)
    if chosen is None:
        readable = ", ".join(registry.importable())
        raise PostilError(f"{path}: not a file postil can import ({readable}); give --format")
    if chosen.import_ is None:
        raise UsageError(f"the {chosen.name} format can be exported but not imported")
    return chosen.import_(store, data, {"folder": path.parent})
