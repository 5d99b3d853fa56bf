"""The library: every document found, with what has been done in each, to open one and read.

Reading and hashing every file takes time on a large corpus, so a thread worker does it: it
shows at once the documents the store already knows (their state `…` until checked), reads and
registers the files (one write of the library for all), shows what changed, then counts the
annotations of each document, a batch at a time. Rows are added and updated in place, never
refilled per document; the user can already type a filter meanwhile.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.widgets.data_table import ColumnKey

from tui.app.app import LIBRARY_CHANGED
from tui.app.screens.browser import BrowserScreen
from tui.app.screens.codebook import CodebookScreen
from tui.app.screens.export import ExportScreen
from tui.app.widgets.keys_in_order import TextField
from tui.app.widgets.prompt_bar import PromptBar
from tui.app.widgets.row_table import RowTable
from tui.core.codebook import Codebook
from tui.core.collector import collector_paused
from tui.core.document import read_document
from tui.core.errors import PostilError
from tui.core.reanchor import drift_of
from tui.core.safe_text import one_line
from tui.core.store import DocumentRecord

if TYPE_CHECKING:
    from tui.app.app import PostilApp

TOP_TAGS = 3
FOUND_BATCH = 1000  # documents read and registered (one write of the library) at a time
COUNT_BATCH = 500  # documents counted before the table shows their counts (each update
# of the table costs about as much as counting a hundred documents)
LISTING_WAIT = 5.0  # seconds the scan waits for the table to show what it found, at most:
# what comes next competes with the table for the interpreter
# Every column shows in 120 cells, the state early: a changed or missing document must be
# noticed. Title, path and tags share what the others leave (title half of it) and end with `…`.
COLUMNS = ("Title", "State", "Path", "Size", "Notes", "Read", "Last opened", "Tags")
FIXED_WIDTHS = {"State": 7, "Size": 5, "Notes": 6, "Read": 5, "Last opened": 16}  # with a mark
SHARES = {"Title": 2, "Path": 1, "Tags": 1}
NARROWEST = 8  # below this a shared column keeps its width, and the table scrolls sideways
SCROLL_BAR = 2
SORT_MARKS = ("▲", "▼")
UNCHECKED = "…"  # the state of a document known to the store, until its file is read
MOVED_NAMED = 3  # moved documents named one by one in the notice; more are counted


class TitleCell(Text):
    """A title cell that knows its document: the table is sorted by its entries' values."""

    __slots__ = ("doc_id",)

    def __init__(self, title: str, doc_id: str, width: int) -> None:
        super().__init__(one_line(title))
        self.truncate(width, overflow="ellipsis")
        self.doc_id = doc_id


def column_widths(width: int) -> tuple[int, ...]:
    """The width of each column in a table `width` cells wide (each has a cell of padding on
    either side)."""
    spare = width - SCROLL_BAR - 2 * len(COLUMNS) - sum(FIXED_WIDTHS.values())
    unit = spare // sum(SHARES.values())
    shared = {name: max(NARROWEST, unit * share) for name, share in SHARES.items()}
    shared["Title"] += max(0, spare - unit * sum(SHARES.values()))
    return tuple(FIXED_WIDTHS.get(name) or shared[name] for name in COLUMNS)


def _fitted(text: str, width: int) -> Text:
    """One line of `text` within `width` cells (wide characters count twice), `…` at the end."""
    fitted = Text(one_line(text))
    fitted.truncate(width, overflow="ellipsis")
    return fitted


def _fitted_path(path: str, width: int) -> Text:
    """A path within `width` cells, cut at its start: the file's name says most."""
    flat = one_line(path)
    while cell_len(flat) > width:
        flat = "…" + flat.removeprefix("…")[1:]
    return Text(flat)


@dataclass(frozen=True)
class Entry:
    """One row of the library: a document's record and what is known of its file now."""

    record: DocumentRecord
    state: str
    notes: int | None = None  # None until counted
    top_tags: tuple[str, ...] = ()
    passage_tags: frozenset[str] = frozenset()  # every tag of its annotations, for the filter
    file_sha256: str = ""  # of the file's text when it was read; "" if it was not

    def with_record(self, record: DocumentRecord) -> Entry:
        """The entry for the store's current record: "changed" no longer holds once the
        annotations were re-anchored to the file's text (opening the document does it)."""
        settled = self.state == "changed" and record.sha256 == self.file_sha256
        return replace(self, record=record, state="" if settled else self.state)

    @property
    def progress(self) -> int:
        return round(100 * self.record.position / self.record.size) if self.record.size else 0

    def cells(self, widths: tuple[int, ...]) -> tuple[object, ...]:
        """What the row shows, in columns of `widths`."""
        record = self.record
        tags = ", ".join([*(f"#{tag}" for tag in record.tags), *self.top_tags])
        return (
            TitleCell(record.title, record.id, widths[0]),
            Text(self.state, style=_STATE_STYLES.get(self.state, "")),
            _fitted_path(_short_path(record.path), widths[2]),
            _human_size(record.size),
            "…" if self.notes is None else self.notes,
            f"{self.progress}%",
            record.last_opened[:16].replace("T", " "),
            _fitted(tags, widths[7]),
        )

    def sort_value(self, column: int) -> object:
        record = self.record
        return (
            record.title.casefold(),
            self.state,
            record.path,
            record.size,
            -1 if self.notes is None else self.notes,
            self.progress,
            record.last_opened,
            (record.tags, self.top_tags),
        )[column]

    def matches(self, needle: str) -> bool:
        """Whether `needle` (casefolded) is in the title, the path or any tag of the document,
        not only in the few its Tags cell shows."""
        haystack = " ".join(
            [self.record.title, self.record.path, *self.passage_tags, *self.record.tags]
        )
        return needle in haystack.casefold()


_STATE_STYLES = {
    "changed": "bold yellow",
    "review": "yellow",
    "moved": "cyan",
    "missing": "bold red",
    "damaged": "bold red",
}


def _short_path(path: str) -> str:
    here = os.path.join(os.getcwd(), "")
    return path.removeprefix(here) if path.startswith(here) else path


def _human_size(characters: int) -> str:
    for unit in ("", "k", "M", "G"):
        if characters < 1000:
            return f"{characters}{unit}"
        characters //= 1000
    return f"{characters}T"


LIBRARY_NOTES = (
    "Enter reads the chosen document. / filters by title, path or tag; Enter keeps the filter, "
    "Escape clears it. s sorts by the next column (S the one before), r reverses, a click on a "
    "header sorts by it. State: changed (the text changed since it was annotated: opening it "
    "moves the notes to the new text), review (some notes moved or lost their passage: R in "
    "the reader reviews them), moved (found at a new path, shown once; its notes came along), "
    "missing (the file is gone). ctrl+p finds any action by name."
)


class LibraryScreen(Screen[None]):
    """A table of documents: type to filter, Enter to read, `s` to sort by the next column."""

    BINDINGS = [
        Binding("enter", "open", "Read", id="library.open"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("s", "sort(1)", "Sort", id="library.sort"),
        Binding("S", "sort(-1)", "Sort back", show=False),
        Binding("r", "reverse", "Reverse", show=False, id="library.reverse"),
        Binding("plus,ctrl+o", "add_document", "Add document", id="library.add"),
        Binding("f,F", "browse", "Annotations", id="library.browse"),
        Binding("t", "codebook", "Codebook", id="library.codebook"),
        Binding("number_sign", "document_tags", "Document tags", id="library.tags"),
        Binding("x", "export", "Export", id="library.export"),
        Binding("escape", "leave_filter", "Clear the filter", show=False),
        Binding("question_mark,f1", "help", "Help", show=False, id="library.help"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    class Found(Message):
        """Entries of documents found (or found again), not yet counted; `shown` is set
        once the table shows them."""

        def __init__(self, entries: list[Entry], shown: threading.Event | None = None) -> None:
            super().__init__()
            self.entries = entries
            self.shown = shown

    class Counted(Message):
        """Entries with their annotations counted."""

        def __init__(self, entries: list[Entry]) -> None:
            super().__init__()
            self.entries = entries

    class Scanned(Message):
        """The scan is done: `notices` are problems, `moved` the documents found elsewhere."""

        def __init__(self, notices: list[str], moved: list[Entry]) -> None:
            super().__init__()
            self.notices = notices
            self.moved = moved

    def __init__(self, paths: list[Path], notices: list[str] | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.notices = notices or []
        self.entries: dict[str, Entry] = {}
        self._columns: list[ColumnKey] = []
        self.widths = column_widths(0)
        self.sort_column = 0
        self.sort_reverse = False
        self.tagging = ""  # the document whose tags the prompt edits

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="library-title")
        yield TextField(placeholder="Filter by title, path or tag", id="library-filter")
        yield RowTable(id="library-table")
        yield PromptBar(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        table = self.query_one(DataTable)
        self.widths = column_widths(self.app.size.width)
        self._columns = [
            table.add_column(label, width=width)
            for label, width in zip(COLUMNS, self.widths, strict=True)
        ]
        table.focus()
        self.postil.store_changed.subscribe(self, self._store_changed)
        self._show_title(scanning=True)
        for notice in self.notices:
            self.notify(notice, severity="warning", markup=False)
        self.scan(self.paths)

    def on_resize(self) -> None:
        """Title, path and tags take the room there is: their cells are cut again to fit."""
        widths = column_widths(self.size.width)
        if widths == self.widths:
            return
        self.widths = widths
        table = self.query_one(DataTable)
        for key, width in zip(self._columns, widths, strict=True):
            table.columns[key].width = width
        self._refill()

    def _show_title(self, scanning: bool = False) -> None:
        count = len(self.entries)
        noun = "document" if count == 1 else "documents"
        text = Text(f" postil library  {count} {noun}", style="bold")
        if scanning:
            text.append("  reading…", style="dim")
        self.query_one("#library-title", Static).update(text)

    @work(thread=True, exclusive=True, group="library-scan")
    def scan(self, paths: list[Path]) -> None:
        """Register every document found, list the store's others (vanished ones too), then
        count the annotations of each."""
        store = self.postil.store
        notices: list[str] = []
        known = {record.id: record for record in store.documents()}
        if known:  # what the store knows shows first; reading the files says what changed
            shown = threading.Event()
            self.post_message(
                self.Found([Entry(record, UNCHECKED) for record in known.values()], shown)
            )
            shown.wait(LISTING_WAIT)
        listed: dict[str, Entry] = {}
        for start in range(0, len(paths), FOUND_BATCH):
            documents = []
            for path in paths[start : start + FOUND_BATCH]:
                try:
                    documents.append(read_document(path))
                except PostilError as error:
                    notices.append(str(error))
            try:
                registered = store.register_many(documents, opened=False)
                records = {record.id: record for record in store.documents()}
            except PostilError as error:
                notices.append(str(error))
                continue
            found = []
            for document in registered:
                record = records[document.id]
                earlier = known.get(record.id)
                moved = earlier is not None and earlier.path != record.path
                state = "changed" if record.sha256 != document.sha256 else "moved" if moved else ""
                known[record.id] = record
                listed[record.id] = Entry(record, state, file_sha256=document.sha256)
                found.append(listed[record.id])
            self.post_message(self.Found(found))
        others = [
            Entry(record, "" if Path(record.path).exists() else "missing")
            for record in known.values()
            if record.id not in listed
        ]
        shown = threading.Event()
        self.post_message(self.Found(others, shown))
        shown.wait(LISTING_WAIT)
        entries = [*listed.values(), *others]
        with collector_paused():  # paused once for all: it scans what is read at the end
            for start in range(0, len(entries), COUNT_BATCH):
                batch = entries[start : start + COUNT_BATCH]
                self.post_message(self.Counted(self._counted(batch)))
        moved = [entry for entry in listed.values() if entry.state == "moved"]
        self.post_message(self.Scanned(notices, moved))

    def _counted(self, entries: list[Entry]) -> list[Entry]:
        """The entries with their annotation counts and top tags, read together."""
        store = self.postil.store
        counted = []
        with collector_paused():
            for entry in entries:
                try:
                    annotations = store.annotations(entry.record.id)
                except PostilError:  # opening it says what is wrong
                    counted.append(replace(entry, state="damaged", notes=0))
                    continue
                counts: Counter[str] = Counter(tag for a in annotations for tag in a.tags)
                top = tuple(tag for tag, _ in counts.most_common(TOP_TAGS))
                state = entry.state
                if state in ("", "review"):  # re-anchored: are some notes still to look at?
                    waiting = any(drift_of(a).to_review for a in annotations if a.anchor)
                    state = "review" if waiting else ""
                counted.append(
                    replace(
                        entry,
                        state=state,
                        notes=len(annotations),
                        top_tags=top,
                        passage_tags=frozenset(counts),
                    )
                )
        return counted

    @on(Found)
    def _found(self, event: Found) -> None:
        entries = []
        for entry in event.entries:
            earlier = self.entries.get(entry.record.id)
            if earlier is not None and earlier.notes is not None:  # counted again soon
                entry = replace(
                    entry,
                    notes=earlier.notes,
                    top_tags=earlier.top_tags,
                    passage_tags=earlier.passage_tags,
                )
            entries.append(entry)
        self._show(entries)
        self._show_title(scanning=True)
        if event.shown is not None:
            event.shown.set()

    @on(Counted)
    def _counted_shown(self, event: Counted) -> None:
        self._show(event.entries)

    def _show(self, entries: list[Entry]) -> None:
        """Take in new or changed entries: rows are added, or the cells that changed updated,
        and the table sorted again, rather than refilled (which measures every cell again)."""
        table = self.query_one(DataTable)
        needle = self.query_one("#library-filter", Input).value.strip().casefold()
        for entry in entries:
            doc_id = entry.record.id
            earlier = self.entries.get(doc_id)
            self.entries[doc_id] = entry
            if earlier is not None and doc_id in table.rows:
                cells = zip(
                    self._columns, entry.cells(self.widths), earlier.cells(self.widths), strict=True
                )
                for column, cell, shown in cells:
                    if cell != shown:
                        table.update_cell(doc_id, column, cell, update_width=True)
            elif entry.matches(needle):
                table.add_row(*entry.cells(self.widths), key=doc_id)
        self._sort()

    def _sort(self) -> None:
        """Order the rows by the chosen column, marked ▲ (or ▼ reversed) in its header, keeping
        the cursor on its document."""
        table = self.query_one(DataTable)
        for index, (key, label) in enumerate(zip(self._columns, COLUMNS, strict=True)):
            mark = SORT_MARKS[self.sort_reverse] if index == self.sort_column else ""
            table.columns[key].label = Text(label + mark)
        current = self._selected_id()
        table.sort(
            self._columns[0],
            key=lambda title: self.entries[title.doc_id].sort_value(self.sort_column),
            reverse=self.sort_reverse,
        )
        if current is not None:
            table.move_cursor(row=table.get_row_index(current))

    @on(Scanned)
    def _scanned(self, event: Scanned) -> None:
        self._show_title()
        for notice in event.notices:
            self.notify(notice, severity="warning", markup=False)
        if event.moved:
            self.notify(_moved_notice(event.moved), timeout=10, markup=False)

    def _refill(self) -> None:
        """Show the entries that pass the filter, in the chosen order, keeping the cursor."""
        table = self.query_one(DataTable)
        needle = self.query_one("#library-filter", Input).value.strip().casefold()
        chosen = [entry for entry in self.entries.values() if entry.matches(needle)]
        chosen.sort(key=lambda entry: entry.sort_value(self.sort_column), reverse=self.sort_reverse)
        current = self._selected_id()
        table.clear()
        for entry in chosen:
            table.add_row(*entry.cells(self.widths), key=entry.record.id)
        if current is not None and current in {entry.record.id for entry in chosen}:
            table.move_cursor(row=table.get_row_index(current))

    def _selected_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    @on(Input.Changed, "#library-filter")
    def _filtered(self) -> None:
        self._refill()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def action_filter(self) -> None:
        """Focused at once, so the keys typed right after `/` are the filter's."""
        self.set_focus(self.query_one("#library-filter", Input))

    def action_leave_filter(self) -> None:
        """Escape: the filter is emptied (every document shows again) and the table has focus,
        so the keys typed next are commands again."""
        self.query_one("#library-filter", Input).value = ""
        self.set_focus(self.query_one(DataTable))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen  # loaded when first asked for

        sections = [("Library", self.BINDINGS), ("Moving in the list", RowTable.BINDINGS)]
        keys = [(title, [b for b in bs if isinstance(b, Binding)]) for title, bs in sections]
        self.app.push_screen(HelpScreen(keys, notes=LIBRARY_NOTES))

    def action_sort(self, step: int) -> None:
        self.sort_column = (self.sort_column + step) % len(COLUMNS)
        self.notify(f"Sorted by {COLUMNS[self.sort_column].lower()}")
        self._sort()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._sort()

    @on(DataTable.HeaderSelected)
    def _header_clicked(self, event: DataTable.HeaderSelected) -> None:
        if event.column_index == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = event.column_index, False
        self._sort()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        doc_id = self._selected_id()
        if doc_id is None:
            return
        entry = self.entries[doc_id]
        if entry.state == "missing":
            self.notify(f"{entry.record.path} is gone: move it back or add it again", markup=False)
            return
        self.postil.open_document(Path(entry.record.path))

    def action_export(self) -> None:
        self.app.push_screen(ExportScreen())

    def action_add_document(self) -> None:
        self._ask("add", "Path of a document to add")

    def _ask(self, mode: str, question: str, value: str = "") -> None:
        prompt = self.query_one(PromptBar)
        prompt.border_title = Text(question)  # shown while a value hides the placeholder
        prompt.open(mode, question, value)

    @on(PromptBar.Submitted, "#prompt")
    def _prompt_answered(self, event: PromptBar.Submitted) -> None:
        prompt = event.input
        assert isinstance(prompt, PromptBar)
        prompt.display = False
        self.set_focus(self.query_one(DataTable))
        if prompt.mode == "tags":
            self.tag_document(self.tagging, event.value.split(","))
        elif event.value.strip():
            self.scan([Path(event.value.strip()).expanduser()])

    @on(PromptBar.Closed)
    def _prompt_closed(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def action_browse(self) -> None:
        self.app.push_screen(BrowserScreen())

    def action_codebook(self) -> None:
        self.app.push_screen(CodebookScreen())

    def action_document_tags(self) -> None:
        """Tags of the chosen document as a whole (document-level codes), shown with `#`."""
        doc_id = self._selected_id()
        if doc_id is None:
            return
        try:  # as the store has it now: another postil may have renamed a tag since
            record = self.postil.store.document(doc_id)
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.tagging = doc_id
        title = one_line(record.title, 40)
        self._ask("tags", f"Tags of “{title}” as a whole, comma-separated", ", ".join(record.tags))

    @work(thread=True, group="library-tags")
    def tag_document(self, doc_id: str, tags: list[str]) -> None:
        """Through the codebook, so the change is undoable and the app's index stays current."""
        app = self.postil
        try:
            with app.index_lock:
                record = Codebook(app.history, app.index).set_document_tags(doc_id, tags)
        except PostilError as error:
            app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        app.call_from_thread(self._document_tagged, record)

    def _document_tagged(self, record: DocumentRecord) -> None:
        self._show([self.entries[record.id].with_record(record)])
        self.postil.refresh_documents({record.id})

    def on_screen_resume(self) -> None:
        """Back from the reader: counts, reading progress and states may have changed."""
        self._refresh()

    def _store_changed(self, doc_ids: set[str] | None) -> None:
        """Another postil (or a screen of this one, or the scan) changed the store: the library
        (tags renamed, documents tagged) or the annotations of some documents."""
        if doc_ids is None or LIBRARY_CHANGED in doc_ids:
            self._refresh(recount=not self._scanning())
            return
        changed = [self.entries[doc_id] for doc_id in doc_ids if doc_id in self.entries]
        self._show([e for e in self._counted(changed) if e != self.entries[e.record.id]])

    def _scanning(self) -> bool:
        """The scan counts every document at its end: counting them meanwhile would be twice."""
        return any(w.group == "library-scan" and w.is_running for w in self.workers)

    def _refresh(self, recount: bool = True) -> None:
        """Show the store's records now, then count their annotations again (in a thread)."""
        try:
            records = {record.id: record for record in self.postil.store.documents()}
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        shown = [
            entry.with_record(records[doc_id])
            for doc_id, entry in self.entries.items()
            if doc_id in records
        ]
        self._show([entry for entry in shown if entry != self.entries[entry.record.id]])
        if recount:
            self.recount(shown)

    @work(thread=True, exclusive=True, group="library-recount")
    def recount(self, entries: list[Entry]) -> None:
        counted = self._counted(entries)
        self.app.call_from_thread(
            self._show, [entry for entry in counted if entry != self.entries.get(entry.record.id)]
        )


def _moved_notice(moved: list[Entry]) -> str:
    """What the user is told once of documents found at a new path (marked "moved" this time)."""
    if len(moved) > MOVED_NAMED:
        return f"{len(moved)} documents moved; their notes moved with them."
    return "\n".join(
        f"“{one_line(entry.record.title, 40)}” moved to {one_line(_short_path(entry.record.path))};"
        " its notes moved with it."
        for entry in moved
    )
