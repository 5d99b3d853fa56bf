"""The postil app: opens the store and the documents, and keeps what screens share."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from tui.app.commands import ScreenActions
from tui.app.screens.reader import ReaderScreen
from tui.app.settings import Settings
from tui.core.errors import PostilError
from tui.core.file_text import open_lazily
from tui.core.history import History
from tui.core.store import Store


class PostilApp(App[None]):
    """What screens share lives here: the store, the undo history, settings and the author."""

    CSS_PATH = "postil.tcss"
    TITLE = "postil"
    COMMANDS = App.COMMANDS | {ScreenActions}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self,
        store_root: Path,
        paths: list[Path],
        author: str,
        library: bool = False,
        notices: list[str] | None = None,
    ) -> None:
        """`library` starts on the library of `paths` (and opens the document if it is alone)."""
        super().__init__()
        self.store = Store(store_root)
        self.history = History(self.store)
        self.settings = Settings.load()
        self.author = author
        self.paths = paths
        self.library = library
        self.notices = notices or []

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.library:
            from tui.app.screens.library import LibraryScreen  # only a folder needs it

            self.push_screen(LibraryScreen(self.paths, self.notices))
        if len(self.paths) == 1:
            self.open_document(self.paths[0])

    def open_document(self, path: Path, whole: bool = False) -> None:
        """Open a document in the reader, or stop with one line saying why it cannot be read.

        A big UTF-8 file is read as it is shown (`open_lazily`); it is registered once it has
        been read whole, and its notes show at once if the store knows its path.
        """
        try:
            document = None if whole else open_lazily(path)
            if document is None:
                document = self.store.open_document(path)
            else:
                known = str(path.resolve())
                record = next((r for r in self.store.documents() if r.path == known), None)
                document = document.with_id(record.id) if record else document
        except PostilError as error:
            if self.library:
                self.notify(str(error), severity="error", markup=False)
            else:
                self.exit(return_code=1, message=f"postil: {error}")
            return
        self.push_screen(ReaderScreen(document))

    def reopen_whole(self, path: Path) -> None:
        """Read again, whole, a big file that turned out not to be UTF-8 past its start."""
        self.pop_screen()
        self.open_document(path, whole=True)

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
