"""Finding the documents a user points postil at: files, folders (recursively), or both."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tui.core.document import TEXT_SUFFIXES


@dataclass
class Found:
    """Documents found, in a stable order, and one notice per thing skipped."""

    paths: list[Path] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def is_document_name(path: Path) -> bool:
    return path.suffix.lower() in TEXT_SUFFIXES and not path.name.startswith(".")


def find_documents(paths: list[Path]) -> Found:
    """Every supported document under `paths`; a file named explicitly is always taken.

    Folders are walked recursively in name order; hidden entries, symlink loops and unreadable
    folders are skipped with a notice rather than stopping the search.
    """
    found = Found()
    seen_files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            _walk(path, found, seen_files, visited=set())
        elif path.exists() or path.is_symlink():
            _take(path, found, seen_files)
        else:
            found.notices.append(f"{path}: no such file or folder")
    return found


def _take(path: Path, found: Found, seen: set[Path]) -> None:
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        found.notices.append(f"{path}: broken link, skipped")
        return
    if real not in seen:
        seen.add(real)
        found.paths.append(path)


def _walk(folder: Path, found: Found, seen: set[Path], visited: set[Path]) -> None:
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        found.notices.append(f"{folder}: link loop or broken link, skipped")
        return
    if real in visited:
        found.notices.append(f"{folder}: link loop, skipped")
        return
    visited.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        found.notices.append(f"{folder}: cannot be read ({error.strerror}), skipped")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            _walk(path, found, seen, visited)
        elif is_document_name(path):
            _take(path, found, seen)
