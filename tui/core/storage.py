"""A TinyDB storage that never loses a change: atomic, durable, versioned, with a backup.

TinyDB's own `JSONStorage` overwrites its file in place, so a crash mid-write leaves half a file.
`SafeJSONStorage` replaces its file with `write_atomically` (see `durable`): when `write` returns
the change is on disk, and a killed process leaves the old or the new file, never a mix.
`write_all` writes several store files so, waiting for the disk once for all of them. It never
replaces a file it cannot read, so a damaged file and its backup both survive until `postil
doctor` looks at them. A file in an older format is migrated by its next write, its original
kept as `NAME.vN`; a file in a newer format is refused.

Reads are cached by the file's identity, so a file changed by another postil process is read
again and an unchanged one costs one `stat`; a file changed within `SETTLE_NS` is read again and
compared by content digest, as its identity alone proves nothing.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from json.encoder import encode_basestring  # a key's JSON, as `JSONEncoder` writes it
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from tui.core.durable import (
    Identity,
    backup_path,
    digest_of,
    identity_of,
    is_settled,
    read_file,
    write_all_atomically,
    write_atomically,
)
from tui.core.errors import StoreCorruptError, StoreError, StoreVersionError

FORMAT_NAME = "postil-store"
FORMAT_VERSION = 2  # the newest format this postil reads and writes
# The tables each format after the first added. A file is written in the oldest format that
# holds its tables, so an older postil still reads every file it can understand.
ADDED_TABLES = {"tag_names": 2}
META_KEY = "_meta"

Tables = dict[str, dict[str, Any]]


class Damage(ValueError):
    """What is wrong with the content of a store file, before it is known which file it is."""


def original_path(path: Path, version: int) -> Path:
    """Where the original of a file written in an older format is kept when it is migrated."""
    return path.with_name(f"{path.name}.v{version}")


def decode_store_file(data: bytes) -> tuple[Tables, int]:
    """The tables of a store file and its format version (0: written before it had one)."""
    if not data or data.isspace():  # not `data.strip()`, a copy of the whole file
        raise Damage("the file is empty")
    try:
        tables = _parse(data)
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


def _parse(data: bytes) -> Any:
    """JSON parsed by orjson, twice as fast as the standard parser on a store's files (most of
    the time of reading a large store); what it refuses goes to the standard parser, which
    accepts the same or says exactly what is wrong and where."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)


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


def format_version(tables: Tables) -> int:
    """The oldest format that holds `tables` (see `ADDED_TABLES`)."""
    return max([1, *(version for name, version in ADDED_TABLES.items() if tables.get(name))])


def encode_store_file(tables: Tables, unchanged: dict[int, str] | None = None) -> bytes:
    """A store file with one record per line: diffs under git show one line per changed record,
    and the whole is written by the fast C encoder, which does no indenting.

    `unchanged` holds lines of the file on disk by the `id` of the record object read from
    each: such a record is written as it was, not encoded again (a rename that touches a few
    records in each of a thousand files then encodes only those).
    """
    unchanged = unchanged or {}
    meta = {"1": {"format": FORMAT_NAME, "version": format_version(tables)}}
    parts = []
    for name, table in {META_KEY: meta, **tables}.items():
        rows = ",\n".join(
            unchanged.get(id(record)) or f"  {encode_basestring(key)}: {_encode(record)}"
            for key, record in table.items()
        )
        parts.append(f" {_encode(name)}: {{\n{rows}\n }}" if rows else f" {_encode(name)}: {{}}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


_encode = json.JSONEncoder(ensure_ascii=False).encode


def record_lines(text: str, tables: Tables) -> dict[int, str]:
    """The line of each record of `tables` in `text`, the file they were read from, by the
    record object's `id`; empty unless the file has the layout `encode_store_file` writes."""
    lines = text.split("\n")
    found: dict[int, str] = {}
    for name, table in tables.items():
        if not table:
            continue
        try:
            start = lines.index(f" {_encode(name)}: {{") + 1
        except ValueError:
            return {}
        rows = lines[start : start + len(table)]
        if len(rows) < len(table) or lines[start + len(table) : start + len(table) + 1] not in (
            [" }"],
            [" },"],
        ):
            return {}
        last = len(table) - 1
        for number, ((key, record), line) in enumerate(zip(table.items(), rows, strict=True)):
            if not line.startswith(f"  {encode_basestring(key)}: "):
                return {}
            if number < last:
                if not line.endswith(","):
                    return {}
                line = line[:-1]
            found[id(record)] = line
    return found


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


def keep_original(path: Path, version: int) -> None:
    """Copy a file about to be migrated from format `version`; an earlier copy is never replaced."""
    copy = original_path(path, version)
    found = read_file(path)
    if found is not None and not copy.exists():
        write_atomically(copy, found[1], keep_backup=False)


@dataclass(frozen=True, slots=True)
class _Read:
    """A store file as last read or written: its identity, content digest, tables and version."""

    identity: Identity
    settled: bool
    digest: bytes | None  # only of a file not yet settled: a settled one is known by identity
    tables: Tables
    version: int


class SafeJSONStorage(Storage):
    """TinyDB storage over one JSON file; see the module docstring for the guarantees."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._last: _Read | None = None

    def read(self) -> Tables | None:
        """The tables of the file; they are shared, so not to be changed in place, except to
        give the same object to `write`."""
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
        settled = is_settled(status)
        known = last is not None and last.digest is not None
        digest = digest_of(data) if known or not settled else None
        if last is not None and known and last.digest == digest:
            tables, version = last.tables, last.version
        else:
            tables, version = load_store_file(self.path, data)
        self._last = _Read(
            identity_of(status), settled, None if settled else digest, tables, version
        )
        return tables

    def _unchanged_lines(self, tables: Tables) -> dict[int, str]:
        """`record_lines` of the file as last read, if it still is what was read, for writing
        `tables`, unless they are the tables read, changed in place (then none is known)."""
        last = self._last
        if last is None or last.version == 0 or tables is last.tables:
            return {}
        if not _keeps_a_record(tables, last.tables):
            return {}  # every record is new (as after a re-anchoring): no line to keep
        found = read_file(self.path)
        if found is None:
            return {}
        status, data = found
        if last.digest is not None:
            if digest_of(data) != last.digest:
                return {}
        elif not is_settled(status) or identity_of(status) != last.identity:
            return {}
        return record_lines(data.decode("utf-8"), last.tables)

    @property
    def version(self) -> int | None:
        """The format version of the file as last read, None when there was no file."""
        return self._last.version if self._last is not None else None

    def write(self, data: Tables) -> None:
        write_all([(self, data)])


def _keeps_a_record(tables: Tables, read: Tables) -> bool:
    """True if `tables` hold one of the very record objects of `read`, whose line in the file
    can be kept: only then is it worth reading the file again to find those lines."""
    for name, table in tables.items():
        before = read.get(name)
        if before and any(before.get(key) is record for key, record in table.items()):
            return True
    return False


def write_all(writes: list[tuple[SafeJSONStorage, Tables]]) -> None:
    """Give each storage its new tables, every file replaced atomically, durable on return.

    Nothing is written if one of the files cannot be read (damaged, or of a newer format).
    """
    payloads = {}
    try:
        for storage, data in writes:
            storage.read()  # refuses to replace a damaged or newer file
            if storage.version is not None and storage.version < format_version(data):
                keep_original(storage.path, storage.version)
            payloads[storage.path] = encode_store_file(data, storage._unchanged_lines(data))
        write_all_atomically(payloads)
        statuses = [os.stat(storage.path) for storage, _ in writes]
    except BaseException as error:
        for storage, _ in writes:
            storage._last = None
        if isinstance(error, OSError):
            path = error.filename or writes[0][0].path
            raise StoreError(
                f"{path}: cannot be written ({error.strerror or error}); the change was not saved"
            ) from None
        raise
    for (storage, data), status in zip(writes, statuses, strict=True):
        settled = is_settled(status)
        digest = None if settled else digest_of(payloads[storage.path])
        storage._last = _Read(identity_of(status), settled, digest, data, format_version(data))
