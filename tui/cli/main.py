"""Parse the command line and run one command. `postil [PATH ...]` opens the reader."""

from __future__ import annotations

import argparse
import difflib
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, cast

from tui import __version__
from tui.cli import anchors, annotate, compare, doctor, exchange, reading, search, tags
from tui.cli.output import warn
from tui.core.errors import PostilError, UsageError
from tui.core.safe_text import SAFE_ALL

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


def command_index(argv: list[str]) -> int | None:
    """Where the command's name is, or goes, in `argv`: after the options before it (and their
    values); None when `-h`, `--help` or `--version` comes first and no command is wanted."""
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in ("-h", "--help", "--version"):
            return None
        if word == "--" or not word.startswith("-"):
            return index
        index += 2 if word in OPTIONS_WITH_VALUES else 1
    return index


def with_command(argv: list[str], commands: Sequence[str]) -> list[str]:
    """Insert the default command `open` when the first word is not a command's name."""
    index = command_index(argv)
    if index is None or (index < len(argv) and argv[index] in commands):
        return argv
    return [*argv[:index], "open", *argv[index:]]


def check_command(argv: list[str], commands: Sequence[str]) -> None:
    """Refuse, as a usage error, a first word that is neither a command nor a path: `postil
    serach` is a mistyped command, while `postil notes.txt` names a file (missing or not: `open`
    says so, a failure)."""
    index = command_index(argv)
    if index is None or index == len(argv):
        return
    word = argv[index]
    looks_like_a_path = "." in word or os.sep in word or "/" in word
    if word == "--" or word in commands or looks_like_a_path or Path(word).exists():
        return
    close = difflib.get_close_matches(word, commands, n=1)
    hint = f"did you mean `postil {close[0]}`? " if close else ""
    message = f"no such file or command: {word} ({hint}see `postil --help`)"
    raise UsageError(message.translate(SAFE_ALL))


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
        command_parser(parser, args).error(f"unrecognized arguments: {' '.join(leftovers)}")
    query.extend(leftovers)


def command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Parser:
    """The parser of the command (or action, as in `postil tags rename`) that `args` run, so
    an error about its arguments points to its own `--help`."""
    found = parser
    while True:
        chosen = next(
            (
                action.choices.get(getattr(args, action.dest, None))
                for action in found._actions
                if isinstance(action, argparse._SubParsersAction)
            ),
            None,
        )
        if not isinstance(chosen, Parser):
            return cast(Parser, found)
        found = chosen


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
    words = with_query_values(list(sys.argv[1:] if argv is None else argv))
    try:
        check_command(words, commands)
    except UsageError as error:
        parser.exit(2, f"postil: {error}\n")
    args, leftovers = parser.parse_known_args(with_command(words, commands))
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
