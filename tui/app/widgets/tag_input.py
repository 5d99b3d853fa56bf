"""A tag field: tags as coloured chips, typed with completion from the tags already in use."""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from tui.core.annotation import normalize_tag, normalize_tags
from tui.core.colors import readable_on, tag_color
from tui.core.safe_text import one_line


class TagInput(Horizontal):
    """Enter or `,` adds the typed tag; Backspace in an empty field removes the last one."""

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
        yield Input(
            placeholder="tag, Enter to add (a/b makes a hierarchy)",
            suggester=SuggestFromList(self._known, case_sensitive=False),
            id="tag-field",
        )

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
    def field(self) -> Input:
        return self.query_one("#tag-field", Input)

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

    def _refresh_chips(self) -> None:
        self.query_one("#tag-chips", Static).update(self._chips())
        self.post_message(self.Changed(self.tags))

    @on(Input.Changed, "#tag-field")
    def split_on_comma(self, event: Input.Changed) -> None:
        if "," in event.value:
            *complete, rest = event.value.split(",")
            for tag in complete:
                self.add(tag)
            self.field.value = rest.lstrip()

    @on(Input.Submitted, "#tag-field")
    def add_typed(self, event: Input.Submitted) -> None:
        event.stop()
        if self.pending:
            self.add(self.pending)
            self.field.value = ""
        else:
            self.screen.focus_next()

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and not self.field.value and self.tags:
            event.stop()
            event.prevent_default()
            self.tags = self.tags[:-1]
            self._refresh_chips()
