"""A mixin for text fields that apply every key as it arrives, in the order it was typed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.widget import Widget

if TYPE_CHECKING:
    WidgetMixin = Widget
else:
    WidgetMixin = object  # a mixin must not put Widget before the widget's own classes


class KeysInOrder(WidgetMixin):
    """Put it before the widget class: `class Field(KeysInOrder, Input)`.

    Textual runs a widget's key bindings (Backspace, arrows) and the app's Tab only once the key
    has bubbled up to the app, and routes keys to the focused widget before earlier ones are
    handled; so in a fast burst (a paste, tmux send-keys) the letters after a Backspace were
    typed before it was seen, and those after a Tab still came to the field it left. A field
    with this mixin does what a key means when it takes the key.
    """

    async def _on_key(self, event: events.Key) -> None:
        """Unless stopped here, the widget's own handler (next in the class chain) types it."""
        focused = self.screen.focused
        if focused is not None and focused is not self:
            # Routed here before an earlier key of the same burst moved the focus on: pass it on
            # the way the app itself routes keys (a plain post would come back to the app).
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if self.key_now(event.key, event.character):
            event.stop()
            event.prevent_default()
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                # Handled; an action that declines (Up in a one-line field) lets the key go on
                # up to the screen's bindings, as it would without this mixin.
                event.stop()
                event.prevent_default()
                return

    def key_now(self, key: str, character: str | None) -> bool:
        """Apply a key that is no binding of this widget; True if `key` was one of those."""
        if key == "tab":
            self.screen.focus_next()
        elif key == "shift+tab":
            self.screen.focus_previous()
        else:
            return False
        return True
