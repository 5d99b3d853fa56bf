"""The export dialog: choose a format, a destination and which annotations, then write them.

The export runs in a thread worker that reports its progress to a progress bar, so a large export
never freezes the app; the files written are named in a notification when it is done.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from tui.app.widgets.keys_in_order import TextField
from tui.core.errors import PostilError
from tui.formats import registry
from tui.formats.base import Format
from tui.formats.exporting import ExportReport, export_to, matching_query

if TYPE_CHECKING:
    from tui.app.app import PostilApp

EXPORT_FOLDER = Path("exports")


def default_destination(chosen: Format) -> Path:
    return EXPORT_FOLDER / (chosen.default_name if chosen.single_file else chosen.name)


class ExportScreen(ModalScreen[None]):
    """ctrl+s (or the Export button) exports; Escape closes."""

    BINDINGS = [
        Binding("ctrl+s", "export", "Export"),  # not priority: it waits for the keys before it
        Binding("escape", "dismiss", "Close"),
    ]

    def __init__(
        self, query: str = "", doc_ids: list[str] | None = None, scope: str = "every document"
    ) -> None:
        """Export the annotations of `doc_ids` (all documents if None) that `query` finds."""
        super().__init__()
        self.query_text = query
        self.doc_ids = doc_ids
        self.scope = scope

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    @property
    def chosen(self) -> Format:
        value = self.query_one("#export-format", Select).value
        return registry.get(value if isinstance(value, str) else "json")

    def compose(self) -> ComposeResult:
        formats = [(f"{name}: {registry.get(name).summary}", name) for name in registry.names()]
        with Vertical(id="export"):
            yield Label(Text(f"Export annotations of {self.scope}", style="bold"))
            yield Label("Format")
            yield Select(formats, value="json", allow_blank=False, id="export-format")
            yield Label("Write to (a file, or a folder for brat and refi-qda)")
            yield TextField(str(default_destination(registry.get("json"))), id="export-destination")
            yield Label("Only annotations this query finds (empty: all)")
            yield TextField(
                self.query_text, placeholder="e.g. tag:economy -tag:draft", id="export-query"
            )
            yield Vertical(id="export-options")
            yield Checkbox("Overwrite existing files", id="export-force")
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Static(id="export-status")
            with Horizontal(id="export-buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="export-go")
                yield Button("Close (esc)", id="export-close")

    def on_mount(self) -> None:
        self._show_options()
        self.query_one("#export-format", Select).focus()

    @on(Select.Changed, "#export-format")
    def _format_changed(self) -> None:
        self.query_one("#export-destination", Input).value = str(default_destination(self.chosen))
        self._show_options()

    def _show_options(self) -> None:
        """One control per option of the chosen format: a choice list, or an on/off box."""
        box = self.query_one("#export-options", Vertical)
        box.remove_children()
        for option in self.chosen.options:
            if option.choices:
                choices = [(choice, choice) for choice in option.choices]
                box.mount(Label(option.help))
                box.mount(
                    Select(choices, value=option.choices[0], allow_blank=False, name=option.name)
                )
            else:
                box.mount(Checkbox(option.help, name=option.name))

    def _options(self) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        for widget in self.query_one("#export-options", Vertical).children:
            if isinstance(widget, Select) and widget.name:
                chosen[widget.name] = widget.value
            elif isinstance(widget, Checkbox) and widget.name and widget.value:
                chosen[widget.name] = True
        return chosen

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        destination = self.query_one("#export-destination", Input).value.strip()
        if not destination:
            self.notify("Say where to write the export", severity="warning")
            return
        self.query_one("#export-status", Static).update("Exporting…")
        self.run_export(
            self.chosen.name,
            Path(destination).expanduser(),
            self._options(),
            self.query_one("#export-query", Input).value.strip(),
            self.query_one("#export-force", Checkbox).value,
        )

    @on(Button.Pressed, "#export-close")
    def _close(self) -> None:
        self.dismiss()

    @work(thread=True, exclusive=True, group="export")
    def run_export(
        self, name: str, destination: Path, options: dict[str, Any], query: str, force: bool
    ) -> None:
        store = self.postil.store
        try:
            keep = matching_query(store, query) if query else None
            report = export_to(
                store, name, destination, options, keep, self.doc_ids, force, self._progress
            )
        except PostilError as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._done, report)

    def _progress(self, done: int, total: int) -> None:
        self.app.call_from_thread(
            self.query_one("#export-progress", ProgressBar).update, total=total, progress=done
        )

    def _failed(self, message: str) -> None:
        self.query_one("#export-status", Static).update(Text(message, style="bold red"))
        self.notify(message, severity="error", markup=False)

    def _done(self, report: ExportReport) -> None:
        written = ", ".join(str(path) for path in report.paths[:3])
        more = f" and {len(report.paths) - 3} more" if len(report.paths) > 3 else ""
        message = f"Exported to {written}{more}"
        for notice in report.notices:
            self.notify(notice, severity="warning", markup=False)
        self.notify(message, markup=False)
        self.dismiss()
