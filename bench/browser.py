"""Time the annotation browser and the codebook screen as a user meets them, over a large store.

    python bench/browser.py [--documents 1000] [--per-document 100]

Uses (and builds once, if absent) the store of `bench/library.py`, opens postil headless on its
folder (the library: until every document is listed, then counted), then on one of its
documents and prints, in milliseconds from the key press to the list drawn: the browser's
first opening (it reads every annotation), each key of a query typed, going to a passage in
another document, and opening the codebook. `bench/library.py` times the same work without the
screen (queries, renames).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent))

from library import DATA, generate  # the sibling bench script

from tui.app.app import PostilApp
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.codebook import CodebookScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.core.library import find_documents

MS = 1000
QUERY = "tag:economy rice -police"


async def settled(app: PostilApp, pilot: Pilot) -> None:
    """Wait until the browser's and codebook's threads are done and the screen is drawn (the
    store watcher's polls, which run meanwhile, are not waited for)."""
    while True:
        await pilot.pause()
        busy = [worker for worker in app.workers if worker.group != "watch" and worker.is_running]
        if not busy:
            return
        await app.workers.wait_for_complete(busy)


async def timed(app: PostilApp, pilot: Pilot, *keys: str) -> float:
    started = time.perf_counter()
    await pilot.press(*keys)
    await settled(app, pilot)
    return time.perf_counter() - started


def line(what: str, seconds: float) -> None:
    print(f"{what:46} {seconds * MS:8.1f} ms")


async def library(root: Path) -> None:
    """From starting postil on the folder until its library lists, then counts, every document."""
    started = time.perf_counter()
    found = find_documents([root / "docs"])
    app = PostilApp(root / "store", found.paths, author="bench", library=True)
    async with app.run_test(size=(140, 40)) as pilot:
        screen = None
        while screen is None or len(screen.entries) < len(found.paths):
            await pilot.pause(0.01)
            screen = app.screen if isinstance(app.screen, LibraryScreen) else None
        line(f"library of {len(found.paths)} documents listed", time.perf_counter() - started)
        while any(entry.notes is None for entry in screen.entries.values()):
            await pilot.pause(0.01)
        line("... and every document's notes counted", time.perf_counter() - started)


async def measure(root: Path) -> None:
    await library(root)
    document = next(iter(sorted((root / "docs").iterdir())))
    app = PostilApp(root / "store", [document], author="bench")
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(app, pilot)
        line("a key press in the reader, for comparison", await timed(app, pilot, "j"))
        line("browser, first opening (reads the store)", await timed(app, pilot, "F"))
        browser = app.screen
        assert isinstance(browser, BrowserScreen)
        print(f"  {browser.query_one('#browser-status').render()}")
        took = [await timed(app, pilot, "space" if key == " " else key) for key in QUERY]
        print(f"typing {QUERY!r}, each key (ms):")
        print(
            "  "
            + "  ".join(
                f"{key}:{seconds * MS:.0f}" for key, seconds in zip(QUERY, took, strict=True)
            )
        )
        print(f"  {browser.query_one('#browser-status').render()}")
        await pilot.press("ctrl+u", *"doc:report-0999")
        await settled(app, pilot)
        line("going to a passage in another document", await timed(app, pilot, "enter"))
        assert isinstance(app.screen, ReaderScreen)
        await timed(app, pilot, "escape", "escape")
        line("codebook, opening", await timed(app, pilot, "t"))
        assert isinstance(app.screen, CodebookScreen)
        line("browser, opening again (index kept)", await timed(app, pilot, "escape", "F"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--per-document", type=int, default=100)
    args = parser.parse_args()
    root = DATA / f"library-{args.documents}x{args.per_document}"
    if not (root / "store" / "library.json").exists():
        generate(root, args.documents, args.per_document)
    with tempfile.TemporaryDirectory() as config:
        os.environ["POSTIL_CONFIG"] = config  # the user's settings stay untouched
        asyncio.run(measure(root))


if __name__ == "__main__":
    main()
