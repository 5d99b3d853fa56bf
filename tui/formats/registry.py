"""The one place formats are registered. Modules are imported only when their format is used,
so starting postil costs nothing for the formats it does not touch."""

from __future__ import annotations

import importlib

from tui.core.errors import PostilError
from tui.formats.base import Format

MODULES: dict[str, str] = {
    "json": "tui.formats.postil_json",
}


def names() -> list[str]:
    return list(MODULES)


def get(name: str) -> Format:
    if name not in MODULES:
        raise PostilError(f"unknown format {name!r}; choose one of: {', '.join(MODULES)}")
    return importlib.import_module(MODULES[name]).FORMAT
