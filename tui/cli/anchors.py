"""`postil anchors DOC`: the drift report of a changed document, and its review actions.

Every command that opens a document to work on its passages re-anchors it first when its text
changed (`open_reanchored`): `anchors`, `add` and `list DOC`. Otherwise new annotations would be
anchored to the new text while older ones still point into the old one, and a listing would
show offsets that no longer hold. The re-anchoring is recorded and can be undone per annotation,
so doing it on a listing loses nothing; one line on stderr says what happened.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.output import print_json, say, warn
from tui.core.anchoring import anchor_at, find_quote
from tui.core.annotation import Anchor, Annotation
from tui.core.document import Document
from tui.core.errors import NotFoundError, UsageError
from tui.core.folded import fold
from tui.core.placement import Status
from tui.core.reanchor import DriftReport, accepted, reanchor, reattached, restored
from tui.core.safe_text import one_line, visible
from tui.core.store import DocumentRecord, Store

CONTEXT_WIDTH = 24
QUOTE_WIDTH = 60


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    anchors = commands.add_parser(
        "anchors",
        parents=[common],
        help="re-anchor a changed document and report what moved (the drift report)",
        description="Re-anchor a document's annotations if its text changed, and list those "
        "that moved, changed slightly or were orphaned, with old and new context. "
        "Review them with --accept, --reattach or --undo, or `postil delete ID`.",
    )
    anchors.add_argument("document", metavar="DOC", help="a document's path, name or id")
    anchors.add_argument("--json", action="store_true", help="print the report as JSON")
    actions = anchors.add_mutually_exclusive_group()
    actions.add_argument("--accept", metavar="ID", help="accept where an annotation was moved")
    actions.add_argument(
        "--reattach",
        metavar="ID",
        help="attach an annotation (an orphan too) to --quote or --start/--end",
    )
    actions.add_argument("--undo", metavar="ID", help="undo an annotation's last re-anchoring")
    anchors.add_argument("--quote", help="with --reattach: the passage's exact text")
    anchors.add_argument(
        "--occurrence", type=int, metavar="N", help="with --quote: which occurrence (from 1)"
    )
    anchors.add_argument("--start", type=int, metavar="N", help="with --reattach: start offset")
    anchors.add_argument("--end", type=int, metavar="N", help="with --reattach: end offset")
    anchors.set_defaults(run=run_anchors)


def open_reanchored(store: Store, path: str | Path) -> Document:
    """Open a document, re-anchoring its annotations first if its text changed. Only the
    reader marks a document opened, so the library's "Last opened" stays as it was."""
    document = store.open_document(path, opened=False)
    tell(reanchor(store, document))
    return document


def find_reanchored(store: Store, name: str) -> DocumentRecord:
    """A document of the library by path, name or id, re-anchored if its file changed.

    A file that is gone is not an error here: its annotations are listed as they were stored.
    """
    record = store.find_document(name)
    if Path(record.path).is_file():
        open_reanchored(store, record.path)
    return record


def tell(report: DriftReport) -> None:
    """One line on stderr when a re-anchoring just happened."""
    if report.changed:
        name = Path(report.path).name
        warn(f"{name}: {report.summary(f'see `postil anchors {name}`')}")


def run_anchors(args: argparse.Namespace) -> int:
    check_options(args)
    store = Store(args.store)
    record = store.find_document(args.document)
    document = store.open_document(record.path, opened=False)
    report = reanchor(store, document)
    if args.accept or args.reattach or args.undo:
        tell(report)
        act(store, document, args)
        return 0
    if args.json:
        print_json(report.to_dict())
    else:
        print_report(report)
    return 0


def check_options(args: argparse.Namespace) -> None:
    placed = args.quote is not None or args.start is not None or args.end is not None
    if placed and not args.reattach:
        raise UsageError("--quote, --start and --end go with --reattach")
    if args.reattach and not placed:
        raise UsageError("--reattach needs --quote or --start and --end")
    if args.quote is not None and (args.start is not None or args.end is not None):
        raise UsageError("give either --quote or --start/--end, not both")
    if (args.start is None) != (args.end is None):
        raise UsageError("--start and --end go together")
    if args.occurrence is not None and args.quote is None:
        raise UsageError("--occurrence goes with --quote")
    if args.json and (args.accept or args.reattach or args.undo):
        raise UsageError("--json goes with the report, not with an action")


def act(store: Store, document: Document, args: argparse.Namespace) -> None:
    annotation = annotation_of(store, document.id, args.accept or args.reattach or args.undo)
    if args.accept:
        changed, verb = accepted(annotation), "accepted"
    elif args.undo:
        changed, verb = restored(annotation, document), "undone"
    else:
        if args.quote is not None:
            anchor = find_quote(document.text, args.quote, args.occurrence)
        else:
            anchor = anchor_at(document.text, args.start, args.end)
        changed, verb = reattached(annotation, document, anchor.start, anchor.end), "re-attached"
    store.update(changed)
    say(f"{verb} {changed.id[:8]}: {place(changed)}")


def annotation_of(store: Store, doc_id: str, prefix: str) -> Annotation:
    """An annotation of this document by its id or a beginning only one of its ids has."""
    matches = [a for a in store.annotations(doc_id) if a.id.startswith(prefix)]
    exact = [a for a in matches if a.id == prefix]
    if exact:
        return exact[0]
    if not matches:
        raise NotFoundError(f"no annotation of this document has the id {prefix}")
    if len(matches) > 1:
        raise NotFoundError(f"{prefix} is the beginning of {len(matches)} ids; give more of it")
    return matches[0]


def place(annotation: Annotation) -> str:
    if annotation.orphan or annotation.anchor is None:
        return f"orphan “{one_line(annotation.quote, QUOTE_WIDTH)}”"
    return f"{annotation.start}-{annotation.end} “{one_line(annotation.quote, QUOTE_WIDTH)}”"


def print_report(report: DriftReport) -> None:
    say(f"{Path(report.path).name}: {report.summary()}")
    for drift in report.to_review:
        annotation = drift.annotation
        tags = ", ".join(annotation.tags) or "-"
        score = "" if drift.status is Status.ORPHANED else f" {drift.score:.2f}"
        say(f"{drift.status.value}{score}  {annotation.id[:8]}  [{tags}]")
        if drift.status is not Status.ORPHANED and annotation.anchor is not None:
            say(f"    now {annotation.start}-{annotation.end}: {in_context(annotation.anchor)}")
        if drift.old is not None:
            where = (
                "quote" if drift.status is Status.ORPHANED else f"{drift.old.start}-{drift.old.end}"
            )
            say(f"    was {where}: {in_context(drift.old)}")
        if annotation.note:
            say(f"    note: {one_line(annotation.note, QUOTE_WIDTH)}")
    if report.to_review:
        say(
            "Review: postil anchors DOC --accept ID | --reattach ID --quote TEXT | --undo ID; "
            "postil delete ID"
        )


def in_context(anchor: Anchor) -> str:
    """The quote between the ends of its context: `…before [quote] after…` on one line."""
    before = fold(visible(anchor.prefix, keep_lines=True))[-CONTEXT_WIDTH:]
    after = fold(visible(anchor.suffix, keep_lines=True))[:CONTEXT_WIDTH]
    return f"…{before}[{one_line(anchor.quote, QUOTE_WIDTH)}]{after}…"
