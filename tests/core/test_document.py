from pathlib import Path

import pytest

from tui.core.document import read_document, text_sha256, title_of
from tui.core.errors import DocumentError
from tui.core.file_text import open_lazily


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_bom_is_stripped_and_newlines_normalized(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "\ufeffTitle\r\nline two\rline three\n".encode())
    document = read_document(path)
    assert document.text == "Title\nline two\nline three\n"
    assert document.sha256 == text_sha256(document.text)
    assert document.title == "Title"
    assert document.notice is None


def test_hash_of_plain_utf8_equals_hash_of_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "한국어 text\n".encode())
    document = read_document(path)
    assert document.sha256 == text_sha256("한국어 text\n")


def test_nothing_else_is_altered(tmp_path: Path) -> None:
    raw = "  tabs\tand  spaces  \n\n\u00a0nbsp e\u0301 [bold]x[/bold] \x1b[2J\n"
    document = read_document(write(tmp_path, "a.txt", raw.encode()))
    assert document.text == raw


def test_title_is_first_non_empty_line_else_file_name(tmp_path: Path) -> None:
    assert title_of("\n\n   \n  Heading  \nbody", Path("x.txt")) == "Heading"
    assert title_of("\n \n", Path("notes.txt")) == "notes.txt"


@pytest.mark.parametrize(
    ("first_lines", "title"),
    [
        ("# Market report\n\nBody", "Market report"),
        ("\n  ## Market report ##  \nBody", "Market report"),
        ("###### Six marks #\n", "Six marks"),
        ("# C# in a week\n", "C# in a week"),
        ("#\n\nMarket report\n", "Market report"),
        ("Market report\n=============\nBody", "Market report"),
        ("Market report\n---\nBody", "Market report"),
        ("#hashtag is no heading\n", "#hashtag is no heading"),
        ("####### seven marks are no heading\n", "####### seven marks are no heading"),
    ],
)
def test_a_markdown_heading_titles_without_its_marks(
    tmp_path: Path, first_lines: str, title: str
) -> None:
    for name in ("report.md", "report.MARKDOWN"):
        assert read_document(write(tmp_path, name, first_lines.encode())).title == title


def test_a_plain_text_first_line_keeps_its_marks(tmp_path: Path) -> None:
    for name in ("report.txt", "report.rst"):
        document = read_document(write(tmp_path, name, b"# Market report\n\nBody\n"))
        assert document.title == "# Market report"


def test_a_big_markdown_file_opened_lazily_titles_the_same(tmp_path: Path) -> None:
    path = write(tmp_path, "big.md", ("## Market report ##\n" + "word " * 300_000).encode())
    document = open_lazily(path)
    assert document is not None
    assert document.title == read_document(path).title == "Market report"


def test_empty_file_loads_with_a_notice(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "empty.txt", b""))
    assert document.text == ""
    assert document.title == "empty.txt"
    assert document.notice == "empty.txt is empty"


@pytest.mark.parametrize(
    ("name", "setup", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("folder", "dir", "is a folder"),
        ("binary.bin", b"\x89PNG\x00\x00\x01", "binary"),
    ],
)
def test_bad_documents_give_one_clear_error(tmp_path: Path, name: str, setup, message: str) -> None:
    path = tmp_path / name
    if setup == "dir":
        path.mkdir()
    elif isinstance(setup, bytes):
        path.write_bytes(setup)
    with pytest.raises(DocumentError, match=message) as raised:
        read_document(path)
    assert "\n" not in str(raised.value)
    assert str(path) in str(raised.value)


def test_latin1_file_falls_back_and_says_so(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "l.txt", "café".encode("cp1252")))
    assert document.text == "café"
    assert "not UTF-8" in (document.notice or "")


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "w.txt", "hello\r\n".encode("utf-16")))
    assert document.text == "hello\n"
    assert "UTF-16" in (document.notice or "")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            '---\ntitle: "Field notes, spring"\ndate: 2026-04-01\n---\n# Heading\n',
            "Field notes, spring",
        ),
        ("---\ndate: 2026-04-01\n---\n\n# Market report\n", "Market report"),
        ("---\nno end of front matter\n", "---"),
    ],
)
def test_markdown_front_matter_gives_its_title_or_is_skipped(
    tmp_path: Path, text: str, title: str
) -> None:
    path = tmp_path / "notes.md"
    path.write_text(text)
    assert read_document(path).title == title
