"""`export` and `import`: annotations out to other tools and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui.cli.output import say, warn
from tui.core.errors import UsageError
from tui.core.safe_text import visible
from tui.core.store import Store
from tui.formats import registry


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        parents=[common],
        help=f"export annotations ({', '.join(registry.names())})",
        description="Export annotations with their quoted text. Single-file formats go to "
        "stdout unless -o is given; brat and refi-qda write a folder (-o DIR). Existing files "
        "are never overwritten without --force.",
    )
    export.add_argument(
        "--format",
        "-f",
        default="json",
        choices=registry.names(),
        metavar="FORMAT",
        help=f"one of: {', '.join(registry.names())} (default: json)",
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="file (or folder) to write"
    )
    export.add_argument(
        "--doc", action="append", default=[], metavar="DOC", help="only this document (repeatable)"
    )
    export.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="only annotations with this tag or a child of it (repeatable: any of them)",
    )
    export.add_argument(
        "--query", "-q", metavar="Q", help="only annotations this query finds (see `postil search`)"
    )
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    export.add_argument(
        "--by", choices=("document", "tag"), help="markdown: group passages by document or tag"
    )
    export.add_argument(
        "--flavor",
        choices=("postil", "doccano"),
        help="jsonl: one annotation per line (postil) or doccano's labelled documents",
    )
    export.add_argument(
        "--bom", action="store_true", help="csv: start with a byte-order mark (for Excel)"
    )
    export.set_defaults(run=run_export)

    importer = commands.add_parser(
        "import",
        parents=[common],
        help=f"import annotations from a file ({', '.join(registry.importable())})",
        description="Import a postil JSON export, or W3C Web Annotations (a collection, one "
        "annotation, or a Hypothesis export) anchored by their quotes. Annotations already in "
        "the store are replaced only by newer ones.",
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument(
        "--format",
        "-f",
        choices=registry.importable(),
        help="the file's format (default: guessed from its content)",
    )
    importer.set_defaults(run=run_import)


def format_options(args: argparse.Namespace) -> dict[str, Any]:
    """The format options given on the command line (the format checks they are its own)."""
    given: dict[str, Any] = {}
    if args.by is not None:
        given["by"] = args.by
    if args.flavor is not None:
        given["flavor"] = args.flavor
    if args.bom:
        given["bom"] = True
    return given


def run_export(args: argparse.Namespace) -> int:
    from tui.formats.exporting import all_of, export_to, matching_query, render, with_any_tag

    chosen = registry.get(args.format)
    store = Store(args.store)
    doc_ids = [store.find_document(name).id for name in args.doc] or None
    keep = all_of(
        with_any_tag(args.tag) if args.tag else None,
        matching_query(store, args.query) if args.query else None,
    )
    options = format_options(args)
    if args.output is None:
        if not chosen.single_file:
            raise UsageError(f"the {chosen.name} format writes several files: give -o FOLDER")
        files, notices = render(store, chosen, options, keep, doc_ids)
        for notice in notices:
            warn(notice)
        write_stdout(next(iter(files.values())))
        return 0
    report = export_to(store, chosen.name, args.output, options, keep, doc_ids, args.force)
    for notice in report.notices:
        warn(notice)
    for path in report.paths:
        say(f"wrote {path}")
    return 0


def write_stdout(data: bytes) -> None:
    """The export as is into a pipe or file; on a terminal, control characters made visible."""
    if sys.stdout.isatty():
        text = data.decode("utf-8").replace("\r\n", "\n")
        sys.stdout.write(visible(text, keep_lines=True))
    else:
        sys.stdout.buffer.write(data)
    sys.stdout.flush()


def run_import(args: argparse.Namespace) -> int:
    from tui.formats.importing import import_file  # loaded for this command only

    for line in import_file(Store(args.store), args.file, args.format):
        say(line)
    return 0
