"""The postil app: opens the store and the documents, and keeps what screens share."""

from __future__ import annotations

import gc
from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.signal import Signal

from tui.app.commands import ScreenActions
from tui.app.screens.open_beside import OpenBeside
from tui.app.screens.reader import ReaderScreen
from tui.app.settings import Settings
from tui.app.widgets.keys_in_order import KeysHeldWhileOpening
from tui.core.annotation import Annotation
from tui.core.collector import collector_paused
from tui.core.document import Document, read_document
from tui.core.errors import PostilError
from tui.core.file_text import open_lazily
from tui.core.history import History
from tui.core.reanchor import DriftReport, reanchor
from tui.core.store import Store
from tui.core.watcher import StoreWatcher

if TYPE_CHECKING:
    from tui.core.annotation_index import AnnotationIndex

WATCH_SECONDS = 0.5
LIBRARY_CHANGED = "library"


class PostilApp(KeysHeldWhileOpening, App[None]):
    """What screens share lives here: the store, the undo history, settings and the author."""

    CSS_PATH = "postil.tcss"
    TITLE = "postil"
    COMMANDS = App.COMMANDS | {ScreenActions, OpenBeside}
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    def __init__(
        self,
        store_root: Path,
        paths: list[Path],
        author: str,
        library: bool = False,
        notices: list[str] | None = None,
        compare: bool = False,
    ) -> None:
        """`library` starts on the library of `paths` (and opens the document if it is alone);
        `compare` opens the two `paths` side by side."""
        super().__init__()
        self.store = Store(store_root)
        self.store.documents()  # a damaged or newer library stops here, with its one-line reason
        self.history = History(self.store)
        self.index_lock = Lock()
        self._index_read = False
        # Published by `refresh_documents` (same argument) for the screens that list the store.
        self.store_changed: Signal[set[str] | None] = Signal(self, "store-changed")
        self.watcher = StoreWatcher(self.store)
        self.settings = Settings.load()
        self.author = author
        self.paths = paths
        self.library = library
        self.notices = notices or []
        self.compare = compare

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.library:
            from tui.app.screens.library import LibraryScreen  # only a folder needs it

            self.push_screen(LibraryScreen(self.paths, self.notices))
        if self.compare:
            self.open_comparison(self.paths[0], self.paths[1])
        elif len(self.paths) == 1:
            self.open_document(self.paths[0])
        self.set_interval(WATCH_SECONDS, self.watch_store)
        if not gc.isenabled():  # started with collection paused (`postil open`)
            self.call_after_refresh(self._collect_again)

    def _collect_again(self) -> None:
        """Once the first screen is shown: what start-up made lives as long as the app, so it is
        left out of collections (`gc.freeze`), and collection resumes."""
        gc.freeze()
        gc.enable()

    def watch_store(self) -> None:
        """Look for changes made by other postil processes, off the main thread."""
        self.run_worker(self._changes_elsewhere, thread=True, exclusive=True, group="watch")

    def _changes_elsewhere(self) -> None:
        changed = self.watcher.changed_documents()
        if self.watcher.library_changed():
            changed.add(LIBRARY_CHANGED)
        if changed:
            self.call_from_thread(self.refresh_documents, changed)

    def open_document(self, path: Path, whole: bool = False) -> None:
        """Open a document in the reader, or stop with one line saying why it cannot be read.

        A big UTF-8 file is read as it is shown (`open_lazily`): its notes show at once if the
        store knows its path, and it is registered and re-anchored once it has been read whole
        (`document_read_whole`).
        """
        report = None
        try:
            document = None if whole else open_lazily(path)
            if document is None:
                document = self.store.open_document(path)
                report = reanchor(self.store, document)  # also reads, so checks, its annotations
            else:
                known = str(path.resolve())
                record = next((r for r in self.store.documents() if r.path == known), None)
                document = document.with_id(record.id) if record else document
        except PostilError as error:
            if self.library or len(self.screen_stack) > 1:  # something is open to go back to
                self.notify(str(error), severity="error", markup=False)
            else:
                self.exit(return_code=1, message=f"postil: {error}")
            return
        self.push_screen(ReaderScreen(document))
        if report is not None:
            self._tell_drift(report)

    def document_read_whole(self, document: Document) -> Document:
        """A big document read as it was shown now has its hash: register it, and re-anchor its
        annotations if it changed since (reading it whole for that, once)."""
        document = self.store.register(document)
        if self.store.document(document.id).sha256 != document.sha256:
            document = read_document(document.path).with_id(document.id)
        self._tell_drift(reanchor(self.store, document))
        return document

    def _tell_drift(self, report: DriftReport) -> None:
        if report.changed or report.to_review:
            self.notify(report.summary("press R to review"), timeout=10, markup=False)

    def reopen_whole(self, path: Path) -> None:
        """Read again, whole, a big file that turned out not to be UTF-8 past its start."""
        self.pop_screen()
        self.open_document(path, whole=True)

    def open_comparison(self, left: Path, right: Path) -> None:
        """Open two documents side by side; one that cannot be read is named in one line (and
        stops postil if nothing else is open)."""
        from tui.app.screens.compare import CompareScreen  # only a comparison needs it

        try:
            documents = [self.store.open_document(path) for path in (left, right)]
            reports = [reanchor(self.store, document) for document in documents]
        except PostilError as error:
            if self.library or isinstance(self.screen, ReaderScreen):
                self.notify(str(error), severity="error", markup=False)
            else:
                self.exit(return_code=1, message=f"postil: {error}")
            return
        self.push_screen(CompareScreen(*documents))
        for document, report in zip(documents, reports, strict=True):
            if report.changed or report.to_review:
                summary = report.summary("press R in it to review")
                self.notify(f"{document.title}: {summary}", timeout=10, markup=False)

    def refresh_documents(self, doc_ids: set[str] | None = None) -> None:
        """Redraw the open documents among `doc_ids` (all of them if None) after a change."""
        everything = doc_ids is None or LIBRARY_CHANGED in doc_ids
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                for pane in screen.panes:
                    if everything or pane.document.id in doc_ids:
                        pane.reload()
        self.store_changed.publish(doc_ids)

    @cached_property
    def index(self) -> AnnotationIndex:
        """Every annotation, for the browser and the codebook: read on first use (seconds for a
        big store, so in a thread worker), kept current by `refresh_index`, used under the lock.
        Imported here, as the reader starts without it or its query language."""
        from tui.core.annotation_index import AnnotationIndex

        return AnnotationIndex(self.store)

    def refresh_index(self) -> None:
        """Bring the index up to date; call it in a thread, holding `index_lock`.

        The first call reads every annotation with Python's cyclic garbage collector paused,
        then leaves what it read out of the collector (`gc.freeze`): annotations hold no cycles
        to collect, and full passes over a hundred thousand of them stalled the screen for up
        to a second each, while loading and later while typing a query.
        """
        if self._index_read:
            self.index.refresh()
            return
        with collector_paused(keep=True):
            self.index.refresh()
        self._index_read = True

    def show_annotation(self, annotation: Annotation, path: Path) -> None:
        """Go to the passage of an annotation picked in a list (the browser) in front.

        If the reader beneath the list shows the document, the list closes and that reader
        goes there. Else the document opens on top, at the passage (a reader opens where its
        document was left), and Escape there comes back to the list.
        """
        below = self.screen_stack[-2] if len(self.screen_stack) > 1 else None
        if isinstance(below, ReaderScreen):
            for pane in below.panes:
                if pane.document.id == annotation.doc_id:
                    self.pop_screen()
                    current = {a.id: a for a in pane.annotations}
                    pane.go_to_annotation(current.get(annotation.id, annotation))
                    return
        if annotation.start is not None:
            try:
                self.store.set_position(annotation.doc_id, annotation.start)
            except PostilError as error:
                self.notify(str(error), severity="error", markup=False)
                return
        self.open_document(path)

    def _remember_theme(self, _theme: object) -> None:
        self.settings.theme = self.theme
        self.settings.save()

    def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.remember_positions()
        self.exit()
