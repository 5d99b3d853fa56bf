"""`export` and `import`: annotations out to other tools and back in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.cli.output import say
from tui.core.errors import PostilError, UsageError
from tui.core.store import Store
from tui.formats import registry
from tui.formats.base import export_set


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export",
        parents=[common],
        help="export annotations (json, ...)",
        description="Export annotations with their quoted text. Single-file formats go to "
        "stdout unless -o is given; existing files are never overwritten without --force.",
    )
    export.add_argument(
        "--format", "-f", default="json", help=f"one of: {', '.join(registry.names())}"
    )
    export.add_argument(
        "-o", "--output", type=Path, metavar="PATH", help="file (or folder) to write"
    )
    export.add_argument(
        "--doc", action="append", default=[], metavar="DOC", help="only this document (repeatable)"
    )
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    export.set_defaults(run=run_export)

    importer = commands.add_parser(
        "import", parents=[common], help="import annotations from a file (json)"
    )
    importer.add_argument("file", type=Path, metavar="FILE")
    importer.add_argument("--format", "-f", help="the file's format (default: guessed)")
    importer.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    chosen = registry.get(args.format)
    store = Store(args.store)
    doc_ids = [store.find_document(name).id for name in args.doc] or None
    files = chosen.export(export_set(store, doc_ids))
    if args.output is None:
        if not chosen.single_file:
            raise UsageError(f"the {chosen.name} format writes several files: give -o FOLDER")
        sys.stdout.buffer.write(next(iter(files.values())))
        sys.stdout.flush()
        return 0
    written = write_files(files, args.output, chosen.single_file, args.force)
    for path in written:
        say(f"wrote {path}")
    return 0


def write_files(
    files: dict[str, bytes], output: Path, single_file: bool, force: bool
) -> list[Path]:
    """Write an export's files to `output` (a file, or a folder for several files)."""
    if single_file:
        targets = {output: next(iter(files.values()))}
    else:
        root = output.resolve()
        targets = {}
        for name, data in files.items():
            target = (root / name).resolve()
            if not target.is_relative_to(root):
                raise PostilError(f"{name}: refusing to write outside {output}")
            targets[target] = data
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise PostilError(f"{existing[0]}: already exists; use --force to overwrite")
    for path, data in targets.items():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as error:
            raise PostilError(f"{path}: cannot write ({error.strerror})") from None
    return list(targets)


def run_import(args: argparse.Namespace) -> int:
    try:
        data = args.file.read_bytes()
    except OSError as error:
        raise PostilError(f"{args.file}: cannot read ({error.strerror})") from None
    chosen = registry.get(args.format or "json")
    if chosen.import_ is None:
        raise UsageError(f"the {chosen.name} format can be exported but not imported")
    for line in chosen.import_(Store(args.store), data, {}):
        say(line)
    return 0
