"""A document with its margin: the text, its highlights and its cards, and every annotation command.

The reader shows one pane; a comparison shows two. The pane joins its two halves (they scroll
together, and the annotation at the caret is emphasized in both) and owns the commands that act
on its document; the screen owns what is shared (search prompt, undo, help).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message

from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin
from tui.core.anchoring import anchor_at, trimmed
from tui.core.annotation import Annotation
from tui.core.colors import tag_color
from tui.core.document import Document
from tui.core.errors import PostilError
from tui.core.safe_text import one_line
from tui.core.store import Store, TagInfo

if TYPE_CHECKING:
    from tui.app.app import PostilApp
    from tui.app.screens.editor import EditorResult

SELECT_FIRST = "Select a passage first: v starts a selection, V a paragraph, s a sentence"
MARGIN_STEP = 5
MARGIN_LIMITS = (20, 60)


def search_pattern(query: str) -> re.Pattern[str]:
    """The query as literal text, ignoring case unless it has a capital letter."""
    flags = 0 if any(char.isupper() for char in query) else re.IGNORECASE
    return re.compile(re.escape(query), flags)


class ReaderPane(Horizontal):
    """One document and its margin. Its keys work while its text or its margin has focus."""

    BINDINGS = [
        Binding("a,enter", "annotate", "Annotate", id="reader.annotate"),
        Binding("A", "annotate_document", "Document note", show=False, id="reader.document_note"),
        Binding("e", "edit", "Edit", id="reader.edit"),
        Binding("d", "delete", "Delete", show=False, id="reader.delete"),
        Binding("c", "copy_quote", "Copy quote", show=False, id="reader.copy"),
        Binding("]", "next_annotation(1)", "Next annotation", show=False, id="reader.next"),
        Binding("[", "next_annotation(-1)", "Previous annotation", show=False, id="reader.prev"),
        Binding("n", "next_match(1)", "Next match", show=False, id="reader.next_match"),
        Binding("N", "next_match(-1)", "Previous match", show=False, id="reader.previous_match"),
        Binding("R", "review_drift", "Review re-anchoring", show=False, id="reader.drift"),
        Binding("m", "toggle_margin", "Margin", id="reader.margin"),
        Binding("less_than_sign", "resize_margin(1)", "Wider margin", show=False),
        Binding("greater_than_sign", "resize_margin(-1)", "Narrower margin", show=False),
        *[
            Binding(str(n), f"quick_code({n})", f"Quick code {n}", show=False, id=f"reader.code{n}")
            for n in range(1, 10)
        ],
    ]

    class Changed(Message):
        """The pane's caret, annotations or scroll position changed: its status is new."""

        def __init__(self, pane: ReaderPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.annotations: list[Annotation] = []
        self._placed_count = 0
        self.codebook: dict[str, TagInfo] = {}
        self.search: re.Pattern[str] | None = None
        self.margin_overlay = False
        self._view: DocumentView | None = None
        self._margin: Margin | None = None

    @property
    def postil(self) -> PostilApp:
        return cast("PostilApp", self.app)

    @property
    def store(self) -> Store:
        return self.postil.store

    @property
    def view(self) -> DocumentView:
        if self._view is None:  # found once: every keypress asks for it, often many times
            self._view = self.query_one(DocumentView)
        return self._view

    @property
    def margin(self) -> Margin:
        if self._margin is None:
            self._margin = self.query_one(Margin)
        return self._margin

    def compose(self) -> ComposeResult:
        yield DocumentView(self.document)
        yield Margin()

    def on_mount(self) -> None:
        self.margin.styles.width = f"{self.postil.settings.margin_percent}%"
        self.postil.settings.use_store(self.store.root)
        self.watch(self.view, "scroll_y", self._document_scrolled, init=False)
        self.watch(self.margin, "scroll_y", self._margin_scrolled, init=False)
        self.reload()
        position = self.store.document(self.document.id).position if self.document.id else 0
        if position > 0:
            restore = partial(self._restore_position, position)
            self.call_after_refresh(self.view.when_indexed, restore)

    def _restore_position(self, offset: int) -> None:
        if offset <= len(self.document.text):
            self.view.move_caret(offset)
            self.view.scroll_to_offset(offset)

    # Keeping the halves in step -----------------------------------------------------------

    def tag_color(self, tag: str) -> str:
        info = self.codebook.get(tag)
        return tag_color(tag, info.color if info else None)

    def reload(self) -> None:
        """Read this document's annotations and the codebook again, and redraw both halves."""
        self.annotations = self.store.annotations(self.document.id) if self.document.id else []
        self._placed_count = sum(1 for annotation in self.annotations if not annotation.orphan)
        self.codebook = {info.tag: info for info in self.store.codebook()}
        self.view.set_annotations(self.annotations, self.tag_color)
        self._layout_margin()
        self._show_focus()
        self._changed()

    def _layout_margin(self) -> None:
        view = self.view
        if view.rows is None:
            return
        self.margin.show(self.annotations, view.row_index, self.tag_color, view.rows.row_count)
        view.set_extra_rows(max(0, self.margin.content_bottom - view.rows.row_count))

    @on(DocumentView.Reflowed)
    def _reflowed(self) -> None:
        self._layout_margin()

    @on(DocumentView.Indexed)
    def _indexed(self, event: DocumentView.Indexed) -> None:
        """A big document is read whole: its hash is known, so register (and re-anchor) it."""
        try:
            document = replace(self.document, sha256=event.sha256)
            self.document = self.postil.document_read_whole(document)
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.view.document = self.document
        self.reload()

    @on(DocumentView.Unreadable)
    def _unreadable(self) -> None:
        """Read the file again, whole; once this screen is up (closing it while it is still
        being mounted would leave its mounting half done)."""
        self.call_after_refresh(self.postil.reopen_whole, self.document.path)

    @on(DocumentView.StatusChanged)
    def _status_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        """Tell the screen to show this pane's state, with the quick codes it shows (the
        recent tags) under their current names."""
        self.quick_codes()
        self.post_message(self.Changed(self))

    def quick_codes(self) -> list[str]:
        """The recent tags, renamed or dropped as the store's tags were since last looked at
        (here or by another postil process), so a number key never brings back an old name."""
        settings = self.postil.settings
        try:
            names = self.store.tag_names().names
        except PostilError:  # a damaged library: said where the store is read, not per key
            return settings.recent_tags
        if settings.follow_tag_names(names):
            settings.save()
            self.post_message(self.Changed(self))  # the quick codes line shows the new names
        return settings.recent_tags

    @on(Margin.LaidOut)
    def _margin_laid_out(self) -> None:
        self.call_after_refresh(self._level_margin)

    def _level_margin(self) -> None:
        """Scroll the margin level with the text (unless the pane was closed meanwhile)."""
        if self.query(DocumentView):
            self._document_scrolled(self.view.scroll_y)

    def _document_scrolled(self, value: float) -> None:
        if self.margin.scroll_y != value:
            self.margin.scroll_to(y=value, animate=False, immediate=True)

    def _margin_scrolled(self, value: float) -> None:
        """The text follows the margin only when the user scrolls the margin itself."""
        if not (self.margin.has_focus or self.margin.is_mouse_over):
            return
        if self.view.scroll_y != value:
            self.view.scroll_to(y=value, animate=False, immediate=True)

    @property
    def percent(self) -> int:
        """How far the caret is through the document."""
        text = self.document.text
        return 100 if not text else round(100 * self.view.caret / len(text))

    @property
    def placed_count(self) -> int:
        return self._placed_count

    def current(self) -> Annotation | None:
        """The annotation a command acts on: the selected card, else the one at the caret."""
        if self.margin.has_focus and self.margin.selected_id:
            return next((a for a in self.annotations if a.id == self.margin.selected_id), None)
        found = self.view.spans.at(self.view.caret)
        return found[-1] if found else None

    def _show_focus(self) -> None:
        annotation = self.current()
        annotation_id = annotation.id if annotation else None
        self.view.set_focused_annotation(annotation_id)
        if not self.margin.has_focus:
            self.margin.select(annotation_id)

    @on(DocumentView.CaretMoved)
    def _caret_moved(self) -> None:
        self._show_focus()
        self._changed()

    @on(Margin.Selected)
    def _card_selected(self, event: Margin.Selected) -> None:
        self.view.set_focused_annotation(event.annotation.id)

    @on(Margin.Jump)
    def _jump_to_card(self, event: Margin.Jump) -> None:
        self.go_to_annotation(event.annotation)

    def go_to_annotation(self, annotation: Annotation) -> None:
        self.view.focus()
        if annotation.start is not None:
            self.view.move_caret(annotation.start, extend=False)
            self.view.scroll_to_offset(annotation.start)
        self.margin.select(annotation.id)

    # Annotating ---------------------------------------------------------------------------

    def known_tags(self) -> list[str]:
        return sorted(set(self.store.tag_counts()) | set(self.postil.settings.recent_tags))

    def selected_passage(self) -> tuple[int, int] | None:
        """The selection without white space at its edges, or None if nothing is selected."""
        selection = self.view.selection
        if selection is None:
            return None
        start, end = trimmed(self.document.text, selection.start, selection.end)
        return (start, end) if end > start else None

    def action_annotate(self) -> None:
        passage = self.selected_passage()
        if passage is None:
            if self.view.selection is None and self.current() is not None:
                self.action_edit()
            else:
                self.notify(SELECT_FIRST)
            return
        from tui.app.screens.editor import AnnotationEditor  # loaded when first used

        start, end = passage
        quote = self.document.text[start:end]
        editor = AnnotationEditor(
            "New annotation", quote, (), "", self.known_tags(), self.tag_color
        )
        self.app.push_screen(editor, lambda result: self._create(result, start, end))

    def action_annotate_document(self) -> None:
        from tui.app.screens.editor import AnnotationEditor

        heading = f"Note on the whole document: {self.document.title}"
        editor = AnnotationEditor(heading, "", (), "", self.known_tags(), self.tag_color)
        self.app.push_screen(editor, lambda result: self._create(result, None, None))

    def _create(self, result: EditorResult | None, start: int | None, end: int | None) -> None:
        if result is None:
            return
        anchor = None if start is None or end is None else anchor_at(self.document.text, start, end)
        annotation = Annotation(
            doc_id=self.document.id,
            anchor=anchor,
            tags=result.tags,
            note=result.note,
            author=self.postil.author,
            doc_sha256=self.document.sha256,
        )
        self._change(lambda: self.postil.history.add(annotation), result.tags)
        self.view.clear_selection()
        self.margin.select(annotation.id)

    def action_edit(self) -> None:
        annotation = self.current()
        if annotation is None:
            self.notify("No annotation here: put the caret in a highlighted passage or pick a card")
            return
        from tui.app.screens.editor import AnnotationEditor

        editor = AnnotationEditor(
            "Edit annotation",
            annotation.quote,
            annotation.tags,
            annotation.note,
            self.known_tags(),
            self.tag_color,
        )

        def save(result: EditorResult | None) -> None:
            if result is None or (result.tags, result.note) == (annotation.tags, annotation.note):
                return
            changed = annotation.edited(tags=result.tags, note=result.note)
            self._change(lambda: self.postil.history.update(changed), result.tags)

        self.app.push_screen(editor, save)

    def action_delete(self) -> None:
        annotation = self.current()
        if annotation is None:
            self.notify("No annotation here to delete")
            return
        self._change(lambda: self.postil.history.delete(annotation))
        self.notify(f"Deleted [{', '.join(annotation.tags)}] — u undoes", markup=False)

    def action_copy_quote(self) -> None:
        annotation = self.current()
        selection = self.view.selection
        if selection is not None:
            quote = self.document.text[selection.start : selection.end]
        elif annotation is not None and annotation.quote:
            quote = annotation.quote
        else:
            self.notify("Nothing to copy: select a passage or go to an annotation")
            return
        self.app.copy_to_clipboard(quote)
        self.notify(f"Copied {len(quote)} characters")

    def action_quick_code(self, number: int) -> None:
        recent = self.quick_codes()
        if number > len(recent):
            self.notify(f"No quick code {number} yet: tags you use become quick codes 1..9")
            return
        tag = recent[number - 1]
        passage = self.selected_passage()
        if passage is not None:
            from tui.app.screens.editor import EditorResult

            self._create(EditorResult((tag,), ""), *passage)
            self.notify(f"Coded {one_line(tag)}", markup=False)
            return
        annotation = self.current()
        if annotation is None:
            self.notify(SELECT_FIRST)
        elif tag not in annotation.tags:
            changed = annotation.edited(tags=(*annotation.tags, tag))
            self._change(lambda: self.postil.history.update(changed), (tag,))
            self.notify(f"Added {one_line(tag)}", markup=False)

    def _change(self, apply: Callable[[], object], tags: tuple[str, ...] = ()) -> None:
        """Apply a change through the history; on a store error, say so and keep the screen."""
        try:
            apply()
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if tags:
            self.quick_codes()  # the names as they stand after the change
            self.postil.settings.use_tags(tags, self.store.tag_names().names)
            self.postil.settings.save()
        self.postil.refresh_documents()

    def action_review_drift(self) -> None:
        from tui.app.screens.drift import DriftScreen  # loaded when first asked for

        self.app.push_screen(DriftScreen(self))

    # Moving around ------------------------------------------------------------------------

    def action_next_annotation(self, step: int) -> None:
        spans = self.view.spans
        caret = self.view.caret
        found = spans.next_after(caret) if step > 0 else spans.previous_before(caret)
        if found is None:
            self.notify("No more annotations this way")
            return
        self.go_to_annotation(found)

    def set_search(self, query: str) -> None:
        """Highlight every match of `query` (empty clears the search)."""
        self.search = search_pattern(query) if query else None
        self.view.set_search(self.search)

    def action_next_match(self, step: int) -> None:
        if self.search is None:
            self.notify("No search yet: press / to search")
            return
        self.view.find(self.search, step)

    def go_to(self, where: str) -> None:
        """Go to a line number (from 1) or a percentage such as `50%`."""
        text = self.document.text
        lines = self.view.lines
        try:
            if where.endswith("%"):
                offset = round(len(text) * min(100.0, max(0.0, float(where[:-1]))) / 100)
                offset = lines.span(lines.line_of(offset))[0]
            else:
                offset = lines.span(max(1, min(int(where), len(lines))) - 1)[0]
        except ValueError:
            self.notify(f"Not a line number or percentage: {where}", markup=False)
            return
        self.view.move_caret(offset, extend=False)
        self.view.scroll_to_offset(offset, context_rows=0)

    # Layout -------------------------------------------------------------------------------

    def action_toggle_margin(self) -> None:
        """Hide or show the margin; in a narrow terminal it comes back over the text."""
        if self.screen.has_class("narrow"):
            self.margin_overlay = not self.margin_overlay
            self.set_class(self.margin_overlay, "margin-overlay")
        else:
            self.toggle_class("margin-hidden")
        self.call_after_refresh(self._layout_margin)

    def close_overlay(self) -> bool:
        if not self.margin_overlay:
            return False
        self.action_toggle_margin()
        return True

    def action_resize_margin(self, step: int) -> None:
        settings = self.postil.settings
        low, high = MARGIN_LIMITS
        settings.margin_percent = max(low, min(high, settings.margin_percent + step * MARGIN_STEP))
        settings.save()
        self.margin.styles.width = f"{settings.margin_percent}%"

    def remember_position(self) -> None:
        try:
            self.store.set_position(self.document.id, self.view.caret)
        except PostilError:
            return
