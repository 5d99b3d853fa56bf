"""postil's own JSON: lossless and versioned (documents with reading positions, annotations with
anchors and history, codebook). Imported into an empty store it gives back the same store; into
a non-empty one it merges by id, the newest `modified` winning."""

from __future__ import annotations

import json
import re
from typing import Any

from tui.core.annotation import Annotation
from tui.core.errors import PostilError
from tui.core.links import LinkBook
from tui.core.store import DocumentRecord, Store, TagInfo
from tui.formats.base import ExportSet, Format
from tui.formats.importing import merge
from tui.formats.values import ITEMS, json_bytes

KIND = "postil-export"
VERSION = 1


def export(selection: ExportSet) -> dict[str, bytes]:
    payload = {
        "format": KIND,
        "version": VERSION,
        "exported": selection.exported,
        "documents": [view.record.to_dict() for view in selection.views],
        "codebook": [
            {"tag": info.tag, "color": info.color, "description": info.description}
            for info in selection.codebook
        ],
        "annotations": ITEMS,
    }
    if selection.links:
        payload["links"] = selection.links  # paragraph links, see tui.core.links
    annotations = (
        annotation.to_dict() for view in selection.each() for annotation in view.annotations
    )
    return {FORMAT.default_name: json_bytes(payload, annotations)}


_SIGNATURE = re.compile(rb'"format"\s*:\s*"' + KIND.encode() + rb'"')


def sniff(data: bytes) -> bool:
    """Our exports name their format near the top; a look at the start is enough."""
    return _SIGNATURE.search(data[:4096]) is not None


def import_(store: Store, data: bytes, _options: dict[str, Any]) -> list[str]:
    payload = _parse(data)
    links_line = _import_links(store, payload)
    try:
        documents = [DocumentRecord.from_dict(item) for item in payload.get("documents", [])]
        codebook = [
            TagInfo(item["tag"], item.get("color"), item.get("description", ""))
            for item in payload.get("codebook", [])
        ]
        annotations = [Annotation.from_dict(item) for item in payload.get("annotations", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise PostilError(f"damaged postil JSON export ({type(error).__name__}: {error})") from None
    known_docs = {record.id for record in store.documents()}
    new_docs = [record for record in documents if record.id not in known_docs]
    for record in new_docs:
        store.update_document(record)
    known_tags = {info.tag for info in store.codebook()}
    new_tags = [info for info in codebook if info.tag not in known_tags]
    for info in new_tags:
        store.set_tag_info(info)
    return [
        f"{len(new_docs)} documents added, {len(documents) - len(new_docs)} already known",
        f"{len(new_tags)} codebook entries added, {len(codebook) - len(new_tags)} kept as they "
        "are in the store",
        merge(store, annotations),
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
    sniff=sniff,
)
