"""W3C Web Annotations (JSON-LD): an `AnnotationCollection` out; collections, pages, single
annotations and Hypothesis-style exports in.

Out, each annotation has an IRI id (`urn:uuid:`), `created`/`modified` in UTC with `Z`, its
`creator`, its note as a `TextualBody` (purpose `commenting`, format `text/markdown`), one
`TextualBody` per tag (purpose `tagging`), and a target whose `source` is the document
(`urn:sha256:` of the text, its file name as `label`, its file as `via`) with a
`TextQuoteSelector` and a `TextPositionSelector` in code points. A note on the whole document
has no selector; an orphan keeps only its quote.

In: see `w3c_import`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.core.annotation import Annotation
from tui.formats.base import DocumentView, ExportSet, Format
from tui.formats.values import ITEMS, as_uuid, json_bytes, stable_uuid, utc_z
from tui.formats.w3c_import import SHA256_IRI, UUID_IRI, import_, sniff

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NOTE_FORMAT = "text/markdown"


def export(selection: ExportSet) -> dict[str, bytes]:
    ids = [UUID_IRI + as_uuid(annotation.id) for _view, annotation in selection.annotations()]
    collection = UUID_IRI + stable_uuid("collection", *ids)
    payload = {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": "postil annotations",
        "generated": utc_z(selection.exported),
        "total": len(ids),
        "first": {
            "id": UUID_IRI + stable_uuid("page", collection),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": ITEMS,
        },
    }
    return {FORMAT.default_name: json_bytes(payload, items(selection))}


def items(selection: ExportSet) -> Iterator[dict[str, Any]]:
    for view in selection.each():
        sources: dict[str, dict[str, Any]] = {}  # one per text hash, shared by its annotations
        for annotation in view.annotations:
            digest = annotation.doc_sha256
            if digest not in sources:
                sources[digest] = source_of(view, digest)
            yield annotation_object(annotation, sources[digest])


def source_of(view: DocumentView, digest: str) -> dict[str, Any]:
    """The document as a target's `source`: the hash of the text the anchor was made on."""
    path = Path(view.record.path)
    source: dict[str, Any] = {
        "id": SHA256_IRI + (digest or view.record.sha256),
        "type": "Text",
        "format": "text/plain",
        "label": path.name,
    }
    if path.is_absolute():
        source["via"] = path.as_uri()
    return source


def annotation_object(annotation: Annotation, source: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": UUID_IRI + as_uuid(annotation.id),
        "type": "Annotation",
        "created": utc_z(annotation.created),
        "modified": utc_z(annotation.modified),
    }
    if annotation.author:
        item["creator"] = {"type": "Person", "name": annotation.author}
    bodies = []
    if annotation.note:
        bodies.append(
            {
                "type": "TextualBody",
                "value": annotation.note,
                "purpose": "commenting",
                "format": NOTE_FORMAT,
            }
        )
    bodies.extend(
        {"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in annotation.tags
    )
    if bodies:
        item["body"] = bodies
    item["target"] = target(annotation, source)
    return item


def target(annotation: Annotation, source: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {"source": source}
    anchor = annotation.anchor
    if anchor is None:
        return found
    selectors: list[dict[str, Any]] = [
        {
            "type": "TextQuoteSelector",
            "exact": anchor.quote,
            "prefix": anchor.prefix,
            "suffix": anchor.suffix,
        }
    ]
    if not annotation.orphan:
        selectors.append({"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end})
    found["selector"] = selectors
    return found


FORMAT = Format(
    name="w3c",
    summary="W3C Web Annotation collection (JSON-LD); imports W3C and Hypothesis files too",
    suffix=".jsonld",
    single_file=True,
    export=export,
    import_=import_,
    sniff=sniff,
)
