"""The annotation editor: tags with completion and a Markdown note, for a passage or a document."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from tui.app.screens.confirm import ConfirmScreen
from tui.app.widgets.keys_in_order import KeysInOrder
from tui.app.widgets.tag_input import TagInput
from tui.core.annotation import normalize_tags
from tui.core.colors import tag_color
from tui.core.safe_text import one_line

QUOTE_PREVIEW = 200
KEYS = (
    "enter adds the tag as typed · tab or → takes the suggestion, else goes to the next field"
    " · ctrl+s save · esc cancel · ctrl+e $EDITOR"
)


class NoteArea(KeysInOrder, TextArea):
    """The note: keys typed fast (Tab, Backspace, arrows) apply in order, as in the tag field."""


@dataclass(frozen=True)
class EditorResult:
    tags: tuple[str, ...]
    note: str


class AnnotationEditor(ModalScreen[EditorResult | None]):
    """ctrl+s saves, Escape cancels (asking first if anything changed), ctrl+e opens $EDITOR.

    ctrl+s is not a priority binding: it then waits behind the keys typed before it, so a fast
    burst ending in ctrl+s saves everything it typed.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+e", "external_editor", "Edit in $EDITOR", priority=True),
    ]

    def __init__(
        self,
        heading: str,
        quote: str,
        tags: tuple[str, ...] = (),
        note: str = "",
        known_tags: list[str] | None = None,
        colors: Callable[[str], str] = tag_color,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.quote = quote
        self.initial = EditorResult(tuple(tags), note)
        self.known_tags = known_tags or []
        self.tag_colors = colors

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Label(Text(self.heading), id="editor-heading")
            if self.quote:
                yield Static(Text(f"“{one_line(self.quote, QUOTE_PREVIEW)}”"), id="editor-quote")
            yield Label("Tags")
            yield TagInput(self.initial.tags, self.known_tags, self.tag_colors, id="tags")
            yield Label("Note (Markdown)")
            yield NoteArea(self.initial.note, soft_wrap=True, id="note")
            yield Static(Text(KEYS), id="editor-keys")

    def on_mount(self) -> None:
        self.query_one(TagInput).focus()

    @property
    def result(self) -> EditorResult:
        tag_input = self.query_one(TagInput)
        tags = normalize_tags([*tag_input.tags, tag_input.pending])
        return EditorResult(tags, self.query_one("#note", TextArea).text)

    def action_save(self) -> None:
        self.dismiss(self.result)

    def action_cancel(self) -> None:
        if self.result == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard your changes to this annotation?"), answered)

    def action_external_editor(self) -> None:
        """Write the note to a file, open it in $VISUAL or $EDITOR, and read it back."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify("Set $EDITOR (or $VISUAL) to edit notes in your editor", severity="warning")
            return
        note = self.query_one("#note", TextArea)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "note.md"
            path.write_text(note.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    code = subprocess.call([*shlex.split(command), str(path)])
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to an editor", severity="warning")
                return
            except OSError as error:
                self.notify(f"{command}: {error.strerror}", severity="error", markup=False)
                return
            if code != 0:
                message = f"{command} exited with status {code}; the note is unchanged"
                self.notify(message, severity="warning", markup=False)
                return
            note.text = path.read_text(encoding="utf-8")
