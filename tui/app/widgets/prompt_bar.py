"""A one-line prompt at the bottom of the reader, for search (`/`) and go-to (`:`)."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from tui.app.widgets.keys_in_order import KeysInOrder
from tui.app.widgets.tag_input import KnownTags


class PromptBar(KeysInOrder, Input):
    """Enter submits; Escape closes; with `KnownTags` as suggester, Tab or Right takes the
    completion shown, as in the tag field. `mode` tells the screen what the text is for.

    It lies over the bottom of the screen (a layer of its own) rather than taking room from the
    document, so opening and closing it repaint only its own rows: no relayout, no rewrap.
    """

    DEFAULT_CSS = """
    PromptBar {
        layer: overlay;
    }
    """

    BINDINGS = [Binding("escape", "close", "Close", show=False)]

    class Closed(Message):
        def __init__(self, prompt: PromptBar) -> None:
            super().__init__()
            self.prompt = prompt

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode = ""

    def open(self, mode: str, placeholder: str, value: str = "") -> None:
        self.mode = mode
        self.placeholder = placeholder
        self.value = value
        self.display = True
        self.screen.set_focus(self)  # at once: keys typed right after `/` are for the prompt

    def key_now(self, key: str, character: str | None) -> bool:
        known = self.suggester if isinstance(self.suggester, KnownTags) else None
        completion = known.complete(self.value) if known and self.cursor_at_end else None
        if key in ("tab", "right") and completion:
            self.value = completion
            self.cursor_position = len(completion)
            return True
        return super().key_now(key, character)

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed(self))

    def on_blur(self, event: events.Blur) -> None:
        self.display = False
