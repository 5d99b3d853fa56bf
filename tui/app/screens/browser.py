"""The annotation browser: every annotation of one document or of the library, found as you type.

It speaks the query language of `postil search` (`tui.core.query`) and asks the app's one
`AnnotationIndex`, which is read in a thread the first time (seconds for a big store) and then
answers in milliseconds, so the list follows every keystroke. Searches run in a thread too, under
the index's lock, so a codebook change in progress never shows half done. A table takes long to
fill with a hundred thousand rows, so the list is filled `PAGE` rows at a time, as the cursor
comes down to its end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from tui.app.widgets.keys_in_order import TextField
from tui.app.widgets.row_table import RowTable
from tui.core.colors import tag_color
from tui.core.document import Document
from tui.core.errors import PostilError
from tui.core.query import Entry, Query, QueryError, parse_query
from tui.core.safe_text import one_line

if TYPE_CHECKING:
    from tui.app.app import PostilApp

PAGE = 100
# Column widths: together they fit 140 columns; longer texts are cut with `…`.
QUOTE, TAGS, NOTE, DOCUMENT, WHERE = 44, 26, 28, 20, 8
COLUMNS = (
    ("Quote", QUOTE),
    ("Tags", TAGS),
    ("Note", NOTE),
    ("Document", DOCUMENT),
    ("Where", WHERE),
)
HINT = 'words, "a phrase", tag:economy, -tag:draft, doc:NAME, doctag:, author:, since:2024-05-01'


def where(entry: Entry) -> str:
    """How far into its document the passage is, as the reader's header says it."""
    annotation = entry.annotation
    if annotation.anchor is None:
        return "document"
    if annotation.start is None:
        return "orphaned"
    size = entry.record.size
    return f"{min(100, round(100 * annotation.start / size))}%" if size else "0%"


def document_name(entry: Entry) -> str:
    return Path(entry.record.path).name or entry.record.title


def cells(entry: Entry, colors: dict[str, str | None]) -> tuple[Text, ...]:
    """One row of the list; every text is made safe to show (no markup, no control codes)."""
    annotation = entry.annotation
    if annotation.anchor is None:
        quote = Text("(the whole document)", style="dim italic")
    else:
        quote = Text(one_line(annotation.quote, QUOTE))
    tags = Text(", ").join(
        Text(one_line(tag), style=tag_color(tag, colors.get(tag))) for tag in annotation.tags
    )
    tags.truncate(TAGS, overflow="ellipsis")
    return (
        quote,
        tags,
        Text(one_line(annotation.note, NOTE)),
        Text(one_line(document_name(entry), DOCUMENT)),
        Text(where(entry), style="dim"),
    )


@dataclass(frozen=True)
class Found:
    """What one search found; `number` says which search, as only the newest is shown."""

    number: int
    entries: list[Entry]
    documents: int


NOTHING = Found(0, [], 0)


class BrowserScreen(Screen[None]):
    """Type a query; the list follows. Up/Down choose, Enter goes to the passage."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="browser.close"),
        Binding("enter", "open", "Go to passage", id="browser.open"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("slash", "edit_query", "Query", id="browser.query"),
        Binding("ctrl+x", "export", "Export these", id="browser.export", priority=True),
    ]

    def action_export(self) -> None:
        """The export dialog, for what the list shows: this filter, this document or all."""
        from tui.app.screens.export import ExportScreen  # loaded when first used, like formats

        query = self.query_one("#browser-query", Input).value.strip()
        if self.document is None:
            self.app.push_screen(ExportScreen(query=query))
            return
        scope = f"“{self.document.title}”"
        self.app.push_screen(ExportScreen(query=query, doc_ids=[self.document.id], scope=scope))

    def __init__(self, document: Document | None = None, query: str = "") -> None:
        """`document` limits the list to one document; None lists the whole library."""
        super().__init__()
        self.document = document
        self.doc_id = document.id if document is not None else None
        self.initial_query = query
        self.found = NOTHING
        self.tag_colors: dict[str, str | None] = {}
        self.damaged: dict[str, str] = {}
        self.ready = False
        self._asked = 0  # counts changes of the query: only the newest one's result is shown

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="browser-title")
        yield TextField(self.initial_query, placeholder=HINT, id="browser-query")
        yield RowTable(id="browser-table")
        yield Static(id="browser-status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name, width in COLUMNS:
            table.add_column(name, width=width)
        self.query_one(Input).focus()
        scope = "the library" if self.document is None else self.document.title
        self.query_one("#browser-title", Static).update(
            Text(f" Annotations in {one_line(scope, 80)}", style="bold")
        )
        self._status(Text("Reading the annotations…", style="dim"))
        self.postil.store_changed.subscribe(self, self._store_changed)
        self.load()

    def on_screen_resume(self) -> None:
        if self.ready:  # back from the reader: annotations may have changed there
            self.load()

    def _store_changed(self, _doc_ids: set[str] | None) -> None:
        self.load()

    def _status(self, text: Text) -> None:
        self.query_one("#browser-status", Static).update(text)

    # Reading and searching ----------------------------------------------------------------

    @work(thread=True, exclusive=True, group="browser-load")
    def load(self) -> None:
        """Bring the index up to date (the first time: read everything), then search again."""
        app = self.postil
        try:
            with app.index_lock:
                app.refresh_index()
                colors = {info.tag: info.color for info in app.store.codebook()}
                damaged = dict(app.index.damaged)
        except PostilError as error:
            self.app.call_from_thread(self._status, Text(str(error), style="bold red"))
            return
        self.app.call_from_thread(self._loaded, colors, damaged)

    def _loaded(self, colors: dict[str, str | None], damaged: dict[str, str]) -> None:
        self.tag_colors, self.damaged, self.ready = colors, damaged, True
        self._search()

    @on(Input.Changed, "#browser-query")
    def _search(self) -> None:
        """Search for the field's text; any search still running is for older text, so its
        result must not be shown, even when this text is a bad query that starts none."""
        self._asked += 1
        if not self.ready:
            return
        try:
            query = parse_query(self.query_one(Input).value)
        except QueryError as error:
            self._status(Text(str(error), style="bold red"))
            return
        self.search(self._asked, query)

    @work(thread=True, group="browser-search")
    def search(self, number: int, query: Query) -> None:
        """Search, unless a newer query came meanwhile (a fast typist asks many)."""
        app = self.postil
        with app.index_lock:
            if number != self._asked:
                return
            entries = app.index.search(query, self.doc_id)
        documents = len({entry.annotation.doc_id for entry in entries})
        self.app.call_from_thread(self._show, Found(number, entries, documents))

    def _show(self, found: Found) -> None:
        """List what was found, keeping the chosen annotation chosen if it is still there."""
        if found.number != self._asked:
            return  # a newer search is on its way
        chosen = self.current.annotation.id if self.current else None
        if chosen is not None:
            place = next((n for n, e in enumerate(found.entries) if e.annotation.id == chosen), 0)
        else:
            place = 0
        self.found = found
        self.query_one(DataTable).clear()
        self._list_more(place + 1)
        self.query_one(DataTable).move_cursor(row=place, animate=False)

    def _list_more(self, at_least: int = 0) -> None:
        """Add the next page of rows (and as many more as `at_least` asks for)."""
        table = self.query_one(DataTable)
        listed = table.row_count
        for entry in self.found.entries[listed : max(listed + PAGE, at_least)]:
            table.add_row(*cells(entry, self.tag_colors), key=entry.annotation.id)
        self._status(self._summary())

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(DataTable)
        if event.cursor_row >= table.row_count - 1 and table.row_count < len(self.found.entries):
            self._list_more()

    def _summary(self) -> Text:
        total, documents = len(self.found.entries), self.found.documents
        text = Text(f"{total:,} annotation{'s' * (total != 1)}")
        if self.doc_id is None:
            text.append(f" in {documents:,} document{'s' * (documents != 1)}")
        listed = self.query_one(DataTable).row_count
        if listed < total:
            text.append(f" ({listed:,} listed, more as you go down)", "dim")
        if total:
            text.append("  Up/Down choose, Enter goes to the passage", "dim")
        if self.damaged:
            problem = one_line(next(iter(self.damaged.values())), 80)
            count = len(self.damaged)
            text.append(f"  {count} document file(s) could not be read: {problem}", "bold red")
        return text

    # Choosing and going -------------------------------------------------------------------

    @property
    def current(self) -> Entry | None:
        table = self.query_one(DataTable)
        if table.cursor_row >= table.row_count:
            return None
        return self.found.entries[table.cursor_row]

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=max(0, min(table.cursor_row + step, table.row_count - 1)))

    def action_edit_query(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#browser-query")
    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        """Go to the chosen passage in the reader."""
        entry = self.current
        if entry is None:
            self.notify("Nothing chosen: type a query, then Up/Down to choose")
            return
        if not entry.record.path:
            self.notify("This annotation's document is not in the library", markup=False)
            return
        self.postil.show_annotation(entry.annotation, Path(entry.record.path))

    def action_close(self) -> None:
        self.dismiss()
