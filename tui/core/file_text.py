"""The text of a big document, read from its file block by block instead of held in memory.

A 100 MB document held as a Python string takes 100 to 400 MB (a single curly quote makes every
character two bytes wide), and decoding it all before showing anything takes seconds. A
`FileText` instead knows where each block of about 64 KiB starts, in bytes and in characters, and
decodes only the blocks asked for (a few, cached). It behaves like a read-only `str` for `len()`
and slicing by code-point offsets, the offsets every other part of postil uses.

Opening reads only the first blocks, enough for the first screen. `index_file` then reads the
whole file once to find every block, count characters and lines, check that the file is UTF-8 and
hash it; the reader runs it in a child process (`python -m tui.core.file_text PATH`), so it uses
another core while the app starts, or in a thread where no child can be started.

Only UTF-8 files (with or without a BOM, with any newlines) are read this way; other encodings
are decoded whole by `read_document`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import subprocess
import sys
from array import array
from bisect import bisect_right
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.document import Document, title_of
from tui.core.errors import DocumentError

LAZY_BYTES = 1 << 20  # files at least this big are read lazily
CHILD_BYTES = 16 << 20  # files at least this big are indexed by a child process
CHILD_NICENESS = 5  # on a busy machine the child waits, not the app starting beside it
BLOCK_BYTES = 1 << 16
HEAD_BLOCKS = 8  # blocks read when opening, for the first screen
CACHED_BLOCKS = 64
BOM = b"\xef\xbb\xbf"


class NotUTF8(DocumentError):
    """The file is not UTF-8 (or holds NUL bytes) and must be decoded whole."""


@dataclass
class TextIndex:
    """Where each block starts (bytes, characters, first line starting in it), plus a sentinel.

    `first_lines[b]` is the number of lines that start before block `b`; the sentinel entries
    hold the file's size, its character count and its line count.
    """

    byte_starts: array = field(default_factory=lambda: array("q"))
    char_starts: array = field(default_factory=lambda: array("q"))
    first_lines: array = field(default_factory=lambda: array("q"))
    newlines: array = field(default_factory=lambda: array("q"))  # "\n" in each block
    crlf: bool = False  # some block has "\r": blocks are normalized when decoded
    sha256: str = ""
    complete: bool = False

    @property
    def block_count(self) -> int:
        return max(0, len(self.byte_starts) - 1)

    def to_json(self) -> str:
        return json.dumps(
            {
                "byte_starts": self.byte_starts.tolist(),
                "char_starts": self.char_starts.tolist(),
                "first_lines": self.first_lines.tolist(),
                "newlines": self.newlines.tolist(),
                "crlf": self.crlf,
                "sha256": self.sha256,
            }
        )

    @classmethod
    def from_json(cls, data: str) -> TextIndex:
        fields = json.loads(data)
        return cls(
            byte_starts=array("q", fields["byte_starts"]),
            char_starts=array("q", fields["char_starts"]),
            first_lines=array("q", fields["first_lines"]),
            newlines=array("q", fields["newlines"]),
            crlf=fields["crlf"],
            sha256=fields["sha256"],
            complete=True,
        )


def normalized(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def block_end(data: mmap.mmap, start: int) -> int:
    """Where the block starting at `start` of a file's `data` ends: after its last newline, else
    at a character boundary (never between a `\\r` and its `\\n`)."""
    limit = start + BLOCK_BYTES
    if limit >= len(data):
        return len(data)
    cut = data.rfind(b"\n", start, limit) + 1
    if cut > 0:
        return cut
    cut = limit
    while cut > start + 1 and (data[cut] & 0xC0 == 0x80 or data[cut - 1] == 0x0D):
        cut -= 1
    return cut


class _Indexer:
    """The running totals of one pass over a file."""

    def __init__(self) -> None:
        self.index = TextIndex()
        self.chars = 0
        self.newlines = 0
        self.ends_line = True

    def add(self, raw: bytes, byte_start: int, path: Path) -> None:
        if b"\x00" in raw:
            raise NotUTF8(f"{path}: NUL bytes")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise NotUTF8(f"{path}: not UTF-8") from None
        if b"\r" in raw:
            self.index.crlf = True
            text = normalized(text)
            count = text.count("\n")
        else:
            count = raw.count(b"\n")  # counting bytes is faster than counting characters
        index = self.index
        index.byte_starts.append(byte_start)
        index.char_starts.append(self.chars)
        first_line = 0 if not index.newlines else self.newlines + (0 if self.ends_line else 1)
        index.first_lines.append(first_line)
        index.newlines.append(count)
        self.chars += len(text)
        self.newlines += count
        self.ends_line = text.endswith("\n")

    def finish(self, end: int, done: bool) -> TextIndex:
        """Close the block table with its sentinel."""
        index = self.index
        index.byte_starts.append(end)
        index.char_starts.append(self.chars)
        index.first_lines.append(self.newlines + 1)
        index.complete = done
        return index


def _sha256(data: mmap.mmap, start: int) -> str:
    """The hash of `data` from `start` (hashing lets go of the interpreter's lock, so a thread
    hashes while the pass decodes)."""
    with memoryview(data) as whole, whole[start:] as rest:
        return hashlib.sha256(rest).hexdigest()


def index_file(path: Path, blocks: int | None = None) -> TextIndex:
    """Read `path` once: its blocks (all, or only the first `blocks`), characters and lines, and
    (read whole) the hash of its text. Raises `NotUTF8` if it must be decoded another way.

    The file is mapped into memory rather than read, so blocks are cut from it without copying
    it piece by piece.
    """
    indexer = _Indexer()
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            index = indexer.finish(0, done=True)
            index.sha256 = hashlib.sha256().hexdigest()
            return index
        with (
            mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
            ThreadPoolExecutor(max_workers=1) as pool,
        ):
            if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
                raise NotUTF8(f"{path}: UTF-16")
            start = len(BOM) if data[: len(BOM)] == BOM else 0
            digest = pool.submit(_sha256, data, start) if blocks is None else None
            while start < len(data):
                end = block_end(data, start)
                indexer.add(data[start:end], start, path)
                start = end
                if blocks is not None and len(indexer.index.byte_starts) >= blocks:
                    return indexer.finish(start, done=False)
            index = indexer.finish(start, done=True)
            assert digest is not None
            index.sha256 = _normalized_sha256(path, index) if index.crlf else digest.result()
    return index


def _normalized_sha256(path: Path, index: TextIndex) -> str:
    """The hash of a file's text with its newlines normalized (a second pass, for CRLF files)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in range(index.block_count):
            handle.seek(index.byte_starts[block])
            raw = handle.read(index.byte_starts[block + 1] - index.byte_starts[block])
            digest.update(normalized(raw.decode("utf-8")).encode("utf-8"))
    return digest.hexdigest()


_children: dict[Path, subprocess.Popen[str]] = {}


def start_indexing(path: str | os.PathLike[str]) -> None:
    """Start indexing a very big file in a child process, ahead of opening it (the child uses
    another core while this process loads the app); smaller files are indexed when opened."""
    path = Path(path).resolve()
    try:
        if path in _children or not path.is_file() or path.stat().st_size < CHILD_BYTES:
            return
        child = subprocess.Popen(
            [sys.executable, "-m", "tui.core.file_text", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except OSError:
        return  # no child process here: the file is indexed in this one when opened
    _children[path] = child
    with contextlib.suppress(AttributeError, OSError):  # where priorities exist
        os.setpriority(os.PRIO_PROCESS, child.pid, CHILD_NICENESS)


def index_whole(path: Path) -> TextIndex:
    """The whole file's index: from a child process for a very big file, else from this one."""
    start_indexing(path)
    child = _children.pop(path.resolve(), None)
    if child is not None:
        output, errors = child.communicate()
        if child.returncode == 3:
            raise NotUTF8(errors.strip())
        if child.returncode == 0:
            return TextIndex.from_json(output)
    return index_file(path)


class FileText:
    """A read-only, str-like view of a big UTF-8 file's normalized text; see the module."""

    def __init__(self, path: Path, index: TextIndex) -> None:
        self.path = path
        self.index = index
        self._cache: OrderedDict[int, str] = OrderedDict()

    @property
    def complete(self) -> bool:
        return self.index.complete

    def extend(self, index: TextIndex) -> None:
        """Take the whole file's index (it starts with the blocks known so far)."""
        self.index = index
        self._cache.clear()

    def __len__(self) -> int:
        return self.index.char_starts[-1]

    def __getitem__(self, key: int | slice) -> str:
        length = len(self)
        if isinstance(key, int):
            if key < 0:
                key += length
            if not 0 <= key < length:
                raise IndexError("FileText index out of range")
            return self[key : key + 1]
        start, stop, step = key.indices(length)
        if step != 1:
            raise ValueError("FileText slices take no step")
        if stop <= start:
            return ""
        first, last = self.block_of(start), self.block_of(stop - 1)
        base = self.index.char_starts[first]
        joined = "".join(self.block(b) for b in range(first, last + 1))
        return joined[start - base : stop - base]

    def block_of(self, offset: int) -> int:
        """The block holding the character at `offset` (the last block for the end)."""
        block = bisect_right(self.index.char_starts, offset) - 1
        return max(0, min(block, self.index.block_count - 1))

    def block(self, number: int) -> str:
        """The normalized text of one block (decoded once, then cached)."""
        text = self._cache.get(number)
        if text is not None:
            self._cache.move_to_end(number)
            return text
        start, end = self.index.byte_starts[number], self.index.byte_starts[number + 1]
        with open(self.path, "rb") as handle:
            handle.seek(start)
            raw = handle.read(end - start)
        text = raw.decode("utf-8", errors="replace")
        if self.index.crlf:
            text = normalized(text)
        self._cache[number] = text
        if len(self._cache) > CACHED_BLOCKS:
            self._cache.popitem(last=False)
        return text

    def char_offset(self, byte: int) -> int:
        """The character starting at byte `byte` of the file (which must start a character)."""
        block = max(0, bisect_right(self.index.byte_starts, byte) - 1)
        block = min(block, self.index.block_count - 1)
        start = self.index.byte_starts[block]
        with open(self.path, "rb") as handle:
            handle.seek(start)
            raw = handle.read(byte - start)
        return self.index.char_starts[block] + len(normalized(raw.decode("utf-8", "replace")))


def open_lazily(path: str | os.PathLike[str]) -> Document | None:
    """A big UTF-8 document with its first blocks read, or None if it should be read whole.

    The document's `sha256` is empty until the whole file is indexed (see `FileText.extend`).
    """
    path = Path(path)
    try:
        if not path.is_file() or path.stat().st_size < LAZY_BYTES:
            return None
        head = index_file(path, blocks=HEAD_BLOCKS)
    except (NotUTF8, OSError):
        return None
    text = FileText(path, head)
    first = text.block(0) if head.block_count else ""
    return Document(path=path, text=text, sha256="", title=title_of(first, path))  # type: ignore[arg-type]


def main(argv: list[str]) -> int:
    """The child process: print the whole file's index as JSON (exit 3: not UTF-8)."""
    try:
        index = index_file(Path(argv[0]))
    except NotUTF8 as error:
        print(error, file=sys.stderr)
        return 3
    sys.stdout.write(index.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
