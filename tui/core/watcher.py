"""Noticing changes other postil processes make to a store, cheaply enough to poll every second.

A reader polls a `StoreWatcher` (say twice a second) and reloads what it reports: the library
(documents, codebook) or the annotations of a document, including annotations deleted elsewhere.
An unchanged store costs one `stat` per file and reads nothing. A file that changed within
`SETTLE_NS` is also compared by content, because file times can be too coarse to tell two quick
changes apart. Changes made through this process's own store are reported too; reloading them
is harmless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tui.core.durable import Identity, digest_of, identity_of, is_settled, read_file
from tui.core.store import Store


@dataclass(frozen=True, slots=True)
class _Seen:
    """A file as last seen: its identity, whether that identity alone proves it unchanged, and
    its content digest (taken whenever the identity alone is not proof)."""

    identity: Identity
    settled: bool
    digest: bytes | None


def _see(path: Path, status: os.stat_result, with_digest: bool) -> _Seen | None:
    if not with_digest and is_settled(status):
        return _Seen(identity_of(status), True, None)
    found = read_file(path)
    if found is None:
        return None
    status, data = found
    return _Seen(identity_of(status), is_settled(status), digest_of(data))


def look(path: Path, seen: _Seen | None) -> tuple[bool, _Seen | None]:
    """Whether the file at `path` changed since `seen`, and how it looks now (None: absent)."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return seen is not None, None
    if seen is None:
        return True, _see(path, status, with_digest=False)
    if seen.settled:
        if seen.identity == identity_of(status):
            return False, seen
        return True, _see(path, status, with_digest=False)
    now = _see(path, status, with_digest=True)
    return now is None or now.digest != seen.digest, now


class StoreWatcher:
    """Tells what changed in a store's files since the last time it was asked."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._library = look(store.library_path, None)[1]
        self._documents: dict[str, _Seen] = {}
        self.changed_documents()

    def library_changed(self) -> bool:
        """True if the library (documents, reading positions, codebook) changed."""
        changed, self._library = look(self.store.library_path, self._library)
        return changed

    def changed_documents(self) -> set[str]:
        """Ids of the documents whose annotations changed (or were created or removed)."""
        changed: set[str] = set()
        current: dict[str, _Seen] = {}
        for doc_id in set(self.store.annotated_doc_ids()) | set(self._documents):
            was = self._documents.get(doc_id)
            differs, now = look(self.store.annotations_path(doc_id), was)
            if differs:
                changed.add(doc_id)
            if now is not None:
                current[doc_id] = now
        self._documents = current
        return changed
