"""postil's own JSON: lossless and versioned, so an export imported into an empty store gives
back the same store, and into a non-empty one merges by id, the newest `modified` winning."""

from __future__ import annotations

import json
from typing import Any

from tui.core.annotation import Annotation, now_iso
from tui.core.errors import PostilError
from tui.core.links import LinkBook
from tui.core.store import DocumentRecord, Store, TagInfo
from tui.formats.base import ExportSet, Format

KIND = "postil-export"
VERSION = 1


def export(selection: ExportSet, **_options: Any) -> dict[str, bytes]:
    payload = {
        "format": KIND,
        "version": VERSION,
        "exported": now_iso(),
        "documents": [record.to_dict() for record in selection.documents],
        "codebook": [
            {"tag": info.tag, "color": info.color, "description": info.description}
            for info in selection.codebook
        ],
        "annotations": [annotation.to_dict() for annotation in selection.annotations],
    }
    payload.update(_export_links(selection))
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    return {"annotations.json": text.encode("utf-8")}


def import_(store: Store, data: bytes, _options: dict[str, Any]) -> list[str]:
    payload = _parse(data)
    links_line = _import_links(store, payload)
    known_docs = {record.id: record for record in store.documents()}
    for item in payload.get("documents", []):
        record = DocumentRecord.from_dict(item)
        if record.id not in known_docs:
            store.update_document(record)
    for item in payload.get("codebook", []):
        store.set_tag_info(TagInfo(item["tag"], item.get("color"), item.get("description", "")))
    added = updated = kept = 0
    puts: list[Annotation] = []
    for item in payload.get("annotations", []):
        incoming = Annotation.from_dict(item)
        try:
            current = store.get(incoming.id, incoming.doc_id)
        except PostilError:
            current = None
        if current is None:
            added += 1
            puts.append(incoming)
        elif incoming.modified > current.modified:
            updated += 1
            puts.append(incoming)
        else:
            kept += 1
    store.write_many(puts=puts)
    return [
        f"{added} annotations added, {updated} updated (newer in the file), "
        f"{kept} kept (same or newer in the store)",
        *links_line,
    ]


def _parse(data: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PostilError(f"not a postil JSON export ({error})") from None
    if not isinstance(payload, dict) or payload.get("format") != KIND:
        raise PostilError('not a postil JSON export (no "format": "postil-export")')
    if payload.get("version", 0) > VERSION:
        raise PostilError(
            f"written by a newer postil (export version {payload.get('version')}); upgrade postil"
        )
    return payload


# Paragraph links of documents read side by side (tui.core.links) -------------------------------


def _export_links(selection: ExportSet) -> dict[str, Any]:
    """`{"links": [...]}` for the pairs of exported documents that have links, else nothing."""
    if selection.store is None:
        return {}
    records = LinkBook(selection.store).records([record.id for record in selection.documents])
    return {"links": records} if records else {}


def _import_links(store: Store, payload: dict[str, Any]) -> list[str]:
    """Merge the file's links first: damaged links stop the import before anything is written."""
    if "links" not in payload:
        return []
    return [LinkBook(store).merge(payload["links"])]


FORMAT = Format(
    name="json",
    summary="postil's own lossless JSON (documents, annotations, codebook)",
    suffix=".json",
    single_file=True,
    export=export,
    import_=import_,
)
