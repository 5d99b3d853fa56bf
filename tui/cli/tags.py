"""`postil tags`: the codebook from the shell, listed or changed (rename, merge, delete, ...)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.output import print_json, say
from tui.cli.search import loaded_index
from tui.core.annotation import normalize_tag
from tui.core.errors import UsageError
from tui.core.history import History
from tui.core.safe_text import one_line, visible
from tui.core.store import Store

if TYPE_CHECKING:
    from tui.core.codebook import Codebook, TagRow

DESCRIPTION_WIDTH = 60


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    tags = commands.add_parser(
        "tags",
        parents=[common],
        help="list every tag with its count; rename, merge, delete, colour, describe",
        description="With no action, list every tag with the number of annotations carrying "
        "it. Each action applies to every annotation, document and codebook entry at once; a "
        "tag's children follow it (`economy/covid` follows `economy`).",
    )
    tags.add_argument("--tree", action="store_true", help="show the hierarchy (`/`) as a tree")
    tags.add_argument("--json", action="store_true", help="print JSON")
    tags.set_defaults(run=run_list)
    actions = tags.add_subparsers(dest="action", title="actions", metavar="ACTION")

    rename = actions.add_parser("rename", parents=[common], help="give a tag a new name")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    rename.set_defaults(run=run_rename)

    merge = actions.add_parser("merge", parents=[common], help="merge one tag into another")
    merge.add_argument("source", metavar="FROM")
    merge.add_argument("target", metavar="INTO")
    merge.set_defaults(run=run_merge)

    delete = actions.add_parser(
        "delete",
        parents=[common],
        help="remove a tag from every annotation (the annotations stay)",
        description="Remove a tag and its children from every annotation, document and the "
        "codebook. Shows what it touches and asks first; --yes skips the question.",
    )
    delete.add_argument("tag", metavar="TAG")
    delete.add_argument("--yes", "-y", action="store_true", help="do not ask")
    delete.set_defaults(run=run_delete)

    color = actions.add_parser("color", parents=[common], help="set the colour of a tag")
    color.add_argument("tag", metavar="TAG")
    color.add_argument("color", metavar="COLOR", help="#rrggbb, #rgb, a name, or none")
    color.set_defaults(run=run_color)

    describe = actions.add_parser("describe", parents=[common], help="describe a tag")
    describe.add_argument("tag", metavar="TAG")
    describe.add_argument("text", metavar="TEXT", help="the description (empty to clear it)")
    describe.set_defaults(run=run_describe)

    add = actions.add_parser(
        "add", parents=[common], help="add a tag to the codebook before any passage has it"
    )
    add.add_argument("tag", metavar="TAG")
    add.add_argument("--description", "-d", default="", metavar="TEXT")
    add.add_argument("--color", metavar="COLOR", help="#rrggbb, #rgb or a name")
    add.set_defaults(run=run_add)


def open_codebook(args: argparse.Namespace) -> Codebook:
    """The store's codebook."""
    from tui.core.codebook import Codebook  # on use only: `postil FILE` starts without it

    store = Store(args.store)
    return Codebook(History(store), loaded_index(store))


def run_list(args: argparse.Namespace) -> int:
    rows = open_codebook(args).rows(tree=args.tree)
    if args.json:
        print_json(tree_json(rows) if args.tree else [row_json(row) for row in rows])
        return 0
    for row in rows:
        say(tree_line(row) if args.tree else flat_line(row))
    if not rows:
        say("no tags")
    return 0


def flat_line(row: TagRow) -> str:
    return f"{row.count:6d}  {row.tag}{details(row)}"


def tree_line(row: TagRow) -> str:
    """A tree row counts the tag's annotations with its children's (each annotation once)."""
    return f"{row.total:6d}  {'  ' * row.depth}{row.name}{details(row)}"


def details(row: TagRow) -> str:
    from tui.core.codebook import plural

    parts = [row.color or ""]
    if row.documents:
        parts.append(f"({plural(row.documents, 'document')})")
    parts.append(one_line(row.description, DESCRIPTION_WIDTH))
    shown = "  ".join(part for part in parts if part)
    return f"  {shown}" if shown else ""


def row_json(row: TagRow) -> dict[str, Any]:
    return {
        "tag": row.tag,
        "count": row.count,
        "total": row.total,
        "documents": row.documents,
        "color": row.color,
        "description": row.description,
    }


def tree_json(rows: list[TagRow]) -> list[dict[str, Any]]:
    """Rows (depth first) as nested objects, each with its `name` and `children`."""
    roots: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}
    for row in rows:
        node = {**row_json(row), "name": row.name, "children": []}
        nodes[row.tag] = node
        parent = row.tag.rpartition("/")[0]
        (nodes[parent]["children"] if parent else roots).append(node)
    return roots


def run_rename(args: argparse.Namespace) -> int:
    codebook = open_codebook(args)
    impact = codebook.rename(args.old, args.new)
    say(f"renamed {impact.tag} to {normalize_tag(args.new)}: {impact.summary()}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    impact = open_codebook(args).merge(args.source, args.target)
    say(f"merged {impact.tag} into {normalize_tag(args.target)}: {impact.summary()}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    from tui.core.codebook import plural

    codebook = open_codebook(args)
    impact = codebook.impact(args.tag)
    tag = impact.tag
    children = sum(1 for used in impact.tags if used != tag)
    what = f"{tag} (and {plural(children, 'tag')} under it)" if children else tag
    if not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(
                f"deleting {what} touches {impact.summary()}; nothing was deleted "
                f"(add --yes to delete)"
            )
        if not confirm(f"delete {what}, touching {impact.summary()}? [y/N] "):
            say("nothing was deleted")
            return 1
    done = codebook.delete(tag)
    say(f"deleted {what}: {done.summary()}")
    return 0


def confirm(question: str) -> bool:
    try:
        answer = input(visible(question))
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def run_color(args: argparse.Namespace) -> int:
    info = open_codebook(args).recolor(args.tag, args.color)
    say(f"{info.tag}: colour {info.color or 'none'}")
    return 0


def run_describe(args: argparse.Namespace) -> int:
    info = open_codebook(args).describe(args.tag, args.text)
    say(f"{info.tag}: {one_line(info.description, DESCRIPTION_WIDTH) or 'no description'}")
    return 0


def run_add(args: argparse.Namespace) -> int:
    open_codebook(args).create(args.tag, args.description, args.color)
    say(f"added {normalize_tag(args.tag)} to the codebook")
    return 0
