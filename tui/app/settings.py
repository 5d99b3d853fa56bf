"""The user's preferences (theme, margin width, recent tags), kept between sessions.

Every path is here, overridable by `$POSTIL_CONFIG` so tests never touch the user's own file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from tui.core.durable import write_atomically

RECENT_TAGS = 9


def config_path() -> Path:
    configured = os.environ.get("POSTIL_CONFIG")
    if configured:
        return Path(configured) / "config.json"
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "postil" / "config.json"


@dataclass
class Settings:
    theme: str = "textual-dark"
    margin_percent: int = 34
    recent_tags: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> Settings:
        """The saved settings; a missing or unreadable file gives the defaults."""
        try:
            data = json.loads(config_path().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        known = {f.name for f in fields(cls)}
        defaults = cls()
        for name, value in data.items():
            if name in known and isinstance(value, type(getattr(defaults, name))):
                setattr(defaults, name, value)
        return defaults

    def save(self) -> None:
        """Write the settings; a read-only home is not worth an error, so failures are ignored."""
        path = config_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps(asdict(self), ensure_ascii=False, indent=2).encode("utf-8")
            write_atomically(path, payload, keep_backup=False)
        except OSError:
            return

    def use_tags(self, tags: tuple[str, ...] | list[str]) -> None:
        """Move `tags` to the front of the recently used tags (for quick coding with 1..9)."""
        recent = [tag for tag in tags if tag] + [t for t in self.recent_tags if t not in tags]
        self.recent_tags = recent[:RECENT_TAGS]
