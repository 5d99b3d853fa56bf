"""A reader open on a store that another postil process changes."""

from __future__ import annotations

import subprocess
import sys

from tests.app.helpers import lines, make_app, margin
from tui.core.store import Store


async def test_changes_made_elsewhere_appear_within_a_second(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert margin(app).cards == []
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tui",
                "add",
                str(seed),
                "--quote",
                "rice cakes",
                "--tag",
                "from-elsewhere",
                "--store",
                str(store_root),
            ],
            check=True,
            capture_output=True,
        )
        await pilot.pause(1.5)
        assert [card.annotation.tags for card in margin(app).cards] == [("from-elsewhere",)]
        assert "from-elsewhere" in "\n".join(lines(margin(app)))

        store = Store(store_root)
        [annotation] = store.annotations(margin(app).cards[0].annotation.doc_id)
        store.delete(annotation.id)
        await pilot.pause(1.5)
        assert margin(app).cards == []
