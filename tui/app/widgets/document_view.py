"""The document pane: wrapped text with a caret, a selection, highlights and search matches.

A Line API widget: it draws only the rows on screen (`render_line`), so opening and scrolling a
huge document costs what the screen shows. Where the text is annotated, it is painted in the
colour of the annotation's first tag. Painted rows are kept by line and part, so a keypress
repaints only the rows it changes.

A big file's text (`FileText`) is read as it is shown: the first screen comes from its first
blocks while the whole file is indexed in the background (`Indexed` says when, with its hash);
going to its end or searching it waits for that. A search of a big text runs in a thread (one
that must decode the text, in a child process), shows its progress in `status`, and
`cancel_search` (Escape) stops it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from math import ceil

from rich.style import Style
from textual import events, on, work
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.worker import Worker, get_current_worker

from tui.app.view.markdown_style import markdown_spans
from tui.app.view.paint import StyledSpan, paint_row
from tui.app.view.rows import FileLines, LineIndex, Row, RowIndex
from tui.app.view.wrap import columns, offset_at_column, shown
from tui.core import motions
from tui.core.annotation import Annotation
from tui.core.colors import tag_color
from tui.core.document import Document
from tui.core.file_text import FileText, NotUTF8, TextIndex, index_whole
from tui.core.spans import SpanIndex
from tui.core.text_search import Stopped, next_match, next_match_aside
from tui.core.windowed import around

HIGHLIGHT_STRENGTH = 0.45
FOCUSED_STRENGTH = 0.75
STRIP_CACHE_SIZE = 512
ROW_CACHE_SIZE = 1024
PROGRESS_SECONDS = 0.25  # a running search says how far it has got this often (not before)


@dataclass(frozen=True, slots=True)
class Selection:
    """A selected passage, `[start, end)` in code points."""

    start: int
    end: int


class DocumentView(ScrollView, can_focus=True):
    """Reads like `less`, selects like an editor; see BINDINGS for every key."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {
        "document-view--caret",
        "document-view--selection",
        "document-view--match",
        "document-view--current-match",
        "document-view--focused-annotation",
    }

    BINDINGS = [
        Binding("j", "scroll_rows(1)", "Down", show=False, id="view.down"),
        Binding("k", "scroll_rows(-1)", "Up", show=False, id="view.up"),
        Binding("down", "caret_rows(1)", "Caret down", show=False),
        Binding("up", "caret_rows(-1)", "Caret up", show=False),
        Binding("shift+down", "caret_rows(1, True)", "Extend down", show=False),
        Binding("shift+up", "caret_rows(-1, True)", "Extend up", show=False),
        Binding("space,pagedown,ctrl+f", "page(1)", "Page down", show=False, id="view.page_down"),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", show=False, id="view.page_up"),
        Binding("b", "back", "Page up / word back", show=False, id="view.back"),
        Binding("g,home", "to_start", "Top", show=False, id="view.top"),
        Binding("G,end", "to_end", "Bottom", show=False, id="view.bottom"),
        Binding("h,left", "caret_chars(-1)", "Left", show=False),
        Binding("l,right", "caret_chars(1)", "Right", show=False),
        Binding("shift+left", "caret_chars(-1, True)", "Extend left", show=False),
        Binding("shift+right", "caret_chars(1, True)", "Extend right", show=False),
        Binding("w,W", "motion('word_forward')", "Next word", show=False, id="view.word"),
        Binding("B", "motion('word_backward')", "Previous word", show=False),
        Binding(")", "motion('sentence_forward')", "Next sentence", show=False),
        Binding("(", "motion('sentence_backward')", "Previous sentence", show=False),
        Binding("}", "motion('paragraph_forward')", "Next paragraph", show=False),
        Binding("{", "motion('paragraph_backward')", "Previous paragraph", show=False),
        Binding("v", "toggle_selection", "Select", id="view.select"),
        Binding("V", "select_paragraph", "Paragraph", show=False, id="view.select_paragraph"),
        Binding("s", "select_sentence", "Sentence", show=False, id="view.select_sentence"),
    ]

    class Reflowed(Message):
        """The text was wrapped anew (first shown, or resized): rows have changed."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    class CaretMoved(Message):
        """The caret or the selection changed."""

        def __init__(self, view: DocumentView, offset: int, selection: Selection | None) -> None:
            super().__init__()
            self.view = view
            self.offset = offset
            self.selection = selection

    class Indexed(Message):
        """A big file has been read whole: its length is known, and the hash of its text."""

        def __init__(self, view: DocumentView, sha256: str) -> None:
            super().__init__()
            self.view = view
            self.sha256 = sha256

    class Unreadable(Message):
        """A big file turned out not to be UTF-8 past its first blocks: read it whole instead."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    class StatusChanged(Message):
        """`status` (what the view is busy with, such as a long search) changed."""

        def __init__(self, view: DocumentView) -> None:
            super().__init__()
            self.view = view

    class _IndexRead(Message):
        def __init__(self, index: TextIndex) -> None:
            super().__init__()
            self.index = index

    class _SearchProgress(Message):
        def __init__(self, fraction: float) -> None:
            super().__init__()
            self.fraction = fraction

    class _SearchDone(Message):
        def __init__(
            self, pattern: re.Pattern[str], found: tuple[int, bool] | None, error: str = ""
        ) -> None:
            super().__init__()
            self.pattern = pattern
            self.found = found
            self.error = error

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.text: str | FileText = document.text
        self.lines: LineIndex | FileLines = (
            LineIndex(self.text) if isinstance(self.text, str) else FileLines(self.text)
        )
        self.rows: RowIndex | None = None
        self.caret = 0
        self.anchor: int | None = None
        self.extra_rows = 0
        self.status = ""
        self._goal_column: int | None = None
        self._spans = SpanIndex(())
        self._colors: Callable[[str], str] = tag_color
        self._focused_id: str | None = None
        self._search: re.Pattern[str] | None = None
        self._version = 0
        self._strips: dict[tuple[int, int, int, int], Strip] = {}
        self._row_cache: dict[int, Row] = {}
        self._rows_seen: tuple[RowIndex | None, int] = (None, -1)
        self._tints: dict[tuple[str, bool, bool], Style] = {}
        self._components: dict[str, Style] = {}
        self._top: tuple[int, int] | None = (0, 0)  # line and part at the top (None: below)
        self._painted: tuple[int, int | None] = (0, None)
        self._base = Style()
        self._base_version = -1
        self._width = 0
        self._drag_from: int | None = None
        self._waiting: list[Callable[[], None]] = []
        self._queued_search: tuple[re.Pattern[str], int] | None = None
        self._searching: Worker[None] | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())
        if isinstance(self.text, FileText) and not self.text.complete:
            self._read_whole()

    # State the screen sets ---------------------------------------------------------------

    def set_annotations(
        self, annotations: list[Annotation], colors: Callable[[str], str] = tag_color
    ) -> None:
        self._spans = SpanIndex(annotations)
        self._colors = colors
        self.redraw()

    @property
    def spans(self) -> SpanIndex:
        return self._spans

    def set_focused_annotation(self, annotation_id: str | None) -> None:
        if annotation_id == self._focused_id:
            return
        changed = [a for a in self._spans.annotations if a.id in (annotation_id, self._focused_id)]
        self._focused_id = annotation_id
        if len(changed) > 8:
            self.redraw()
            return
        for annotation in changed:
            self._repaint_offsets(annotation.start, annotation.end)

    def set_search(self, pattern: re.Pattern[str] | None) -> None:
        self._search = pattern
        self.redraw()

    def set_extra_rows(self, extra: int) -> None:
        """Room below the text, so the margin's last cards can scroll into view."""
        if extra != self.extra_rows:
            self.extra_rows = extra
            self._update_virtual_size()

    def redraw(self) -> None:
        self._version += 1
        self._strips.clear()
        self._tints.clear()
        self._components.clear()
        self._painted = (self.caret, self.anchor)
        self.refresh()

    def row_index(self) -> RowIndex | None:
        """The rows as they are now (a new index after each resize)."""
        return self.rows

    # A big file, read in the background ----------------------------------------------------

    @property
    def indexed(self) -> bool:
        return not isinstance(self.text, FileText) or self.text.complete

    def when_indexed(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the whole text is known (at once, for a text in memory)."""
        if self.indexed:
            callback()
            return
        self._waiting.append(callback)
        self._set_status("Reading the whole document…")

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _read_whole(self) -> None:
        assert isinstance(self.text, FileText)
        try:
            index = index_whole(self.text.path)
        except (NotUTF8, OSError):
            self.post_message(self.Unreadable(self))
            return
        self.post_message(self._IndexRead(index))

    @on(_IndexRead)
    def _index_read(self, message: _IndexRead) -> None:
        assert isinstance(self.text, FileText)
        self.text.extend(message.index)
        self.lines = FileLines(self.text)
        if self.rows is not None:
            top = self._top
            self.rows = RowIndex(self.lines, self.rows.width)
            self._update_virtual_size()
            self.redraw()
            if top is not None:
                self._scroll_to_row(self.rows.first_row(top[0]) + top[1])
            self.post_message(self.Reflowed(self))
        self.post_message(self.Indexed(self, message.index.sha256))
        self._set_status("")
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback()
        if self._queued_search is not None:
            self._start_search(*self._queued_search)
            self._queued_search = None

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.post_message(self.StatusChanged(self))

    # Geometry ----------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        width = max(1, self.scrollable_content_region.width)
        if self.rows is not None and self.rows.width == width:
            return
        top = self.rows.row(int(self.scroll_y)).start if self.rows else None
        self.rows = RowIndex(self.lines, width)
        self._update_virtual_size()
        self.redraw()
        if top is not None:
            self._scroll_to_row(self.rows.row_of(top))
        self.post_message(self.Reflowed(self))
        self.call_after_refresh(self.keep_caret_visible)

    def _update_virtual_size(self) -> None:
        if self.rows is not None:
            width = self.scrollable_content_region.width
            self.virtual_size = Size(width, self.rows.row_count + self.extra_rows)

    def _follow_rows(self) -> None:
        """Keep the scroll range and the top row in step with the rows, whose counts change as
        lines are wrapped or a big file's blocks are opened."""
        rows = self.rows
        if rows is None:
            return
        if self._top is not None and self._top[0] < len(self.lines):
            line, part = self._top
            top = rows.first_row(line) + min(part, rows.rows_in_line(line) - 1)
            if top != self.top_row:
                self._scroll_to_row(top)
                return
        self._sync_height()

    def _sync_height(self) -> None:
        """The scroll range, as the rows count now (without a layout: the view's size is fixed)."""
        if self.rows is None:
            return
        height = self.rows.row_count + self.extra_rows
        if height != self.virtual_size.height:
            size = Size(self.virtual_size.width, height)
            self.set_reactive(ScrollView.virtual_size, size)
            self._scroll_update(size)

    def _scroll_to_row(self, row: float) -> None:
        self._sync_height()
        self.scroll_to(y=row, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """As a scroll view does, but the scroll bar is repainted only when its thumb moves: on a
        long document one row of text moves it by much less than it can show."""
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            if _thumb_at(bar, new_value) == _thumb_at(bar, bar.position):
                bar.set_reactive(ScrollBar.position, bar.validate_position(new_value))
            else:
                bar.position = new_value
        if round(old_value) != round(new_value):
            self.refresh(self.size.region)
        if self.rows is not None:
            if int(new_value) >= self.rows.row_count:
                self._top = None  # in the room left below the text for the margin
                return
            row = self._row(int(new_value))
            self._top = (row.line, row.part)

    @property
    def page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height)

    @property
    def top_row(self) -> int:
        return int(self.scroll_y)

    def row_of(self, offset: int) -> int:
        return self.rows.row_of(offset) if self.rows else 0

    # Painting ----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._follow_rows()
        if self._base_version != self._version:  # slow to work out: once per restyle
            self._base, self._base_version = self.rich_style, self._version
        self._width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        row_number = self.top_row + y
        if self.rows is None or row_number >= self.rows.row_count:
            return Strip.blank(width, self._base)
        row = self._row(row_number)
        if row.spacer:
            return Strip.blank(width, self._base)
        key = (row.line, row.part, width, self._version)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) > STRIP_CACHE_SIZE:
                self._strips.clear()
            strip = self._paint(row, width)
            self._strips[key] = strip
        return strip

    def _row(self, number: int) -> Row:
        """`rows.row(number)`, kept while the rows stay as they are: a scroll by one row then
        looks up only the row it brings in."""
        rows = self.rows
        assert rows is not None
        if self._rows_seen != (rows, rows.version) or len(self._row_cache) > ROW_CACHE_SIZE:
            self._row_cache.clear()
        row = self._row_cache.get(number)
        if row is None:
            row = rows.row(number)
            if self._rows_seen != (rows, rows.version):  # looking it up wrapped lines
                self._row_cache.clear()
                self._rows_seen = (rows, rows.version)
            self._row_cache[number] = row
        return row

    def _repaint_offsets(self, start: int, end: int) -> None:
        """Paint again the rows on screen that show any of `[start, end]`."""
        rows = self.rows
        if rows is None or not self.is_mounted:
            return
        top = self.top_row
        bottom = min(top + self.page_rows, rows.row_count) - 1
        if bottom < top:
            return
        first, last = rows.row(top), rows.row(bottom)
        start, end = max(start, first.start), min(end, last.end)
        if start > end:
            return
        lines = range(self.lines.line_of(start), self.lines.line_of(end) + 1)
        for key in [key for key in self._strips if key[0] in lines]:
            del self._strips[key]
        from_row, to_row = rows.row_of(start), rows.row_of(end)
        self.refresh_lines(from_row, to_row - from_row + 1)

    def _paint(self, row: Row, width: int) -> Strip:
        spans = self._styled_spans(row)
        caret_after = None
        if self.has_focus and self.caret == row.end and row.last:
            caret_after = self._component("document-view--caret")
        return paint_row(self.text, row.start, row.end, spans, self._base, width, caret_after)

    def _styled_spans(self, row: Row) -> list[StyledSpan]:
        """Every style on this row, painted in order: markup, highlights, matches, selection."""
        spans: list[StyledSpan] = []
        if self.document.is_markdown:
            line_start, line_end = self.lines.span(row.line)
            spans.extend(markdown_spans(self.text[line_start:line_end], line_start))
        spans.extend(self._highlight_spans(row.start, max(row.end, row.start + 1)))
        spans.extend(self._match_spans(row))
        selection = self.selection
        if selection is not None:
            style = self._component("document-view--selection")
            spans.append((selection.start, selection.end, style))
        if self.has_focus and row.start <= self.caret < row.end:
            style = self._component("document-view--caret")
            spans.append((self.caret, self.caret + 1, style))
        return spans

    def _highlight_spans(self, start: int, end: int) -> list[StyledSpan]:
        found = self._spans.overlapping(start, end)
        spans: list[StyledSpan] = []
        for depth, annotation in enumerate(found):
            focused = annotation.id == self._focused_id
            color = annotation.color or self._colors(annotation.tags[0] if annotation.tags else "")
            style = self._tint(color, focused, depth > 0)
            spans.append((annotation.start, annotation.end, style))
        focused_spans = [
            span for span, a in zip(spans, found, strict=True) if a.id == self._focused_id
        ]
        return [span for span in spans if span not in focused_spans] + focused_spans

    def _component(self, name: str) -> Style:
        """A component class's style (kept until the styles change: slow to work out per row)."""
        style = self._components.get(name)
        if style is None:
            style = self._components[name] = self.get_component_rich_style(name)
        return style

    def _tint(self, color: str, focused: bool, nested: bool) -> Style:
        """The highlight of an annotation in `color` (kept until the styles change)."""
        key = (color, focused, nested)
        style = self._tints.get(key)
        if style is None:
            strength = FOCUSED_STRENGTH if focused else HIGHLIGHT_STRENGTH
            tint = self.background_colors[1].blend(Color.parse(color), strength)
            style = Style(bgcolor=tint.rich_color, underline=nested and not focused)
            if focused:
                style += self._component("document-view--focused-annotation")
            self._tints[key] = style
        return style

    def _match_spans(self, row: Row) -> list[StyledSpan]:
        if self._search is None:
            return []
        line_start, line_end = self.lines.span(row.line)
        match_style = self._component("document-view--match")
        current_style = self._component("document-view--current-match")
        spans: list[StyledSpan] = []
        if isinstance(self.text, str):
            found = self._search.finditer(self.text, line_start, line_end)
        else:
            found = self._search.finditer(self.text[line_start:line_end])
        base = 0 if isinstance(self.text, str) else line_start
        for match in found:
            start, end = base + match.start(), base + match.end()
            if end > row.start and start < row.end and end > start:
                current = start == self.caret
                spans.append((start, end, current_style if current else match_style))
        return spans

    # The caret and the selection ---------------------------------------------------------

    @property
    def selection(self) -> Selection | None:
        """The selected passage, between the anchor and the caret (None while it is empty)."""
        if self.anchor is None or self.anchor == self.caret:
            return None
        start, end = sorted((self.anchor, self.caret))
        return Selection(start, end)

    def move_caret(self, offset: int, extend: bool | None = None, keep_goal: bool = False) -> None:
        """Put the caret at `offset`; `extend` starts (True) or drops (False) a selection."""
        offset = max(0, min(offset, len(self.text)))
        if extend is True and self.anchor is None:
            self.anchor = self.caret
        elif extend is False:
            self.anchor = None
        self.caret = offset
        if not keep_goal:
            self._goal_column = None
        self.keep_caret_visible()
        self._repaint_selection()
        self.post_message(self.CaretMoved(self, self.caret, self.selection))

    def _repaint_selection(self) -> None:
        """Paint again the rows that the caret or the selection changed since last painted."""
        caret, anchor = self._painted
        self._painted = (self.caret, self.anchor)
        touched = [caret, self.caret]
        if anchor != self.anchor:
            touched += [point for point in (anchor, self.anchor) if point is not None]
        self._repaint_offsets(min(touched), max(touched) + 1)

    def select(self, start: int, end: int) -> None:
        """Select `[start, end)`, the caret at its end."""
        if end <= start:
            return
        self.anchor = start
        self.move_caret(end)

    def clear_selection(self) -> bool:
        if self.anchor is None:
            return False
        self.anchor = None
        self._repaint_selection()
        self.post_message(self.CaretMoved(self, self.caret, None))
        return True

    def keep_caret_visible(self) -> None:
        if self.rows is None:
            return
        row = self.rows.row_of(self.caret)
        if row < self.top_row:
            self._scroll_to_row(row)
        elif row >= self.top_row + self.page_rows:
            self.rows.wrap_before(self.caret, self.page_rows)
            self._scroll_to_row(self.rows.row_of(self.caret) - self.page_rows + 1)

    def scroll_to_offset(self, offset: int, context_rows: int = 3) -> None:
        """Scroll so the row of `offset` is near the top, with a little context above it."""
        if self.rows is not None:
            self.rows.wrap_before(offset, context_rows + 1)
        self._scroll_to_row(max(0, self.row_of(offset) - context_rows))

    def _caret_column(self) -> int:
        if self.rows is None:
            return 0
        row = self.rows.row_at_offset(self.caret)
        return columns(shown(self.text[row.start : self.caret]))

    def _offset_in_row(self, row: Row, column: int) -> int:
        index = offset_at_column(shown(self.text[row.start : row.end]), column)
        return min(row.start + index, row.end if row.last else row.end - 1)

    # Searching ---------------------------------------------------------------------------

    def find(self, pattern: re.Pattern[str], step: int) -> None:
        """Move the caret to the next (`step` 1) or previous (-1) match of `pattern`."""
        if isinstance(self.text, str):
            self._show_match(pattern, next_match(pattern, self.text, self.caret, step))
            return
        self._stop_search()
        if self.indexed:
            self._start_search(pattern, step)
        else:
            self._queued_search = (pattern, step)
            self._set_status("Reading the whole document…")

    def _start_search(self, pattern: re.Pattern[str], step: int) -> None:
        self._set_status("Searching… (Esc stops)")
        self._searching = self._search_text(pattern, self.text, self.caret, step)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_text(
        self, pattern: re.Pattern[str], text: str | FileText, caret: int, step: int
    ) -> None:
        worker = get_current_worker()
        told = time.monotonic()

        def progress(fraction: float) -> bool:
            nonlocal told
            if time.monotonic() - told > PROGRESS_SECONDS:
                told = time.monotonic()
                self.post_message(self._SearchProgress(fraction))
            return not worker.is_cancelled

        try:
            found = next_match_aside(pattern, text, caret, step, progress)
        except Stopped:
            return
        except OSError as error:  # the file went away or cannot be read any more
            self.post_message(self._SearchDone(pattern, None, f"Cannot search: {error}"))
            return
        self.post_message(self._SearchDone(pattern, found))

    @on(_SearchProgress)
    def _search_progress(self, message: _SearchProgress) -> None:
        if self._searching is not None:
            self._set_status(f"Searching… {message.fraction:.0%} (Esc stops)")

    @on(_SearchDone)
    def _search_done(self, message: _SearchDone) -> None:
        if self._searching is None:
            return
        self._searching = None
        self._set_status("")
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        else:
            self._show_match(message.pattern, message.found)

    def _show_match(self, pattern: re.Pattern[str], found: tuple[int, bool] | None) -> None:
        if found is None:
            self.notify(f"Not found: {pattern.pattern}", markup=False)
            return
        start, wrapped = found
        self.move_caret(start, extend=False)
        if wrapped:
            self.notify("Search wrapped around")

    def cancel_search(self) -> bool:
        """Stop a search still running (or waiting for the file); True if there was one."""
        if not self._stop_search():
            return False
        self.notify("Search stopped")
        return True

    def _stop_search(self) -> bool:
        if self._searching is None and self._queued_search is None:
            return False
        if self._searching is not None:
            self._searching.cancel()
            self._searching = None
        self._queued_search = None
        self._set_status("")
        return True

    # Actions -----------------------------------------------------------------------------

    def action_scroll_rows(self, rows: int) -> None:
        """Scroll the view like `less`, carrying the caret along when it would leave it."""
        self._scroll_to_row(self.scroll_y + rows)
        self._clamp_caret_to_view()

    def _clamp_caret_to_view(self) -> None:
        if self.rows is None:
            return
        row = self.rows.row_of(self.caret)
        top, bottom = self.top_row, self.top_row + self.page_rows - 1
        if row < top or row > bottom:
            y = top if row < top else min(bottom, self.rows.row_count - 1)
            target = self.rows.text_row(y, 1 if row < top else -1, top, bottom)
            if target is not None:  # else the screen shows only spacer rows
                self.move_caret(self.rows.row(target).start, keep_goal=True)

    def action_caret_rows(self, rows: int, extend: bool = False) -> None:
        if self.rows is None:
            return
        if self._goal_column is None:
            self._goal_column = self._caret_column()
        target = self.rows.row_of(self.caret) + rows
        if target < 0 or target >= self.rows.row_count:
            return
        target = self.rows.text_row(target, rows)
        if target is None:
            return
        offset = self._offset_in_row(self.rows.row(target), self._goal_column)
        self.move_caret(offset, extend=extend or None, keep_goal=True)

    def action_page(self, pages: int) -> None:
        if self.rows is None:
            return
        delta = pages * max(1, self.page_rows - 2)
        caret_row = self.rows.row_of(self.caret) - self.top_row
        self._scroll_to_row(self.scroll_y + delta)
        y = max(0, min(self.top_row + caret_row, self.rows.row_count - 1))
        target = self.rows.text_row(y, pages, self.top_row, self.top_row + self.page_rows - 1)
        if target is not None:
            self.move_caret(self.rows.row(target).start, keep_goal=True)

    def action_to_start(self) -> None:
        self.move_caret(0)
        self._scroll_to_row(0)

    def action_to_end(self) -> None:
        if not self.indexed:
            self.when_indexed(self.action_to_end)
            return
        if self.rows is not None:
            self.rows.wrap_before(len(self.text), self.page_rows)
        self.move_caret(len(self.text))
        if self.rows is not None:
            self._scroll_to_row(max(0, self.rows.row_count + self.extra_rows - self.page_rows))

    def action_caret_chars(self, chars: int, extend: bool = False) -> None:
        self.move_caret(self.caret + chars, extend=extend or None)

    def action_motion(self, name: str) -> None:
        motion: Callable[[str, int], int] = getattr(motions, name)
        self.move_caret(around(motion, self.text, self.caret))

    def action_toggle_selection(self) -> None:
        if not self.clear_selection():
            self.anchor = self.caret
            self.move_caret(self.caret)

    def action_select_paragraph(self) -> None:
        self.select(*around(motions.paragraph_at, self.text, self.caret))

    def action_select_sentence(self) -> None:
        self.select(*around(motions.sentence_at, self.text, self.caret))

    def action_back(self) -> None:
        """`b` pages up while reading, as in `less`, and moves back a word while selecting."""
        if self.anchor is None:
            self.action_page(-1)
        else:
            self.action_motion("word_backward")

    # Mouse -------------------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        """The offset of the character under the pointer (the nearest one, past the edges)."""
        if self.rows is None:
            return None
        position = event.get_content_offset_capture(self)
        row_number = self.top_row + max(0, position.y)
        if row_number >= self.rows.row_count:
            return len(self.text)
        return self._offset_in_row(self.rows.row(row_number), max(0, position.x))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None or event.button != 1:
            return
        self.focus()
        self._drag_from = offset
        self.capture_mouse()
        self.move_caret(offset, extend=bool(event.shift))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Dragging selects every character the pointer passes, the one under it included."""
        if self._drag_from is None:
            return
        offset = self._offset_at(event)
        if offset is None:
            return
        if offset >= self._drag_from:
            self.anchor, caret = self._drag_from, min(len(self.text), offset + 1)
        else:
            self.anchor, caret = min(len(self.text), self._drag_from + 1), offset
        if caret != self.caret or self.selection is None:
            self.move_caret(caret)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is not None:
            self._drag_from = None
            self.release_mouse()

    def on_click(self, event: events.Click) -> None:
        offset = self._offset_at(event)
        if offset is None or offset >= len(self.text):
            return
        if event.chain == 2:
            self.select(*around(motions.word_at, self.text, offset))
        elif event.chain >= 3:
            self.select(*around(motions.paragraph_at, self.text, offset))

    def on_focus(self) -> None:
        self.redraw()

    def on_blur(self) -> None:
        self.redraw()


def _thumb_at(bar: ScrollBar, position: float) -> float | None:
    """Where a scroll bar draws its thumb for `position`, in eighths of a cell as it draws it
    (None where it draws none)."""
    size = bar.size.height
    virtual = ceil(bar.window_virtual_size)
    window = ceil(bar.window_size) if bar.window_size < bar.window_virtual_size else 0
    if not (window and size and virtual) or size == virtual:
        return None
    thumb = max(1, window / (virtual / size))
    return int((size - thumb) * (bar.validate_position(position) / (virtual - window)) * 8)
