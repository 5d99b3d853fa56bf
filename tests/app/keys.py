"""Keys sent as a terminal sends a paste or a fast typist's burst."""

from __future__ import annotations

from textual import events
from textual.keys import _character_to_key

from tui.app.app import PostilApp

CHARACTERS = {"enter": "\r", "tab": "\t"}


def burst(app: PostilApp, *keys: str) -> None:
    """Queue every key before any is handled, as a paste or a fast typist's terminal sends them
    (`pilot.press` lets the app go idle between keys, which hides ordering mistakes)."""
    for key in keys:
        character = CHARACTERS.get(key, key if len(key) == 1 else None)
        name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
        app.post_message(events.Key(name, character))
