"""A TinyDB storage that never loses a change: atomic, durable, versioned, with a backup.

TinyDB's own `JSONStorage` overwrites its file in place, so a crash mid-write leaves half a file.
`SafeJSONStorage` writes a temporary file in the same folder, fsyncs it, keeps the previous file
as `NAME.bak` (a hard link, so no copy), renames the new file over the old one and fsyncs the
folder: when `write` returns the change is on disk, and a killed process leaves either the old or
the new file, never a mix. It never replaces a file it cannot read, so a damaged file and its
backup both survive until `postil doctor` looks at them.

Reads are cached by the file's identity (device, inode, size, mtime, ctime), so a file changed by
another postil process is read again and an unchanged one costs one `stat`. File times can be
coarse (2 s on FAT), so a file changed within `SETTLE_NS` of being read is not trusted by its
identity alone: it is read again and compared by content digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from tui.core.errors import StoreCorruptError, StoreError, StoreVersionError

FORMAT_NAME = "postil-store"
FORMAT_VERSION = 1
META_KEY = "_meta"
SETTLE_NS = 2_000_000_000
# `.NAME.json.PID.THREAD.tmp`, `.NAME.json.bak.PID.THREAD.tmp`, `.NAME.json.v0.PID.THREAD.tmp`;
# also `.NAME.json.PID.tmp`, the name earlier postil versions used.
TEMPORARY_NAME = re.compile(r"\..+\.json(\.bak|\.v\d+)?(\.\d+)+\.tmp")

Tables = dict[str, dict[str, Any]]
Identity = tuple[int, int, int, int, int]


class Damage(ValueError):
    """What is wrong with the content of a store file, before it is known which file it is."""


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def original_path(path: Path, version: int) -> Path:
    """Where the original of a file written in an older format is kept when it is migrated."""
    return path.with_name(f"{path.name}.v{version}")


def identity_of(status: os.stat_result) -> Identity:
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def is_settled(status: os.stat_result) -> bool:
    """True when any later change to the file is bound to give it a different identity."""
    return time.time_ns() - max(status.st_mtime_ns, status.st_ctime_ns) > SETTLE_NS


def digest_of(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def read_file(path: Path) -> tuple[os.stat_result, bytes] | None:
    """A file's status and bytes, taken from the same open file; None if there is no file."""
    try:
        with open(path, "rb") as handle:
            return os.fstat(handle.fileno()), handle.read()
    except FileNotFoundError:
        return None


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def decode_store_file(data: bytes) -> tuple[Tables, int]:
    """The tables of a store file and its format version (0: written before it had one)."""
    if not data.strip():
        raise Damage("the file is empty")
    try:
        tables = json.loads(data)
    except UnicodeDecodeError as error:
        raise Damage(f"not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise Damage(
            f"not valid JSON ({error.msg}: line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise Damage("not valid JSON (nested too deeply)") from None
    if not isinstance(tables, dict):
        raise Damage("not a JSON object")
    version = _format_version(tables.pop(META_KEY, None))
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise Damage(f"table {name!r} is not a JSON object")
        for key, record in table.items():
            if not isinstance(record, dict):
                raise Damage(f"record {key!r} of table {name!r} is not a JSON object")
    return tables, version


def _format_version(meta: Any) -> int:
    if meta is None:
        return 0
    entry = meta.get("1") if isinstance(meta, dict) else None
    if not isinstance(entry, dict):
        raise Damage(f"its format record ({META_KEY}) is unreadable")
    if entry.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise Damage(f"not a postil store file (format {entry.get('format')!r})")
    version = entry.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise Damage(f"its format version is unreadable ({version!r})")
    return version


def encode_store_file(tables: Tables) -> bytes:
    """A store file with one record per line: diffs under git show one line per changed record,
    and the whole is written by the fast C encoder, which does no indenting."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    meta = {"1": {"format": FORMAT_NAME, "version": FORMAT_VERSION}}
    parts = []
    for name, table in {META_KEY: meta, **tables}.items():
        rows = ",\n".join(f"  {encode(key)}: {encode(record)}" for key, record in table.items())
        parts.append(f" {encode(name)}: {{\n{rows}\n }}" if rows else f" {encode(name)}: {{}}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def load_store_file(path: Path, data: bytes) -> tuple[Tables, int]:
    """`decode_store_file`, with errors that name the file and refuse a newer format."""
    try:
        tables, version = decode_store_file(data)
    except Damage as damage:
        raise damaged(path, str(damage)) from None
    if version > FORMAT_VERSION:
        raise StoreVersionError(
            f"{path}: written by a newer postil (store format {version}, this postil reads "
            f"{FORMAT_VERSION}); upgrade postil. The file was not changed."
        )
    return tables, version


def damaged(path: Path, problem: str) -> StoreCorruptError:
    """The one-line error for a damaged store file, offering its last good copy if it has one."""
    backup = backup_path(path)
    if is_good_copy(backup):
        saved = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
        offer = (
            f"The last good copy is {backup.name} (saved {saved}): "
            f"`postil doctor --restore` puts it back."
        )
    else:
        offer = "It has no good backup; `postil doctor` checks the whole store."
    return StoreCorruptError(
        f"{path}: the store file is damaged: {problem}; it was left as it is. {offer}"
    )


def is_good_copy(path: Path) -> bool:
    """True if `path` is a store file this postil can read."""
    found = read_file(path)
    if found is None:
        return False
    try:
        _, version = decode_store_file(found[1])
    except Damage:
        return False
    return version <= FORMAT_VERSION


def write_atomically(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Replace `path` with `data` durably; the old file becomes `NAME.bak` if `keep_backup`.

    The temporary file's name is unique per process and thread, so two writers never share it.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    try:
        _write_new_file(temporary, data, stat.S_IMODE(old.st_mode) if old else None)
        if keep_backup and old is not None:
            _keep_backup(path)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    fsync_folder(path.parent)


def _write_new_file(path: Path, data: bytes, mode: int | None) -> None:
    """Write and fsync a file that must not exist yet (a leftover of a killed writer is removed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, flags, 0o666)
    with open(fd, "wb") as handle:
        if mode is not None:
            os.fchmod(fd, mode)
        handle.write(data)
        handle.flush()
        os.fsync(fd)


def _keep_backup(path: Path) -> None:
    backup = backup_path(path)
    staged = backup.with_name(f".{backup.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        os.link(path, staged)
    except OSError:
        shutil.copy2(path, staged)
    os.replace(staged, backup)
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()  # still there when the backup already was this file: rename did nothing


def keep_original(path: Path, version: int) -> None:
    """Copy a file about to be migrated from format `version`; an earlier copy is never replaced."""
    copy = original_path(path, version)
    found = read_file(path)
    if found is not None and not copy.exists():
        write_atomically(copy, found[1], keep_backup=False)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that killed writers left in `folder`; returns what was removed.

    Only safe while holding the store's write lock: then no write is under way, so every
    temporary file belongs to a writer that died before it could rename it into place.
    """
    removed = []
    for path in leftovers(folder):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def leftovers(folder: Path) -> list[Path]:
    """The temporary files of interrupted writes in `folder`."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return sorted(folder / name for name in names if TEMPORARY_NAME.fullmatch(name))


@dataclass(frozen=True, slots=True)
class _Read:
    """A store file as last read or written: its identity, content digest, tables and version."""

    identity: Identity
    settled: bool
    digest: bytes
    tables: Tables
    version: int


class SafeJSONStorage(Storage):
    """TinyDB storage over one JSON file; see the module docstring for the guarantees."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._last: _Read | None = None

    def read(self) -> Tables | None:
        last = self._last
        if last is not None and last.settled:
            try:
                if identity_of(os.stat(self.path)) == last.identity:
                    return last.tables
            except FileNotFoundError:
                pass
        try:
            found = read_file(self.path)
        except OSError as error:
            raise StoreError(f"{self.path}: cannot be read ({error.strerror or error})") from None
        if found is None:
            self._last = None
            return None
        status, data = found
        digest = digest_of(data)
        if last is not None and last.digest == digest:
            tables, version = last.tables, last.version
        else:
            tables, version = load_store_file(self.path, data)
        self._last = _Read(identity_of(status), is_settled(status), digest, tables, version)
        return tables

    @property
    def version(self) -> int | None:
        """The format version of the file as last read, None when there was no file."""
        return self._last.version if self._last is not None else None

    def write(self, data: Tables) -> None:
        payload = encode_store_file(data)
        try:
            self.read()  # refuses to replace a damaged or newer file
            if self.version is not None and self.version < FORMAT_VERSION:
                keep_original(self.path, self.version)
            write_atomically(self.path, payload)
            status = os.stat(self.path)
        except BaseException as error:
            self._last = None
            if isinstance(error, OSError):
                raise StoreError(
                    f"{self.path}: cannot be written ({error.strerror or error}); "
                    f"the change was not saved"
                ) from None
            raise
        self._last = _Read(
            identity_of(status), is_settled(status), digest_of(payload), data, FORMAT_VERSION
        )
