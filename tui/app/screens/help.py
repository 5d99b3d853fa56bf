"""Every key of a screen (the reader, the library), read from the bindings themselves so it never
goes out of date."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widgets import Static

NOTES = (
    "Reading is like less: j/k scroll, space/b page, g/G ends, / searches. Arrow keys move the "
    "caret; v starts a selection that motions extend (b then moves back a word), V selects a "
    "paragraph and s a sentence; the mouse selects by dragging, a double click takes a word. "
    "a or Enter annotates the selection; 1..9 apply your recent tags at once. Tab moves between "
    "the text and the margin (side by side, between the two documents). ctrl+p finds any action "
    "by name."
)


def key_label(binding: Binding) -> str:
    """The keys as a user presses them (`/`, `#`, `ctrl+s`), by Textual's own key names; the
    modifiers are spelled out, as the notes and the README write them."""
    if binding.key_display:
        return binding.key_display
    shown = []
    for key in binding.key.split(","):
        modifiers, name = replace(binding, key=key.strip()).parse_key()
        shown.append("+".join([*modifiers, format_key(name)]))
    return ", ".join(shown)


def bindings_table(title: str, bindings: list[Binding]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column("keys", style="bold", no_wrap=True, ratio=1)
    table.add_column("action", ratio=2)
    for binding in bindings:
        if binding.description:
            table.add_row(Text(key_label(binding)), Text(binding.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Sections of keys, each a title and the bindings of one screen or widget."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]], notes: str = NOTES) -> None:
        """`notes`: what the keys alone do not say (the reader's, unless given)."""
        super().__init__()
        self.sections = sections
        self.notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("postil: keys", style="bold"))
            yield Static(Text(self.notes), id="help-notes")
            for title, bindings in self.sections:
                yield Static(bindings_table(title, bindings))
            yield Static(Text("Escape closes this help.", style="dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
