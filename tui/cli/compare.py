"""`postil compare LEFT RIGHT`: two documents side by side, scrolling together by paragraph."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.core.document import read_document


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    compare = commands.add_parser(
        "compare",
        parents=[common],
        help="read two documents side by side, aligned by paragraph",
        description="Read two documents side by side (a translation beside its original, two "
        "versions of a report), each with its own highlights and margin. They scroll together "
        "paragraph by paragraph; = scrolls them independently, L links paragraphs by hand, "
        "Tab switches documents.",
    )
    compare.add_argument("left", type=Path, metavar="LEFT", help="the document on the left")
    compare.add_argument("right", type=Path, metavar="RIGHT", help="the document on the right")
    compare.set_defaults(run=run_compare)


def run_compare(args: argparse.Namespace) -> int:
    for path in (args.left, args.right):
        read_document(path)  # a document that cannot be read stops here, in one line
    from tui.app.app import PostilApp  # deferred: the other commands never load Textual

    app = PostilApp(
        store_root=args.store, paths=[args.left, args.right], author=args.author, compare=True
    )
    app.run()
    return app.return_code or 0
