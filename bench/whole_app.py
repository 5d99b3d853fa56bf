"""Whole-app figures: programs started in a pseudo-terminal, timed by `ttfs.py` (see its --help).

Each program runs in a fresh 120x40 terminal; a figure is the median of the runs. Every program
reads its own copy of any store, so runs do not see each other's changes.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"


def find_ttfs(given: str | None) -> Path | None:
    """`--ttfs`, else the nearest `shared/tools/ttfs.py` above the project."""
    if given:
        return Path(given)
    for folder in ROOT.parents:
        candidate = folder / "shared" / "tools" / "ttfs.py"
        if candidate.exists():
            return candidate
    return None


def find_toolong(given: str | None) -> Path | None:
    """`--toolong`, else `tl` on the PATH, else the one in `bench/.data/venv-toolong`."""
    if given:
        return Path(given)
    found = shutil.which("tl")
    if found:
        return Path(found)
    local = Path(__file__).resolve().parent / ".data" / "venv-toolong" / "bin" / "tl"
    return local if local.exists() else None


@dataclass
class Timing:
    """Medians of the runs that succeeded (None where none did)."""

    first: float | None = None
    then: float | None = None
    rss_mib: float | None = None
    error: str | None = None


class Terminal:
    """Runs `ttfs.py` for one program at a time."""

    def __init__(self, ttfs: Path, runs: int, scratch: Path) -> None:
        self.ttfs = ttfs
        self.runs = runs
        self.scratch = scratch

    def measure(
        self,
        command: list[str],
        expect: list[str],
        then_keys: str | None = None,
        then_expect: list[str] | None = None,
        env: dict[str, str] | None = None,
        store: Path | None = None,
        linger: float = 0.0,
        runs: int | None = None,
        timeout: float = 60.0,
    ) -> Timing:
        with tempfile.TemporaryDirectory(dir=self.scratch) as folder:
            home = Path(folder)
            variables = {
                "HOME": str(home),
                "POSTIL_CONFIG": str(home / "config"),
                "POSTIL_STORE": str(home / "store"),
                "LESSHISTFILE": "-",
                **(env or {}),
            }
            if store is not None:
                shutil.copytree(store, home / "store")
            arguments = [sys.executable, str(self.ttfs), "-n", str(runs or self.runs)]
            arguments += ["--timeout", str(timeout), "--linger", str(linger)]
            for text in expect:
                arguments += ["--expect", text]
            if then_keys is not None:
                arguments += ["--then-keys", then_keys]
                for text in then_expect or []:
                    arguments += ["--then-expect", text]
            for key, value in variables.items():
                arguments += ["--env", f"{key}={value}"]
            arguments += ["--", *command]
            done = subprocess.run(arguments, capture_output=True, text=True, cwd=home)
        try:
            summary = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, ValueError):
            return Timing(error=(done.stderr.strip().splitlines() or ["no output"])[-1])
        rss = summary.get("peak_rss_kb_max")
        return Timing(
            first=summary.get("ttfs_median_s"),
            then=summary.get("then_median_s"),
            rss_mib=rss / 1024 if rss else None,
            error="; ".join(e for e in summary.get("errors", []) if e) or None,
        )

    def search(
        self,
        command: list[str],
        first: str,
        prompt: str,
        query: str,
        found: str,
        store: Path | None = None,
    ) -> Timing:
        """Open `command`, press `/`, type `query`, and time from Enter until `found` shows.

        Keys go one step at a time, each once the screen shows the last (as a person types):
        keys sent in one burst can reach an input field after the Enter that submits it.
        """
        ttfs = _load(self.ttfs)
        times: list[float] = []
        error = None
        for _ in range(self.runs):
            with tempfile.TemporaryDirectory(dir=self.scratch) as folder:
                home = Path(folder)
                if store is not None:
                    shutil.copytree(store, home / "store")
                env = ttfs.child_env(
                    [
                        f"HOME={home}",
                        f"POSTIL_CONFIG={home / 'config'}",
                        f"POSTIL_STORE={home / 'store'}",
                        "LESSHISTFILE=-",
                    ]
                )
                terminal = ttfs.Terminal(command, 120, 40, env, str(home))
                try:
                    deadline = time.perf_counter() + 60
                    steps = [("/", [prompt]), (query, [query])]
                    if terminal.wait_for([first], deadline) is None:
                        error = "no first screen"
                        continue
                    for keys, expect in steps:
                        terminal.send(ttfs.encode_keys(keys, terminal.app_cursor))
                        if terminal.wait_for(expect, deadline) is None:
                            error = f"{expect} not seen"
                            break
                    else:
                        sent = time.perf_counter()
                        terminal.send(b"\r")
                        shown = terminal.wait_for([found], deadline)
                        if shown is None:
                            error = f"{found!r} not seen"
                        else:
                            times.append(max(0.0, shown - sent))
                finally:
                    terminal.kill()
        return Timing(then=statistics.median(times) if times else None, error=error)


def _load(path: Path) -> Any:
    """`ttfs.py` as a module, to drive a program step by step with its terminal."""
    spec = importlib.util.spec_from_file_location("ttfs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def postil(document: Path | str, *options: str) -> list[str]:
    return [sys.executable, "-m", "tui", *options, str(document)]


def bare() -> list[str]:
    return [sys.executable, str(BARE_APP)]


def environment_note() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, load average {load:.1f} when measured"
