"""Annotating from the shell: `add`, `list`, `show` and `delete`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.anchors import find_reanchored, open_reanchored
from tui.cli.output import print_json, say
from tui.core.anchoring import anchor_at, find_quote
from tui.core.annotation import Annotation, summary
from tui.core.errors import PostilError, UsageError
from tui.core.safe_text import one_line
from tui.core.store import Store

QUOTE_WIDTH = 40
NOTE_WIDTH = 30


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    add = commands.add_parser(
        "add",
        parents=[common],
        help="annotate a passage (by quote or offsets) or the whole document",
        description="Annotate a passage chosen by its text (--quote) or offsets (--start/--end); "
        "with neither, the note is on the whole document.",
    )
    add.add_argument("document", type=Path, metavar="DOC", help="the document's file")
    add.add_argument("--quote", help="the passage's exact text")
    add.add_argument(
        "--occurrence", type=int, metavar="N", help="which occurrence of the quote (from 1)"
    )
    add.add_argument("--start", type=int, metavar="N", help="start offset (code points)")
    add.add_argument("--end", type=int, metavar="N", help="end offset (code points, exclusive)")
    add.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeatable)")
    add.add_argument("--note", default="", help="the note (Markdown)")
    add.add_argument("--color", help="a colour for the highlight, e.g. #ffcc00")
    add.add_argument("--json", action="store_true", help="print the annotation as JSON")
    add.set_defaults(run=run_add)

    listing = commands.add_parser(
        "list", parents=[common], help="list annotations, of one document or all"
    )
    listing.add_argument("document", nargs="?", metavar="DOC", help="a document's path, name or id")
    listing.add_argument("--tag", metavar="T", help="only with this tag or one of its children")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=run_list)

    show = commands.add_parser("show", parents=[common], help="show one annotation in full")
    show.add_argument("id", help="the annotation's id (or a unique beginning of it)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=run_show)

    delete = commands.add_parser("delete", parents=[common], help="delete one annotation")
    delete.add_argument("id", help="the annotation's id (or a unique beginning of it)")
    delete.set_defaults(run=run_delete)


def run_add(args: argparse.Namespace) -> int:
    if args.quote is not None and (args.start is not None or args.end is not None):
        raise UsageError("give either --quote or --start/--end, not both")
    if (args.start is None) != (args.end is None):
        raise UsageError("--start and --end go together")
    if args.occurrence is not None and args.quote is None:
        raise UsageError("--occurrence goes with --quote")
    store = Store(args.store)
    document = open_reanchored(store, args.document)
    if args.quote is not None:
        anchor = find_quote(document.text, args.quote, args.occurrence)
    elif args.start is not None:
        anchor = anchor_at(document.text, args.start, args.end)
    else:
        anchor = None
    annotation = Annotation(
        doc_id=document.id,
        anchor=anchor,
        tags=tuple(args.tag),
        note=args.note,
        color=args.color,
        author=args.author,
        doc_sha256=document.sha256,
    )
    store.add(annotation)
    if args.json:
        print_json(summary(annotation, str(document.path)))
    else:
        say(f"added {annotation.id} {describe_place(annotation)}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    store = Store(args.store)
    paths = {record.id: record.path for record in store.documents()}
    doc_id = find_reanchored(store, args.document).id if args.document else None
    found = store.search(doc_id=doc_id, tag=args.tag)
    if args.json:
        print_json([summary(annotation, paths.get(annotation.doc_id, "")) for annotation in found])
        return 0
    for annotation in found:
        say(listing_line(annotation, Path(paths.get(annotation.doc_id, "?")).name))
    if not found:
        say("no annotations")
    return 0


def listing_line(annotation: Annotation, document_name: str) -> str:
    """One annotation on one line: short id, document, place, tags, quote and note."""
    tags = ", ".join(annotation.tags) or "-"
    quote = f"“{one_line(annotation.quote, QUOTE_WIDTH)}”" if annotation.quote else "(document)"
    note = one_line(annotation.note, NOTE_WIDTH)
    place = describe_place(annotation)
    return f"{annotation.id[:8]}  {document_name}  {place}  [{tags}]  {quote}  {note}".rstrip()


def describe_place(annotation: Annotation) -> str:
    if annotation.orphan:
        return "orphan"
    if annotation.start is None:
        return "whole document"
    return f"{annotation.start}-{annotation.end}"


def resolve_id(store: Store, prefix: str) -> Annotation:
    """An annotation by its full id, or by a beginning of it that only one id has."""
    matches = [a for a in store.all_annotations() if a.id.startswith(prefix)]
    if not matches:
        raise PostilError(f"no annotation with id {prefix}")
    exact = [a for a in matches if a.id == prefix]
    if exact:
        return exact[0]
    if len(matches) > 1:
        raise PostilError(f"{prefix} is the beginning of {len(matches)} ids; give more of it")
    return matches[0]


def run_show(args: argparse.Namespace) -> int:
    store = Store(args.store)
    annotation = resolve_id(store, args.id)
    record = store.document(annotation.doc_id)
    if args.json:
        print_json(summary(annotation, record.path))
        return 0
    say(f"id:       {annotation.id}")
    say(f"document: {record.path}")
    say(f"place:    {describe_place(annotation)}")
    say(f"tags:     {', '.join(annotation.tags) or '-'}")
    say(f"author:   {annotation.author}")
    say(f"created:  {annotation.created}")
    say(f"modified: {annotation.modified}")
    if annotation.quote:
        say("quote:")
        for line in annotation.quote.split("\n"):
            say(f"  > {line}")
    if annotation.note:
        say("note:")
        for line in annotation.note.split("\n"):
            say(f"  {line}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    store = Store(args.store)
    annotation = resolve_id(store, args.id)
    store.delete(annotation.id, annotation.doc_id)
    say(f"deleted {annotation.id} {describe_place(annotation)} [{', '.join(annotation.tags)}]")
    return 0
