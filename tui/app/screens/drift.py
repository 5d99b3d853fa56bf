"""The drift report: annotations that moved, changed slightly or were orphaned by an edit.

Each is shown with its score and its old context beside its new one, so the user can judge it:
accept it, re-attach it to the passage selected in the reader, delete it, or undo its
re-anchoring. Every action goes through the app's history, so `u` in the reader undoes it too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from tui.app.widgets.row_table import RowTable
from tui.core.annotation import Anchor, Annotation
from tui.core.errors import PostilError
from tui.core.placement import Status
from tui.core.reanchor import Drift, accepted, drift_of, reattached, restored
from tui.core.safe_text import one_line, visible

if TYPE_CHECKING:
    from tui.app.app import PostilApp
    from tui.app.widgets.reader_pane import ReaderPane

CONTEXT = 40
STATUS_STYLES = {Status.MOVED: "cyan", Status.FUZZY: "yellow", Status.ORPHANED: "bold red"}


def in_context(anchor: Anchor | None) -> Text:
    """`…prefix [quote] suffix…` on one line, the quote emphasized."""
    if anchor is None:
        return Text("(nowhere: orphaned)", style="dim italic")
    text = Text("…")
    text.append(flat(anchor.prefix)[-CONTEXT:], style="dim")
    text.append(one_line(anchor.quote, 2 * CONTEXT), style="bold reverse")
    text.append(flat(anchor.suffix)[:CONTEXT], style="dim")
    text.append("…")
    return text


def flat(context: str) -> str:
    """Context on one line, its spaces kept (they show where the quote meets its neighbours)."""
    return visible(context.replace("\n", " "))


class DriftScreen(ModalScreen[None]):
    """Review what an edit of the document did to its annotations."""

    BINDINGS = [
        Binding("a", "accept", "Accept"),
        Binding("t", "reattach", "Re-attach to selection"),
        Binding("d", "delete", "Delete"),
        Binding("u", "restore", "Undo re-anchoring"),
        Binding("enter", "go", "Go to"),
        Binding("escape,R,q", "close", "Close"),
    ]

    def __init__(self, pane: ReaderPane) -> None:
        super().__init__()
        self.pane = pane
        self.drifts: list[Drift] = []

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="drift-title")
        yield RowTable(zebra_stripes=False, id="drift-table")
        yield Static(id="drift-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("State", "Score", "Tags", "Quote")
        self.refill()
        self.query_one(DataTable).focus()

    def refill(self) -> None:
        self.drifts = [
            drift
            for drift in (drift_of(a) for a in self.pane.store.annotations(self.pane.document.id))
            if drift.to_review and drift.annotation.anchor is not None
        ]
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for drift in self.drifts:
            table.add_row(
                Text(drift.status.value, style=STATUS_STYLES.get(drift.status, "")),
                f"{drift.score:.2f}",
                Text(one_line(", ".join(drift.annotation.tags), 30)),
                Text(one_line(drift.annotation.quote, 60)),
                key=drift.annotation.id,
            )
        if self.drifts:
            table.move_cursor(row=min(row, len(self.drifts) - 1))
        self._show_title()
        self._show_detail()

    def _show_title(self) -> None:
        title = Text(f" Drift report: {one_line(self.pane.document.title, 60)}", style="bold")
        if not self.drifts:
            title.append("  nothing to review: every annotation is in place", style="green")
        selection = self.pane.selected_passage()
        if selection is not None:
            start, end = selection
            quote = one_line(self.pane.document.text[start:end], 50)
            title.append(f"  selection: “{quote}” (t re-attaches to it)", style="dim")
        self.query_one("#drift-title", Static).update(title)

    @property
    def current(self) -> Drift | None:
        table = self.query_one(DataTable)
        if not self.drifts or table.cursor_row >= len(self.drifts):
            return None
        return self.drifts[table.cursor_row]

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        drift = self.current
        detail = Text()
        if drift is not None:
            annotation = drift.annotation
            detail.append("Before  ", style="bold")
            detail.append_text(in_context(drift.old))
            detail.append("\nNow     ", style="bold")
            detail.append_text(in_context(None if annotation.orphan else annotation.anchor))
            if annotation.note:
                detail.append(f"\nNote    {one_line(annotation.note, 100)}")
        self.query_one("#drift-detail", Static).update(detail)

    def _apply(self, change: Callable[[Annotation], Annotation | None]) -> None:
        drift = self.current
        if drift is None:
            return
        try:
            changed = change(drift.annotation)
            if changed is None:
                self.postil.history.delete(drift.annotation)
            else:
                self.postil.history.update(changed)
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.postil.refresh_documents()
        self.refill()

    def action_accept(self) -> None:
        self._apply(accepted)

    def action_reattach(self) -> None:
        passage = self.pane.selected_passage()
        if passage is None:
            self.notify("Select the right passage in the reader first (Enter goes there), then R")
            return
        start, end = passage
        self._apply(lambda annotation: reattached(annotation, self.pane.document, start, end))
        self.pane.view.clear_selection()
        self._show_title()

    def action_delete(self) -> None:
        self._apply(lambda annotation: None)

    def action_restore(self) -> None:
        self._apply(lambda annotation: restored(annotation, self.pane.document))

    @on(DataTable.RowSelected)  # Enter: the table takes it first
    def action_go(self) -> None:
        """Back to the reader at the passage (for an orphan, where it used to be)."""
        drift = self.current
        if drift is None:
            return
        anchor = drift.old if drift.annotation.orphan else drift.annotation.anchor
        self.dismiss()
        if anchor is not None:
            offset = min(anchor.start, len(self.pane.document.text))
            self.pane.view.move_caret(offset, extend=False)
            self.pane.view.scroll_to_offset(offset)

    def action_close(self) -> None:
        self.dismiss()
