"""Two documents side by side, driven with the Pilot as a user would."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import screen_text
from tui.app.app import PostilApp
from tui.app.screens.compare import CompareScreen
from tui.app.screens.editor import AnnotationEditor
from tui.app.screens.open_beside import OpenBesideScreen, PathSuggester
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.compare_pane import COUNTERPART, ComparePane
from tui.core.alignment import LEFT, RIGHT
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.links import LinkBook
from tui.core.store import Store

SIZE = (120, 30)
ENGLISH = (
    "the translation keeps every paragraph of the original but not its length because "
    "some languages say in three words what others say in ten and wrapping does the rest"
)
KOREAN = "번역은 원문의 문단을 모두 지키지만 길이는 다르다 어떤 언어는 세 낱말로 말하고"


def paragraphs(vocabulary: str, count: int, step: int, merge_after: int | None = None) -> str:
    """`count` paragraphs whose lengths vary with `step`; one merged with the next if asked."""
    words = vocabulary.split()
    texts = [
        " ".join(words[(n * 3 + k) % len(words)] for k in range(8 + (n * step) % 50))
        for n in range(count)
    ]
    texts = [f"{n + 1}. {text}." for n, text in enumerate(texts)]
    if merge_after is not None:
        texts[merge_after : merge_after + 2] = [" ".join(texts[merge_after : merge_after + 2])]
    return "\n\n".join(texts) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def documents(tmp_path: Path, merge_after: int | None = None) -> tuple[Path, Path]:
    english = write(tmp_path, "english.txt", paragraphs(ENGLISH, 24, 37))
    korean = write(tmp_path, "korean.txt", paragraphs(KOREAN, 24, 11, merge_after))
    return english, korean


def compare_app(store: Path, left: Path, right: Path) -> PostilApp:
    return PostilApp(store_root=store, paths=[left, right], author="tester", compare=True)


def compare(app: PostilApp) -> CompareScreen:
    screen = app.screen
    assert isinstance(screen, CompareScreen), f"expected the comparison, got {screen!r}"
    return screen


def top_of(screen: CompareScreen, side: int, paragraph: int) -> int:
    """The row where a paragraph starts in one pane."""
    start = screen.paragraphs[side].spans[paragraph][0]
    return screen.panes[side].view.row_of(start)


def line_of(screen: CompareScreen, side: int, paragraph: int) -> str:
    """The line number (from 1) of a paragraph, to type after `:`."""
    start = screen.paragraphs[side].spans[paragraph][0]
    return str(screen.panes[side].document.text.count("\n", 0, start) + 1)


async def go_to_paragraph(pilot, screen: CompareScreen, side: int, paragraph: int) -> None:
    """`:` and the line number: the paragraph's first line comes to the top of its pane."""
    await pilot.press("colon", *line_of(screen, side, paragraph), "enter")
    await pilot.pause()


async def test_paragraphs_stay_level_whichever_pane_scrolls(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = (pane.view for pane in screen.panes)
        heights = [
            [top_of(screen, side, n + 1) - top_of(screen, side, n) for n in range(6)]
            for side in (LEFT, RIGHT)
        ]
        assert heights[LEFT] != heights[RIGHT]  # they wrap to different heights

        for paragraph in (3, 9):
            await go_to_paragraph(pilot, screen, LEFT, paragraph)
            assert left.top_row == top_of(screen, LEFT, paragraph)
            assert right.top_row == top_of(screen, RIGHT, paragraph)

        await pilot.press("j", "j", "j")
        group = (top_of(screen, LEFT, 9), top_of(screen, LEFT, 10))
        other = (top_of(screen, RIGHT, 9), top_of(screen, RIGHT, 10))
        through = (left.top_row - group[0]) / (group[1] - group[0])
        assert 0 < through < 1
        assert abs(right.top_row - (other[0] + through * (other[1] - other[0]))) <= 0.5

        await pilot.press("tab")
        assert right.has_focus
        await go_to_paragraph(pilot, screen, RIGHT, 5)
        assert right.top_row == top_of(screen, RIGHT, 5)
        assert left.top_row == top_of(screen, LEFT, 5)
        lines = screen_text(left).splitlines()
        assert lines[0].startswith("6. ")

        await pilot.press("G")
        await pilot.pause()
        assert (left.scroll_y, right.scroll_y) == (left.max_scroll_y, right.max_scroll_y)
        await pilot.press("g")
        assert (left.scroll_y, right.scroll_y) == (0, 0)


async def test_alignment_turns_off_and_on(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = (pane.view for pane in screen.panes)
        await pilot.press("equals_sign")
        assert "scrolling independently" in str(screen.query_one("#reader-header").render())
        await go_to_paragraph(pilot, screen, LEFT, 7)
        await pilot.press("j", "j")
        assert left.top_row > 0 and right.top_row == 0
        await pilot.press("tab", "space")
        assert left.top_row == top_of(screen, LEFT, 7) + 2
        await pilot.press("tab", "equals_sign")
        assert "aligned by paragraph" in str(screen.query_one("#reader-header").render())
        await go_to_paragraph(pilot, screen, LEFT, 8)
        assert right.top_row == top_of(screen, RIGHT, 8)


async def test_annotate_quick_code_search_and_undo_in_the_right_pane(tmp_path) -> None:
    english, korean = documents(tmp_path)
    store_root = tmp_path / "store"
    app = compare_app(store_root, english, korean)
    app.settings.recent_tags = ["place"]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = screen.compare_panes
        await pilot.press("tab", "slash", *"낱말로", "enter")
        text = right.document.text
        assert right.view.caret == text.index("낱말로")
        await pilot.press("V")
        selection = right.view.selection
        assert selection is not None
        paragraph = screen.paragraphs[RIGHT].at(selection.start)
        counterpart = left.paired.band(COUNTERPART)
        assert counterpart == screen.paragraphs[LEFT].spans[paragraph]
        await pilot.press("a")
        assert isinstance(app.screen, AnnotationEditor)
        await pilot.press(*"장소/함흥", "enter", "enter", *"한국어 메모", "ctrl+s")
        await pilot.pause()
        store = Store(store_root)
        [saved] = store.annotations(right.document.id)
        assert saved.tags == ("장소/함흥",) and saved.note == "한국어 메모"
        assert store.annotations(left.document.id) == []
        assert "장소/함흥" in screen_text(right.margin)
        assert left.paired.band(COUNTERPART) is None

        right.view.move_caret(text.index("언어는"))
        await pilot.press("s", "2")
        await pilot.pause()
        assert {a.tags for a in store.annotations(right.document.id)} == {
            ("장소/함흥",),
            ("place",),
        }
        await pilot.press("u", "u")
        await pilot.pause()
        assert store.annotations(right.document.id) == []
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [a.note for a in store.annotations(right.document.id)] == ["한국어 메모"]
        assert right.view.has_focus


async def test_a_link_made_by_hand_survives_a_restart(tmp_path) -> None:
    # the Korean text merged paragraphs 5 and 6 (indices 4 and 5) into one
    english, korean = documents(tmp_path, merge_after=4)
    store_root = tmp_path / "store"
    app = compare_app(store_root, english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        await go_to_paragraph(pilot, screen, LEFT, 6)
        await pilot.press("L")
        assert "linking" in str(screen.query_one("#reader-header").render())
        await pilot.press("tab")
        await go_to_paragraph(pilot, screen, RIGHT, 5)
        await pilot.press("L")
        assert screen.alignment.links == [(6, 5)]
        assert "linked to ¶ 7" in str(screen.query_one("#right-title").render())
        await pilot.press("q")

    again = compare_app(store_root, english, korean)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(again)
        pair = [screen.document.id, screen.other.id]
        assert screen.alignment.links == [(6, 5)]
        left = screen.panes[LEFT].view
        for left_paragraph, right_paragraph in ((4, 4), (6, 5), (9, 8)):
            left.scroll_to(y=top_of(screen, LEFT, left_paragraph), animate=False, immediate=True)
            assert screen.panes[RIGHT].view.top_row == top_of(screen, RIGHT, right_paragraph)
        await go_to_paragraph(pilot, screen, LEFT, 6)
        await pilot.press("L", "tab")
        await go_to_paragraph(pilot, screen, RIGHT, 5)
        await pilot.press("L")  # the same pair again: unlinked
        assert screen.alignment.links == []
    assert LinkBook(Store(store_root)).records(pair) == []


async def test_margins_collapse_and_tab_and_palette_act_on_the_focused_pane(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = screen.panes
        width = left.view.size.width
        await pilot.press("M")
        await pilot.pause()
        assert not left.margin.display and not right.margin.display
        assert left.view.size.width > width
        await pilot.press("M")
        await pilot.pause()
        assert left.margin.display and right.margin.display
        await pilot.click(ComparePane, offset=(left.size.width - 3, 3))
        await pilot.press("tab")
        assert right.margin.has_focus
        await pilot.press("shift+tab")
        assert left.margin.has_focus

        await pilot.press("tab", "ctrl+p", *"paragraph")  # the palette acts on the right pane
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert right.view.selection is not None and left.view.selection is None


async def test_open_beside_from_the_reader(tmp_path) -> None:
    english, korean = documents(tmp_path)
    store_root = tmp_path / "store"
    Store(store_root).open_document(korean)
    app = PostilApp(store_root=store_root, paths=[english], author="tester")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"open beside")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OpenBesideScreen)
        await pilot.press("tab", "enter")
        await pilot.pause()
        screen = compare(app)
        assert (screen.document.path, screen.other.path) == (english, korean.resolve())
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)

        await pilot.press("ctrl+p", *"open beside")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"missing.txt", "enter")
        await pilot.pause()
        assert type(app.screen) is ReaderScreen
        assert any("no such file" in n.message for n in app._notifications)


async def test_a_typed_path_is_completed_from_its_folder(tmp_path) -> None:
    for name in ("hamhung_ko.txt", ".hidden.txt", "bell\x07.txt"):
        (tmp_path / name).write_text("text", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    suggest = PathSuggester().get_suggestion
    assert await suggest(f"{tmp_path}/ham") == f"{tmp_path}/hamhung_ko.txt"
    assert await suggest(f"{tmp_path}/do") == f"{tmp_path}/docs/"
    assert await suggest(f"{tmp_path}/.h") == f"{tmp_path}/.hidden.txt"
    assert await suggest(f"{tmp_path}/be") is None  # a control character is never shown
    assert await suggest(f"{tmp_path}/nothing") is None


KOREAN_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "hamhung_ko.txt"
SAMPLE_NOTES = [
    (LEFT, "Daily NK has learned", ("source",), "Anonymous sourcing, as usual."),
    (LEFT, "selling rice cakes", ("economy/food",), ""),
    (RIGHT, "떡을 팔아", ("경제/음식",), "떡 장사"),
    (RIGHT, "고난의 행군", ("역사",), "1990년대 후반의 기근."),
]


def test_the_sample_beside_a_korean_text_160x45(snap_compare, tmp_path, seed) -> None:
    korean = write(tmp_path, "hamhung_ko.txt", KOREAN_SAMPLE.read_text(encoding="utf-8"))
    store = Store(tmp_path / "store")
    documents = [store.open_document(path) for path in (seed, korean)]
    for number, (side, quote, tags, note) in enumerate(SAMPLE_NOTES):
        document = documents[side]
        store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-00000000001{number}",
                doc_id=document.id,
                anchor=find_quote(document.text, quote),
                tags=tags,
                note=note,
                created="2026-01-01T00:00:00.000Z",
            )
        )

    async def select_in_the_left(pilot) -> None:
        view = pilot.app.screen.panes[LEFT].view
        start = view.text.index("she used to provide")
        view.select(start, start + len("she used to provide"))
        await pilot.pause()

    app = compare_app(tmp_path / "store", seed, korean)
    assert snap_compare(app, terminal_size=(160, 45), run_before=select_in_the_left)
