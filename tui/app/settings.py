"""The user's preferences (theme, margin width, each store's recent tags), kept between sessions.

Every path is here, overridable by `$POSTIL_CONFIG` so tests never touch the user's own file.

Recent tags (the quick codes 1..9) belong to a store: its tags are not another project's. Each
store keeps its own, under its resolved root, with the keys its annotation files store them
under (see `tui.core.tag_names`): a key keeps meaning one tag, so the store's current name for
it tells what a recent tag is called now, after a rename, merge or delete made by the app or
the CLI, and after its undo. A list saved before stores kept their own (the top-level
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
    """`recent_tags` and `tag_keys` (key: the recent tag it stores) are those of the store in
    use (`use_store`); `stores` holds every store's, by root."""

    theme: str = "textual-dark"
    margin_percent: int = 34
    recent_tags: list[str] = field(default_factory=list)
    stores: dict[str, Any] = field(default_factory=dict)
    store: str = ""
    tag_keys: dict[str, str] = field(default_factory=dict)

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
            self.tag_keys = _keys(saved.get("tag_keys"))
        else:
            self.recent_tags = self.recent_tags if first else []
            self.tag_keys = {}
        self.store = key

    def follow_tag_names(self, names: Mapping[str, str | None]) -> bool:
        """Give the recent tags the names the store now gives their keys (`names`: its
        `TagNames.names`), dropping deleted ones. True if anything changed.

        A tag keeps its name while any of its keys still has it (undoing a merge leaves the
        target as it was); a tag known by no key yet (a list from before) is its own key."""
        recent: list[str] = []
        keys: dict[str, str] = {}
        for tag in self.recent_tags:
            own = [key for key, name in self.tag_keys.items() if name == tag] or [tag]
            now = [names.get(key, key) for key in own]
            name = tag if tag in now else next((named for named in now if named), None)
            if name is None:
                continue
            if name not in recent:
                recent.append(name)
            keys.update((key, name) for key, named in zip(own, now, strict=True) if named == name)
        changed = recent != self.recent_tags or keys != self.tag_keys
        self.recent_tags, self.tag_keys = recent, keys
        return changed

    def use_tags(self, tags: tuple[str, ...] | list[str], names: Mapping[str, str | None]) -> None:
        """Move `tags`, just stored, to the front of the recently used tags (for quick coding
        with 1..9), with the keys the store's tag names (`names`) store them under."""
        recent = [tag for tag in tags if tag] + [t for t in self.recent_tags if t not in tags]
        self.recent_tags = recent[:RECENT_TAGS]
        for tag in tags:
            self.tag_keys.update((key, tag) for key, name in names.items() if name == tag)
            if tag not in names:
                self.tag_keys[tag] = tag
        kept = set(self.recent_tags)
        self.tag_keys = {key: tag for key, tag in self.tag_keys.items() if tag in kept}

    def _keep(self) -> None:
        if self.store:
            self.stores[self.store] = {
                "recent_tags": self.recent_tags,
                "tag_keys": self.tag_keys,
            }


def _tags(value: object) -> list[str]:
    """A saved tag list, without what a hand-edited file may have put in it."""
    if not isinstance(value, list):
        return []
    return [tag for tag in value if isinstance(tag, str) and tag][:RECENT_TAGS]


def _keys(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {key: tag for key, tag in value.items() if isinstance(key, str) and isinstance(tag, str)}
