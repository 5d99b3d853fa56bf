"""postil's speed at scale: every target of the benchmark in one table (`python bench/run.py`).

Generates its inputs under `bench/.data` (once; `--fresh` makes them again), compiles postil's
modules as an install would, then measures each figure: whole-app figures in a pseudo-terminal
with `ttfs.py` beside a bare Textual app, `less` and Toolong (when installed: `--toolong`, `tl`
on the PATH, or `bench/.data/venv-toolong`), in-process figures with the Pilot. Prints the table
(and `--json FILE` writes it).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import corpus
from bench.whole_app import (
    Terminal,
    Timing,
    bare,
    environment_note,
    find_toolong,
    find_ttfs,
    postil,
)

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
MIB = 1 << 20


@dataclass
class Figure:
    name: str
    value: str
    target: str
    bare: str = ""
    less: str = ""
    toolong: str = ""
    met: bool | None = None


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def mib(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} MiB"


def timing_text(timing: Timing | None, field: str = "first") -> str:
    if timing is None:
        return ""
    value = getattr(timing, field)
    if value is None:
        return f"failed: {timing.error}" if timing.error else "—"
    return mib(value) if field == "rss_mib" else seconds(value)


def in_process(figure: str, *arguments: Path, scratch: Path) -> dict[str, Any]:
    """One in-process figure, measured in a fresh interpreter."""
    env = dict(os.environ, POSTIL_CONFIG=str(scratch / "config"), POSTIL_AUTHOR="bench")
    done = subprocess.run(
        [sys.executable, str(BENCH / "in_process.py"), figure, *map(str, arguments)],
        capture_output=True,
        text=True,
        env=env,
        cwd=scratch,
        timeout=600,
    )
    try:
        return json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"error": tail}


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.figures: list[Figure] = []
        self.scratch = Path(tempfile.mkdtemp(prefix="postil-bench-"))
        ttfs = find_ttfs(args.ttfs)
        self.terminal = Terminal(ttfs, args.runs, self.scratch) if ttfs else None
        self.toolong = find_toolong(args.toolong)
        self.less = shutil.which("less")

    def add(self, figure: Figure) -> None:
        self.figures.append(figure)
        mark = {True: "met", False: "NOT MET", None: ""}[figure.met]
        print(f"  {figure.name}: {figure.value} ({figure.target}) {mark}", file=sys.stderr)

    def run(self) -> None:
        started = time.perf_counter()
        print("inputs…", file=sys.stderr)
        inputs = corpus.build(BENCH / ".data", fresh=self.args.fresh)
        compileall.compile_dir(ROOT / "tui", quiet=1)
        if self.terminal is None:
            print("no ttfs.py (give --ttfs): whole-app figures skipped", file=sys.stderr)
        else:
            self.whole_app(inputs)
        self.in_process(inputs)
        self.elapsed = time.perf_counter() - started

    # Whole app, in a pseudo-terminal ---------------------------------------------------------

    def whole_app(self, inputs: corpus.Inputs) -> None:
        terminal = self.terminal
        assert terminal is not None
        documents = inputs.documents
        print("bare Textual app…", file=sys.stderr)
        floor = terminal.measure(bare(), ["A bare Textual app is on screen."])
        big = documents["100 MB"]
        size = big.stat().st_size / MIB

        print("first screens…", file=sys.stderr)
        sample = terminal.measure(postil(documents["sample"]), [corpus.FIRST_SCREEN])
        sample_less = self.other("less", documents["sample"], [corpus.FIRST_SCREEN])
        self.add(
            Figure(
                "First screen: sample article",
                seconds(sample.first),
                f"≤ bare + 0.15 s = {seconds(_plus(floor.first, 0.15))}",
                bare=timing_text(floor),
                less=timing_text(sample_less),
                met=_within(sample.first, floor.first, 0.15),
            )
        )
        for label in ("1 MB", "10 MB"):
            timing = terminal.measure(postil(documents[label]), [corpus.FIRST_SCREEN])
            self.add(
                Figure(
                    f"First screen: {label} document",
                    seconds(timing.first),
                    "(for reference)",
                    bare=timing_text(floor),
                )
            )
        print("100 MB: first screen and G…", file=sys.stderr)
        opened = terminal.measure(
            postil(big),
            [corpus.FIRST_SCREEN],
            then_keys="G",
            then_expect=[corpus.LAST_LINE],
            linger=1.0,
        )
        less = self.other("less", big, [corpus.FIRST_SCREEN], "G", [corpus.LAST_LINE])
        toolong = self.toolong_timing(big)
        toolong_first = toolong.first if toolong else None
        self.add(
            Figure(
                "First screen: 100 MB document",
                seconds(opened.first),
                f"≤ bare + 0.5 s = {seconds(_plus(floor.first, 0.5))}, < Toolong",
                bare=timing_text(floor),
                less=timing_text(less),
                toolong=f"{timing_text(toolong)} (its last lines)" if toolong else "not installed",
                met=_within(opened.first, floor.first, 0.5)
                and (toolong_first is None or (opened.first or 1e9) < toolong_first),
            )
        )
        self.add(
            Figure(
                "G: last line of 100 MB on screen",
                seconds(opened.then),
                "≤ 0.3 s after the key",
                less=timing_text(less, "then"),
                toolong=f"{timing_text(toolong, 'then')} (Home: it opens at the end)"
                if toolong
                else "",
                met=opened.then is not None and opened.then <= 0.3,
            )
        )
        print("100 MB: search…", file=sys.stderr)
        query = corpus.NEEDLE
        needle = corpus.NEEDLE_SENTENCE[:60]
        found = terminal.search(postil(big), corpus.FIRST_SCREEN, "Search (Enter", query, needle)
        less_found = (
            terminal.search([self.less, str(big)], corpus.FIRST_SCREEN, "/", query, needle)
            if self.less
            else None
        )
        self.add(
            Figure(
                "/ search: hit at 99.5% of 100 MB on screen",
                seconds(found.then),
                "≤ 0.3 s after Enter",
                less=timing_text(less_found, "then"),
                met=found.then is not None and found.then <= 0.3,
            )
        )
        limit = 1.5 * size + 100
        self.add(
            Figure(
                f"Memory: peak RSS with {size:.0f} MiB open (after G)",
                mib(opened.rss_mib),
                f"≤ 1.5 × size + 100 MiB = {limit:.0f} MiB",
                bare=timing_text(floor, "rss_mib"),
                less=timing_text(less, "rss_mib"),
                toolong=timing_text(toolong, "rss_mib") if toolong else "",
                met=opened.rss_mib is not None and opened.rss_mib <= limit,
            )
        )

    def other(
        self,
        program: str,
        document: Path,
        expect: list[str],
        keys: str | None = None,
        then: list[str] | None = None,
    ) -> Timing | None:
        if program == "less" and self.less and self.terminal:
            return self.terminal.measure([self.less, str(document)], expect, keys, then)
        return None

    def toolong_timing(self, document: Path) -> Timing | None:
        """Toolong opens a file at its end: `first` is its first screen of text (the last
        lines), `then` how long `<Home>` then takes to show the first lines."""
        if self.toolong is None or self.terminal is None:
            return None
        return self.terminal.measure(
            [str(self.toolong), str(document)],
            [corpus.LAST_LINE],
            then_keys="<Home>",
            then_expect=[corpus.FIRST_SCREEN],
            runs=1,
            timeout=120,
        )

    # In process, with the Pilot --------------------------------------------------------------

    def in_process(self, inputs: corpus.Inputs) -> None:
        big = inputs.documents["100 MB"]
        print("keypresses on 100 MB with 10,000 annotations…", file=sys.stderr)
        keys = in_process("keys", big, inputs.big_store, scratch=self.scratch)
        floor = in_process("bare-keys", big, scratch=self.scratch).get("all")
        floor_text = (
            f"{floor['p95_ms']:.1f} ms (CPU {floor['cpu_p95_ms']:.1f})" if floor else "failed"
        )
        if "error" in keys:
            self.add(Figure("Keypress redraw", f"failed: {keys['error']}", "≤ 16 ms p95"))
        else:
            for group in ("scroll", "caret", "select", "all"):
                result = keys[group]
                self.add(
                    Figure(
                        f"Keypress redraw p95 ({group}, {result['count']} keys)",
                        f"{result['p95_ms']:.1f} ms (median {result['median_ms']:.1f}, "
                        f"CPU p95 {result['cpu_p95_ms']:.1f})",
                        "≤ 16 ms p95",
                        bare=floor_text,
                        met=result["p95_ms"] <= 16,
                    )
                )
            self.add(
                Figure(
                    "Opening 100 MB with 10,000 annotations (in process)",
                    seconds(keys["open_s"]),
                    "(for reference)",
                )
            )
        print("full search of 100 MB…", file=sys.stderr)
        search = in_process("search", big, scratch=self.scratch)
        if "error" in search:
            self.add(Figure("Full search of 100 MB", f"failed: {search['error']}", ""))
        else:
            self.add(
                Figure(
                    "Full search of 100 MB, slowest kind (no ASCII, no match): time, progress",
                    f"{seconds(search['search_s'])}, progress {search['progress_shown']}",
                    "progress indicator",
                    met=search["progress_shown"],
                )
            )
            self.add(
                Figure(
                    "Keys during that search: redraw p95 / max",
                    f"{search['keys_p95_ms']:.1f} / {search['keys_max_ms']:.1f} ms",
                    "input never frozen (≤ 100 ms)",
                    met=search["keys_max_ms"] <= 100,
                )
            )
            self.add(
                Figure(
                    "Escape stops a full search",
                    f"stopped in {search['cancel_ms']:.0f} ms"
                    if search["cancelled"]
                    else "did not stop",
                    "cancel works",
                    met=search["cancelled"],
                )
            )
        print("store…", file=sys.stderr)
        store = in_process("store", inputs.library_store, scratch=self.scratch)
        if "error" in store:
            self.add(Figure("Store writes", f"failed: {store['error']}", "≤ 20 ms"))
        else:
            for action in ("add", "edit"):
                result = store[action]
                self.add(
                    Figure(
                        f"Store: {action} one annotation, durable "
                        f"({store['annotations']:,} in store), p95",
                        f"{result['p95_ms']:.1f} ms (median {result['median_ms']:.1f})",
                        "≤ 20 ms",
                        met=result["p95_ms"] <= 20,
                    )
                )
        print("library…", file=sys.stderr)
        library = in_process("library", inputs.library, inputs.library_store, scratch=self.scratch)
        if "error" in library:
            self.add(Figure("Library of 1,000 documents", f"failed: {library['error']}", "≤ 1 s"))
        else:
            complete = library["listed"] >= library["documents"]
            value = seconds(library["listed_s"])
            if not complete:
                value = f"> {value} ({library['listed']:,} listed, then the bench gave up)"
            self.add(
                Figure(
                    f"Library of {library['documents']:,} documents / 100,000 annotations "
                    "listed (app start included)",
                    value,
                    "≤ 1 s",
                    met=complete and library["listed_s"] <= 1.0,
                )
            )
        print("start-up work…", file=sys.stderr)
        startup = in_process("startup", inputs.documents["sample"], scratch=self.scratch)
        if "error" in startup:
            self.add(Figure("Start-up work", f"failed: {startup['error']}", ""))
        else:
            unneeded = startup["unneeded"]
            self.add(
                Figure(
                    "Start-up: modules loaded that the first screen does not need",
                    ", ".join(unneeded) or "none",
                    "none",
                    met=not unneeded,
                )
            )

    # The table -------------------------------------------------------------------------------

    def table(self) -> str:
        header = ("figure", "value", "target", "met", "bare Textual", "less", "Toolong")
        rows = [
            (
                f.name,
                f.value,
                f.target,
                {True: "yes", False: "NO", None: ""}[f.met],
                f.bare,
                f.less,
                f.toolong,
            )
            for f in self.figures
        ]
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        lines = [" | ".join(str(cell).ljust(w) for cell, w in zip(header, widths, strict=True))]
        lines.append("-+-".join("-" * w for w in widths))
        lines += [
            " | ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True))
            for row in rows
        ]
        return "\n".join(line.rstrip() for line in lines)


def _plus(value: float | None, extra: float) -> float | None:
    return None if value is None else value + extra


def _within(value: float | None, floor: float | None, extra: float) -> bool | None:
    if value is None or floor is None:
        return None if floor is None and value is not None else False
    return value <= floor + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per whole-app figure")
    parser.add_argument("--fresh", action="store_true", help="generate the inputs again")
    parser.add_argument("--ttfs", help="path of ttfs.py (default: ../shared/tools/ttfs.py)")
    parser.add_argument("--toolong", help="path of Toolong's `tl`")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    bench = Bench(args)
    try:
        bench.run()
    finally:
        shutil.rmtree(bench.scratch, ignore_errors=True)
    print()
    print(bench.table())
    print()
    print(f"{environment_note()}; {bench.elapsed:.0f} s in all")
    if args.json:
        args.json.write_text(json.dumps([f.__dict__ for f in bench.figures], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
