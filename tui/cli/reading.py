"""`postil open [PATH ...]` (also plain `postil [PATH ...]`): the reader in the terminal."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from tui.cli.output import warn
from tui.core.errors import PostilError
from tui.core.library import find_documents

DEFAULT_FOLDER = Path("seeds")


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    opener = commands.add_parser(
        "open",
        parents=[common],
        help="open documents in the reader (the default command)",
        description="Open a document in the reader, or a folder of documents in the library.",
    )
    opener.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: ./seeds, else .)",
    )
    opener.set_defaults(run=run_open)


def run_open(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [DEFAULT_FOLDER if DEFAULT_FOLDER.is_dir() else Path(".")]
    found = find_documents(paths)
    library = len(paths) > 1 or paths[0].is_dir()
    if not found.paths:
        if not library and len(found.notices) == 1:
            raise PostilError(found.notices[0])  # why the one file cannot be read, in one line
        for notice in found.notices:
            warn(notice)
        raise PostilError(f"no documents found in {', '.join(str(p) for p in paths)}")
    if not library:
        from tui.core.file_text import start_indexing

        start_indexing(found.paths[0])  # a very big file is read on another core meanwhile
    # Building the first screen makes many objects and no garbage: the app collects again once
    # it is shown (`PostilApp.on_mount`); collecting meanwhile took a tenth of the start-up.
    gc.disable()
    from tui.app.app import PostilApp  # deferred: the other commands never load Textual

    app = PostilApp(args.store, found.paths, args.author, library=library, notices=found.notices)
    app.run()
    return app.return_code or 0
