"""Whole-app figures: programs started in a pseudo-terminal, timed by `ttfs.py` (see its --help).

Each program runs in a fresh 120x40 terminal; a figure is the median of the runs. Every program
reads its own copy of any store, so runs do not see each other's changes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


def postil(document: Path | str, *options: str) -> list[str]:
    return [sys.executable, "-m", "tui", *options, str(document)]


def bare() -> list[str]:
    return [sys.executable, str(BARE_APP)]


def environment_note() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{os.cpu_count()} CPUs, load average {load:.1f} when measured"
