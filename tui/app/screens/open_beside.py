"""The palette's "Open beside…": choose a second document to read beside this one.

The chooser takes a path (completed from the file system as it is typed; the right arrow accepts
the completion) or one of the other documents of the store.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.screens.reader import ReaderScreen
from tui.core.safe_text import one_line
from tui.core.store import DocumentRecord

if TYPE_CHECKING:
    from tui.app.app import PostilApp

COMMAND = "Open beside…"
COMMAND_HELP = "read another document side by side with this one, aligned by paragraph"


class PathSuggester(Suggester):
    """Completes the last part of a path from the names in its folder (names that would put
    control characters on the screen are never offered)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        start = value.rpartition(os.sep)[2]
        prefix = value[: len(value) - len(start)]
        folder = Path(os.path.expanduser(prefix)) if prefix else Path(".")
        try:
            names = sorted(
                entry.name + (os.sep if entry.is_dir() else "")
                for entry in os.scandir(folder)
                if entry.name.startswith(start)
                and entry.name.isprintable()
                and (start.startswith(".") or not entry.name.startswith("."))
            )
        except OSError:
            return None
        return prefix + names[0] if names else None


class OpenBesideScreen(ModalScreen[Path | None]):
    """Asks for the document to open beside `current`: a path, or one from the store."""

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, current: DocumentRecord | None, others: list[DocumentRecord]) -> None:
        super().__init__()
        self.current = current
        self.others = others

    def compose(self) -> ComposeResult:
        title = one_line(self.current.title, 60) if self.current else "this document"
        with Vertical(id="open-beside"):
            yield Static(Text(f"Open beside {title}", style="bold"))
            yield Input(
                placeholder="Path of a document (→ completes; Tab goes to the store's documents)",
                suggester=PathSuggester(),
                id="beside-path",
            )
            if self.others:
                yield Static(Text("Or one of the store's documents:", style="dim"))
                yield OptionList(
                    *[
                        Option(Text(f"{one_line(r.title, 50)}  {one_line(r.path)}"), id=r.id)
                        for r in self.others
                    ],
                    id="beside-documents",
                )
            yield Static(Text("Enter opens · Escape cancels", style="dim"))

    @on(Input.Submitted)
    def _path_given(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if value:
            self.dismiss(Path(os.path.expanduser(value)))

    @on(OptionList.OptionSelected)
    def _document_chosen(self, event: OptionList.OptionSelected) -> None:
        record = next(r for r in self.others if r.id == event.option.id)
        self.dismiss(Path(record.path))

    async def action_dismiss(self, result: Path | None = None) -> None:
        self.dismiss(result)


class OpenBeside(Provider):
    """The palette's "Open beside…", offered while reading one document."""

    @property
    def reader(self) -> ReaderScreen | None:
        from tui.app.screens.compare import CompareScreen  # not loaded before it is needed

        screen = self.screen
        if isinstance(screen, ReaderScreen) and not isinstance(screen, CompareScreen):
            return screen
        return None

    async def discover(self) -> Hits:
        if self.reader is not None:
            yield DiscoveryHit(COMMAND, self._ask, help=COMMAND_HELP)

    async def search(self, query: str) -> Hits:
        if self.reader is None:
            return
        matcher = self.matcher(query)
        score = matcher.match(COMMAND)
        if score > 0:
            yield Hit(score, matcher.highlight(COMMAND), self._ask, help=COMMAND_HELP)

    def _ask(self) -> None:
        reader = self.reader
        if reader is None:
            return
        app = cast("PostilApp", self.app)
        current = reader.document
        records = app.store.documents()
        others = [
            record
            for record in sorted(records, key=lambda r: r.last_opened, reverse=True)
            if record.id != current.id and Path(record.path).is_file()
        ]
        this = next((record for record in records if record.id == current.id), None)

        def open_beside(path: Path | None) -> None:
            if path is not None:
                app.open_comparison(current.path, path)

        app.push_screen(OpenBesideScreen(this, others), open_beside)
