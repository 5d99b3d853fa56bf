"""The drift report after the document was edited elsewhere: accept, re-attach, delete."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tests.app.helpers import make_app, view
from tui.app.screens.drift import DriftScreen
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store


def annotate(store: Store, seed: Path, quote: str, tag: str) -> Annotation:
    document = store.open_document(seed)
    return store.add(
        Annotation(
            doc_id=document.id,
            anchor=find_quote(document.text, quote),
            tags=(tag,),
            doc_sha256=document.sha256,
        )
    )


async def test_review_accept_reattach_and_delete(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    store = Store(store_root)
    kept = annotate(store, seed, "Arduous March", "history")
    fuzzy = annotate(store, seed, "she used to provide for her family by selling", "work")
    gone = annotate(store, seed, "They met with misfortune while simply trying", "quote")
    text = seed.read_text()
    text = text.replace("As more women", "A new paragraph, added later.\n\nAs more women")
    text = text.replace("provide for her family by selling", "provide for her household by selling")
    text = text.replace(
        "“They met with misfortune while simply trying to provide for their families.”", ""
    )
    seed.write_text(text)

    app = make_app(store_root, seed)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        messages = " ".join(n.message for n in app._notifications)
        assert "Document changed: 0 annotations kept, 1 moved, 1 changed slightly" in messages
        assert "1 orphaned" in messages
        assert "press R to review" in messages

        await pilot.press("R")
        assert isinstance(app.screen, DriftScreen)
        keys = [row.value for row in app.screen.query_one(DataTable).rows]
        assert set(keys) == {kept.id, fuzzy.id, gone.id}

        table = app.screen.query_one(DataTable)
        for accepted in (kept.id, fuzzy.id):
            table.move_cursor(row=[row.value for row in table.rows].index(accepted))
            await pilot.press("a")
        assert [row.value for row in table.rows] == [gone.id]

        await pilot.press("escape")
        start = text.index("Hamgyong Province-based source")
        view(app).select(start, start + len("Hamgyong Province-based source"))
        await pilot.press("R", "t")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("escape")

    store = Store(store_root)
    reattached = store.get(gone.id)
    assert not reattached.orphan and reattached.quote == "Hamgyong Province-based source"
    moved = store.get(kept.id)
    assert moved.quote == "Arduous March" and moved.start == text.index("Arduous March")
    assert "household" in store.get(fuzzy.id).quote


async def test_delete_from_the_report_and_undo_in_the_reader(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    store = Store(store_root)
    gone = annotate(store, seed, "They met with misfortune while simply trying", "quote")
    seed.write_text(seed.read_text().replace("They met with misfortune while simply trying", ""))
    app = make_app(store_root, seed)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.press("R", "d")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 0
        await pilot.press("escape", "u")
        await pilot.pause()
    assert Store(store_root).get(gone.id).orphan


async def test_enter_goes_to_the_passage_in_the_reader(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    moved = annotate(Store(store_root), seed, "Arduous March", "history")
    text = "A new paragraph, added later.\n\n" + seed.read_text()
    seed.write_text(text)
    app = make_app(store_root, seed)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        assert [row.value for row in app.screen.query_one(DataTable).rows] == [moved.id]
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DriftScreen)
        assert view(app).caret == text.index("Arduous March")
