"""The one place formats are registered. Modules are imported only when their format is used,
so starting postil costs nothing for the formats it does not touch."""

from __future__ import annotations

import importlib

from tui.core.errors import PostilError
from tui.formats.base import Format

MODULES: dict[str, str] = {
    "json": "tui.formats.postil_json",
    "jsonl": "tui.formats.jsonl",
    "csv": "tui.formats.csv_table",
    "markdown": "tui.formats.markdown",
    "html": "tui.formats.html_report",
    "w3c": "tui.formats.w3c",
    "brat": "tui.formats.brat",
    "refi-qda": "tui.formats.refi_qda",
}

# Formats that can be read back, in the order `sniff` tries them (most particular first).
IMPORTABLE = ("json", "w3c")


def names() -> list[str]:
    return list(MODULES)


def importable() -> list[str]:
    return list(IMPORTABLE)


def get(name: str) -> Format:
    if name not in MODULES:
        raise PostilError(f"unknown format {name!r}; choose one of: {', '.join(MODULES)}")
    return importlib.import_module(MODULES[name]).FORMAT


def sniff(data: bytes) -> Format | None:
    """The importable format `data` looks like, or None."""
    for name in IMPORTABLE:
        chosen = get(name)
        if chosen.sniff is not None and chosen.sniff(data):
            return chosen
    return None
