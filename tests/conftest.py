"""Shared fixtures: every test gets its own store and never touches the user's data."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.store import Store

Run = tuple[int, str, str]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b169668185c3824f.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's own store, author name and editor."""
    monkeypatch.setenv("POSTIL_STORE", str(tmp_path / "store"))
    monkeypatch.setenv("POSTIL_AUTHOR", "tester")
    monkeypatch.setenv("POSTIL_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A private copy of the sample article, so tests may edit or move it."""
    copy = tmp_path / "docs" / SEED.name
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED, copy)
    return copy


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store")


@pytest.fixture
def fsynced(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The (device, inode) of every file and folder fsynced from now on, in order."""
    synced: list[tuple[int, int]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        status = os.fstat(fd)
        synced.append((status.st_dev, status.st_ino))

    monkeypatch.setattr(os, "fsync", fsync)
    return synced


def shared_path(*parts: str) -> Path:
    """A file under ../shared, or skip the test where it is absent (a user's fresh clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (it exists beside the project's CI checkout only)")
    return path


@pytest.fixture
def postil(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`postil(*argv)` runs one command in-process; returns its exit status, stdout and stderr."""

    def run(*argv: str) -> Run:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
