"""The margin: a card for each annotation, level with its passage, scrolling with the text.

Cards are laid out top to bottom in the document's row coordinates: each wants the row where its
passage starts and is pushed down below the card before it when they would overlap. Only the
cards on screen are drawn (Line API), and each card is drawn once until it changes.

A document with few annotations is laid out whole. A big one (a 100 MB file, or thousands of
annotations) is laid out around what is on screen, each time it scrolls: the cards of passages
on screen or a little above it, since only those can reach the screen. Rows above the screen are
only looked up there (`RowIndex.peek_row_of`), never counted anew, so the text does not move.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.view.cards import draw_card, folded_body_rows
from tui.app.view.rows import LineIndex, RowIndex
from tui.core.annotation import Annotation

DOCUMENT_NOTE_TITLE = "Document"
WHOLE_LIMIT = 1000  # at most this many cards in a document held in memory: lay out all
LOOK_ABOVE = 8192  # characters above the screen whose cards may reach down onto it


@dataclass(slots=True)
class Card:
    annotation: Annotation
    top: int
    height: int

    @property
    def bottom(self) -> int:
        return self.top + self.height


class Margin(ScrollView, can_focus=True):
    """Tags and notes beside the text. Arrows walk the cards; Enter jumps to the passage."""

    ALLOW_SELECT = False

    COMPONENT_CLASSES = {"margin--border", "margin--focused-border"}

    BINDINGS = [
        Binding("down,j", "walk(1)", "Next card", show=False),
        Binding("up,k", "walk(-1)", "Previous card", show=False),
        Binding("enter", "jump", "Go to passage", id="margin.jump"),
        Binding("o,space", "unfold", "Unfold", id="margin.unfold"),
    ]

    class Selected(Message):
        """A card was chosen (by keys or the mouse)."""

        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    class LaidOut(Message):
        """The cards were laid out anew: the margin must be scrolled level with the text again."""

    class Jump(Message):
        """The user wants to go to a card's passage."""

        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self._tops: list[int] = []
        self._rows: Callable[[], RowIndex | None] = lambda: None
        self._colors: Callable[[str], str] = lambda tag: "#888888"
        self._annotations: list[Annotation] = []
        self._notes: list[Annotation] = []  # notes on the whole document, shown first
        self._passages: list[Annotation] = []
        self._passage_starts: list[int] = []
        self._position: dict[str, int] = {}
        self._unfolded: set[str] = set()
        self._drawn: dict[tuple[str, str, int, bool, bool], list[Strip]] = {}
        self._heights: dict[tuple[str, str, int, bool], int] = {}
        self._laid_out: tuple[int, int, int, int] | None = None
        self._generation = 0
        self._tail_bottom = 0
        self.selected_id: str | None = None
        self.min_rows = 0
        self._width = 0
        self._blank = Strip.blank(0)
        self._blank_generation = -1

    @property
    def content_bottom(self) -> int:
        if not self.whole:
            return self._tail_bottom
        return self.cards[-1].bottom if self.cards else 0

    @property
    def whole(self) -> bool:
        """Whether every card is laid out (else only those around the screen)."""
        rows = self._rows()
        return rows is None or (
            isinstance(rows.lines, LineIndex) and len(self._annotations) <= WHOLE_LIMIT
        )

    def show(
        self,
        annotations: list[Annotation],
        rows: Callable[[], RowIndex | None],
        colors: Callable[[str], str],
        min_rows: int,
    ) -> None:
        """Lay out cards for `annotations` (document notes first, then passages in order)."""
        self._annotations = [a for a in annotations if not a.orphan]
        self._notes = [a for a in self._annotations if a.start is None]
        self._passages = [a for a in self._annotations if a.start is not None]
        self._passage_starts = [a.start for a in self._passages if a.start is not None]
        self._position = {a.id: number for number, a in enumerate(self._annotations)}
        self._rows = rows
        self._colors = colors
        self.min_rows = min_rows
        self.relayout()

    def relayout(self) -> None:
        if self.scrollable_content_region.width <= 0:
            return  # hidden: laid out again when it is shown and resized
        self._generation += 1
        self._drawn.clear()
        self._laid_out = None
        if self.whole:
            self._lay_out_whole()
        else:
            self._tail_bottom = self._lay_out_tail()
            self._lay_out_window()
        self.refresh()
        self.post_message(self.LaidOut())

    def _lay_out_whole(self) -> None:
        rows = self._rows()
        self._set_cards(
            self._chain(self._annotations, rows.row_of if rows else lambda offset: 0), 0
        )

    def _chain(self, annotations: list[Annotation], row_of: Callable[[int], int]) -> list[Card]:
        width = self.scrollable_content_region.width
        cards: list[Card] = []
        bottom = 0
        for annotation in annotations:
            wanted = 0 if annotation.start is None else row_of(annotation.start)
            top = max(wanted, bottom)
            height = self._height(annotation, width)
            cards.append(Card(annotation, top, height))
            bottom = top + height
        return cards

    def _set_cards(self, cards: list[Card], rows_total: int) -> None:
        self.cards = cards
        self._tops = [card.top for card in cards]
        width = self.scrollable_content_region.width
        height = max(self.min_rows, rows_total, self.content_bottom)
        size = Size(width, height)
        if size != self.virtual_size:
            if self.whole:
                self.virtual_size = size
            else:
                self.set_reactive(ScrollView.virtual_size, size)  # no layout: size is fixed
                self._scroll_update(size)

    def _lay_out_window(self) -> None:
        """The cards that can reach the screen: passages on it or a little above it."""
        rows = self._rows()
        if rows is None:
            return
        top = int(self.scroll_y)
        key = (top, rows.version, self.scrollable_content_region.width, self._generation)
        if key == self._laid_out:
            return
        self._laid_out = key
        screen_top = rows.row(top).start
        bottom = rows.row(min(top + self.scrollable_content_region.height, rows.row_count) - 1)
        low = max(0, screen_top - LOOK_ABOVE)
        first = bisect_left(self._passage_starts, low)
        last = bisect_right(self._passage_starts, bottom.end)
        chosen = (self._notes if low == 0 else []) + self._passages[first:last]

        def row_of(offset: int) -> int:
            return rows.peek_row_of(offset) if offset < screen_top else rows.row_of(offset)

        self._set_cards(self._chain(chosen, row_of), rows.row_count)

    def _lay_out_tail(self) -> int:
        """Where the last cards end, so the text leaves room for them below its end."""
        rows = self._rows()
        if rows is None or not self._passages:
            return 0
        end = len(rows.lines.text)
        first = bisect_left(self._passage_starts, max(0, end - LOOK_ABOVE))
        cards = self._chain(self._passages[first:], rows.peek_row_of)
        return cards[-1].bottom if cards else 0

    def _height(self, annotation: Annotation, width: int) -> int:
        unfolded = annotation.id in self._unfolded
        key = (annotation.id, annotation.modified, width, unfolded)
        height = self._heights.get(key)
        if height is None:
            if unfolded:
                height = len(self._draw(annotation, width))
            else:
                height = 2 + folded_body_rows(annotation, width)
            self._heights[key] = height
        return height

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.relayout())

    def on_resize(self, event: events.Resize) -> None:
        self.relayout()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling from blank rows to blank rows changes nothing on screen: skip the repaint."""
        shown_before = self._shows_card(old_value)
        if not self.whole:
            self._lay_out_window()
        if shown_before or self._shows_card(new_value):
            super().watch_scroll_y(old_value, new_value)

    def _shows_card(self, scroll_y: float) -> bool:
        top = int(scroll_y)
        bottom = top + self.scrollable_content_region.height
        index = bisect_right(self._tops, bottom - 1) - 1
        return index >= 0 and self.cards[index].bottom > top

    # Drawing ------------------------------------------------------------------------------

    def _draw(self, annotation: Annotation, width: int) -> list[Strip]:
        unfolded = annotation.id in self._unfolded
        selected = annotation.id == self.selected_id
        key = (annotation.id, annotation.modified, width, unfolded, selected)
        lines = self._drawn.get(key)
        if lines is None:
            border = self.get_component_rich_style(
                "margin--focused-border" if selected else "margin--border"
            )
            colors = {tag: self._colors(tag) for tag in annotation.tags}
            lines = draw_card(
                self.app.console,
                annotation,
                colors,
                width,
                self.rich_style,
                border,
                None if unfolded else folded_body_rows(annotation, width),
                title=DOCUMENT_NOTE_TITLE if annotation.is_document_note else "",
            )
            self._drawn[key] = lines
        return lines

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.whole:
            self._lay_out_window()
        width = self.scrollable_content_region.width
        if width != self._width or self._blank_generation != self._generation:
            self._blank = Strip.blank(width, self.rich_style)  # slow to work out: not each frame
            self._width, self._blank_generation = width, self._generation
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        row = int(self.scroll_y) + y
        index = bisect_right(self._tops, row) - 1
        if index >= 0:
            card = self.cards[index]
            lines = self._draw(card.annotation, self._width) if row < card.bottom else []
            if row - card.top < len(lines):
                return lines[row - card.top]
        return self._blank

    # Choosing cards -----------------------------------------------------------------------

    def card_of(self, annotation_id: str | None) -> Card | None:
        if not self.whole:
            self._lay_out_window()
        return next((c for c in self.cards if c.annotation.id == annotation_id), None)

    def select(self, annotation_id: str | None, scroll: bool = False) -> None:
        """Emphasize one card (the annotation the caret is in, or the one walked to)."""
        if annotation_id == self.selected_id:
            return
        self._repaint_card(self.selected_id)
        self.selected_id = annotation_id
        self._repaint_card(annotation_id)
        if not scroll:
            return
        card = self.card_of(annotation_id)
        if card is not None:
            self.scroll_to_region_of(card)
        elif annotation_id in self._position:
            self._scroll_to_passage(self._annotations[self._position[annotation_id]])

    def _repaint_card(self, annotation_id: str | None) -> None:
        card = next((c for c in self.cards if c.annotation.id == annotation_id), None)
        if card is not None:
            self.refresh(Region(0, card.top - int(self.scroll_y), self.size.width, card.height))

    def scroll_to_region_of(self, card: Card) -> None:
        height = self.scrollable_content_region.height
        if card.top < self.scroll_y or card.bottom > self.scroll_y + height:
            self.scroll_to(y=max(0, card.top - 1), animate=False, immediate=True)

    def _scroll_to_passage(self, annotation: Annotation) -> None:
        rows = self._rows()
        if rows is not None and annotation.start is not None:
            row = rows.row_of(annotation.start)
            self.scroll_to(y=max(0, row - 1), animate=False, immediate=True)

    def action_walk(self, step: int) -> None:
        if not self._annotations:
            return
        index = self._position.get(self.selected_id or "")
        if index is None:
            cards = [c for c in self.cards if c.bottom > self.scroll_y] or self.cards
            index = self._position[cards[0].annotation.id] if cards else 0
        else:
            index = max(0, min(len(self._annotations) - 1, index + step))
        annotation = self._annotations[index]
        self.select(annotation.id, scroll=True)
        self.post_message(self.Selected(annotation))

    def action_jump(self) -> None:
        if self.selected_id in self._position:
            self.post_message(self.Jump(self._annotations[self._position[self.selected_id]]))

    def action_unfold(self) -> None:
        """Show the whole note of the selected card, or fold it back."""
        if self.selected_id is None:
            return
        self._unfolded ^= {self.selected_id}
        self.relayout()

    def on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y
        index = bisect_right(self._tops, row) - 1
        if index < 0 or row >= self.cards[index].bottom:
            return
        annotation = self.cards[index].annotation
        self.focus()
        if event.chain >= 2:
            self.post_message(self.Jump(annotation))
            return
        if self.selected_id == annotation.id:
            self._unfolded ^= {annotation.id}
            self.relayout()
        self.select(annotation.id)
        self.post_message(self.Selected(annotation))
