"""The postil app: opens the store and the documents, and keeps what screens share."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from tui.app.commands import ScreenActions
from tui.app.screens.compare import CompareScreen
from tui.app.screens.open_beside import OpenBeside
from tui.app.screens.reader import ReaderScreen
from tui.app.settings import Settings
from tui.core.errors import PostilError
from tui.core.history import History
from tui.core.store import Store


class PostilApp(App[None]):
    """What screens share lives here: the store, the undo history, settings and the author."""

    CSS_PATH = "postil.tcss"
    TITLE = "postil"
    COMMANDS = App.COMMANDS | {ScreenActions, OpenBeside}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self, store_root: Path, paths: list[Path], author: str, compare: bool = False
    ) -> None:
        super().__init__()
        self.store = Store(store_root)
        self.history = History(self.store)
        self.settings = Settings.load()
        self.author = author
        self.paths = paths
        self.compare = compare

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.compare:
            self.open_comparison(*self.paths[:2])
            return
        self.open_document(self.paths[0])
        if len(self.paths) > 1:
            self.notify(f"{len(self.paths)} documents found; showing the first")

    def open_document(self, path: Path) -> None:
        """Open a document in the reader, or stop with one line saying why it cannot be read."""
        try:
            document = self.store.open_document(path)
        except PostilError as error:
            self.exit(return_code=1, message=f"postil: {error}")
            return
        self.push_screen(ReaderScreen(document))

    def open_comparison(self, left: Path, right: Path) -> None:
        """Open two documents side by side; one that cannot be read is named in one line (and
        stops postil if nothing is open yet)."""
        try:
            documents = [self.store.open_document(path) for path in (left, right)]
        except PostilError as error:
            if isinstance(self.screen, ReaderScreen):
                self.notify(str(error), severity="error", markup=False)
            else:
                self.exit(return_code=1, message=f"postil: {error}")
            return
        self.push_screen(CompareScreen(*documents))

    def refresh_documents(self) -> None:
        """Redraw every open document after a change (a change can touch several)."""
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.refresh_panes()

    def _remember_theme(self, _theme: object) -> None:
        self.settings.theme = self.theme
        self.settings.save()

    def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.remember_positions()
        self.exit()
