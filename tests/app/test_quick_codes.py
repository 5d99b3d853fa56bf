"""Quick codes (1..9): each store's own recent tags, under the names its tags have now."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import make_app, view
from tui.app.app import PostilApp
from tui.app.settings import Settings
from tui.app.widgets.quick_codes import QuickCodes
from tui.cli.main import main
from tui.core.codebook import Codebook
from tui.core.store import Store

SIZE = (120, 40)


def quick_line(app: PostilApp) -> str:
    """The quick codes line as shown, or "" while it is hidden."""
    widget = app.screen.query_one(QuickCodes)
    return str(widget.content) if widget.display else ""


def tags_on(store_root: Path, seed: Path, quote: str) -> list[tuple[str, ...]]:
    store = Store(store_root)
    return [a.tags for a in store.annotations(store.open_document(seed).id) if a.quote == quote]


async def code_with_editor(app: PostilApp, pilot, quote: str, tags: str) -> None:
    """Select `quote` and tag it through the annotation editor, as a user does."""
    text = view(app).document.text
    start = text.index(quote)
    view(app).select(start, start + len(quote))
    await pilot.press("a", *tags, "ctrl+s")
    await pilot.pause()


async def quick_code(app: PostilApp, pilot, quote: str, number: int) -> None:
    text = view(app).document.text
    start = text.index(quote)
    view(app).select(start, start + len(quote))
    await pilot.press(str(number))
    await pilot.pause()


async def test_a_rename_in_the_app_renames_the_quick_code(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await code_with_editor(app, pilot, "rice cakes", "place/hyesan")
        await code_with_editor(app, pilot, "Arduous March", "history")
        assert "1 history" in quick_line(app) and "2 place/hyesan" in quick_line(app)

        codebook = Codebook(app.history, app.index)
        codebook.rename("place/hyesan", "place/hyesan-city")
        await pilot.press("right")
        await pilot.pause()
        assert "2 place/hyesan-city" in quick_line(app)

        await pilot.press("u")  # undoing the rename gives the quick code its name back
        await pilot.pause()
        assert "2 place/hyesan" in quick_line(app) and "hyesan-city" not in quick_line(app)

        codebook.rename("place/hyesan", "place/hyesan-city")
        await quick_code(app, pilot, "hamhung", 2)
        assert tags_on(store_root, seed, "hamhung") == [("place/hyesan-city",)]
        tags = {row.tag for row in codebook.rows()}
        assert "place/hyesan" not in tags and "place/hyesan-city" in tags
        assert "1 place/hyesan-city  2 history" in quick_line(app)


async def test_cli_renames_merges_and_deletes_reach_the_quick_codes(tmp_path, seed) -> None:
    store_root = tmp_path / "store"
    app = make_app(store_root, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for quote, tag in [
            ("rice cakes", "old"),
            ("Arduous March", "gone"),
            ("Daily NK has learned", "a"),
        ]:
            await code_with_editor(app, pilot, quote, tag)
        assert "1 a  2 gone  3 old" in quick_line(app)

        store = ["--store", str(store_root)]
        assert main(["tags", "rename", "old", "new", *store]) == 0
        assert main(["tags", "delete", "gone", "--yes", *store]) == 0
        await quick_code(app, pilot, "hamhung", 2)
        assert tags_on(store_root, seed, "hamhung") == [("new",)]
        assert "1 new  2 a" in quick_line(app) and "gone" not in quick_line(app)

        assert main(["tags", "merge", "a", "new", *store]) == 0
        await pilot.press("1")
        await pilot.pause()
        assert quick_line(app).split() == ["quick", "codes", "1", "new"]


async def test_a_new_store_has_no_quick_codes_of_another(tmp_path, seed) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    app = make_app(first, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await code_with_editor(app, pilot, "rice cakes", "economy/food")
        assert "1 economy/food" in quick_line(app)

    app = make_app(second, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert quick_line(app) == ""
        await quick_code(app, pilot, "hamhung", 1)
        assert tags_on(second, seed, "hamhung") == []

    app = make_app(first, seed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 economy/food" in quick_line(app)


def test_the_list_kept_before_stores_had_their_own_goes_to_the_first_store(tmp_path) -> None:
    old = Settings(recent_tags=["place", "history"])
    old.save()
    settings = Settings.load()
    settings.use_store(tmp_path / "first")
    settings.save()
    assert settings.recent_tags == ["place", "history"]
    settings = Settings.load()
    settings.use_store(tmp_path / "second")
    assert settings.recent_tags == []
    settings.use_store(tmp_path / "first")
    assert settings.recent_tags == ["place", "history"]
