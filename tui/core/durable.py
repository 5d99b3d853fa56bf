"""Replacing a file so that a crash at any moment leaves the old or the new one, never a mix.

`write_atomically` writes a temporary file beside the target, fsyncs it, keeps the previous
file as `NAME.bak` (a hard link, so no copy), renames the new file over the old one and fsyncs
the folder: when it returns the new content is on disk. Temporary files have names unique per
process and thread; those a killed writer leaves behind are removed by `remove_leftovers`.
`write_all_atomically` does the same for many files with one wait for the disk instead of two
per file.

A file's identity (device, inode, size, mtime, ctime) tells cheaply whether it changed, except
that file times can be coarse (2 s on FAT): a file changed within `SETTLE_NS` of being looked at
may change again without changing its identity, so its content must be compared too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SETTLE_NS = 2_000_000_000
# fsyncs issued at once by `write_all_atomically`: the file system commits them together.
SYNC_THREADS = 32
# `.NAME.json.PID.THREAD.tmp`, `.NAME.json.bak.PID.THREAD.tmp`, `.NAME.json.v0.PID.THREAD.tmp`;
# also `.NAME.json.PID.tmp`, the name earlier postil versions used.
TEMPORARY_NAME = re.compile(r"\..+\.json(\.bak|\.v\d+)?(\.\d+)+\.tmp")

Identity = tuple[int, int, int, int, int]


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


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


def write_atomically(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Replace `path` with `data` durably; the old file becomes `NAME.bak` if `keep_backup`.

    The temporary file's name is unique per process and thread, so two writers never share it.
    """
    write_all_atomically({path: data}, keep_backup)


def write_all_atomically(contents: Mapping[Path, bytes], keep_backup: bool = True) -> None:
    """Replace each file of `contents` as `write_atomically` does; when it returns, all are on
    disk. A crash may leave some files replaced and others not: a caller that needs all or
    nothing changes one file (see `transaction`).

    One fsync per file cannot be avoided, but waiting for each in turn made a change of a
    thousand files take seconds: the new files are fsynced together, from threads (an fsync
    lets go of the GIL), and each folder once, after every rename. On error nothing more is
    replaced and every temporary file is removed; the error names the file it is about.
    """
    if not contents:
        return
    staged = {
        path: path.with_name(f".{path.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
        for path in contents
    }
    modes = {path: _mode(path) for path in contents}

    def stage(path: Path) -> None:
        try:
            _write_new_file(staged[path], contents[path], modes[path])
        except OSError as error:
            error.filename = str(path)
            raise

    try:
        if len(contents) == 1:
            stage(next(iter(contents)))
        else:
            with ThreadPoolExecutor(min(SYNC_THREADS, len(contents))) as pool:
                list(pool.map(stage, contents))
        for path, temporary in staged.items():
            try:
                if keep_backup and modes[path] is not None:
                    _keep_backup(path)
                os.replace(temporary, path)
            except OSError as error:
                error.filename = str(path)
                raise
    except BaseException:
        for temporary in staged.values():
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise
    for folder in {path.parent for path in contents}:
        fsync_folder(folder)


def _mode(path: Path) -> int | None:
    """The permissions of an existing file, which its replacement keeps; None if it is new."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return None


def _write_new_file(path: Path, data: bytes, mode: int | None) -> None:
    """Write and fsync a file that must not exist yet (a leftover of a killed writer is removed)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, flags, 0o666)
    with open(fd, "wb") as handle:
        if mode is not None and hasattr(os, "fchmod"):  # Windows has no fchmod before 3.13
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
    except OSError:  # a file system without hard links
        _write_new_file(staged, path.read_bytes(), stat.S_IMODE(path.stat().st_mode))
    os.replace(staged, backup)
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()  # still there when the backup already was this file: rename did nothing


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
