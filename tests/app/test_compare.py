"""Two documents side by side, driven with the Pilot as a user would."""

from __future__ import annotations

import re
from pathlib import Path

from tests.app.helpers import lines, screen_text
from tests.app.keys import burst
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


def text_rows(screen: CompareScreen, side: int, paragraph: int) -> int:
    """The rows a paragraph's own text takes in one pane (its padding left out)."""
    view = screen.panes[side].view
    assert view.rows is not None
    start, end = screen.paragraphs[side].spans[paragraph]
    first, last = view.lines.line_of(start), view.lines.line_of(end)
    return sum(len(view.rows.wraps(line)) for line in range(first, last + 1))


NUMBERED = re.compile(r"(\d+)\. ")


def numbers_on_screen(screen: CompareScreen, side: int) -> list[str | None]:
    """For each screen row of a pane, the number of the paragraph that starts on it, if any."""
    return [
        match.group(1) if (match := NUMBERED.match(line)) else None
        for line in lines(screen.panes[side].view)
    ]


def assert_pairs_level(screen: CompareScreen, unpaired: frozenset[str] = frozenset()) -> None:
    """Every paragraph starting on screen in either pane starts on the same screen row as its
    counterpart (the test texts number their paragraphs alike), and there are several."""
    left, right = numbers_on_screen(screen, LEFT), numbers_on_screen(screen, RIGHT)
    shown = [number for number in left + right if number is not None]
    assert len(set(shown) - unpaired) >= 2, (left, right)
    for row, numbers in enumerate(zip(left, right, strict=True)):
        kept = [None if number in unpaired else number for number in numbers]
        assert kept[LEFT] == kept[RIGHT], (row, left, right)


def assert_groups_level(screen: CompareScreen) -> int:
    """Every group of paragraphs whose start is on screen starts on the same screen row in both
    panes; how many such groups there are."""
    views = [pane.view for pane in screen.panes]
    level = 0
    for group in screen.alignment.groups:
        rows = [
            views[side].row_of(screen.paragraphs[side].spans[group[side].start][0])
            - views[side].top_row
            for side in (LEFT, RIGHT)
        ]
        if any(0 <= row < views[LEFT].page_rows for row in rows):
            assert rows[LEFT] == rows[RIGHT], (group, rows)
            level += 1
    return level


async def test_every_pair_on_screen_stays_level_whichever_pane_scrolls(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = (pane.view for pane in screen.panes)
        heights = [[text_rows(screen, side, n) for n in range(24)] for side in (LEFT, RIGHT)]
        assert heights[LEFT] != heights[RIGHT]  # they wrap to different heights
        assert {LEFT, RIGHT} == {
            side
            for n in range(24)
            for side in (LEFT, RIGHT)
            if heights[side][n] < heights[1 - side][n]
        }  # and each pane has paragraphs shorter than their counterparts

        async def check() -> None:
            await pilot.pause()
            assert assert_groups_level(screen) >= 2
            assert_pairs_level(screen)

        await check()
        for paragraph in (3, 9):
            await go_to_paragraph(pilot, screen, LEFT, paragraph)
            assert left.top_row == top_of(screen, LEFT, paragraph)
            assert right.top_row == top_of(screen, RIGHT, paragraph)
            await check()
        await pilot.press("j", "j", "j")
        await check()
        await pilot.press("space")
        await check()

        await pilot.press("tab")
        assert right.has_focus
        await go_to_paragraph(pilot, screen, RIGHT, 5)
        assert left.top_row == right.top_row == top_of(screen, RIGHT, 5)
        assert screen_text(left).splitlines()[0].startswith("6. ")
        await check()
        await pilot.press(*"kkkkk")
        await check()
        await pilot.press("pagedown", "pagedown")
        await check()
        left.scroll_to(y=left.scroll_y + 7, animate=False)  # the wheel over the other pane
        await check()

        await pilot.press("G")
        await pilot.pause()
        assert (left.scroll_y, right.scroll_y) == (left.max_scroll_y, right.max_scroll_y)
        await check()
        await pilot.press("g")
        assert (left.scroll_y, right.scroll_y) == (0, 0)
        await check()


async def test_the_caret_a_click_and_a_search_step_over_the_blank_rows(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        # the first paragraph on screen that is shorter in the right pane than in the left
        paragraph = next(
            n for n in range(24) if text_rows(screen, RIGHT, n) < text_rows(screen, LEFT, n)
        )
        await go_to_paragraph(pilot, screen, LEFT, paragraph)
        view = screen.panes[RIGHT].view
        assert view.rows is not None
        end = screen.paragraphs[RIGHT].spans[paragraph][1]
        last_row = view.row_of(end)
        spacer = last_row + 1
        assert view.rows.row(spacer).spacer
        assert lines(view)[spacer - view.top_row].strip() == ""

        await pilot.click("#right-pane", offset=(8, spacer - view.top_row))
        assert view.has_focus and view.caret == end  # the end of the paragraph above

        await pilot.press("down")
        assert view.caret == end + 1  # the blank line after the paragraph, below the spacers
        assert view.row_of(view.caret) > spacer
        await pilot.press("up")
        assert view.caret == end  # back to where it was, in the same column
        await pilot.press("shift+down", "shift+down")
        following = screen.paragraphs[RIGHT].spans[paragraph + 1][0]
        assert view.selection is not None and view.selection.start == end
        assert view.row_of(view.selection.end) == view.row_of(following)

        await pilot.press("escape")
        before = view.caret
        await pilot.press("slash", *"세 낱말로", "enter")
        await pilot.pause()
        assert view.caret > before and view.document.text.startswith("세 낱말로", view.caret)
        assert view.top_row <= view.row_of(view.caret) < view.top_row + view.page_rows
        assert assert_groups_level(screen) >= 1


async def test_alignment_turns_off_and_on(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = (pane.view for pane in screen.panes)
        padded = [pane.view.rows.row_count for pane in screen.panes]
        assert padded[LEFT] == padded[RIGHT]
        await pilot.press("equals_sign")
        assert "scrolling independently" in str(screen.query_one("#reader-header").render())
        await pilot.pause()
        assert [pane.view.rows.row_count for pane in screen.panes] == [
            sum(text_rows(screen, side, n) for n in range(24)) + 24 for side in (LEFT, RIGHT)
        ]  # only the text, a blank line after each paragraph but the last, the empty last line
        await go_to_paragraph(pilot, screen, LEFT, 7)
        await pilot.press("j", "j")
        assert left.top_row == top_of(screen, LEFT, 7) + 2 and right.top_row == 0
        await pilot.press("tab", "space")
        assert left.top_row == top_of(screen, LEFT, 7) + 2
        await pilot.press("tab", "equals_sign")
        assert "aligned by paragraph" in str(screen.query_one("#reader-header").render())
        await pilot.pause()
        assert [pane.view.rows.row_count for pane in screen.panes] == padded
        assert assert_groups_level(screen) >= 2
        assert_pairs_level(screen)
        for paragraph in (8, 15):
            await go_to_paragraph(pilot, screen, LEFT, paragraph)
            assert right.top_row == top_of(screen, RIGHT, paragraph)
            assert assert_groups_level(screen) >= 2
            assert_pairs_level(screen)


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
            await pilot.pause()
            assert screen.panes[RIGHT].view.top_row == top_of(screen, RIGHT, right_paragraph)
            assert assert_groups_level(screen) >= 2
            assert_pairs_level(screen, unpaired=frozenset({"6"}))
        # paragraphs 5 and 6 of the left go with the merged paragraph of the right: one group
        await go_to_paragraph(pilot, screen, LEFT, 3)
        assert top_of(screen, LEFT, 6) == top_of(screen, RIGHT, 5)
        merged = (top_of(screen, LEFT, 4), top_of(screen, RIGHT, 4))
        assert merged[LEFT] == merged[RIGHT]
        assert top_of(screen, LEFT, 6) - merged[LEFT] == max(
            text_rows(screen, LEFT, 4) + text_rows(screen, LEFT, 5) + 2,
            text_rows(screen, RIGHT, 4) + 1,
        )
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


async def test_padding_is_worked_out_again_on_resize_and_cards_stay_by_their_passages(
    tmp_path,
) -> None:
    english, korean = documents(tmp_path)
    store = Store(tmp_path / "store")
    quotes = ("12. ", "20. ")
    for path in (english, korean):
        document = store.open_document(path)
        store.write_many(
            [
                Annotation(doc_id=document.id, anchor=find_quote(document.text, quote), tags=("t",))
                for quote in quotes
            ]
        )
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)

        def check_cards() -> None:
            for pane in screen.panes:
                tops = [card.top for card in pane.margin.cards]
                assert tops == [pane.view.row_of(a.start) for a in pane.annotations]
            assert [pane.margin.cards[0].top for pane in screen.panes] == [
                top_of(screen, 0, 11)
            ] * 2

        check_cards()
        await go_to_paragraph(pilot, screen, LEFT, 11)
        assert assert_groups_level(screen) >= 1
        assert "t" in screen_text(screen.panes[RIGHT].margin)
        await pilot.resize_terminal(150, 36)
        await pilot.pause()
        await pilot.pause()
        assert screen.panes[LEFT].view.rows.row_count == screen.panes[RIGHT].view.rows.row_count
        check_cards()
        assert assert_groups_level(screen) >= 1
        assert_pairs_level(screen)


async def test_big_documents_are_padded_level_wherever_they_are_read(tmp_path) -> None:
    english = write(tmp_path, "english.txt", paragraphs(ENGLISH, 1500, 37))
    korean = write(tmp_path, "korean.txt", paragraphs(KOREAN, 1500, 11))
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        assert not screen.panes[LEFT].view.rows.exact  # padded as it is shown

        async def check() -> None:
            await pilot.pause()
            assert assert_groups_level(screen) >= 2
            assert_pairs_level(screen)

        await check()
        await pilot.press("G")
        await check()
        await pilot.press(*"kkk")
        await check()
        await go_to_paragraph(pilot, screen, LEFT, 700)
        await check()
        await pilot.press("space", "j", "j")
        await check()
        await pilot.press("tab", *"kkkkkkkkkkkk")
        await check()
        await pilot.press("b", "b")
        await check()
        await pilot.press("g")
        await check()


async def test_selecting_from_the_blank_rows_keeps_the_panes_level(tmp_path) -> None:
    english, korean = documents(tmp_path)
    app = compare_app(tmp_path / "store", english, korean)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = compare(app)
        right = screen.panes[RIGHT].view
        assert right.rows is not None
        paragraph = next(
            n for n in range(2, 24) if text_rows(screen, RIGHT, n) + 1 < text_rows(screen, LEFT, n)
        )
        await go_to_paragraph(pilot, screen, LEFT, paragraph)
        await pilot.press(*"j" * (text_rows(screen, RIGHT, paragraph) + 1))
        await pilot.pause()
        assert right.rows.row(right.top_row).spacer  # the right pane opens on its blank rows
        await pilot.press("tab", "v", "w", "w")
        await pilot.pause()
        assert right.selection is not None
        assert assert_groups_level(screen) >= 2


async def test_keys_typed_right_after_tab_go_to_the_other_document(tmp_path) -> None:
    left_path, right_path = documents(tmp_path)
    app = compare_app(tmp_path / "store", left_path, right_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = compare(app)
        left, right = (pane.view for pane in screen.panes)
        burst(app, "tab", "right", "right", "right")
        await pilot.pause()
        await pilot.pause()
        assert right.has_focus
        assert (left.caret, right.caret) == (0, 3)
