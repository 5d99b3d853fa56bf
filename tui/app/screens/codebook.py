"""The codebook: every tag as a tree with its count, colour and description, and the changes to
the tag set (rename, merge, delete, recolour, describe, create), each one undoable.

Changes go through `Codebook`: written all or nothing and recorded in the app's history, so `u`
here or in the reader undoes them. They run in a thread under the index's lock: a rename over a
big store takes a moment, and a browser search must never see one half done. After each, the
open readers are redrawn, so their margins show the new names and colours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tui.app.screens.browser import BrowserScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.widgets.prompt_bar import PromptBar
from tui.app.widgets.row_table import RowTable
from tui.app.widgets.tag_input import KnownTags
from tui.core.codebook import Codebook, Impact, TagRow, parse_color
from tui.core.colors import tag_color
from tui.core.errors import PostilError, UsageError
from tui.core.safe_text import one_line
from tui.core.transaction import Step

if TYPE_CHECKING:
    from tui.app.app import PostilApp

COLUMNS = ("Tag", "Colour", "Passages", "Documents", "Description")
Change = Callable[[Codebook], str]


def hex_color(text: str) -> str | None:
    """A colour as typed (`#rrggbb`, `#rgb`, a name such as `teal`) as the `#rrggbb` the reader
    draws; None for `none` or nothing, which gives the tag back its automatic colour."""
    color = parse_color(text)
    if color is None:
        return None
    try:
        return Color.parse(color).hex6.lower()
    except ColorParseError as error:
        hint = f"; did you mean {error.suggested_color}?" if error.suggested_color else ""
        raise UsageError(
            f"{one_line(color)!r} is not a colour{hint} (use #rrggbb, #rgb or a name such as teal)"
        ) from None


def tag_query(tag: str) -> str:
    """The browser query for a tag's passages (quoted when the tag has spaces)."""
    return f'tag:"{tag}"' if " " in tag and '"' not in tag else f"tag:{tag}"


def cells(row: TagRow) -> tuple[Text, ...]:
    """One line of the tree; a parent known only through its children is dimmed."""
    color = tag_color(row.tag, row.color)
    implied = not (row.in_codebook or row.count or row.documents)
    swatch = Text("   ", style=Style(bgcolor=color))
    swatch.append(f" {row.color or 'auto'}", style="" if row.color else "dim")
    passages = f"{row.total} ({row.count} own)" if 0 < row.count < row.total else str(row.total)
    return (
        Text("  " * row.depth + one_line(row.name), style="dim" if implied else f"bold {color}"),
        swatch,
        Text(passages, justify="right"),
        Text(str(row.documents or ""), justify="right"),
        Text(one_line(row.description, 60)),
    )


def impact_text(impact: Impact) -> str:
    """What deleting a tag touches, as the question before doing it says it."""
    children = [tag for tag in impact.tags if tag != impact.tag]
    parts = [f"Delete the tag '{one_line(impact.tag)}'"]
    if children:
        parts.append(f" and its {len(children)} child tag{'s' * (len(children) != 1)}")
    parts.append(
        f"?\nIt is on {impact.annotations} annotation{'s' * (impact.annotations != 1)} "
        f"in {impact.documents} document{'s' * (impact.documents != 1)}"
    )
    if impact.document_tags:
        parts.append(f", and a tag of {impact.document_tags} document(s) as a whole")
    parts.append(".\nThe annotations stay, without it. u undoes.")
    return "".join(parts)


class CodebookScreen(Screen[None]):
    """The tag tree; each key acts on the highlighted tag."""

    BINDINGS = [
        Binding("enter", "browse", "Passages", id="codebook.browse"),
        Binding("r", "rename", "Rename", id="codebook.rename"),
        Binding("m", "merge", "Merge into", id="codebook.merge"),
        Binding("d,delete", "delete", "Delete", id="codebook.delete"),
        Binding("c", "recolor", "Colour", id="codebook.color"),
        Binding("e", "describe", "Describe", id="codebook.describe"),
        Binding("n", "create", "New tag", id="codebook.create"),
        Binding("u,ctrl+z", "undo", "Undo", id="codebook.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="codebook.redo"),
        Binding("escape", "close", "Back", id="codebook.close"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TagRow] = []
        self.pending = 0  # changes asked for and not yet done (a big rename takes seconds)
        self._prompt_tag = ""  # the tag a prompt was opened for

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    @property
    def codebook(self) -> Codebook:
        return Codebook(self.postil.history, self.postil.index)

    def compose(self) -> ComposeResult:
        yield Static(Text(" Codebook  reading the tags…", style="bold"), id="codebook-title")
        yield RowTable(id="codebook-table")
        yield PromptBar(id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.postil.store_changed.subscribe(self, self._store_changed)
        self.change(None)

    def _store_changed(self, _doc_ids: set[str] | None) -> None:
        self.change(None)

    # Showing ------------------------------------------------------------------------------

    def _show(self, rows: list[TagRow], focus: str | None) -> None:
        """Fill the tree, keeping the highlight on `focus` or else on the tag it was on, or,
        that tag gone (an undone rename), on the same row."""
        table = self.query_one(DataTable)
        wanted, place = focus or self.current, table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*cells(row), key=row.tag)
        self.rows = rows
        tags = [row.tag for row in rows]
        if wanted in tags:
            place = tags.index(wanted)
        if rows:
            table.move_cursor(row=min(place, len(rows) - 1), animate=False)
        self._show_title()

    def _show_title(self) -> None:
        used = sum(1 for row in self.rows if row.count or row.documents)
        title = Text(f" Codebook  {len(self.rows)} tags, {used} in use", style="bold")
        if self.pending:
            title.append("  changing the tags…", style="bold yellow")
        else:
            title.append("  Enter lists a tag's passages", style="dim")
        self.query_one("#codebook-title", Static).update(title)

    @property
    def current_row(self) -> TagRow | None:
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @property
    def current(self) -> str | None:
        """The highlighted tag."""
        row = self.current_row
        return row.tag if row is not None else None

    # Changing -----------------------------------------------------------------------------

    def change(self, change: Change | None, focus: str | None = None) -> None:
        """Apply a change (None only reads the tags again) in a thread, then show the tags,
        with the highlight on `focus` if given. The title says when changes are under way."""
        if change is not None:
            self.pending += 1
            self._show_title()
        self._run(change, focus)

    @work(thread=True, group="codebook")
    def _run(self, change: Change | None, focus: str | None) -> None:
        """Under the index's lock. A change returns what to tell the user; its failure is told
        instead, having changed nothing."""
        app = self.postil
        message, failed = "", False
        with app.index_lock:
            codebook = self.codebook
            try:
                app.refresh_index()
                if change is not None:
                    message = change(codebook)
            except PostilError as error:
                message, failed = str(error), True
            try:
                rows = codebook.rows(tree=True)
            except PostilError as error:
                rows, message, failed = self.rows, str(error), True
        app.call_from_thread(self._changed, change is not None, rows, focus, message, failed)

    def _changed(
        self, changed: bool, rows: list[TagRow], focus: str | None, message: str, failed: bool
    ) -> None:
        self.pending -= changed
        self._show(rows, None if failed else focus)
        if failed:
            self.notify(message, severity="error", markup=False)
        elif message:
            self.notify(message, markup=False)
            self.postil.refresh_documents()

    def _ask(self, mode: str, question: str, value: str = "") -> None:
        """Open the prompt for the highlighted tag (or, for a new tag, for none)."""
        tag = self.current
        if tag is None and mode != "create":
            self.notify("No tag chosen: n creates one")
            return
        self._prompt_tag = tag or ""
        prompt = self.query_one(PromptBar)
        prompt.suggester = KnownTags([row.tag for row in self.rows]) if mode == "merge" else None
        prompt.border_title = Text(question)  # the placeholder is hidden by a value to edit
        prompt.open(mode, question, value)

    @on(PromptBar.Submitted, "#prompt")
    def _answered(self, event: PromptBar.Submitted) -> None:
        prompt = event.input
        assert isinstance(prompt, PromptBar)
        tag, value = self._prompt_tag, event.value.strip()
        if prompt.mode == "create" and value:  # the same prompt asks next for a description
            self._prompt_tag = value
            question = f"Description of {one_line(value)} (may be empty)"
            prompt.border_title = Text(question)
            prompt.open("create-description", question)
            return
        prompt.display = False
        self.set_focus(self.query_one(DataTable))
        if prompt.mode == "create-description":
            self._create(tag, value)
        elif prompt.mode == "rename" and value:
            self._rename(tag, value)
        elif prompt.mode == "merge" and value:
            self._merge(tag, value)
        elif prompt.mode == "color":
            self._recolor(tag, value)
        elif prompt.mode == "describe":
            self.change(lambda codebook: _described(codebook, tag, value), tag)

    @on(PromptBar.Closed)
    def _prompt_closed(self) -> None:
        self.set_focus(self.query_one(DataTable))

    def action_rename(self) -> None:
        self._ask("rename", "New name (its child tags follow)", self.current or "")

    def _rename(self, old: str, new: str) -> None:
        self.change(lambda codebook: _renamed(codebook, old, new), new)

    def action_merge(self) -> None:
        self._ask("merge", f"Merge {one_line(self.current or '')} into which tag?")

    def _merge(self, source: str, target: str) -> None:
        self.change(lambda codebook: _merged(codebook, source, target), target)

    def action_delete(self) -> None:
        tag = self.current
        if tag is not None:
            self.measure_impact(tag)

    @work(thread=True, group="codebook")
    def measure_impact(self, tag: str) -> None:
        """Count what deleting `tag` touches, then ask before doing it."""
        with self.postil.index_lock:
            try:
                impact = self.codebook.impact(tag)
            except PostilError as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
                return
        self.app.call_from_thread(self._confirm_delete, impact)

    def _confirm_delete(self, impact: Impact) -> None:
        def answered(delete: bool | None) -> None:
            if delete:
                self.change(lambda codebook: _deleted(codebook, impact.tag))

        self.app.push_screen(ConfirmScreen(impact_text(impact), yes="Delete"), answered)

    def action_recolor(self) -> None:
        row = self.current_row
        color = row.color or "" if row is not None else ""
        self._ask("color", "Colour: #rrggbb, #rgb, a name such as teal, or none", color)

    def _recolor(self, tag: str, typed: str) -> None:
        try:
            color = hex_color(typed)
        except UsageError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.change(lambda codebook: _recolored(codebook, tag, color), tag)

    def action_describe(self) -> None:
        row = self.current_row
        self._ask("describe", "Description (empty clears it)", row.description if row else "")

    def action_create(self) -> None:
        self._ask("create", "New tag (a/b makes b a child of a)")

    def _create(self, tag: str, description: str) -> None:
        self.change(lambda codebook: _created(codebook, tag, description), tag)

    def action_undo(self) -> None:
        self.change(lambda codebook: _stepped(codebook.undo, "Undone", "Nothing to undo"))

    def action_redo(self) -> None:
        self.change(lambda codebook: _stepped(codebook.redo, "Redone", "Nothing to redo"))

    @on(DataTable.RowSelected)
    def action_browse(self) -> None:
        """Every passage with the highlighted tag (or a child of it), in the browser."""
        tag = self.current
        if tag is not None:
            self.app.push_screen(BrowserScreen(query=tag_query(tag)))

    def action_close(self) -> None:
        self.dismiss()


# The changes, each run by `CodebookScreen.change`, returning what to tell the user.


def _renamed(codebook: Codebook, old: str, new: str) -> str:
    impact = codebook.rename(old, new)
    return f"Renamed {one_line(old)} to {one_line(new)}: {impact.summary()}"


def _merged(codebook: Codebook, source: str, target: str) -> str:
    impact = codebook.merge(source, target)
    return f"Merged {one_line(source)} into {one_line(target)}: {impact.summary()}"


def _created(codebook: Codebook, tag: str, description: str) -> str:
    codebook.create(tag, description)
    return f"Added {one_line(tag)} to the codebook"


def _described(codebook: Codebook, tag: str, description: str) -> str:
    codebook.describe(tag, description)
    shown = one_line(tag)
    return f"Described {shown}" if description else f"Cleared the description of {shown}"


def _recolored(codebook: Codebook, tag: str, color: str | None) -> str:
    codebook.recolor(tag, color)
    shown = one_line(tag)
    return f"Coloured {shown} {color}" if color else f"{shown} has its automatic colour again"


def _deleted(codebook: Codebook, tag: str) -> str:
    impact = codebook.delete(tag)
    return f"Deleted {one_line(tag)}: {impact.summary()} (u undoes)"


def _stepped(step: Callable[[], Step | None], done: str, empty: str) -> str:
    """Undo or redo; says what was undone, by the step's label."""
    taken = step()
    if taken is None:
        return empty
    return f"{done}: {one_line(taken.label)}" if taken.label else done
