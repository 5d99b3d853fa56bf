"""A TinyDB storage that never loses a change: atomic, durable, versioned, with a backup.

TinyDB's own `JSONStorage` overwrites its file in place, so a crash mid-write leaves half a file.
`SafeJSONStorage` writes a temporary file in the same folder, fsyncs it, keeps the previous file
as `NAME.bak` (a hard link, so no copy), renames the new file over the old one and fsyncs the
folder: when `write` returns the change is on disk, and a killed process leaves either the old or
the new file, never a mix. Reads are cached by the file's identity (inode, size, mtime), so a file
changed by another postil process is read again and an unchanged one costs one `stat`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.core.errors import StoreCorruptError, StoreVersionError

FORMAT_NAME = "postil-store"
FORMAT_VERSION = 1
META_KEY = "_meta"

Tables = dict[str, dict[str, Any]]


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def parse_store_file(path: Path, data: bytes) -> Tables:
    """Parse and version-check the bytes of a store file, or say exactly what is wrong."""
    try:
        tables = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise StoreCorruptError(
            f"{path}: store file is damaged ({error}); it was left untouched. "
            f"Run `postil doctor` to check the store and restore the last good copy."
        ) from None
    if not isinstance(tables, dict):
        raise StoreCorruptError(f"{path}: store file is damaged (not a JSON object)")
    meta = tables.pop(META_KEY, {})
    version = meta.get("1", {}).get("version", FORMAT_VERSION) if isinstance(meta, dict) else 0
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise StoreVersionError(
            f"{path}: written by a newer postil (store format {version}, this postil reads "
            f"{FORMAT_VERSION}); upgrade postil. The file was not changed."
        )
    return tables


def write_atomically(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Replace `path` with `data` durably; the old file becomes `NAME.bak`."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if keep_backup and path.exists():
        _keep_backup(path)
    os.replace(temporary, path)
    fsync_folder(path.parent)


def _keep_backup(path: Path) -> None:
    backup = backup_path(path)
    staged = backup.with_name(f".{backup.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        os.link(path, staged)
    except OSError:
        shutil.copy2(path, staged)
    os.replace(staged, backup)


class SafeJSONStorage(Storage):
    """TinyDB storage over one JSON file; see the module docstring for the guarantees."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cached: Tables | None = None
        self._cached_identity: tuple[int, int, int] | None = None

    def _identity(self) -> tuple[int, int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def read(self) -> Tables | None:
        identity = self._identity()
        if identity is None:
            self._cached = self._cached_identity = None
            return None
        if identity == self._cached_identity and self._cached is not None:
            return self._cached
        tables = parse_store_file(self.path, self.path.read_bytes())
        self._cached, self._cached_identity = tables, identity
        return tables

    def write(self, data: Tables) -> None:
        try:
            document = {META_KEY: {"1": {"format": FORMAT_NAME, "version": FORMAT_VERSION}}}
            document.update(data)
            payload = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
            write_atomically(self.path, payload)
        except BaseException:
            self._cached = self._cached_identity = None
            raise
        self._cached, self._cached_identity = data, self._identity()
