"""`postil search QUERY`: annotations found with the annotation browser's query language."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.annotate import listing_line
from tui.cli.output import print_json, say
from tui.core.annotation import summary
from tui.core.collector import collector_paused
from tui.core.errors import StoreCorruptError
from tui.core.store import Store

if TYPE_CHECKING:
    from tui.core.annotation_index import AnnotationIndex

QUERY_HELP = """\
Terms, all of which must match:
  rice                the quote or note contains "rice" (case-insensitive)
  "rice cakes"        ... contains the phrase
  tag:economy         tagged economy or a child of it (economy/covid)
  doc:report          the document's file name, title or path contains "report"
  doctag:interview    the document carries this document-level tag (or a child)
  author:ana          the author's name contains "ana"
  since:2024-05-01    created or changed since then (local time; or YYYY-MM-DDTHH:MM)
  -TERM               excludes what TERM matches: -tag:draft, -rice

Words need no quoting (postil search rice -tag:draft); a phrase needs quotes the shell
keeps, e.g. postil search 'tag:economy -"rice cakes"'."""


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser(
        "search",
        parents=[common],
        help="find annotations with a query (tag:, doc:, author:, since:, words)",
        description="Find annotations across the whole store.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", nargs="*", metavar="QUERY", help="the query (see below)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(run=run_search)


def loaded_index(store: Store) -> AnnotationIndex:
    """Every annotation of the store; a damaged file stops the command, as results would lie."""
    from tui.core.annotation_index import AnnotationIndex  # on use only, like the query language

    index = AnnotationIndex(store)
    with collector_paused(keep=True):
        index.refresh()
    if index.damaged:
        raise StoreCorruptError(next(iter(index.damaged.values())))
    return index


def run_search(args: argparse.Namespace) -> int:
    index = loaded_index(Store(args.store))
    found = index.search(" ".join(args.query))
    if args.json:
        print_json([summary(entry.annotation, entry.record.path) for entry in found])
        return 0
    for entry in found:
        say(listing_line(entry.annotation, Path(entry.record.path).name or entry.record.title))
    if not found:
        say("no annotations match")
    return 0
