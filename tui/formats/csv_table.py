"""CSV for spreadsheets: one row per annotation, UTF-8 (with a BOM on request, for Excel).

A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return would be run as a formula by
a spreadsheet (CSV injection): such cells get a leading `'`, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from tui.formats.base import ExportSet, Format, Option
from tui.formats.values import encoded

COLUMNS = (
    "document",
    "start",
    "end",
    "quote",
    "tags",
    "note",
    "author",
    "created",
    "modified",
    "orphan",
    "id",
)
TAG_JOINER = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralize(cell: str) -> str:
    """`cell` made inert for spreadsheets that would evaluate it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export(selection: ExportSet, bom: bool = False) -> dict[str, bytes]:
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(selection))
    return {FORMAT.default_name: encoded(buffer.getvalue())}


def rows(selection: ExportSet) -> Iterator[tuple[str | int, ...]]:
    for view in selection.each():
        document = neutralize(view.record.path)
        for annotation in view.annotations:
            yield (
                document,
                "" if annotation.start is None else annotation.start,
                "" if annotation.end is None else annotation.end,
                neutralize(annotation.quote),
                neutralize(TAG_JOINER.join(annotation.tags)),
                neutralize(annotation.note),
                neutralize(annotation.author),
                neutralize(annotation.created),
                neutralize(annotation.modified),
                "yes" if annotation.orphan else "",
                neutralize(annotation.id),
            )


FORMAT = Format(
    name="csv",
    summary="CSV for spreadsheets, one row per annotation (formula-safe)",
    suffix=".csv",
    single_file=True,
    export=export,
    options=(Option("bom", "start with a byte-order mark, so Excel reads the file as UTF-8"),),
)
