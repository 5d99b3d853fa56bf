"""Parse the command line and run one command. `postil [PATH ...]` opens the reader."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from tui import __version__
from tui.cli import anchors, annotate, compare, doctor, exchange, reading, search, tags
from tui.cli.output import warn
from tui.core.errors import PostilError, UsageError

COMMAND_GROUPS = (reading, annotate, search, tags, anchors, exchange, doctor, compare)
OPTIONS_WITH_VALUES = ("--store", "--author")
QUERY_OPTIONS = ("--query", "-q")
DEFAULT_STORE = "annotations"


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def common_options() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name."""
    common = Parser(add_help=False)
    common.add_argument(
        "--store",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the annotation store (default: $POSTIL_STORE or ./annotations)",
    )
    common.add_argument(
        "--author",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="author of new annotations (default: $POSTIL_AUTHOR or your login name)",
    )
    return common


def build_parser() -> tuple[Parser, list[str]]:
    """The parser, and the names of its commands."""
    common = common_options()
    parser = Parser(
        prog="postil",
        parents=[common],
        description="postil: read documents in the terminal and annotate them with tags and notes.",
        epilog="With no command, `postil [PATH ...]` opens the reader (default: ./seeds, else .).",
    )
    parser.add_argument("--version", action="version", version=f"postil {__version__}")
    commands = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands, common)
    return parser, list(commands.choices)


def with_command(argv: list[str], commands: Sequence[str]) -> list[str]:
    """Insert the default command `open` when the first word is not a command's name."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in ("-h", "--help", "--version"):
            return argv
        if word == "--":
            return [*argv[:index], "open", *argv[index:]]
        if word.startswith("-"):
            index += 2 if word in OPTIONS_WITH_VALUES else 1
            continue
        if word in commands:
            return argv
        return [*argv[:index], "open", *argv[index:]]
    return [*argv, "open"]


def with_query_values(argv: list[str]) -> list[str]:
    """`--query -tag:draft` as `--query=-tag:draft`: argparse refuses a value starting with -."""
    joined: list[str] = []
    for word in argv:
        after_query = bool(joined) and joined[-1] in QUERY_OPTIONS
        if after_query and word.startswith("-") and not word.startswith("--"):
            joined[-1] = f"{joined[-1]}={word}"
        else:
            joined.append(word)
    return joined


def take_query_terms(parser: Parser, args: argparse.Namespace, leftovers: list[str]) -> None:
    """Let `postil search rice -tag:draft` work unquoted: argparse takes `-tag:draft` for an
    option, so words it does not know join the query of a command that has one."""
    if not leftovers:
        return
    query = getattr(args, "query", None)
    if not isinstance(query, list) or any(word.startswith("--") for word in leftovers):
        parser.error(f"unrecognized arguments: {' '.join(leftovers)}")
    query.extend(leftovers)


def store_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "store", None) or os.environ.get("POSTIL_STORE") or DEFAULT_STORE)


def author_name(args: argparse.Namespace) -> str:
    given = getattr(args, "author", None) or os.environ.get("POSTIL_AUTHOR")
    if given:
        return given
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser, commands = build_parser()
    args, leftovers = parser.parse_known_args(
        with_command(with_query_values(list(sys.argv[1:] if argv is None else argv)), commands)
    )
    take_query_terms(parser, args, leftovers)
    args.store = store_path(args)
    args.author = author_name(args)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except UsageError as error:
        parser.exit(2, f"postil: error: {error}\n")
    except PostilError as error:
        warn(str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1


def entry() -> NoReturn:
    sys.exit(main())
