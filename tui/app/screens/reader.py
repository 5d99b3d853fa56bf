"""The reader: one document on the left, its tags and notes in the margin on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin
from tui.app.widgets.prompt_bar import PromptBar
from tui.app.widgets.quick_codes import QuickCodes
from tui.app.widgets.reader_header import ReaderHeader
from tui.app.widgets.reader_pane import ReaderPane
from tui.core.document import Document
from tui.core.errors import PostilError
from tui.core.safe_text import one_line
from tui.core.transaction import Step

if TYPE_CHECKING:
    from tui.app.app import PostilApp

QUOTE_IN_LABEL = 40


def step_label(step: Step) -> str:
    """What a step did, in a few words: its own label (the codebook's steps have one, such as
    `rename economy to money`), else what it did to the annotations."""
    if step.label:
        return one_line(step.label)
    if len(step.annotations) != 1:
        return f"{len(step.annotations)} annotation changes"
    change = step.annotations[0]
    verb = "add" if change.before is None else "delete" if change.after is None else "edit"
    annotation = change.after or change.before
    assert annotation is not None  # a change has a before, an after or both
    what = one_line(", ".join(annotation.tags)) or "a note"
    where = (
        f"“{one_line(annotation.quote, QUOTE_IN_LABEL)}”" if annotation.anchor else "the document"
    )
    return f"{verb} {what} on {where}"


class ReaderFooter(Footer):
    """The footer, rebuilt only when the keys it shows change.

    Textual's footer rebuilds its keys at every change of focus. Each search moves the focus to
    the prompt and back, and the prompt lies over the footer, so the footer shows the same keys
    before and after: rebuilding it twice took longer than searching 100 MB.
    """

    _shown: tuple[tuple[str, str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if isinstance(screen.focused, PromptBar):
            return  # hidden under the prompt
        shown = tuple(
            (binding.key, binding.description, binding.action, enabled)
            for _, binding, enabled, _ in screen.active_bindings.values()
            if binding.show
        )
        if shown == self._shown:
            return
        super().bindings_changed(screen)
        if self.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # recomposed with these


class ReaderScreen(Screen[None]):
    """Read, select and annotate; what the panes share (search, undo, help) lives here."""

    DEFAULT_CSS = """
    ReaderScreen {
        layers: default overlay;
    }
    """

    NARROW_COLUMNS = 80
    """Below this width the margin hides (m shows it over the text)."""

    BINDINGS = [
        Binding("u,ctrl+z", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="reader.redo"),
        Binding("slash", "search", "Search", id="reader.search"),
        Binding("colon", "goto", "Go to line or %", show=False, id="reader.goto"),
        Binding("f", "browse(False)", "Annotations here", show=False, id="reader.browse"),
        Binding("F", "browse(True)", "Annotations everywhere", show=False, id="reader.browse_all"),
        Binding("t", "codebook", "Codebook (tags)", show=False, id="reader.codebook"),
        Binding("escape", "escape", "Clear selection / back", show=False),
        Binding("x", "export", "Export", show=False, id="reader.export"),
        Binding("question_mark,f1", "help", "Help", id="reader.help"),
        Binding("q", "quit", "Quit", id="reader.quit"),
    ]

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self._prompt_target: ReaderPane | None = None
        self._panes: list[ReaderPane] = []

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    @property
    def panes(self) -> list[ReaderPane]:
        """The panes, found once they are composed (they stay; every keypress asks for them)."""
        if not self._panes:
            self._panes = list(self.query(ReaderPane))
        return list(self._panes)

    @property
    def active_pane(self) -> ReaderPane:
        """The pane with focus, or the first."""
        focused = self.focused
        for pane in self.panes:
            if focused is not None and pane in focused.ancestors_with_self:
                return pane
        return self.panes[0]

    def compose(self) -> ComposeResult:
        yield ReaderHeader(id="reader-header")
        yield from self.compose_panes()
        yield QuickCodes(id="quick-codes")
        yield PromptBar(id="prompt")
        yield ReaderFooter()

    def compose_panes(self) -> ComposeResult:
        yield ReaderPane(self.document, id="pane")

    def on_mount(self) -> None:
        self.query_one(PromptBar).display = False
        self.panes[0].view.focus()
        if self.document.notice:
            self.notify(self.document.notice, severity="warning", markup=False)

    def on_resize(self) -> None:
        narrow = self.size.width < self.NARROW_COLUMNS
        self.set_class(narrow, "narrow")
        if not narrow:
            for pane in self.panes:
                pane.close_overlay()

    @on(ReaderPane.Changed)
    def show_status(self) -> None:
        pane = self.active_pane
        header = self.query_one(ReaderHeader)
        header.show(pane.document.title, pane.percent, pane.placed_count, pane.view.status)
        self.query_one(QuickCodes).show(self.postil.settings.recent_tags)

    # Shared commands ----------------------------------------------------------------------

    def action_undo(self) -> None:
        """Says what was undone: "Undone: add economy on “…”"."""
        self._history_step(self.postil.history.undo_step, "Nothing to undo", "Undone")

    def action_redo(self) -> None:
        self._history_step(self.postil.history.redo_step, "Nothing to redo", "Redone")

    def _history_step(self, step: Callable[[], Step | None], empty: str, done: str) -> None:
        try:
            taken = step()
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if taken is None:
            self.notify(empty)
            return
        self.postil.refresh_documents()
        original = taken.inverted() if done == "Undone" else taken  # undo returns the inverse
        self.notify(f"{done}: {step_label(original)}", markup=False)

    def action_search(self) -> None:
        self._prompt_target = self.active_pane
        self.query_one(PromptBar).open("search", "Search (Enter jumps, n/N next/previous)")

    def action_goto(self) -> None:
        self._prompt_target = self.active_pane
        self.query_one(PromptBar).open("goto", "Go to line number, or percentage like 50%")

    @on(PromptBar.Changed)
    def _prompt_typed(self, event: PromptBar.Changed) -> None:
        if event.input.mode == "search":
            self._prompt_pane.set_search(event.value)

    @on(PromptBar.Submitted)
    def _prompt_submitted(self, event: PromptBar.Submitted) -> None:
        prompt = event.input
        assert isinstance(prompt, PromptBar)
        pane = self._prompt_pane
        prompt.display = False
        self.set_focus(pane.view)
        if prompt.mode == "search" and event.value:
            pane.action_next_match(1)
        elif prompt.mode == "goto":
            pane.go_to(event.value.strip())

    @on(PromptBar.Closed)
    def _prompt_closed(self) -> None:
        self.set_focus(self._prompt_pane.view)

    @property
    def _prompt_pane(self) -> ReaderPane:
        """The pane the prompt was opened from (the prompt itself has focus meanwhile)."""
        return self._prompt_target or self.active_pane

    def action_browse(self, everywhere: bool) -> None:
        from tui.app.screens.browser import BrowserScreen  # loaded when first asked for

        self.app.push_screen(BrowserScreen(None if everywhere else self.active_pane.document))

    def action_codebook(self) -> None:
        from tui.app.screens.codebook import CodebookScreen  # loaded when first asked for

        self.app.push_screen(CodebookScreen())

    def action_escape(self) -> None:
        pane = self.active_pane
        if pane.view.cancel_search() or pane.view.clear_selection() or pane.close_overlay():
            return
        if len(self.app.screen_stack) > 2:
            self.remember_positions()
            self.app.pop_screen()

    def action_export(self) -> None:
        from tui.app.screens.export import ExportScreen  # the formats load when first asked for

        document = self.active_pane.document
        scope = f"“{one_line(document.title, 40)}”"
        self.app.push_screen(ExportScreen(doc_ids=[document.id], scope=scope))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen  # loaded when first asked for

        sections: list[tuple[str, list[BindingType]]] = [
            ("Reading and selecting", DocumentView.BINDINGS),
            ("Annotating", ReaderPane.BINDINGS),
            ("Everywhere", type(self).BINDINGS),
            ("In the margin", Margin.BINDINGS),
        ]
        self.app.push_screen(
            HelpScreen(
                [(title, [b for b in bs if isinstance(b, Binding)]) for title, bs in sections]
            )
        )

    def remember_positions(self) -> None:
        for pane in self.panes:
            pane.remember_position()

    def action_quit(self) -> None:
        self.remember_positions()
        self.app.exit()
