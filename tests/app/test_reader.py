"""The reader, driven with the Pilot as a user would: keys, mouse, editor, store."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

from rich.console import Console

from tests.app.helpers import lines, make_app, margin, reader, screen_text, view
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.editor import AnnotationEditor
from tui.core.anchoring import find_quote
from tui.core.annotation import Annotation
from tui.core.store import Store

SIZE = (120, 40)


def rendered(content: object) -> str:
    """Plain text of a Rich renderable, as a user would read it."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


def add(store_root: Path, seed: Path, quote: str, *tags: str, note: str = "", occurrence=None):
    store = Store(store_root)
    document = store.open_document(seed)
    annotation = Annotation(
        doc_id=document.id,
        anchor=find_quote(document.text, quote, occurrence),
        tags=tags,
        note=note,
        doc_sha256=document.sha256,
    )
    return store.add(annotation)


async def test_first_screen_shows_title_and_tags_beside_their_passage(tmp_path, seed) -> None:
    store = tmp_path / "store"
    annotation = add(
        store, seed, "Hamhung Station", "place/hamhung", note="crackdown site", occurrence=2
    )
    app = make_app(store, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "hamhung" in str(reader(app).query_one("#reader-header").render())
        await pilot.press("G")
        await pilot.pause()
        card = margin(app).card_of(annotation.id)
        assert card is not None and card.top == view(app).row_of(annotation.start)
        row_on_screen = card.top - int(margin(app).scroll_y)
        margin_rows = lines(margin(app))
        assert "place/hamhung" in margin_rows[row_on_screen]
        assert "crackdown site" in margin_rows[row_on_screen + 1]
        assert "Hamhung Station" in lines(view(app))[row_on_screen]


async def test_select_by_keys_annotate_and_find_it_after_reopening(tmp_path, seed) -> None:
    store = tmp_path / "store"
    app = make_app(store, seed)
    text = seed.read_text()
    async with app.run_test(size=SIZE) as pilot:
        target = text.index("prostitution in order")
        view(app).move_caret(target)
        await pilot.press("v", "w", "w", "w", "a")
        editor = app.screen
        assert isinstance(editor, AnnotationEditor)
        assert editor.quote == "prostitution in order"
        await pilot.press(*"economy/sex work", "comma", *"gender", "enter", "enter")
        await pilot.press(*"why now?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert view(app).selection is None
    [saved] = Store(store).annotations(Store(store).open_document(seed).id)
    assert (saved.start, saved.end) == (target, target + len("prostitution in order"))
    assert saved.tags == ("economy/sex work", "gender")
    assert saved.note == "why now?"
    assert saved.author == "tester"

    again = make_app(store, seed)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "economy/sex work" in screen_text(margin(again))


async def test_select_by_mouse_drag_and_double_click(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        document = view(app)
        row = lines(document).index(
            next(r for r in lines(document) if r.startswith("An increasing"))
        )
        await pilot.mouse_down(document, offset=(1, row))
        await pilot.hover(document, offset=(10, row))
        await pilot.mouse_up(document, offset=(10, row))
        selection = document.selection
        assert selection is not None
        assert document.text[selection.start : selection.end] == "An increas"
        await pilot.double_click(document, offset=(5, row))
        selection = document.selection
        assert document.text[selection.start : selection.end] == "increasing"
        await pilot.press("a")
        assert isinstance(app.screen, AnnotationEditor)
        assert app.screen.quote == "increasing"


async def test_quick_code_edit_delete_undo_redo(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    first = add(store_root, seed, "rice cakes", "economy/food")
    app = make_app(store_root, seed)
    app.settings.recent_tags = ["economy/food", "place"]
    text = seed.read_text()
    store = Store(store_root)
    async with app.run_test(size=SIZE) as pilot:
        document = view(app)
        start = text.index("Arduous March")
        document.select(start, start + len("Arduous March"))
        await pilot.press("2")
        await pilot.pause()
        coded = [a for a in store.annotations(first.doc_id) if a.quote == "Arduous March"]
        assert [a.tags for a in coded] == [("place",)]

        document.move_caret(text.index("rice cakes") + 2)
        await pilot.press("e")
        assert isinstance(app.screen, AnnotationEditor)
        await pilot.press("tab", *"street trade", "ctrl+s")
        await pilot.pause()
        assert store.get(first.id).note == "street trade"

        document.move_caret(text.index("rice cakes") + 2)
        await pilot.press("d")
        await pilot.pause()
        assert [a.quote for a in store.annotations(first.doc_id)] == ["Arduous March"]
        await pilot.press("u")
        await pilot.pause()
        assert store.get(first.id).note == "street trade"
        await pilot.press("u")
        await pilot.pause()
        assert store.get(first.id).note == ""
        await pilot.press("ctrl+y", "ctrl+y")
        await pilot.pause()
        assert [a.quote for a in store.annotations(first.doc_id)] == ["Arduous March"]
        assert [card.annotation.quote for card in margin(app).cards] == ["Arduous March"]


async def test_cancel_asks_before_discarding(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        view(app).select(0, 7)
        await pilot.press("a", *"draft", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, AnnotationEditor)
        await pilot.press("escape", "y")
        await pilot.pause()
        reader(app)
    store = Store(store_root)
    assert store.annotations(store.open_document(seed).id) == []


async def test_search_next_previous_and_smart_case(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    text = seed.read_text()
    starts = [i for i in range(len(text)) if text.startswith("Hamhung", i)]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"hamhung", "enter")
        assert view(app).caret == starts[0]
        await pilot.press("n")
        assert view(app).caret == starts[1]
        await pilot.press("N")
        assert view(app).caret == starts[0]
        await pilot.press("slash", *"HAMHUNG", "enter")
        assert view(app).caret == starts[0]
        assert "Not found" in str([n.message for n in app._notifications])


async def test_go_to_line_and_percentage(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    text = seed.read_text()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", "5", "enter")
        line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        assert view(app).caret == line_starts[4]
        await pilot.press("colon", "1", "0", "0", "percent_sign", "enter")
        assert view(app).caret == line_starts[-1]


async def test_next_and_previous_annotation_and_position_is_remembered(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    a = add(store_root, seed, "rice cakes", "food")
    b = add(store_root, seed, "Arduous March", "history")
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert view(app).caret == a.start
        await pilot.press("right_square_bracket")
        assert view(app).caret == b.start
        assert margin(app).selected_id == b.id
        await pilot.press("left_square_bracket")
        assert view(app).caret == a.start
        await pilot.press("q")
    again = make_app(store_root, seed)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view(again).caret == a.start


async def test_document_note_sits_at_the_top_of_the_margin(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("A", "enter", *"Read with the 2021 report.", "ctrl+s")
        await pilot.pause()
        shown = lines(margin(app))
        assert "Document" in shown[0]
        assert "Read with the 2021 report." in shown[1]
    store = Store(store_root)
    [note] = store.annotations(store.open_document(seed).id)
    assert note.is_document_note


async def test_tab_to_margin_walk_cards_and_jump(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    a = add(store_root, seed, "rice cakes", "food")
    b = add(store_root, seed, "Arduous March", "history")
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert margin(app).has_focus
        await pilot.press("down")
        assert margin(app).selected_id == a.id
        await pilot.press("down", "enter")
        assert view(app).has_focus and view(app).caret == b.start


async def test_narrow_terminal_hides_margin_and_m_brings_it_back(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert not margin(app).display or margin(app).region.width == 0
        await pilot.press("m")
        await pilot.pause()
        assert margin(app).region.width > 0
        await pilot.press("escape")
        await pilot.pause()
        assert margin(app).region.width == 0


async def test_help_and_command_palette(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        help_text = " ".join(rendered(w.content) for w in app.screen.query("Static"))
        for words in ("Annotate", "Quick code 1", "Next paragraph", "Go to passage"):
            assert words in help_text
        await pilot.press("escape")
        await pilot.press("ctrl+p", *"go to line")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).query_one("#prompt").display


async def test_theme_choice_is_remembered(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        app.theme = "nord"
        await pilot.pause()
    assert make_app(tmp_path / "store", seed).settings.theme == "nord"


async def test_ctrl_e_edits_the_note_in_the_users_editor(tmp_path, seed, monkeypatch) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write(text + ' and a long memo from the editor')\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {editor}")
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        view(app).select(0, 7)
        await pilot.press("a", *"memo", "enter", "enter", *"short", "ctrl+e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    store = Store(store_root)
    [saved] = store.annotations(store.open_document(seed).id)
    assert saved.note == "short and a long memo from the editor"


async def test_tag_input_completes_adds_and_removes(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    add(store_root, seed, "rice cakes", "economy/food")
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        view(app).select(0, 7)
        await pilot.press("a", *"eco", "right", "enter")
        await pilot.press(*"draft", "enter", *"place", "enter", "backspace")
        await pilot.press("ctrl+s")
        await pilot.pause()
    store = Store(store_root)
    tags = [a.tags for a in store.annotations(store.open_document(seed).id) if a.quote == "hamhung"]
    assert tags == [("economy/food", "draft")]


async def test_hiding_and_showing_the_margin_with_cards_on_screen(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    add(store_root, seed, "Daily NK has learned", "source", note="one line")
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "one line" in screen_text(margin(app))


async def test_annotating_actions_are_in_the_command_palette(tmp_path, seed) -> None:
    from tui.app.commands import actions_of

    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        described = {description for description, _, _ in actions_of(app.screen)}
        for wanted in ("Annotate", "Edit", "Delete", "Quick code 1", "Search", "Undo", "Export"):
            assert wanted in described
        view(app).select(0, 7)
        await pilot.press("ctrl+p", *"annotate")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationEditor)


async def test_cards_stay_level_with_their_passage_after_the_position_is_restored(
    tmp_path, seed
) -> None:
    store_root = tmp_path / "store"
    annotation = add(store_root, seed, "rice cakes", "food", note="Street trade.")
    store = Store(store_root)
    store.set_position(annotation.doc_id, seed.read_text().index("rice cakes"))
    app = make_app(store_root, seed)
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.pause(0.5)
        assert view(app).scroll_y > 0
        assert margin(app).scroll_y == view(app).scroll_y
        card = margin(app).card_of(annotation.id)
        row = card.top - int(view(app).scroll_y)
        assert "rice cakes" in lines(view(app))[row]
        assert "food" in lines(margin(app))[row]
