"""One side of a comparison: a reader pane whose text can also show passages of the other side.

`PairedView` tints whole rows of a passage, over the text's own highlights' background only, so
annotations stay visible under it: the counterpart of what is selected in the other document,
and a paragraph waiting to be linked.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widgets import Static

from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.margin import Margin
from tui.app.widgets.reader_pane import ReaderPane
from tui.core.alignment import Span
from tui.core.document import Document
from tui.core.safe_text import one_line

COUNTERPART = "counterpart"
LINKING = "linking"


def tinted(strip: Strip, plain: Style, band: Style) -> Strip:
    """`strip` with `band` over the cells drawn in the `plain` style (text without highlights)."""
    return Strip(
        [
            Segment(text, style + band if style == plain else style, control)
            for text, style, control in strip
        ],
        strip.cell_length,
    )


class PairedView(DocumentView):
    """A document view that can tint passages named by the comparison (see the module doc)."""

    COMPONENT_CLASSES = {f"paired-view--{COUNTERPART}", f"paired-view--{LINKING}"}

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(document, id=id)
        self._bands: dict[str, Span] = {}

    def set_band(self, name: str, span: Span | None) -> None:
        """Tint `span` as `name` (COUNTERPART or LINKING), or stop tinting with None."""
        if self._bands.get(name) == span:
            return
        if span is None:
            del self._bands[name]
        else:
            self._bands[name] = span
        self.refresh()

    def band(self, name: str) -> Span | None:
        return self._bands.get(name)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        number = self.top_row + y
        if not self._bands or self.rows is None or number >= self.rows.row_count:
            return strip
        row = self.rows.row(number)
        for name in (LINKING, COUNTERPART):
            span = self._bands.get(name)
            if span is not None and row.start < span[1] and row.end > span[0]:
                band = self.get_component_rich_style(f"paired-view--{name}")
                return tinted(strip, self.rich_style, band)
        return strip


class ComparePane(ReaderPane):
    """A reader pane (text, margin and every annotation command) with a `PairedView`.

    Panes scrolling together must scroll equally far, so the room below the text (where the
    margin's last cards go) can be set to what the other pane needs (`share_room`).
    """

    def __init__(self, document: Document, *, id: str | None = None) -> None:
        super().__init__(document, id=id)
        self.shared_room = 0

    def compose(self) -> ComposeResult:
        yield PairedView(self.document)
        yield Margin()

    @property
    def paired(self) -> PairedView:
        return self.query_one(PairedView)

    @property
    def own_room(self) -> int:
        """The rows below the text that this pane's margin needs for its last cards."""
        rows = self.view.rows
        return 0 if rows is None else max(0, self.margin.content_bottom - rows.row_count)

    def share_room(self, rows: int) -> None:
        """Leave at least `rows` below the text (0: only what this pane needs)."""
        if rows != self.shared_room:
            self.shared_room = rows
            self.layout_margin()

    def layout_margin(self) -> None:
        """Lay the cards out again, after the rows changed (the paragraphs were padded)."""
        self._layout_margin()

    def _layout_margin(self) -> None:
        view = self.view
        if view.rows is None:
            return
        count = view.rows.row_count
        self.margin.show(self.annotations, view.row_index, self.tag_color, count + self.shared_room)
        view.set_extra_rows(max(self.shared_room, self.margin.content_bottom - count))


class PaneTitle(Static):
    """The line above a pane: which document, which paragraph the caret is in, and its link."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._title = ""
        self._facts = ""

    def show(
        self,
        title: str,
        paragraph: int,
        paragraphs: int,
        linked_to: int | None,
        percent: int,
        annotations: int,
    ) -> None:
        facts = f" ¶ {paragraph + 1}/{paragraphs} " if paragraphs else " no paragraphs "
        if linked_to is not None:
            facts += f" linked to ¶ {linked_to + 1} "
        noun = "annotation" if annotations == 1 else "annotations"
        self._title = f" {one_line(title)} "
        self._facts = facts + f" {percent:3d}%  {annotations} {noun} "
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The title on the left, cut to leave room for the facts on the right."""
        width = self.size.width
        text = Text(self._title, style="bold", no_wrap=True)
        text.truncate(max(10, width - cell_len(self._facts)), overflow="ellipsis")
        text.append(" " * max(0, width - text.cell_len - cell_len(self._facts)))
        text.append(self._facts)
        self.update(text)
