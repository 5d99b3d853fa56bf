"""Rows counted as they are shown: the screen stays where the reader left it.

A big document's rows are estimated until they are shown; making them exact must never move what
is on screen, and the room left below the text for the margin's last cards must stay reachable.
"""

from __future__ import annotations

from tests.app.helpers import lines, make_app, margin, view
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

PARAGRAPH = "A paragraph of a long report, {number}, with “quotes” and some words to wrap. " * 4


async def test_scrolling_down_and_back_up_a_big_document_shows_the_same_rows(tmp_path) -> None:
    path = tmp_path / "long.txt"
    text = "\n\n".join(PARAGRAPH.format(number=n) for n in range(20_000))
    path.write_text(text, encoding="utf-8")
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        document_view = view(app)
        document_view.scroll_to_offset(len(text) // 2)
        await pilot.pause()
        before = lines(document_view)
        await pilot.press(*["k"] * 60)
        await pilot.press(*["j"] * 60)
        await pilot.pause()
        assert lines(document_view) == before
        await pilot.press(*["space"] * 5, *["b"] * 5)
        await pilot.pause()
        assert lines(document_view) == before


async def test_the_margins_last_cards_below_the_text_can_be_scrolled_to(tmp_path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("".join(f"Line {n} of a short note.\n" for n in range(12)), encoding="utf-8")
    store = Store(tmp_path / "store")
    document = store.open_document(path)
    last = [
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, "Line 11"),
            tags=(f"tag{n}",),
            note=f"A note on the last line, number {n},\nwith a second line.",
        )
        for n in range(6)
    ]
    store.write_many(last)
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.press("tab", *["down"] * 6)  # into the margin, down to the last card
        await pilot.pause()
        await pilot.pause()
        document_view = view(app)
        assert document_view.extra_rows > 0
        assert document_view.scroll_y > document_view.rows.row_count - document_view.page_rows
        assert "tag5" in "\n".join(lines(margin(app)))
