"""Documents: a file's text, normalized once, so that every offset in postil means the same thing.

Offsets everywhere are code-point offsets into `Document.text`: the file decoded as UTF-8 (BOM
stripped) with every newline normalized to `\n`, and nothing else altered.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from tui.core.errors import DocumentError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".org", ".csv", ".log"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
_TITLE_LIMIT = 120
LONG_LINE = 100_000
# A Markdown ATX heading: up to three spaces, one to six `#`, then a space (or nothing) before
# the text; a closing run of `#` after a space is no part of the text.
# YAML front matter opening a Markdown file, looked for in its first few thousand characters.
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)
_FRONT_MATTER_END = 8192
_YAML_TITLE = re.compile(r"^title:[ \t]*(?P<title>.*?)[ \t]*$", re.MULTILINE)
_ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+(?P<text>.*?))??(?:[ \t]+#+)?[ \t]*")


@dataclass(frozen=True, slots=True)
class Document:
    """The normalized text of one file, with what identifies it.

    `id` is the stable id the store gives the document (empty until registered); `sha256` is the
    hash of the normalized text, so an edited or moved file can be recognised.
    """

    path: Path
    text: str
    sha256: str
    title: str
    id: str = ""
    notice: str | None = None

    @property
    def is_markdown(self) -> bool:
        return self.path.suffix.lower() in MARKDOWN_SUFFIXES

    def with_id(self, doc_id: str) -> Document:
        return replace(self, id=doc_id)


def normalize_newlines(text: str) -> str:
    """Turn `\r\n` and lone `\r` into `\n`."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_of(text: str, path: Path) -> str:
    """The first non-empty line (trimmed), else the file name.

    In Markdown the heading marks of that line are left out, so `# Market report` is titled as
    a reader sees it rendered: "Market report". (A Setext heading's text is its own line.) Front
    matter is no text: its `title:` is the title, else the first line after it.
    """
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    position = 0
    front = _FRONT_MATTER.match(text, 0, _FRONT_MATTER_END) if markdown else None
    if front is not None:
        named = _YAML_TITLE.search(front["yaml"])
        title = named["title"].strip("'\"").strip() if named else ""
        if title:
            return title[:_TITLE_LIMIT]
        position = front.end()
    while position < len(text):
        end = text.find("\n", position)
        if end < 0:
            end = len(text)
        line = text[position : min(end, position + 4 * _TITLE_LIMIT)]
        heading = _ATX_HEADING.fullmatch(line) if markdown else None
        if heading is not None:
            line = heading["text"] or ""
        if line := line.strip():
            return line[:_TITLE_LIMIT]
        position = end + 1
    return path.name


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read and normalize one document, or raise `DocumentError` with a one-line reason."""
    path = Path(path)
    data = _read_bytes(path)
    text, notice = decode_text(data, path)
    clean = normalize_newlines(text)
    if clean is text and notice is None and not data.startswith(b"\xef\xbb\xbf"):
        digest = hashlib.sha256(data).hexdigest()  # the bytes already are the normalized text
    else:
        digest = text_sha256(clean)
    notices = [notice] if notice else []
    if not clean:
        notices.append(f"{path.name} is empty")
    elif len(clean) > LONG_LINE:
        longest = max(map(len, clean.split("\n")))
        if longest > LONG_LINE:
            notices.append(f"{path.name} has a line of {longest:,} characters, slow to show")
    return Document(
        path=path,
        text=clean,
        sha256=digest,
        title=title_of(clean, path),
        notice="; ".join(notices) or None,
    )


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; a pipe or device is refused (it could block or never end)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise DocumentError(f"{path}: is a folder, not a document")
            if not stat.S_ISREG(mode):
                raise DocumentError(f"{path}: not a regular file")
            return handle.read()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except PermissionError:
        raise DocumentError(f"{path}: permission denied") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a folder, not a document") from None
    except OSError as error:
        raise DocumentError(f"{path}: cannot be read ({error.strerror or error})") from None


def decode_text(data: bytes, path: Path) -> tuple[str, str | None]:
    """Decode a file's bytes; the notice says how, when it was not plain UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), f"{path.name} was read as UTF-16"
        except UnicodeDecodeError:
            raise DocumentError(f"{path}: not a text document (bad UTF-16)") from None
    if b"\x00" in data:
        raise DocumentError(f"{path}: looks like a binary file (it contains NUL bytes)")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), f"{path.name} is not UTF-8; it was read as Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        return text, f"{path.name} is not UTF-8; {bad} undecodable bytes are shown as \ufffd"
