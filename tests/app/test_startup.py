"""Starting the reader on one document loads nothing its first screen does not need: every
module imported is time a user waits before seeing the text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.in_process import UNNEEDED_AT_START

FIRST_SCREEN = """
import asyncio, sys
from pathlib import Path
import tui.cli.main
from tui.app.app import PostilApp
from tui.app.screens.reader import ReaderScreen

async def first_screen():
    app = PostilApp(store_root=Path(sys.argv[1]), paths=[Path(sys.argv[2])], author="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause()
        await pilot.pause()
    print("\\n".join(sorted(sys.modules)))

asyncio.run(first_screen())
"""


def test_the_first_screen_loads_no_exporter_index_or_matcher(seed: Path, tmp_path: Path) -> None:
    started = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(tmp_path / "store"), str(seed)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    loaded = set(started.stdout.split())
    assert "tui.app.screens.reader" in loaded and "tui.core.store" in loaded
    assert sorted(loaded.intersection(UNNEEDED_AT_START)) == []
