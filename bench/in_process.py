"""In-process figures: the app driven by the Pilot, timed with `time.perf_counter`.

Run by `bench/run.py`, one figure per fresh interpreter (`python bench/in_process.py FIGURE ...`),
each printing one JSON object. A keypress is timed from the moment its event is sent until every
widget has handled what it caused and the screen has been painted and encoded for the terminal,
without the Pilot's idle waits or Textual's frame timer, which only add waiting.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SIZE = (120, 40)
LIBRARY_PATIENCE = 60.0  # seconds; a slower library is reported as not listed in time


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float], cpu: list[float] | None = None) -> dict[str, float]:
    result = {
        "count": len(values),
        "median_ms": 1000 * statistics.median(values),
        "p95_ms": 1000 * percentile(values, 0.95),
        "max_ms": 1000 * max(values),
    }
    if cpu:
        result["cpu_p95_ms"] = 1000 * percentile(cpu, 0.95)
    return result


def postil_app(store: Path, *documents: Path, library: bool = False) -> Any:
    """The app as `postil open` starts it: collection paused until its first screen is shown."""
    gc.disable()
    from tui.app.app import PostilApp

    return PostilApp(store_root=store, paths=list(documents), author="bench", library=library)


def paint_like_a_terminal(app: Any) -> None:
    """Headless apps skip encoding the screen for the terminal; do it, so its cost is counted."""
    original = app._display

    def display(screen: Any, renderable: Any) -> None:
        original(screen, renderable)
        render_segments = getattr(renderable, "render_segments", None)
        if render_segments is not None:
            render_segments(app.console)

    app._display = display


async def settle(pilot: Any) -> None:
    """Until every widget of the screen has handled every message it was sent.

    Only yields to the event loop (no callbacks are injected), so nothing is timed that a real
    keypress would not cause.
    """
    app = pilot.app
    quiet = 0
    while quiet < 3:
        await asyncio.sleep(0)
        pumps = [app, *app.screen.walk_children(with_self=True)]
        busy = any(not p._message_queue.empty() or p._pending_message for p in pumps)
        quiet = 0 if busy else quiet + 1


async def timed_key(pilot: Any, key: str) -> tuple[float, float]:
    """Seconds from sending `key` to the painted screen, in wall time and in CPU time."""
    from textual import events

    app = pilot.app
    started, cpu = time.perf_counter(), time.process_time()
    app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)
    app.screen._on_timer_update()
    return time.perf_counter() - started, time.process_time() - cpu


async def until(pilot: Any, done: Callable[[], bool], timeout: float = 120.0) -> float:
    """Seconds until `done()` holds (polling every millisecond)."""
    started = time.perf_counter()
    while not done():
        if time.perf_counter() - started > timeout:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.001)
    return time.perf_counter() - started


KEYS = {
    "scroll": ["j"] * 40 + ["k"] * 20 + ["space"] * 8 + ["b"] * 4,
    "caret": ["down"] * 40 + ["up"] * 20 + ["l"] * 15 + ["h"] * 10 + ["w"] * 15,
    "select": ["v"] + ["shift+down"] * 25 + ["shift+right"] * 15 + ["w"] * 10 + ["escape"],
}


async def keypresses(document: Path, store: Path) -> dict[str, Any]:
    """Every keypress of KEYS on `document` with the annotations of `store`."""
    app = postil_app(store, document)
    paint_like_a_terminal(app)
    opened = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _reader_ready(app))
        ready = time.perf_counter() - opened
        await pilot.pause(0.5)
        await until(pilot, lambda: _view(app).indexed)
        await pilot.pause(0.2)
        result: dict[str, Any] = {"open_s": ready}
        wall: list[float] = []
        cpu: list[float] = []
        for group, keys in KEYS.items():
            timings = [await timed_key(pilot, key) for key in keys]
            wall += [seconds for seconds, _ in timings]
            cpu += [seconds for _, seconds in timings]
            result[group] = summary([w for w, _ in timings], [c for _, c in timings])
        result["all"] = summary(wall, cpu)
        return result


async def bare_keypresses(document: Path) -> dict[str, Any]:
    """The same scrolling keys in a bare Textual app: a plain Line API view of the same text."""
    from bench.bare_app import BareReader

    with document.open(encoding="utf-8") as handle:
        lines = [handle.readline().rstrip("\n") for _ in range(20_000)]
    app = BareReader(lines)
    paint_like_a_terminal(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        keys = KEYS["scroll"][:60] + ["down"] * 40 + ["up"] * 20
        timings = [await timed_key(pilot, key) for key in keys]
        return {"all": summary([w for w, _ in timings], [c for _, c in timings])}


async def full_search(document: Path) -> dict[str, Any]:
    """A search of the whole document for text it does not hold: keys pressed meanwhile, its
    progress, then a second one stopped with Escape."""
    app = postil_app(Path(tempfile.mkdtemp()) / "store", document)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _reader_ready(app))
        view = _view(app)
        await until(pilot, lambda: view.indexed)
        await pilot.pause(0.2)
        for key in ["slash", *"ëü", "enter"]:  # no ASCII: the slowest kind of search
            await timed_key(pilot, key)
        started = time.perf_counter()
        progress = False
        keys: list[float] = []
        while view.status:
            progress = progress or "%" in view.status
            keys.append((await timed_key(pilot, "j"))[0])
            await asyncio.sleep(0.01)
        searched = time.perf_counter() - started
        await timed_key(pilot, "n")
        await asyncio.sleep(0.05)
        stopping = time.perf_counter()
        await timed_key(pilot, "escape")
        await until(pilot, lambda: not view.status, timeout=10)
        cancel = time.perf_counter() - stopping
        return {
            "search_s": searched,
            "progress_shown": progress,
            "keys_p95_ms": 1000 * percentile(keys, 0.95) if keys else 0.0,
            "keys_max_ms": 1000 * max(keys) if keys else 0.0,
            "keys": len(keys),
            "cancelled": view._searching is None,
            "cancel_ms": 1000 * cancel,
        }


def _view(app: Any) -> Any:
    from tui.app.widgets.document_view import DocumentView

    return app.screen.query_one(DocumentView)


def _reader_ready(app: Any) -> bool:
    from tui.app.screens.reader import ReaderScreen

    screen = app.screen
    if not isinstance(screen, ReaderScreen):
        return False
    panes = screen.panes
    return bool(panes) and panes[0].view.rows is not None


def store_writes(store_root: Path, count: int = 20) -> dict[str, Any]:
    """Adding, then editing, one annotation at a time in a store of 100,000."""
    from tui.core.anchoring import anchor_at
    from tui.core.annotation import Annotation
    from tui.core.store import Store

    store = Store(store_root)
    record = store.documents()[len(store.documents()) // 2]
    text = Path(record.path).read_text(encoding="utf-8")
    added: list[float] = []
    edited: list[float] = []
    made: list[Annotation] = []
    for number in range(count):
        annotation = Annotation(
            doc_id=record.id,
            anchor=anchor_at(text, 10 * number, 10 * number + 8),
            tags=("bench",),
            author="bench",
            doc_sha256=record.sha256,
        )
        started = time.perf_counter()
        store.add(annotation)
        added.append(time.perf_counter() - started)
        made.append(annotation)
    for annotation in made:
        changed = annotation.edited(note="edited")
        started = time.perf_counter()
        store.update(changed)
        edited.append(time.perf_counter() - started)
    total = sum(1 for doc_id in store.annotated_doc_ids() for _ in store.annotations(doc_id))
    return {"add": summary(added), "edit": summary(edited), "annotations": total}


async def library(folder: Path, store: Path) -> dict[str, Any]:
    """From starting the app on a folder until the library lists every document in it."""
    from tui.core.library import find_documents

    started = time.perf_counter()
    found = find_documents([folder])
    app = postil_app(store, *found.paths, library=True)
    async with app.run_test(size=SIZE) as pilot:
        wanted = len(found.paths)

        def listed() -> int:
            return len(getattr(app.screen, "entries", ()))

        with contextlib.suppress(TimeoutError):  # reported as listed, or not, in time
            await until(pilot, lambda: listed() >= wanted, timeout=LIBRARY_PATIENCE)
        return {
            "documents": wanted,
            "listed": listed(),
            "listed_s": time.perf_counter() - started,
        }


UNNEEDED_AT_START = (
    "tui.formats.exporting",
    "tui.formats.importing",
    *(f"tui.formats.{name}" for name in ("postil_json", "jsonl", "csv_table", "markdown")),
    *(f"tui.formats.{name}" for name in ("html_report", "w3c", "brat", "refi_qda")),
    *(f"tui.app.screens.{name}" for name in ("library", "compare", "export", "drift")),
    *(f"tui.app.screens.{name}" for name in ("editor", "help", "browser", "codebook")),
    "rich.markdown",
    "markdown_it",
    "tui.core.annotation_index",  # the browser's and codebook's index, and its query language
    "tui.core.query",
    "tui.core.codebook",
    "tui.core.doctor",
    "tui.core.relocate",  # re-anchoring's matching, for a changed document only
    "rapidfuzz",
)


async def startup_modules(document: Path) -> dict[str, Any]:
    """Modules loaded once the first screen of one document is up that it does not need."""
    importlib.import_module("tui.cli.main")  # what `postil FILE` loads before the app
    app = postil_app(Path(tempfile.mkdtemp()) / "store", document)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: _reader_ready(app))
        await pilot.pause()
        loaded = [name for name in UNNEEDED_AT_START if name in sys.modules]
    return {"unneeded": loaded}


def main(argv: list[str]) -> int:
    figure, *arguments = argv
    paths = [Path(argument) for argument in arguments]
    if figure == "keys":
        scratch = Path(tempfile.mkdtemp())
        shutil.copytree(paths[1], scratch / "store")
        result = asyncio.run(keypresses(paths[0], scratch / "store"))
    elif figure == "store":
        scratch = Path(tempfile.mkdtemp())
        shutil.copytree(paths[0], scratch / "store")
        result = store_writes(scratch / "store")
    elif figure == "library":
        scratch = Path(tempfile.mkdtemp())
        shutil.copytree(paths[1], scratch / "store")
        result = asyncio.run(library(paths[0], scratch / "store"))
    elif figure == "bare-keys":
        result = asyncio.run(bare_keypresses(paths[0]))
    elif figure == "search":
        result = asyncio.run(full_search(paths[0]))
    elif figure == "startup":
        result = asyncio.run(startup_modules(paths[0]))
    else:
        raise SystemExit(f"unknown figure {figure}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
