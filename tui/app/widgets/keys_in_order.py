"""Keys applied in the order they were typed, however fast they come: mixins for text fields
(`KeysInOrder`) and for the app, while a dialog or prompt opens (`KeysHeldWhileOpening`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, TypeGuard

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    WidgetMixin = Widget
    AppMixin = App[None]
else:
    WidgetMixin = object  # a mixin must not put Widget before the widget's own classes
    AppMixin = object

HOLD_LIMIT = 1.0
"""Seconds keys are held at most: should the keys routed before never all come back (their
widget removed meanwhile), the ones held are let go rather than the keyboard seeming dead."""


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
        focused = self.app.screen.focused
        if focused is not None and focused is not self:
            # Routed here before an earlier key of the same burst moved the focus on (or closed
            # this dialog): pass it on the way the app itself routes keys (a plain post would
            # come back to the app).
            event.stop()
            event.prevent_default()
            focused._forward_event(events.Key(event.key, event.character))
            return
        if self.key_now(event.key, event.character) or await self._binding_now(event):
            event.stop()
            event.prevent_default()

    async def _binding_now(self, event: events.Key) -> bool:
        """Run the key's binding now; True if one took it. A key the field may type (a letter,
        Enter in a note) looks only at the field's own bindings, as Textual has the field type
        it first; any other (ctrl+s, Escape) at the bindings from here up to the app, so the
        keys typed after a dialog's ctrl+s are not typed into it before it saves. An action
        that declines (Up in a one-line field) lets the key go on up, as it would without this.
        """
        if event.is_printable or event.key == "enter":
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    return True
            return False
        return await self.app._check_bindings(event.key)

    def key_now(self, key: str, character: str | None) -> bool:
        """Apply a key that is no binding of this widget; True if `key` was one of those."""
        if key == "tab":
            self.screen.focus_next()
        elif key == "shift+tab":
            self.screen.focus_previous()
        else:
            return False
        return True


class KeysCaughtUp(Message):
    """Sent after the keys already routed to a widget: once it has bubbled up to the app, every
    one of them that no widget took has come back before it."""


@dataclass
class Hold:
    """The keys held while a dialog or prompt opens or closes: those routed to the old focus
    that came back unhandled, and those arriving meanwhile (typed after them)."""

    returned: list[events.Key] = field(default_factory=list)
    arrived: list[events.Key] = field(default_factory=list)


class KeysHeldWhileOpening(AppMixin):
    """Put it before the app class: `class PostilApp(KeysHeldWhileOpening, App[None])`.

    Textual routes each key to the focused widget as soon as it arrives, but runs a screen's
    key bindings only once the key has bubbled back up to the app. So in a burst (a paste, tmux
    send-keys), the keys typed after one that opens a dialog or a prompt were already routed to
    the widget that had the focus: they came back to the app after the dialog opened and were
    looked up as its bindings (the letters dropped, a ctrl+s saving at once), while the keys
    still arriving went to a dialog not yet mounted, with nothing focused.

    So once a key's binding has moved the focus or changed the screen, the app holds every key
    until those routed before have come back (`KeysCaughtUp`) and the new screen is mounted
    with its focus set, then routes them, in the order they were typed, as if the user had
    waited. An opener must focus at once (`Screen.set_focus`) or in the new screen's
    `on_mount`: `Widget.focus` from an action waits in the app's queue, which keys overtake.
    """

    _hold: Hold | None = None
    _routed_to: MessagePump | None = None  # where the app sent the last key that arrived

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
            return
        if self._hold is not None:
            hold = self._hold
            (hold.returned if event.is_forwarded else hold.arrived).append(event)
            return
        screen, focused = self.screen, self.focused
        if not event.is_forwarded:
            self._routed_to = focused or screen
        await super().on_event(event)
        if self.screen is not screen or self.focused is not focused:
            self._start_hold()

    def _start_hold(self) -> None:
        hold = self._hold = Hold()
        self.set_timer(HOLD_LIMIT, partial(self._release, hold))
        routed = self._routed_to
        if not (self._still_open(routed) and routed.post_message(KeysCaughtUp())):
            self._caught_up()  # on a closed screen, no key comes back

    def _still_open(self, pump: MessagePump | None) -> TypeGuard[Widget]:
        """Whether keys routed to `pump` can come back: it is on a screen still open."""
        return isinstance(pump, Widget) and pump.is_attached and pump.screen in self.screen_stack

    def _on_keys_caught_up(self, message: KeysCaughtUp) -> None:
        message.stop()
        self._caught_up()

    def _caught_up(self) -> None:
        """The screen's queue runs a callback once it is mounted (its `on_mount` may focus
        through the app's queue): the release then goes into the app's queue after that."""
        if self._hold is not None:
            self.screen.call_later(self.call_later, self._release, self._hold)

    async def _release(self, hold: Hold) -> None:
        if self._hold is not hold:
            return  # released already
        self._hold = None
        for key in [*hold.returned, *hold.arrived]:
            await self.on_event(events.Key(key.key, key.character))


class TextField(KeysInOrder, Input):
    """A one-line text field whose keys apply in order (a query, a path)."""
