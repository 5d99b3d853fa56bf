"""Checking every file of a store, and putting back the last good copy of a damaged one.

A store file is good when this postil can read all of it: it parses, its format is not newer,
and every record loads. A damaged file is never deleted: restoring keeps it beside the store as
`NAME.damaged-DATE` and puts its backup (`NAME.bak`, the file as it was before its last change)
in its place, so only that last change to that one file is lost.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui.core.durable import (
    backup_path,
    fsync_folder,
    leftovers,
    read_file,
    remove_leftovers,
    write_atomically,
)
from tui.core.errors import StoreError
from tui.core.links import LINKS_FILE
from tui.core.storage import FORMAT_VERSION, Damage, decode_store_file, original_path
from tui.core.store import DOCS_FOLDER, LIBRARY_FILE, Store, check_tables


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What is wrong with one store file (`problem` None: nothing) and what can be done."""

    path: Path
    problem: str | None = None
    note: str | None = None
    backup: Path | None = None
    newer: bool = False

    @property
    def restorable(self) -> bool:
        return self.problem is not None and self.backup is not None and not self.newer

    @property
    def backup_name(self) -> str:
        return self.backup.name if self.backup is not None else ""

    def backup_saved(self) -> str:
        """When the good backup was written, as a user reads it."""
        if self.backup is None:
            return ""
        return datetime.fromtimestamp(self.backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class StoreCheck:
    """Every file of a store, checked, and the temporary files interrupted writes left behind."""

    root: Path
    files: list[FileCheck]
    leftovers: list[Path] = field(default_factory=list)

    @property
    def damaged(self) -> list[FileCheck]:
        return [check for check in self.files if check.problem is not None]


def file_problem(path: Path) -> tuple[str | None, int | None]:
    """What is wrong with a store file (None: nothing), and its format version if it parses."""
    try:
        found = read_file(path)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})", None
    if found is None:
        return "the file is missing", None
    try:
        tables, version = decode_store_file(found[1])
    except Damage as damage:
        return str(damage), None
    if version > FORMAT_VERSION:
        return f"written by a newer postil (store format {version}); upgrade postil", version
    try:
        check_tables(tables)
    except Damage as damage:
        return str(damage), version
    return None, version


def check_file(path: Path) -> FileCheck:
    problem, version = file_problem(path)
    if problem is None:
        note = None
        if version == 0:
            note = (
                "store format 0: it becomes format 1 on its next "
                f"change, and the original is kept as {original_path(path, version).name}"
            )
        return FileCheck(path, note=note)
    backup = backup_path(path)
    good_backup = backup if file_problem(backup)[0] is None else None
    newer = version is not None and version > FORMAT_VERSION
    return FileCheck(path, problem, backup=good_backup, newer=newer)


def store_files(root: Path) -> list[Path]:
    """Every store file (library, links, documents), also those only a backup is left of."""
    paths: set[Path] = set()
    for name in (LIBRARY_FILE, LINKS_FILE):
        if (root / name).exists() or backup_path(root / name).exists():
            paths.add(root / name)
    with contextlib.suppress(FileNotFoundError):
        for name in os.listdir(root / DOCS_FOLDER):
            if name.startswith("."):
                continue
            if name.endswith(".json"):
                paths.add(root / DOCS_FOLDER / name)
            elif name.endswith(".json.bak"):
                paths.add(root / DOCS_FOLDER / name.removesuffix(".bak"))
    return sorted(paths)


def check_store(root: str | os.PathLike[str]) -> StoreCheck:
    root = Path(root)
    if not root.is_dir():
        raise StoreError(f"{root}: there is no store here")
    found = leftovers(root) + leftovers(root / DOCS_FOLDER)
    return StoreCheck(root, [check_file(path) for path in store_files(root)], found)


def restore(store: Store, check: FileCheck) -> Path | None:
    """Put a damaged file's good backup in its place; returns where the damaged file was kept."""
    if not check.restorable or check.backup is None:
        raise StoreError(f"{check.path}: has no good backup to restore")
    with store.writing():
        if file_problem(check.path)[0] is None:
            raise StoreError(f"{check.path}: was mended meanwhile; nothing was restored")
        kept = _keep_damaged(check.path)
        found = read_file(check.backup)
        if found is None:
            raise StoreError(f"{check.backup}: the backup disappeared; nothing was changed")
        write_atomically(check.path, found[1], keep_backup=False)
    return kept


def remove_temporary_files(store: Store, found: list[Path]) -> list[Path]:
    """Remove what interrupted writes left behind; returns which of `found` are gone now.

    Only under the store's write lock, when no write is under way (taking it the first time
    already removes them).
    """
    with store.writing():
        remove_leftovers(store.root)
        remove_leftovers(store.root / DOCS_FOLDER)
    return [path for path in found if not path.exists()]


def _keep_damaged(path: Path) -> Path | None:
    """Give the damaged file a name of its own, never replacing another file."""
    if not path.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(1000):
        kept = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{attempt}" if attempt else ""))
        try:
            os.link(path, kept)
        except FileExistsError:
            continue
        except OSError:
            try:
                with open(path, "rb") as source, open(kept, "xb") as target:
                    shutil.copyfileobj(source, target)
                    target.flush()
                    os.fsync(target.fileno())
            except FileExistsError:
                continue
        fsync_folder(path.parent)
        return kept
    raise StoreError(f"{path}: cannot find a free name to keep the damaged file")
