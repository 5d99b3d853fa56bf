"""A big file's text read block by block means exactly what the same text read whole means.

Every property is checked against the `str` that `read_document` makes of the same file: offsets,
slices, lines, the hash, the caret's motions, searches.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from tui.app.view.rows import FileLines, LineIndex, RowIndex
from tui.core import motions, text_search
from tui.core.document import read_document
from tui.core.file_text import FileText, NotUTF8, index_file, open_lazily
from tui.core.text_search import next_match, next_match_aside
from tui.core.windowed import around

WORDS = ["alpha", "Beta", "é", "naïve", "“quoted”", "🙂", "한국어", "\t", "K", "ſ", "İstanbul", "."]


def prose(seed: int, lines: int = 6000) -> str:
    draw = random.Random(seed)
    found = []
    for number in range(lines):
        found.append(" ".join(draw.choice(WORDS) for _ in range(draw.randrange(0, 30))))
        if number % 1500 == 7:
            found.append("x" * 70_000)  # a line longer than a block
    return "\n".join(found)


@pytest.fixture(params=["lf", "crlf", "bom", "cr"])
def big_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    text = prose(7)
    data = {
        "lf": text.encode(),
        "crlf": text.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + (text + "\n").encode(),
        "cr": text.replace("\n", "\r").encode(),
    }[request.param]
    path = tmp_path / f"{request.param}.txt"
    path.write_bytes(data)
    return path


def test_offsets_slices_lines_and_hash_are_those_of_the_whole_text(big_file: Path) -> None:
    whole = read_document(big_file)
    text = FileText(big_file, index_file(big_file))
    assert text.index.block_count > 3
    assert len(text) == len(whole.text)
    assert text.index.sha256 == whole.sha256
    draw = random.Random(1)
    for _ in range(200):
        start = draw.randrange(len(whole.text))
        end = min(len(whole.text), start + draw.randrange(0, 150_000))
        assert text[start:end] == whole.text[start:end]
        assert text[start] == whole.text[start]
    lines, file_lines = LineIndex(whole.text), FileLines(text)
    assert len(file_lines) == len(lines)
    for _ in range(300):
        line = draw.randrange(len(lines))
        assert file_lines.span(line) == lines.span(line)
        offset = draw.randrange(len(whole.text) + 1)
        assert file_lines.line_of(offset) == lines.line_of(offset)


def test_rows_are_those_of_the_whole_text_once_wrapped(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(prose(3, lines=3000), encoding="utf-8")
    whole = read_document(path)
    in_memory = RowIndex(LineIndex(whole.text), 37)
    from_file = RowIndex(FileLines(FileText(path, index_file(path))), 37)
    for line in range(len(in_memory.lines)):
        assert from_file.wraps(line) == in_memory.wraps(line)
    assert from_file.row_count == in_memory.row_count
    draw = random.Random(2)
    for _ in range(300):
        y = draw.randrange(in_memory.row_count)
        assert from_file.row(y) == in_memory.row(y)
        offset = draw.randrange(len(whole.text) + 1)
        assert from_file.row_of(offset) == in_memory.row_of(offset)


def test_motions_through_a_window_land_where_they_would_on_the_whole_text(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(prose(5) + "\n\nLast words. The end", encoding="utf-8")
    whole = read_document(path).text
    text = FileText(path, index_file(path))
    names = ["word_forward", "word_backward", "sentence_forward", "sentence_backward"]
    names += ["paragraph_forward", "paragraph_backward", "word_at", "sentence_at", "paragraph_at"]
    draw = random.Random(3)
    offsets = [0, len(whole) - 1, len(whole), *(draw.randrange(len(whole)) for _ in range(60))]
    for name in names:
        motion = getattr(motions, name)
        for offset in offsets:
            if name.endswith("_at") and offset >= len(whole):
                continue
            assert around(motion, text, offset) == motion(whole, offset), (name, offset)


QUERIES = ["alpha", "ALPHA", "beta", "naïve", "k", "s", "i", "a.", "zz", "é n", "a\nb", "🙂 한"]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("query", QUERIES)
def test_searches_find_what_they_find_in_the_whole_text(
    tmp_path: Path, query: str, newline: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(prose(11, lines=4000).replace("\n", newline).encode())
    whole = read_document(path).text
    text = FileText(path, index_file(path))
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    pattern = re.compile(re.escape(query), flags)
    draw = random.Random(4)
    for caret in [0, len(whole) - 1, *(draw.randrange(len(whole)) for _ in range(8))]:
        for step in (1, -1):
            assert next_match(pattern, text, caret, step) == next_match(
                pattern, whole, caret, step
            ), (query, caret, step)


@pytest.mark.parametrize("query", ["naïve", "k", "nowhere"])
def test_a_search_handed_to_a_child_process_finds_the_same(
    tmp_path: Path, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_search, "NEAR_CHARS", 1000)  # hand over at once
    path = tmp_path / "doc.txt"
    path.write_bytes(prose(12, lines=3000).replace("\n", "\r\n").encode())
    whole = read_document(path).text
    text = FileText(path, index_file(path))
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    for caret in [0, len(whole) // 2, len(whole) - 1]:
        for step in (1, -1):
            assert next_match_aside(pattern, text, caret, step) == next_match(
                pattern, whole, caret, step
            ), (query, caret, step)


def test_only_big_utf8_files_are_read_lazily(tmp_path: Path) -> None:
    small = tmp_path / "small.txt"
    small.write_text("short\n", encoding="utf-8")
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"Caf\xe9 " * 300_000)
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000, encoding="utf-8")
    assert open_lazily(small) is None
    assert open_lazily(windows) is None
    document = open_lazily(big)
    assert document is not None and isinstance(document.text, FileText)
    assert document.title == read_document(big).title


def test_a_file_that_stops_being_utf8_is_refused_by_the_index(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_bytes(("word " * 300_000).encode() + b"Caf\xe9\n")
    assert open_lazily(path) is not None  # its start is UTF-8
    with pytest.raises(NotUTF8):
        index_file(path)
