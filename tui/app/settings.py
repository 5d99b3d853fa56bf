"""The user's preferences (theme, margin width, each store's recent tags), kept between sessions.

Every path is here, overridable by `$POSTIL_CONFIG` so tests never touch the user's own file.

Recent tags (the quick codes 1..9) belong to a store: its tags are not another project's. Each
store keeps its own, under its resolved root, with the store's tag names as they were when the
list was last checked (`follow_tag_names`), so a rename, merge or delete made since, by the app
or the CLI, renames or drops them. A list saved before stores kept their own (the top-level
`recent_tags`) goes to the first store opened that has none.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.durable import write_atomically

RECENT_TAGS = 9
SAVED = ("theme", "margin_percent", "recent_tags", "stores")


def config_path() -> Path:
    configured = os.environ.get("POSTIL_CONFIG")
    if configured:
        return Path(configured) / "config.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "postil" / "config.json"


@dataclass
class Settings:
    """`recent_tags` and `tag_names` are those of the store in use (`use_store`); `stores`
    holds every store's, by root."""

    theme: str = "textual-dark"
    margin_percent: int = 34
    recent_tags: list[str] = field(default_factory=list)
    stores: dict[str, Any] = field(default_factory=dict)
    store: str = ""
    tag_names: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; a missing or unreadable file gives the defaults."""
        try:
            data = json.loads(config_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        defaults = cls()
        for name, value in data.items():
            if name in SAVED and isinstance(value, type(getattr(defaults, name))):
                setattr(defaults, name, value)
        defaults.recent_tags = _tags(defaults.recent_tags)
        return defaults

    def save(self) -> None:
        """Write the settings; a read-only home is not worth an error, so failures are ignored."""
        self._keep()
        data: dict[str, Any] = {"theme": self.theme, "margin_percent": self.margin_percent}
        if not self.store:
            data["recent_tags"] = self.recent_tags  # not given to a store yet
        data["stores"] = self.stores
        path = config_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
            write_atomically(path, payload, keep_backup=False)
        except OSError:
            return

    def use_store(self, root: Path) -> None:
        """Take the recent tags of the store at `root` (the first one opened without any takes
        those saved before stores kept their own; any other starts with none)."""
        key = str(Path(root).resolve())
        if key == self.store:
            return
        first = not self.store
        self._keep()
        saved = self.stores.get(key)
        if isinstance(saved, dict):
            self.recent_tags = _tags(saved.get("recent_tags"))
            self.tag_names = _names(saved.get("tag_names"))
        else:
            self.recent_tags = self.recent_tags if first else []
            self.tag_names = {}
        self.store = key

    def follow_tag_names(self, names: Mapping[str, str | None]) -> bool:
        """Rename, or drop, the recent tags the store renamed, merged or deleted since they
        were last checked; `names` is its `TagNames.names`. True if anything changed."""
        if names == self.tag_names:
            return False
        before = self.tag_names
        current = (current_name(tag, before, names) for tag in self.recent_tags)
        self.recent_tags = list(dict.fromkeys(tag for tag in current if tag))
        self.tag_names = dict(names)
        return True

    def use_tags(self, tags: tuple[str, ...] | list[str]) -> None:
        """Move `tags` to the front of the recently used tags (for quick coding with 1..9)."""
        recent = [tag for tag in tags if tag] + [t for t in self.recent_tags if t not in tags]
        self.recent_tags = recent[:RECENT_TAGS]

    def _keep(self) -> None:
        if self.store:
            self.stores[self.store] = {
                "recent_tags": self.recent_tags,
                "tag_names": self.tag_names,
            }


def current_name(
    tag: str, before: Mapping[str, str | None], after: Mapping[str, str | None]
) -> str | None:
    """What `tag` is called in the tag names `after`, given it was called so in `before`:
    the name of the keys that named it (a key not listed names itself). It keeps its name
    while any of them still has it (a merge undone leaves the target as it was); None once
    all of them are deleted."""
    keys = [key for key, name in before.items() if name == tag]
    if tag not in before:
        keys.append(tag)
    now = [after.get(key, key) for key in keys]
    if tag in now:
        return tag
    return next((name for name in now if name), None)


def _tags(value: object) -> list[str]:
    """A saved tag list, without what a hand-edited file may have put in it."""
    if not isinstance(value, list):
        return []
    return [tag for tag in value if isinstance(tag, str) and tag][:RECENT_TAGS]


def _names(value: object) -> dict[str, str | None]:
    if not isinstance(value, dict):
        return {}
    return {
        key: name
        for key, name in value.items()
        if isinstance(key, str) and (name is None or isinstance(name, str))
    }
