"""Two documents side by side, each with its margin, scrolling together paragraph by paragraph.

Everything the reader does works in the pane with focus (the panes are reader panes); this
screen adds what joins them: aligned scrolling (either pane leads, the other follows to the same
paragraph and the same fraction through it, see `tui.core.alignment`), links made by hand where
the paragraphs do not pair in order (kept in the store, see `tui.core.links`), and the tinted
counterpart of a selection in the other pane.

While aligned, each pane's paragraphs are padded with blank rows where the other pane's take
more rows, so every pair on screen stays level, not only the one at the top; the padding is
worked out again when the panes are resized or relinked, and goes when alignment is turned off.
"""

from __future__ import annotations

from functools import cached_property, partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical

from tui.app.screens.reader import ReaderScreen
from tui.app.view.rows import RowIndex
from tui.app.widgets.compare_pane import COUNTERPART, LINKING, ComparePane, PaneTitle
from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin
from tui.app.widgets.quick_codes import QuickCodes
from tui.app.widgets.reader_header import ReaderHeader
from tui.app.widgets.reader_pane import ReaderPane
from tui.core.alignment import LEFT, RIGHT, Alignment, Link, Paragraphs, Rows, with_link
from tui.core.document import Document
from tui.core.errors import PostilError
from tui.core.links import LinkBook

SIDE_NAMES = ("left", "right")


def paragraph_rows(index: RowIndex, limit: int) -> Rows:
    """The rows of one pane as the alignment needs them. It asks only for the rows where
    paragraphs start, which start lines: the first row of a line is counted from the rows as
    they are, wrapping nothing, so padding a big document does not wrap all of it."""
    return Rows(
        lambda offset: index.first_row(index.lines.line_of(offset)),
        lambda y: index.row(y).start,
        index.row_count,
        limit,
    )


class Leveller:
    """Pads the rows of two panes so that each group of paragraphs takes as many in both.

    A group is measured from its lines wrapped exactly, and padded once. Small documents are
    wrapped whole when opened, so all their groups are padded at once. A bigger one's lines are
    wrapped as they are shown, so its groups are padded as they come on screen (`level_screen`),
    and its last ones at once, so that both panes end level. A group with no paragraph on one
    side (paragraphs before the first pair, when a link joins a first paragraph to a later one)
    has nowhere to put its padding there: following keeps the panes level below it.
    """

    TAIL_PAGES = 3

    def __init__(self, alignment: Alignment, indexes: tuple[RowIndex, RowIndex]) -> None:
        self.alignment = alignment
        self.indexes = indexes
        self.whole = indexes[LEFT].exact and indexes[RIGHT].exact
        self._levelled: set[int] = set()

    def start(self, page: int) -> None:
        """Pad every group of small documents, or the last groups of big ones."""
        groups = len(self.alignment.groups)
        if self.whole:
            for group in range(groups):
                self.level(group)
            return
        for group in reversed(range(groups)):
            self.level(group)
            if all(
                self._row(group, side) < index.row_count - self.TAIL_PAGES * page
                for side, index in enumerate(self.indexes)
            ):
                break

    def level_screen(self, side: int, top: int, page: int) -> bool:
        """Pad the groups on the screen of pane `side` scrolled to `top`; whether any rows
        changed. Groups already padded cost a lookup."""
        if self.whole:
            return False
        index = self.indexes[side]
        group = self.alignment.group_at(side, index.row(top).start)
        changed = False
        while group < len(self.alignment.groups) and self._row(group, side) < top + page:
            changed = self.level(group) or changed
            group += 1
        return changed

    def level(self, group: int) -> bool:
        """Pad one group to the same height in both panes; whether any rows changed."""
        if group in self._levelled:
            return False
        self._levelled.add(group)
        heights = [self._height(group, side) for side in (LEFT, RIGHT)]
        changed = False
        for side, index in enumerate(self.indexes):
            end = self.alignment.last_end(group, side)
            if end is not None:
                line = index.lines.line_of(end)
                extra = max(heights) - heights[side]
                changed = changed or index.padding(line) != extra
                index.pad(line, extra)
        return changed

    def _row(self, group: int, side: int) -> int:
        """The row where a group starts in one pane."""
        index = self.indexes[side]
        return index.first_row(index.lines.line_of(self.alignment.extent(group, side)[0]))

    def _height(self, group: int, side: int) -> int:
        """The rows of a group in one pane without its padding, its lines wrapped exactly."""
        index = self.indexes[side]
        lines = index.lines
        start, stop = self.alignment.extent(group, side)
        first = lines.line_of(start)
        last = len(lines) if group + 1 == len(self.alignment.groups) else lines.line_of(stop)
        if not index.exact:
            for line in range(first, last):
                index.wraps(line)
        bottom = index.first_row(last) if last < len(lines) else index.row_count
        end = self.alignment.last_end(group, side)
        padding = index.padding(lines.line_of(end)) if end is not None else 0
        return bottom - index.first_row(first) - padding


class CompareScreen(ReaderScreen):
    """The reader, twice: `document` on the left and `other` on the right."""

    NARROW_COLUMNS = 120
    """Each document gets half the width, so the margins hide sooner than in the reader."""

    BINDINGS = [
        *ReaderScreen.BINDINGS,
        Binding("tab,shift+tab", "other_pane", "Other document", id="compare.other"),
        Binding(
            "equals_sign", "toggle_alignment", "Align on/off", key_display="=", id="compare.align"
        ),
        Binding("L", "link", "Link paragraphs", id="compare.link"),
        Binding("M", "toggle_margins", "Both margins", show=False, id="compare.margins"),
    ]

    def __init__(self, document: Document, other: Document) -> None:
        super().__init__(document)
        self.other = other
        self.paragraphs = (Paragraphs.of(document.text), Paragraphs.of(other.text))
        self.alignment = Alignment(*self.paragraphs)
        self.aligned = True
        self._following = False
        self._realigning = False
        self._leveller: Leveller | None = None
        self._linking: tuple[int, int] | None = None

    def compose_panes(self) -> ComposeResult:
        columns = [
            Vertical(
                PaneTitle(id=f"{name}-title", classes="pane-title"),
                ComparePane(document, id=f"{name}-pane"),
                classes="compare-column",
            )
            for name, document in zip(SIDE_NAMES, (self.document, self.other), strict=True)
        ]
        yield Horizontal(*columns, id="compare-panes")

    @property
    def compare_panes(self) -> list[ComparePane]:
        return list(self.query(ComparePane))

    @property
    def active_side(self) -> int:
        return self.panes.index(self.active_pane)

    @cached_property
    def link_book(self) -> LinkBook:
        return LinkBook(self.postil.store)

    def on_mount(self) -> None:
        try:
            links, lost = self.link_book.load(
                self.document.id, self.paragraphs[LEFT], self.other.id, self.paragraphs[RIGHT]
            )
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            links, lost = [], 0
        if lost:
            self.notify(
                f"{lost} paragraph links were left out: their paragraphs changed",
                severity="warning",
            )
        self.alignment = Alignment(*self.paragraphs, links)
        for side, pane in enumerate(self.panes):
            self.watch(pane.view, "scroll_y", partial(self._scrolled, side), init=False)
        if self.other.notice:
            self.notify(self.other.notice, severity="warning", markup=False)
        self.call_after_refresh(self._realign)

    # Scrolling together -------------------------------------------------------------------

    def _rows(self, pane: ReaderPane) -> Rows | None:
        rows = pane.view.rows
        return None if rows is None else paragraph_rows(rows, round(pane.view.max_scroll_y))

    def _scrolled(self, side: int, _value: float) -> None:
        if self.aligned and not self._following:
            self._follow(side)

    def _follow(self, side: int) -> None:
        """Scroll the other pane level with pane `side`, padding first the groups it brings on
        screen (the pane keeps its top line as it draws, should that move)."""
        lead, other = self.panes[side], self.panes[1 - side]
        rows = (self._rows(self.panes[LEFT]), self._rows(self.panes[RIGHT]))
        if rows[LEFT] is None or rows[RIGHT] is None:
            return
        view = lead.view
        if self._leveller and self._leveller.level_screen(side, view.top_row, view.page_rows):
            self._padded()
            rows = (self._rows(self.panes[LEFT]), self._rows(self.panes[RIGHT]))
            assert rows[LEFT] is not None and rows[RIGHT] is not None
        target = self.alignment.follow(side, lead.view.scroll_y, (rows[LEFT], rows[RIGHT]))
        self._scroll_quietly(other, round(target))

    def _scroll_quietly(self, pane: ReaderPane, y: int) -> None:
        """Scroll a pane without it leading the other in turn."""
        self._following = True
        try:
            pane.view.scroll_to(y=max(0, y), animate=False, immediate=True)
        finally:
            self._following = False

    @on(DocumentView.Reflowed)
    def _reflowed(self) -> None:
        """New rows (a resize) have no padding: pad them once both panes have theirs."""
        if self.aligned and not self._realigning:
            self._realigning = True
            self.call_after_refresh(self._realign)

    def _realign(self) -> None:
        """Pad the paragraphs of both panes level (or take the padding away when not aligned),
        then scroll the other pane level with the active one. Each pane keeps its top line
        (the view does that as it draws), so the follow waits for the drawing."""
        self._realigning = False
        left, right = (pane.view.rows for pane in self.panes)
        if left is None or right is None:
            return
        left.clear_padding()
        right.clear_padding()
        self._leveller = None
        if self.aligned:
            view = self.active_pane.view
            self._leveller = Leveller(self.alignment, (left, right))
            self._leveller.start(view.page_rows)
            self._leveller.level_screen(self.active_side, view.top_row, view.page_rows)
        self._padded()
        if self.aligned:
            self.call_after_refresh(self._follow, self.active_side)

    def _padded(self) -> None:
        """The rows changed: lay out the cards again and draw the texts."""
        for pane in self.compare_panes:
            pane.layout_margin()
            pane.view.refresh()
        self._share_room()

    @on(Margin.LaidOut)
    def _share_room(self) -> None:
        """Aligned panes scroll equally far: each leaves below its text the room either needs."""
        panes = self.compare_panes
        room = max(pane.own_room for pane in panes) if self.aligned else 0
        for pane in panes:
            pane.share_room(room)

    def action_toggle_alignment(self) -> None:
        self.aligned = not self.aligned
        self._realign()
        if self.aligned:
            self.notify("Aligned by paragraph: the documents scroll together")
        else:
            self.notify("Scrolling independently: = aligns the documents again")
        self._show_header()

    # Status -------------------------------------------------------------------------------

    @on(ReaderPane.Changed)
    def _pane_changed(self, event: ReaderPane.Changed) -> None:
        """Both panes' titles, the header and the counterpart of a selection (replaces the
        reader's status, which shows one document)."""
        event.prevent_default()
        self._show_counterparts(event.pane)
        self._show_titles()
        self._show_header()
        self.query_one(QuickCodes).show(self.postil.settings.recent_tags)

    def _paragraph_at_caret(self, side: int) -> int:
        return max(0, self.paragraphs[side].at(self.panes[side].view.caret))

    def _show_titles(self) -> None:
        for side, pane in enumerate(self.panes):
            paragraph = self._paragraph_at_caret(side)
            linked_to = next(
                (link[1 - side] for link in self.alignment.links if link[side] == paragraph), None
            )
            self.query_one(f"#{SIDE_NAMES[side]}-title", PaneTitle).show(
                pane.document.title,
                paragraph,
                len(self.paragraphs[side]),
                linked_to,
                pane.percent,
                pane.placed_count,
            )

    def _show_header(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" postil ", "reverse bold")
        text.append(" side by side ", "bold")
        if self.aligned:
            text.append(" aligned by paragraph ")
        else:
            text.append(" scrolling independently ", "italic")
        count = len(self.alignment.links)
        if count:
            text.append(f" {count} {'link' if count == 1 else 'links'} ", "dim")
        if self._linking is not None:
            side, paragraph = self._linking
            text.append(
                f" linking ¶ {paragraph + 1} of the {SIDE_NAMES[side]} document: put the caret "
                "in its counterpart and press L ",
                "reverse",
            )
        self.query_one(ReaderHeader).update(text)

    def _show_counterparts(self, changed: ReaderPane) -> None:
        """Tint in each pane the passage that goes with the other pane's selection."""
        for side, pane in enumerate(self.compare_panes):
            selection = self.panes[1 - side].view.selection
            span = None
            if selection is not None:
                span = self.alignment.counterpart(1 - side, selection.start, selection.end)
            if span != pane.paired.band(COUNTERPART):
                pane.paired.set_band(COUNTERPART, span)
                if span is not None and self.aligned and changed is self.panes[1 - side]:
                    self._follow(1 - side)  # the counterpart is level with the selection

    # Moving between the documents ---------------------------------------------------------

    def action_other_pane(self) -> None:
        """Focus the other document, its margin if the margin had focus here."""
        current = self.active_pane
        other = self.panes[1 - self.panes.index(current)]
        if current.margin.has_focus and other.margin.display:
            self.set_focus(other.margin)  # at once: keys typed after Tab go to the other side
            return
        view = other.view
        if view.rows is not None and view.selection is None:
            row = view.row_of(view.caret)
            bottom = view.top_row + view.page_rows - 1
            if not view.top_row <= row <= bottom:
                top = view.rows.text_row(view.top_row, 1, view.top_row, bottom)
                if top is not None:
                    view.move_caret(view.rows.row(top).start)
        self.set_focus(view)

    def action_toggle_margins(self) -> None:
        """Hide both margins to give the texts the width, or show both again."""
        if self.has_class("narrow"):
            self.notify("The margins are hidden in a narrow terminal: m shows one over its text")
            return
        hide = not all(pane.has_class("margin-hidden") for pane in self.panes)
        for pane in self.panes:
            if pane.has_class("margin-hidden") != hide:
                pane.action_toggle_margin()

    # Linking paragraphs -------------------------------------------------------------------

    def action_link(self) -> None:
        """Mark the paragraph at the caret; in the other document, link it to the marked one
        (or unlink them, if they were linked)."""
        side = self.active_side
        if not self.paragraphs[side]:
            self.notify("This document has no paragraphs to link")
            return
        paragraph = self._paragraph_at_caret(side)
        if self._linking is None or self._linking[0] == side:
            if self._linking == (side, paragraph):
                self._set_linking(None)
                self.notify("Linking cancelled")
            else:
                self._set_linking((side, paragraph))
                self.notify(
                    f"Linking ¶ {paragraph + 1}: Tab to the other document, put the caret in "
                    "its counterpart and press L (Escape cancels)"
                )
            return
        marked = self._linking[1]
        link: Link = (marked, paragraph) if side == RIGHT else (paragraph, marked)
        self._set_linking(None)
        if link in self.alignment.links:
            if self._save_links([other for other in self.alignment.links if other != link]):
                self.notify(f"Unlinked ¶ {link[LEFT] + 1} and ¶ {link[RIGHT] + 1}")
        elif self._save_links(with_link(self.alignment.links, link)):
            self.notify(f"Linked ¶ {link[LEFT] + 1} (left) with ¶ {link[RIGHT] + 1} (right)")

    def _set_linking(self, linking: tuple[int, int] | None) -> None:
        self._linking = linking
        for side, pane in enumerate(self.compare_panes):
            span = None
            if linking is not None and linking[0] == side:
                span = self.paragraphs[side].spans[linking[1]]
            pane.paired.set_band(LINKING, span)
        self._show_header()

    def _save_links(self, links: list[Link]) -> bool:
        """Keep `links` in the store and scroll by them; on a store error, say so and keep the
        links as they were."""
        try:
            self.link_book.save(
                self.document.id,
                self.paragraphs[LEFT],
                self.other.id,
                self.paragraphs[RIGHT],
                links,
            )
        except PostilError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        self.alignment = Alignment(*self.paragraphs, links)
        if self.aligned:
            self._realign()
        self._show_titles()
        self._show_header()
        return True

    def action_escape(self) -> None:
        if self._linking is not None:
            self._set_linking(None)
            self.notify("Linking cancelled")
            return
        super().action_escape()
