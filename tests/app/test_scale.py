"""The reader at scale: a 100 MB document opens, reaches its end, and finds text near it.

These tests generate their documents in a temporary folder and take a few seconds each; they are
marked `scale` (`pytest -m "not scale"` leaves them out) but run in the default suite.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.css.query import NoMatches

from tests.app.helpers import lines, make_app, margin, reader, view
from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.document import read_document
from tui.core.file_text import FileText
from tui.core.store import Store

pytestmark = pytest.mark.scale

SIZE = (120, 40)
PARAGRAPH = (
    "“Recently, a woman surnamed Choi and two others were dragged away by police officers near "
    "Hamhung Station while engaging in prostitution,” a South Hamgyong Province-based source "
    "told Daily NK on Tuesday. "
)
FIRST_LINE = "The first line of a very long report."
NEEDLE = "The passage a reader looks for, near the end."
LAST_LINE = "The last line of a very long report."


def write_big(path: Path, megabytes: int, middle: str = "") -> Path:
    """About `megabytes` MB of prose: numbered paragraphs, the needle near the end, a last line."""
    chunk = "".join(f"{number} {PARAGRAPH * 3}\n\n" for number in range(1000))
    copies = max(1, megabytes * 1_000_000 // len(chunk.encode()))
    with path.open("w", encoding="utf-8") as handle:
        handle.write(f"{FIRST_LINE}\n\n")
        for copy in range(copies):
            if copy == copies // 2:
                handle.write(middle)
            if copy == copies - 1:
                handle.write(f"{NEEDLE}\n\n")
            handle.write(chunk)
        handle.write(f"{LAST_LINE}\n")
    return path


async def wait_until(condition: Callable[[], bool], seconds: float = 60) -> None:
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


async def test_a_100_mb_document_opens_reaches_its_end_and_finds_text_near_it(tmp_path) -> None:
    path = write_big(tmp_path / "report.txt", 100)
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        document_view = view(app)
        assert isinstance(document_view.text, FileText), "a big file is read as it is shown"
        assert FIRST_LINE in lines(document_view)[0]

        await pilot.press("G")
        await wait_until(lambda: document_view.indexed)
        await pilot.pause()
        assert any(LAST_LINE in row for row in lines(document_view))
        assert document_view.caret == len(document_view.text)
        assert reader(app).query_one("#reader-header").render() is not None

        await pilot.press("g", "slash")
        await pilot.press(*"looks for", "enter")
        await wait_until(lambda: document_view.caret > 0)
        await pilot.pause()
        text = document_view.text
        assert text[document_view.caret : document_view.caret + 9] == "looks for"
        assert document_view.caret > 0.99 * len(text)
        assert any(NEEDLE in row for row in lines(document_view))


async def test_annotations_of_a_big_document_show_beside_their_passage(tmp_path) -> None:
    path = write_big(tmp_path / "report.txt", 3)
    store = Store(tmp_path / "store")
    document = store.open_document(path)
    text = document.text
    end = text.index(NEEDLE)
    notes = [
        Annotation(
            doc_id=document.id,
            anchor=anchor_at(text, start, start + 40),
            tags=("early",),
            doc_sha256=document.sha256,
        )
        for start in range(10_000, end - 50_000, 20_000)
    ]
    near_end = Annotation(
        doc_id=document.id,
        anchor=anchor_at(text, end, end + len(NEEDLE)),
        tags=("found",),
        note="right at the end",
        doc_sha256=document.sha256,
    )
    store.write_many([*notes, near_end])
    del text

    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=SIZE) as pilot:
        document_view = view(app)
        await wait_until(lambda: document_view.indexed)
        await pilot.pause()
        assert reader(app).panes[0].placed_count == len(notes) + 1
        await pilot.press("G", "left_square_bracket")  # the last annotation, from the end
        await pilot.pause()
        assert document_view.caret == near_end.start
        row = document_view.row_of(near_end.start) - int(document_view.scroll_y)
        assert NEEDLE in lines(document_view)[row]
        card = margin(app).card_of(near_end.id)
        assert card is not None
        assert card.top == document_view.row_of(near_end.start)
        assert "found" in lines(margin(app))[card.top - int(margin(app).scroll_y)]


async def test_a_big_file_that_is_not_utf8_past_its_start_is_read_whole(tmp_path) -> None:
    path = write_big(tmp_path / "old.txt", 2, middle="Caf\xe9 in Windows-1252.\n\n")
    path.write_bytes(path.read_bytes().replace(b"Caf\xc3\xa9", b"Caf\xe9"))
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=SIZE) as pilot:

        def read_whole() -> bool:
            try:
                return isinstance(view(app).text, str)
            except NoMatches:  # its screen is being replaced by one that reads the file whole
                return False

        await wait_until(read_whole)
        await pilot.pause()
        assert view(app).text == read_document(path).text
        notice = reader(app).document.notice
        assert notice is not None and "not UTF-8" in notice
        assert FIRST_LINE in lines(view(app))[0]
