"""JSON Lines for data pipelines: one annotation per line (document path, offsets, quote, tags,
note, ...), or with `flavor="doccano"` one document per line as doccano's sequence labelling
reads it: `{"text": ..., "label": [[start, end, "tag"], ...]}`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tui.core.annotation import Annotation, summary
from tui.formats.base import DocumentView, ExportSet, Format, Option
from tui.formats.values import json_item


def export(selection: ExportSet, flavor: str = "postil") -> dict[str, bytes]:
    lines = doccano_lines(selection) if flavor == "doccano" else annotation_lines(selection)
    return {FORMAT.default_name: b"".join([json_item(line) + b"\n" for line in lines])}


def annotation_lines(selection: ExportSet) -> Iterator[dict[str, Any]]:
    for view in selection.each():
        for annotation in view.annotations:
            yield summary(annotation, view.record.path)


def doccano_lines(selection: ExportSet) -> Iterator[dict[str, Any]]:
    """One line per document; each tag of a passage is a label. What labels cannot hold goes
    in keys doccano keeps as metadata, never dropped: `notes` ([start, end, note] for passages
    with a note or without a tag) and `unplaced` (document notes and orphans)."""
    for view in selection.each():
        if view.text is None:
            selection.notices.append(
                f"{view.record.path}: cannot be read; its {len(view.annotations)} annotations "
                "are not in the doccano file"
            )
            continue
        labels: list[list[Any]] = []
        notes: list[list[Any]] = []
        unplaced: list[dict[str, Any]] = []
        for annotation in view.annotations:
            span = view.span(annotation)
            if span is None:
                unplaced.append(_unplaced(view, annotation))
                continue
            labels.extend([*span, tag] for tag in annotation.tags)
            if annotation.note or not annotation.tags:
                notes.append([*span, annotation.note])
        line: dict[str, Any] = {"text": view.text, "label": labels, "document": view.record.path}
        if notes:
            line["notes"] = notes
        if unplaced:
            line["unplaced"] = unplaced
        yield line


def _unplaced(view: DocumentView, annotation: Annotation) -> dict[str, Any]:
    return {
        "id": annotation.id,
        "why": view.why_unplaced(annotation),
        "quote": annotation.quote,
        "tags": list(annotation.tags),
        "note": annotation.note,
    }


FORMAT = Format(
    name="jsonl",
    summary="JSON Lines, one annotation per line (or doccano's one document per line)",
    suffix=".jsonl",
    single_file=True,
    export=export,
    options=(
        Option(
            "flavor",
            "postil: one annotation per line; doccano: labelled documents",
            ("postil", "doccano"),
        ),
    ),
)
