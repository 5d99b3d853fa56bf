"""The margin: a card for each annotation, level with its passage, scrolling with the text.

Cards are laid out top to bottom in the document's row coordinates: each wants the row where its
passage starts and is pushed down below the card before it when they would overlap. Only the
cards on screen are drawn (Line API), and each card is drawn once until it changes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.view.cards import draw_card, folded_body_rows
from tui.core.annotation import Annotation

DOCUMENT_NOTE_TITLE = "Document"


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

    class Jump(Message):
        """The user wants to go to a card's passage."""

        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cards: list[Card] = []
        self._tops: list[int] = []
        self._row_of: Callable[[int], int] = lambda offset: 0
        self._colors: Callable[[str], str] = lambda tag: "#888888"
        self._annotations: list[Annotation] = []
        self._unfolded: set[str] = set()
        self._drawn: dict[tuple[str, str, int, bool, bool], list[Strip]] = {}
        self.selected_id: str | None = None
        self.min_rows = 0

    @property
    def content_bottom(self) -> int:
        return self.cards[-1].bottom if self.cards else 0

    def show(
        self,
        annotations: list[Annotation],
        row_of: Callable[[int], int],
        colors: Callable[[str], str],
        min_rows: int,
    ) -> None:
        """Lay out cards for `annotations` (document notes first, then passages in order)."""
        self._annotations = [a for a in annotations if not a.orphan]
        self._row_of = row_of
        self._colors = colors
        self.min_rows = min_rows
        self.relayout()

    def relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return  # hidden: laid out again when it is shown and resized
        cards: list[Card] = []
        bottom = 0
        for annotation in self._annotations:
            wanted = 0 if annotation.start is None else self._row_of(annotation.start)
            top = max(wanted, bottom)
            height = self._height(annotation, width)
            cards.append(Card(annotation, top, height))
            bottom = top + height
        self.cards = cards
        self._tops = [card.top for card in cards]
        self._drawn.clear()
        self.virtual_size = Size(width, max(self.min_rows, self.content_bottom))
        self.refresh()

    def _height(self, annotation: Annotation, width: int) -> int:
        if annotation.id in self._unfolded:
            return len(self._draw(annotation, width))
        return 2 + folded_body_rows(annotation, width)

    def on_resize(self, event: events.Resize) -> None:
        self.relayout()

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

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_y) + y
        index = bisect_right(self._tops, row) - 1
        if index >= 0:
            card = self.cards[index]
            lines = self._draw(card.annotation, width) if row < card.bottom else []
            if row - card.top < len(lines):
                return lines[row - card.top]
        return Strip.blank(width, self.rich_style)

    # Choosing cards -----------------------------------------------------------------------

    def card_of(self, annotation_id: str | None) -> Card | None:
        return next((c for c in self.cards if c.annotation.id == annotation_id), None)

    def select(self, annotation_id: str | None, scroll: bool = False) -> None:
        """Emphasize one card (the annotation the caret is in, or the one walked to)."""
        if annotation_id == self.selected_id:
            return
        self.selected_id = annotation_id
        self.refresh()
        card = self.card_of(annotation_id)
        if scroll and card is not None:
            self.scroll_to_region_of(card)

    def scroll_to_region_of(self, card: Card) -> None:
        height = self.scrollable_content_region.height
        if card.top < self.scroll_y or card.bottom > self.scroll_y + height:
            self.scroll_to(y=max(0, card.top - 1), animate=False, immediate=True)

    def action_walk(self, step: int) -> None:
        if not self.cards:
            return
        index = next(
            (i for i, c in enumerate(self.cards) if c.annotation.id == self.selected_id), None
        )
        if index is None:
            visible = [i for i, c in enumerate(self.cards) if c.bottom > self.scroll_y]
            index = visible[0] if visible else 0
        else:
            index = max(0, min(len(self.cards) - 1, index + step))
        card = self.cards[index]
        self.select(card.annotation.id, scroll=True)
        self.post_message(self.Selected(card.annotation))

    def action_jump(self) -> None:
        card = self.card_of(self.selected_id)
        if card is not None:
            self.post_message(self.Jump(card.annotation))

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
