"""Typing tags in the annotation editor: fast bursts of keys, completion, Tab between fields."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from tests.app.helpers import make_app, view
from tests.app.keys import burst
from tui.app.app import PostilApp
from tui.app.screens.editor import AnnotationEditor
from tui.app.widgets.tag_input import TagInput
from tui.core.store import Store

SIZE = (120, 40)


async def test_a_burst_of_keys_adds_each_tag_and_moves_on_in_order(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        view(app).select(0, 7)
        await pilot.press("a")
        assert isinstance(app.screen, AnnotationEditor)
        burst(
            app, *"economy/trade", "enter", *"people/traders", "enter", "tab", *"seen at the market"
        )
        await pilot.pause()
        editor = app.screen
        assert editor.query_one(TagInput).tags == ("economy/trade", "people/traders")
        assert editor.query_one("#note", TextArea).text == "seen at the market"


async def open_editor(app: PostilApp, pilot) -> AnnotationEditor:
    view(app).select(0, 7)
    await pilot.press("a")
    editor = app.screen
    assert isinstance(editor, AnnotationEditor)
    return editor


def saved_tags(store_root, seed) -> list[tuple[str, ...]]:
    store = Store(store_root)
    return [a.tags for a in store.annotations(store.open_document(seed).id)]


async def test_a_burst_ending_in_save_keeps_everything_typed(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        burst(app, *"economy/trade,peopx", "backspace", *"le/traders", "ctrl+s")
        await pilot.pause()
    assert saved_tags(tmp_path / "store", seed) == [("economy/trade", "people/traders")]


async def test_enter_adds_what_was_typed_and_tab_or_right_takes_the_suggestion(
    tmp_path, seed
) -> None:
    app = make_app(tmp_path / "store", seed)
    app.settings.recent_tags = ["economy/trade", "emotion/fear"]
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        tags = editor.query_one(TagInput)
        assert "tab or → takes the suggestion" in str(editor.query_one("#editor-keys").render())
        await pilot.press(*"emo")
        await pilot.pause()
        assert tags.field._suggestion == "emotion/fear"
        await pilot.press("enter")
        assert tags.tags == ("emo",)
        await pilot.press(*"emo", "tab")
        assert tags.field.value == "emotion/fear" and tags.field.has_focus
        await pilot.press("enter")
        burst(app, *"ECON", "right", "enter", *"place", "tab", *"calm")
        await pilot.pause()
        assert tags.tags == ("emo", "emotion/fear", "economy/trade")
        assert tags.field.value == "place"  # Tab went on without adding it; saving adds it
        assert editor.query_one("#note", TextArea).text == "calm"
        await pilot.press("shift+tab", "tab", "ctrl+s")
        await pilot.pause()
    assert saved_tags(tmp_path / "store", seed) == [
        ("emo", "emotion/fear", "economy/trade", "place")
    ]


async def test_a_pasted_list_becomes_tags(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        tags = editor.query_one(TagInput)
        await pilot.press(*"eco")
        tags.field.post_message(events.Paste("nomy/trade\npeople/traders, state\r\nrum"))
        await pilot.press(*"our")
        assert tags.tags == ("economy/trade", "people/traders", "state")
        assert tags.field.value == "rumour"


async def test_a_burst_going_back_and_forth_between_tags_and_note(tmp_path, seed) -> None:
    app = make_app(tmp_path / "store", seed)
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(app, pilot)
        burst(
            app,
            *"economy",
            "enter",
            "tab",
            *"notx",
            "backspace",
            *"e",
            "shift+tab",
            *"trade",
            "enter",
        )
        await pilot.pause()
        assert editor.query_one(TagInput).tags == ("economy", "trade")
        assert editor.query_one("#note", TextArea).text == "note"
        assert editor.query_one(TagInput).field.has_focus
