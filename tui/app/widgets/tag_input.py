"""A tag field: tags as coloured chips, typed with completion from the tags already in use."""

from __future__ import annotations

import re
from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from tui.app.widgets.keys_in_order import KeysInOrder
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
