"""`postil doctor [--restore]`: check every file of the store, put back good copies if asked."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.output import say
from tui.core.store import Store

if TYPE_CHECKING:
    from tui.core.doctor import FileCheck, StoreCheck


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    doctor = commands.add_parser(
        "doctor",
        parents=[common],
        help="check every file of the store; --restore puts back the last good copies",
        description="Check that every store file can be read. With --restore, each damaged "
        "file is replaced by its backup (its version before its last change) and kept beside "
        "it as NAME.damaged-DATE; nothing is deleted.",
    )
    doctor.add_argument(
        "--restore",
        action="store_true",
        help="replace damaged files by their last good copy and remove leftover temporary files",
    )
    doctor.set_defaults(run=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from tui.core.doctor import check_store, remove_temporary_files, restore  # on use only

    check = check_store(args.store)
    if args.restore and (any(c.restorable for c in check.damaged) or check.leftovers):
        store = Store(check.root)
        for damaged in check.damaged:
            if damaged.restorable:
                kept = restore(store, damaged)
                kept_as = f"; the damaged file is kept as {kept.name}" if kept else ""
                say(
                    f"restored {name(check, damaged.path)} from {damaged.backup_name} (saved "
                    f"{damaged.backup_saved()}; later changes to it are lost){kept_as}"
                )
        removed = remove_temporary_files(store, check.leftovers)
        if removed:
            say(f"removed {files(len(removed), 'temporary file')} left by interrupted writes")
        check = check_store(check.root)
    report(check, restoring=args.restore)
    return 1 if check.damaged else 0


def report(check: StoreCheck, restoring: bool) -> None:
    for file in check.files:
        if file.note:
            say(f"note     {name(check, file.path)}: {file.note}")
    for file in check.damaged:
        say(f"damaged  {name(check, file.path)}: {file.problem}; {advice(file)}")
    if check.leftovers and not restoring:
        say(
            f"note     {files(len(check.leftovers), 'temporary file')} left by interrupted writes "
            f"(harmless; removed by the next change or `postil doctor --restore`)"
        )
    good = len(check.files) - len(check.damaged)
    verdict = f"{good} good, {len(check.damaged)} damaged" if check.damaged else "all good"
    say(f"checked {files(len(check.files), 'store file')} in {check.root}: {verdict}")
    if any(file.restorable for file in check.damaged) and not restoring:
        say("run `postil doctor --restore` to put back their last good copies")


def advice(file: FileCheck) -> str:
    if file.newer:
        return "left as it is"
    if file.restorable:
        return f"its backup {file.backup_name} is good (saved {file.backup_saved()})"
    return "it has no good backup; it was left as it is"


def files(count: int, what: str) -> str:
    return f"{count} {what}" + ("" if count == 1 else "s")


def name(check: StoreCheck, path: Path) -> str:
    return str(path.relative_to(check.root))
