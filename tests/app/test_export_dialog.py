"""The export dialog: format, destination, query, progress, and the file named when written."""

from __future__ import annotations

import csv
import json

from textual.widgets import Input, Select

from tests.app.helpers import make_app
from tests.app.keys import burst
from tui.app.screens.export import ExportScreen
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store


def annotate(store_root, seed) -> None:
    store = Store(store_root)
    document = store.open_document(seed)
    for quote, tag in (("rice cakes", "economy/food"), ("Arduous March", "history")):
        store.add(
            Annotation(doc_id=document.id, anchor=find_quote(document.text, quote), tags=(tag,))
        )


async def test_export_from_the_reader_with_a_query(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    annotate(store_root, seed)
    target = tmp_path / "out.csv"
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("x")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-format", Select).value = "csv"
        await pilot.pause()
        screen.query_one("#export-destination", Input).value = str(target)
        screen.query_one("#export-query", Input).value = "tag:economy"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        assert any(f"Exported to {target}" in n.message for n in app._notifications)
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["quote"] for row in rows] == ["rice cakes"]


async def test_export_refuses_to_overwrite_and_says_so(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    annotate(store_root, seed)
    target = tmp_path / "out.json"
    target.write_text("keep me")
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("x")
        app.screen.query_one("#export-destination", Input).value = str(target)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert any("already exists" in n.message for n in app._notifications)
        assert target.read_text() == "keep me"
        app.screen.query_one("#export-force").value = True
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    exported = json.loads(target.read_text())
    assert len(exported["annotations"]) == 2


async def test_export_from_the_browser_takes_its_filter(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    annotate(store_root, seed)
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 45)) as pilot:
        await pilot.press("F")
        await pilot.pause()
        app.screen.query_one("#browser-query", Input).value = "tag:history"
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#export-query", Input).value == "tag:history"


async def test_a_path_typed_in_one_burst_is_where_the_export_goes(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    annotate(store_root, seed)
    target = tmp_path / "typed.json"
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 45)) as pilot:
        burst(app, "x", "tab", *str(target), "ctrl+s")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        assert any(f"Exported to {target}" in n.message for n in app._notifications)
    assert len(json.loads(target.read_text())["annotations"]) == 2
