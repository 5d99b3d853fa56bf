"""Each kind of bad document gives one clear line and affects nothing else."""

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.document import Document, read_document
from tui.core.errors import DocumentError
from tui.core.library import find_documents
from tui.core.store import Store


def one_clear_line(message: str, path: Path) -> None:
    assert "\n" not in message
    assert str(path) in message or path.name in message


def test_nul_bytes_anywhere_mean_binary(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"text " * 50_000 + b"\x00" + b" more text" * 50_000)
    with pytest.raises(DocumentError, match="looks like a binary file") as raised:
        read_document(path)
    one_clear_line(str(raised.value), path)


def test_undecodable_bytes_are_replaced_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"caf\xc3\xa9 \x81\x8d end")  # \x81 and \x8d are not Windows-1252 either
    document = read_document(path)
    assert document.text == "café \ufffd\ufffd end"
    assert document.notice == "broken.txt is not UTF-8; 2 undecodable bytes are shown as \ufffd"


def test_a_10_mb_single_line_loads_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_bytes(b"word " * 2_097_152)
    document = read_document(path)
    assert len(document.text) == 10_485_760
    assert document.notice == "line.txt has a line of 10,485,760 characters, slow to show"
    assert len(document.title) <= 120


def test_an_empty_file_loads_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert read_document(path).notice == "empty.md is empty"


def test_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("named pipes do not exist on this system")
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(DocumentError, match="not a regular file") as raised:
        read_document(path)
    one_clear_line(str(raised.value), path)


def test_an_unreadable_file_is_one_line(tmp_path: Path) -> None:
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("permissions do not stop root (or this system) from reading a file")
    path = tmp_path / "secret.txt"
    path.write_text("secret")
    path.chmod(0)
    with pytest.raises(DocumentError, match="permission denied") as raised:
        read_document(path)
    one_clear_line(str(raised.value), path)


def test_a_file_that_vanished_after_it_was_found_is_one_line(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "gone.txt"
    path.write_text("here a moment")
    [found] = find_documents([tmp_path]).paths
    path.unlink()
    with pytest.raises(DocumentError, match="no such file") as raised:
        store.open_document(found)
    one_clear_line(str(raised.value), path)
    assert store.documents() == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.bin", b"\x89PNG\r\n\x1a\n\x00\x00", "looks like a binary file"),
        ("folder", None, "is a folder"),
        ("missing.txt", "absent", "no such file"),
    ],
)
def test_the_command_line_says_one_line_and_exit_1(
    postil, tmp_path: Path, seed: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    assert postil("add", str(seed), "--note", "kept")[0] == 0
    code, out, err = postil("add", str(path), "--note", "x")
    assert (code, out) == (1, "")
    assert err.startswith(f"postil: {path}: {message}")
    assert err.count("\n") == 1
    code, out, _ = postil("list")
    assert code == 0 and out.count("\n") == 1 and "kept" in out


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_any_bytes_give_a_document_or_a_clear_error(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "any.txt"
    path.write_bytes(data)
    try:
        document = read_document(path)
    except DocumentError as error:
        one_clear_line(str(error), path)
        return
    assert isinstance(document, Document)
    assert "\r" not in document.text
    assert document.notice is None or "\n" not in document.notice
