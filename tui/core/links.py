"""Paragraph links between two documents, kept in the store beside their annotations.

`links.json` in the store folder holds one record per pair of documents:

    {"id": "A+B", "documents": ["A", "B"], "modified": "...",
     "links": [{"paragraphs": [7, 6], "openings": ["In the recent Hamhung", "이번 함흥역"]}]}

A link names its paragraphs by number and by their first words, so it survives an edit that
moves a paragraph (the words find it again) and is dropped only when the paragraph is gone. The
file is written like every store file (`SafeJSONStorage`, under the store's write lock).
"""

from __future__ import annotations

from typing import Any

from tinydb import TinyDB

from tui.core.alignment import Link, Paragraphs, consistent_links
from tui.core.annotation import now_iso
from tui.core.errors import PostilError
from tui.core.storage import SafeJSONStorage
from tui.core.store import RecordTable, Store

LINKS_FILE = "links.json"
TABLE = "links"


def pair_id(first: str, second: str) -> str:
    """One id for a pair of documents, whichever is on the left."""
    return "+".join(sorted((first, second)))


class LinkBook:
    """The paragraph links of every pair of documents in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._database = TinyDB(str(store.root / LINKS_FILE), storage=SafeJSONStorage)
        self._database.table_class = RecordTable

    @property
    def _table(self) -> RecordTable:
        table = self._database.table(TABLE, cache_size=0)
        assert isinstance(table, RecordTable)
        return table

    def load(
        self, left_id: str, left: Paragraphs, right_id: str, right: Paragraphs
    ) -> tuple[list[Link], int]:
        """The links of this pair found in the documents as they are now, and how many were lost
        (their paragraph is gone, or the record is damaged)."""
        record = self._table.record(pair_id(left_id, right_id))
        if record is None:
            return [], 0
        swapped = record.get("documents", [left_id])[0] != left_id
        found: list[Link] = []
        lost = 0
        for item in record.get("links", []):
            try:
                (i, j), (opening_i, opening_j) = item["paragraphs"], item["openings"]
            except (KeyError, TypeError, ValueError):
                lost += 1
                continue
            if swapped:
                i, j, opening_i, opening_j = j, i, opening_j, opening_i
            here, there = left.find(i, opening_i), right.find(j, opening_j)
            if here is None or there is None:
                lost += 1
            else:
                found.append((here, there))
        links = consistent_links(found, len(left), len(right))
        return links, lost + len(found) - len(links)

    def save(
        self,
        left_id: str,
        left: Paragraphs,
        right_id: str,
        right: Paragraphs,
        links: list[Link],
    ) -> None:
        """Replace the links of this pair; with none, its record goes."""
        swapped = right_id < left_id  # records keep the documents in the order of `pair_id`
        items = [
            {"paragraphs": [i, j], "openings": [left.opening(i), right.opening(j)]}
            for i, j in links
        ]
        if swapped:
            items = [
                {"paragraphs": item["paragraphs"][::-1], "openings": item["openings"][::-1]}
                for item in items
            ]
        documents = [right_id, left_id] if swapped else [left_id, right_id]
        record_id = pair_id(left_id, right_id)
        record = {"id": record_id, "documents": documents, "links": items, "modified": now_iso()}
        with self.store.writing():
            if items:
                self._table.put_many([record])
            else:
                self._table.put_many([], removed=[record_id])

    def records(self, doc_ids: list[str]) -> list[dict[str, Any]]:
        """The records of every pair whose two documents are both among `doc_ids`."""
        wanted = set(doc_ids)
        found = [
            record
            for record in self._table.records()
            if len(record.get("documents") or ()) == 2 and set(record["documents"]) <= wanted
        ]
        return sorted(found, key=lambda record: record["id"])

    def merge(self, records: list[Any]) -> str:
        """Add records from an export: a pair's record replaces ours if it is newer."""
        checked = [_checked(record) for record in records]
        added = updated = kept = 0
        puts: list[dict[str, Any]] = []
        with self.store.writing():
            for record in checked:
                current = self._table.record(record["id"])
                if current is None:
                    added += 1
                    puts.append(record)
                elif record["modified"] > current.get("modified", ""):
                    updated += 1
                    puts.append(record)
                else:
                    kept += 1
            if puts:
                self._table.put_many(puts)
        pairs = "pair" if added == 1 else "pairs"
        return (
            f"paragraph links: {added} {pairs} of documents added, {updated} updated (newer in "
            f"the file), {kept} kept (same or newer in the store)"
        )


def _checked(record: Any) -> dict[str, Any]:
    """A link record from outside, in our shape, or a one-line reason why not."""
    try:
        documents = [str(doc_id) for doc_id in record["documents"]]
        links = [
            {
                "paragraphs": [int(i) for i in item["paragraphs"]],
                "openings": [str(text) for text in item["openings"]],
            }
            for item in record["links"]
        ]
        if len(documents) != 2 or any(
            len(link["paragraphs"]) != 2 or len(link["openings"]) != 2 for link in links
        ):
            raise ValueError("a link joins two paragraphs of two documents")
        modified = str(record.get("modified", ""))
    except (KeyError, TypeError, ValueError) as error:
        raise PostilError(f"damaged paragraph links ({type(error).__name__}: {error})") from None
    return {
        "id": pair_id(*documents),
        "documents": documents,
        "links": links,
        "modified": modified,
    }
