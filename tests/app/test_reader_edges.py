"""Documents and terminals at the edges: empty, one huge line, tiny, hostile, wide characters."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import lines, make_app, view
from tui.core.anchoring import anchor_at
from tui.core.annotation import Annotation
from tui.core.store import Store


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def test_empty_document_opens_and_every_key_is_harmless(tmp_path) -> None:
    empty = write(tmp_path, "empty.txt", "")
    app = make_app(tmp_path / "store", empty)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("empty.txt is empty" in n.message for n in app._notifications)
        await pilot.press("j", "k", "G", "g", "w", "B", "}", "{", "v", "l", "a", "V", "s", "d", "e")
        await pilot.press("slash", "x", "enter", "n", "colon", "5", "enter", "1")
        assert view(app).caret == 0


async def test_one_long_line_wraps_and_reaches_its_end(tmp_path) -> None:
    long_line = ("lorem ipsum dolor sit amet " * 80_000).strip()  # about 2 MB, one line
    path = write(tmp_path, "long.txt", long_line)
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")
        await pilot.pause()
        assert lines(view(app))[-1].rstrip().endswith("sit amet") or any(
            row.rstrip().endswith("sit amet") for row in lines(view(app))
        )
        await pilot.press("g")
        assert lines(view(app))[0].startswith("lorem ipsum")


async def test_tiny_terminal_and_resize_during_a_selection(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("v", "w", "w", "down", "down")
        selected = view(app).selection
        assert selected is not None
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert view(app).selection == selected
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert view(app).selection == selected
        assert all(len(row) <= 40 for row in lines(view(app)))


async def test_markup_and_escape_sequences_are_shown_literally(tmp_path) -> None:
    hostile = "[bold red]not bold[/] \x1b[2J\x1b]0;title\x07 \x1b]8;;http://x\x1b\\link\x9b31m end"
    path = write(tmp_path, "hostile.txt", hostile + "\n")
    store_root = tmp_path / "store"
    store = Store(store_root)
    document = store.open_document(path)
    store.add(
        Annotation(
            doc_id=document.id,
            anchor=anchor_at(document.text, 0, 10),
            tags=("[red]tag\x1b[0m",),
            note="[blink]note[/blink] \x1b[31m",
        )
    )
    app = make_app(store_root, path)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        for widget in (view(app), screen.query_one("Margin")):
            for y in range(widget.scrollable_content_region.height):
                for segment in widget.render_line(y):
                    assert "\x1b" not in segment.text and "\x07" not in segment.text
                    assert "\x9b" not in segment.text
        shown = "\n".join(lines(view(app)))
        assert "[bold red]not bold[/]" in shown and "␛[2J" in shown
        margin_text = "\n".join(lines(screen.query_one("Margin")))
        assert "[red]tag␛[0m" in margin_text and "[blink]note[/blink]" in margin_text


async def test_wide_characters_keep_alignment(tmp_path) -> None:
    text = "한국어 문장과 emoji 🙂 가 섞인 줄입니다. " * 6
    path = write(tmp_path, "wide.txt", text)
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        width = view(app).scrollable_content_region.width
        for y in range(view(app).scrollable_content_region.height):
            assert view(app).render_line(y).cell_length == width
        document = view(app)
        target = text.index("🙂")
        document.move_caret(target)
        row = document.rows.row_at_offset(target)
        assert row.start <= target < row.end


async def test_a_passage_over_several_paragraphs_is_highlighted_in_each(tmp_path, seed) -> None:
    text = seed.read_text()
    start = text.index("In Choi’s case")
    end = text.index("put food on the table.") + len("put food on the table.")
    store_root = tmp_path / "store"
    store = Store(store_root)
    document = store.open_document(seed)
    annotation = store.add(
        Annotation(doc_id=document.id, anchor=anchor_at(text, start, end), tags=("story",))
    )
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        document_view = view(app)
        first = document_view.row_of(start)
        last = document_view.row_of(end - 1)
        assert last > first + 2
        base = document_view.rich_style.bgcolor
        for row in range(first, last + 1):
            strip = document_view.render_line(row - int(document_view.scroll_y))
            words = [seg for seg in strip if seg.text.strip()]
            if words:
                assert any(seg.style and seg.style.bgcolor != base for seg in words), row
        card = app.screen.query_one("Margin").card_of(annotation.id)
        assert card.top == first


async def test_markdown_is_styled_in_place_one_character_per_character(tmp_path) -> None:
    source = "# A heading\n\nSome **strong** and *em* text with `code`.\n\n> quoted line\n"
    path = write(tmp_path, "notes.md", source)
    app = make_app(tmp_path / "store", path)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        document = view(app)
        shown = lines(document)
        assert shown[0].rstrip() == "# A heading"
        assert shown[2].rstrip() == "Some **strong** and *em* text with `code`."
        heading = [s for s in document.render_line(0) if s.text.strip() == "A heading"]
        assert heading and heading[0].style.bold
        strong = [s for s in document.render_line(2) if "strong" in s.text and "*" not in s.text]
        assert strong and strong[0].style.bold
        emphasis = [s for s in document.render_line(2) if s.text == "em"]
        assert emphasis and emphasis[0].style.italic
