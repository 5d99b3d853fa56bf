"""A tag field: tags as coloured chips, typed with completion from the tags already in use.

Its `KeysInOrder` mixin serves the note field of the annotation editor too."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.core.annotation import normalize_tag, normalize_tags
from tui.core.colors import readable_on, tag_color
from tui.core.safe_text import one_line


class KnownTags(Suggester):
    """Completes a tag from the tags in use; the field asks `complete` too, to accept it at once."""

    def __init__(self, known: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.known = known

    def complete(self, typed: str) -> str | None:
        """The first known tag that starts with what was typed (ignoring case) and is longer."""
        if not typed:
            return None
        folded = typed.casefold()
        return next(
            (t for t in self.known if len(t) > len(typed) and t.casefold().startswith(folded)),
            None,
        )

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)


if TYPE_CHECKING:
    WidgetMixin = Widget
else:
    WidgetMixin = object  # a mixin must not put Widget before the widget's own classes


class KeysInOrder(WidgetMixin):
    """A mixin for a text field that applies every key as it arrives, in order.

    Textual runs a widget's key bindings (Backspace, arrows) and the app's Tab only once the key
    has bubbled up to the app, and routes keys to the focused widget before earlier ones are
    handled; so in a fast burst (a paste, tmux send-keys) the letters after a Backspace were
    typed before it was seen, and those after a Tab still came to the field it left. A field
    with this mixin does what a key means when it takes the key. Put it before the widget class.
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
        bindings = self._bindings.key_to_bindings.get(event.key, [])
        if bindings:
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)

    def key_now(self, key: str, character: str | None) -> bool:
        """Apply a key that is no binding of this widget; True if `key` was one of those."""
        if key == "tab":
            self.screen.focus_next()
        elif key == "shift+tab":
            self.screen.focus_previous()
        else:
            return False
        return True


class TagField(KeysInOrder, Input):
    """The text part of a TagInput."""

    def __init__(self, known: KnownTags, *, id: str | None = None) -> None:
        super().__init__(
            placeholder="tag, Enter adds it (a/b makes a hierarchy)", suggester=known, id=id
        )
        self.known = known

    @property
    def tag_input(self) -> TagInput:
        return self.query_ancestor(TagInput)

    def key_now(self, key: str, character: str | None) -> bool:
        completion = self.known.complete(self.value) if self.cursor_at_end else None
        if key == "enter" or character == ",":
            self.tag_input.add_typed()
        elif key in ("tab", "right") and completion:
            self.accept(completion)
        elif key == "backspace" and not self.value:
            self.tag_input.remove_last()
        else:
            return super().key_now(key, character)
        return True

    def accept(self, completion: str) -> None:
        self.value = completion
        self.cursor_position = len(completion)

    def _on_paste(self, event: events.Paste) -> None:
        """A pasted list (lines or commas) becomes tags; the part after the last stays typed."""
        *complete, rest = re.split(r"[,\r\n]", event.text)
        if not complete:
            return  # Input's own handler (next in the class chain) inserts it
        event.stop()
        event.prevent_default()
        cursor = self.cursor_position
        complete[0] = self.value[:cursor] + complete[0]
        for tag in complete:
            self.tag_input.add(tag)
        self.value = rest.lstrip() + self.value[cursor:]
        self.cursor_position = len(rest.lstrip())


class TagInput(Horizontal):
    """Enter or `,` adds the typed tag, Tab or Right takes the suggested completion, Backspace
    in an empty field removes the last tag."""

    class Changed(Message):
        def __init__(self, tags: tuple[str, ...]) -> None:
            super().__init__()
            self.tags = tags

    def __init__(
        self,
        tags: tuple[str, ...],
        known: list[str],
        colors: Callable[[str], str] = tag_color,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.tags = tuple(tags)
        self._known = known
        self._colors = colors

    def compose(self) -> ComposeResult:
        yield Static(self._chips(), id="tag-chips")
        yield TagField(KnownTags(self._known), id="tag-field")

    def _chips(self) -> Text:
        text = Text()
        for tag in self.tags:
            color = self._colors(tag)
            text.append(
                f" {one_line(tag)} ", Style(bgcolor=color, color=readable_on(color), bold=True)
            )
            text.append(" ")
        return text

    @property
    def field(self) -> TagField:
        return self.query_one("#tag-field", TagField)

    @property
    def pending(self) -> str:
        """Text typed but not yet added as a tag (added on save, so nothing typed is lost)."""
        return normalize_tag(self.field.value)

    def focus(self, scroll_visible: bool = True) -> TagInput:
        self.field.focus(scroll_visible)
        return self

    def add(self, tag: str) -> None:
        self.tags = normalize_tags([*self.tags, tag])
        self._refresh_chips()

    def add_typed(self) -> None:
        """Add what was typed; with nothing typed, go on to the next field."""
        if self.pending:
            self.add(self.pending)
            self.field.value = ""
        else:
            self.screen.focus_next()

    def remove_last(self) -> None:
        if self.tags:
            self.tags = self.tags[:-1]
            self._refresh_chips()

    def _refresh_chips(self) -> None:
        self.query_one("#tag-chips", Static).update(self._chips())
        self.post_message(self.Changed(self.tags))
