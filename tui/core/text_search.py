"""The next or previous match of a search, in a text held in memory or in a big file's text.

A text in memory is searched with the pattern directly. A big file's text (`FileText`) is searched
a piece at a time, so that a search of 100 MB can report its progress and be stopped between
pieces. The reader's searches are literal text (`re.escape`d), and a literal can be looked for in
the file's raw bytes, much faster than decoding them: only where the bytes hold a candidate is the
text decoded and the pattern tried exactly. Matches are the same as searching the whole string.
A search that must decode a big text runs in a child process (`next_match_aside`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tui.core.file_text import CHILD_NICENESS, FileText, TextIndex, normalized

Text = str | FileText
Progress = Callable[[float], bool]
"""Told how far a search has got (0..1); returns False to stop it."""

PIECE_CHARS = 1 << 18  # small pieces: a search in a thread must let the app run between them
PIECE_BYTES = 1 << 20
NEAR_CHARS = 1 << 20  # looked through in this process before a child process takes over
CHILD_PROGRESS_SECONDS = 0.05  # the child says how far it has got this often (each wakes the app)
# Characters outside ASCII that re.IGNORECASE matches with ASCII letters (İ ı ſ K), by letter.
_FOLDED = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}


class Stopped(Exception):
    """The search was stopped before it finished."""


def literal_of(pattern: re.Pattern[str]) -> str | None:
    """The text a pattern made by `re.escape` matches, else None."""
    text = re.sub(r"\\(.)", r"\1", pattern.pattern, flags=re.DOTALL)
    return text if text and re.escape(text) == pattern.pattern else None


def find_forward(
    pattern: re.Pattern[str],
    text: Text,
    start: int,
    end: int | None = None,
    progress: Progress | None = None,
) -> tuple[int, int] | None:
    """The first match starting at or after `start` and ending by `end` (default: the end)."""
    end = len(text) if end is None else end
    if isinstance(text, str):
        found = pattern.search(text, start, end)
        return found.span() if found else None
    if start >= end:
        return None
    literal = literal_of(pattern)
    if literal is None:
        raise ValueError("a big document is searched for literal text only")
    anchor = _anchor(pattern, literal)
    if anchor:
        return _forward_in_bytes(pattern, text, literal, anchor, start, end, progress)
    return _forward_in_pieces(pattern, text, len(literal), start, end, progress)


def find_backward(
    pattern: re.Pattern[str],
    text: Text,
    before: int,
    progress: Progress | None = None,
    after: int = 0,
) -> tuple[int, int] | None:
    """The last match ending by `before` (matches found scanning forward, as `finditer` does),
    looked for in a big text back to about `after` (a match there may start a little before)."""
    if isinstance(text, str):
        from tui.core.motions import last_match

        found = last_match(pattern, text, before)
        return found.span() if found else None
    literal = literal_of(pattern)
    if literal is None:
        raise ValueError("a big document is searched for literal text only")
    overlap = len(literal) - 1
    stop = before
    while stop > after:
        start = max(after, stop - PIECE_CHARS)
        window = text[max(0, start - overlap) : stop]
        base = max(0, start - overlap)
        last = None
        for match in pattern.finditer(window):
            if base + match.start() >= start or start == after:
                last = match
        if last is not None:
            return base + last.start(), base + last.end()
        stop = start
        _report(progress, 1 - stop / max(1, before))
    return None


def next_match(
    pattern: re.Pattern[str],
    text: Text,
    caret: int,
    step: int,
    progress: Progress | None = None,
) -> tuple[int, bool] | None:
    """Where the next (`step` 1) or previous (-1) match from the caret starts, and whether the
    search wrapped around the document's end to find it."""
    if step > 0:
        span = find_forward(pattern, text, caret + 1, progress=progress) or find_forward(
            pattern, text, 0, min(len(text), caret + 1), progress=progress
        )
    else:
        span = find_backward(pattern, text, caret, progress) or find_backward(
            pattern, text, len(text), progress
        )
    if span is None:
        return None
    start = span[0]
    return start, start <= caret if step > 0 else start >= caret


def next_match_aside(
    pattern: re.Pattern[str],
    text: Text,
    caret: int,
    step: int,
    progress: Progress | None = None,
) -> tuple[int, bool] | None:
    """`next_match`, in a child process when it must decode a big text.

    Decoding 100 MB and matching it takes seconds of the interpreter; in a thread beside the app
    that would hold up every key pressed meanwhile. The child (`python -m tui.core.text_search`)
    reports its progress line by line, and stopping the search stops it. A search the file's
    bytes can answer (forward, with some ASCII in it) is quick and stays in this process, and so
    does a match close to the caret.
    """
    if isinstance(text, str) or (step > 0 and _in_bytes(pattern)):
        return next_match(pattern, text, caret, step, progress)
    if step > 0:
        span = find_forward(pattern, text, caret + 1, min(len(text), caret + 1 + NEAR_CHARS))
    else:
        span = find_backward(pattern, text, caret, after=max(0, caret - NEAR_CHARS))
    if span is not None:  # close by: found before a child would have started
        return span[0], False
    request = {
        "path": str(text.path),
        "index": text.index.to_json(),
        "pattern": pattern.pattern,
        "flags": pattern.flags,
        "caret": caret,
        "step": step,
    }
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "tui.core.text_search"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
    except OSError:  # no child process here
        return next_match(pattern, text, caret, step, progress)
    with contextlib.suppress(AttributeError, OSError):  # the app's keys come first
        os.setpriority(os.PRIO_PROCESS, child.pid, CHILD_NICENESS)
    try:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(json.dumps(request))
        child.stdin.close()
        for line in child.stdout:
            kind, _, value = line.strip().partition(" ")
            if kind == "progress":
                _report(progress, float(value))
            elif kind == "found":
                start, wrapped = value.split()
                return int(start), wrapped == "1"
            elif kind == "none":
                return None
        raise OSError(child.stderr.read().strip() or "the search stopped")
    finally:
        child.kill()
        child.wait()


def _in_bytes(pattern: re.Pattern[str]) -> bool:
    """Whether a forward search for `pattern` looks in a big file's bytes (see `find_forward`)."""
    literal = literal_of(pattern)
    return literal is not None and bool(_anchor(pattern, literal))


def _report(progress: Progress | None, fraction: float) -> None:
    if progress is not None and not progress(fraction):
        raise Stopped


def _forward_in_pieces(
    pattern: re.Pattern[str],
    text: FileText,
    length: int,
    start: int,
    end: int,
    progress: Progress | None,
) -> tuple[int, int] | None:
    """Decode and search a piece at a time; pieces overlap by the literal's length."""
    position = start
    while position < end:
        stop = min(end, position + PIECE_CHARS + length - 1)
        found = pattern.search(text[position:stop])
        if found is not None and (found.start() < PIECE_CHARS or stop == end):
            return position + found.start(), position + found.end()
        position += PIECE_CHARS
        _report(progress, (position - start) / max(1, end - start))
    return None


def _anchor(pattern: re.Pattern[str], literal: str) -> str:
    """The part of the literal to look for in raw bytes: all of it when case matters, else its
    longest run of ASCII (bytes lower only ASCII), never a newline (a file's may be `\\r\\n`)."""
    runs = re.findall(r"[^\r\n]+" if not pattern.flags & re.IGNORECASE else r"[ -~\t]+", literal)
    return max(runs, key=len, default="")


def _forward_in_bytes(
    pattern: re.Pattern[str],
    text: FileText,
    literal: str,
    anchor: str,
    start: int,
    end: int,
    progress: Progress | None,
) -> tuple[int, int] | None:
    """Look for the anchor in the file's bytes; try the pattern where they hold it.

    Pieces are whole blocks (so they start on a character) plus an overlap of the anchor's
    length. Ignoring case, bytes are lowered (the anchor is ASCII); a piece with one of the few
    other characters that fold to ASCII letters is decoded and searched instead. A match of the
    anchor's UTF-8 bytes always starts on a character, so it maps back exactly, and a match of
    the pattern (as many characters as the literal) must start where the anchor's place in it
    says.
    """
    folding = bool(pattern.flags & re.IGNORECASE)
    needle = (anchor.lower() if folding else anchor).encode("utf-8")
    before = literal.index(anchor)
    folded = _folded_bytes(anchor.lower()) if folding else []
    index = text.index
    block = text.block_of(start)
    last_block = text.block_of(max(start, end - 1))
    first_byte = index.byte_starts[block]
    with open(text.path, "rb") as handle:
        while block <= last_block:
            following = block + 1
            while following <= last_block and (
                index.byte_starts[following] - index.byte_starts[block] < PIECE_BYTES
            ):
                following += 1
            piece_start = index.byte_starts[block]
            handle.seek(piece_start)
            piece = handle.read(index.byte_starts[following] - piece_start + len(needle) - 1)
            if any(_holds(piece, char) for char in folded):
                first = max(start, index.char_starts[block] - before)
                span = _search(
                    pattern, text, first, end, index.char_starts[following] + len(literal)
                )
                if span is not None and span[0] + before < index.char_starts[following]:
                    return span
            else:
                haystack = piece.lower() if folding else piece
                at = haystack.find(needle)
                while at >= 0:
                    if not _near(pattern, piece, at, before, len(literal)):
                        at = haystack.find(needle, at + 1)
                        continue
                    candidate = text.char_offset(piece_start + at) - before
                    if candidate >= start:
                        span = _search(pattern, text, candidate, end, candidate + len(literal))
                        if span is not None:
                            return span
                    at = haystack.find(needle, at + 1)
            block = following
            done = index.byte_starts[block] - first_byte
            _report(progress, done / max(1, index.byte_starts[last_block + 1] - first_byte))
    return None


def _near(pattern: re.Pattern[str], piece: bytes, at: int, before: int, length: int) -> bool:
    """Whether the pattern matches the bytes around `piece[at]`, decoded on their own (a cheap
    check of a candidate before it is placed exactly in the text)."""
    low = max(0, at - 4 * before)
    while low > 0 and piece[low] & 0xC0 == 0x80:
        low -= 1
    window = piece[low : at + 4 * length].decode("utf-8", errors="ignore")
    return pattern.search(normalized(window)) is not None


def _holds(piece: bytes, char: bytes) -> bool:
    """Whether `piece` holds the bytes of `char`: each byte is looked for alone first, as finding
    one byte is many times faster than finding a sequence (and these bytes are rare in prose)."""
    return all(bytes((byte,)) in piece for byte in char) and char in piece


def _folded_bytes(needle: str) -> list[bytes]:
    """The characters outside ASCII that match some letter of `needle` ignoring case."""
    return [
        char.encode() for letter, chars in _FOLDED.items() if letter in needle for char in chars
    ]


def _search(
    pattern: re.Pattern[str], text: FileText, start: int, end: int, stop: int
) -> tuple[int, int] | None:
    """The first match in `text[start:min(stop, end)]`, in document offsets."""
    found = pattern.search(text[start : min(stop, end)])
    return (start + found.start(), start + found.end()) if found else None


def main() -> int:
    """The child process of `next_match_aside`: the request on stdin, answers on stdout."""
    request = json.loads(sys.stdin.read())
    text = FileText(Path(request["path"]), TextIndex.from_json(request["index"]))
    pattern = re.compile(request["pattern"], request["flags"])

    told = time.monotonic()

    def progress(fraction: float) -> bool:
        nonlocal told
        if time.monotonic() - told > CHILD_PROGRESS_SECONDS:
            told = time.monotonic()
            print(f"progress {fraction:.4f}", flush=True)
        return True

    try:
        found = next_match(pattern, text, request["caret"], request["step"], progress)
    except OSError as error:
        print(error, file=sys.stderr)
        return 1
    print("none" if found is None else f"found {found[0]} {int(found[1])}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
