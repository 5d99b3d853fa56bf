"""Printing for the CLI: what reaches the terminal is always safe to show."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from tui.core.safe_text import SAFE_ALL

_C1 = re.compile("[\x7f-\x9f]")


def say(line: str = "") -> None:
    """Print one line of human output, control characters made visible."""
    print(line.translate(SAFE_ALL))


def print_json(data: Any) -> None:
    """JSON on stdout; C1 control characters escaped too, so no escape sequence gets through."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _C1.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    sys.stdout.write(text + "\n")


def warn(message: str) -> None:
    print(f"postil: {message.translate(SAFE_ALL)}", file=sys.stderr)
