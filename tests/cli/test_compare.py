"""`postil compare LEFT RIGHT` from the command line."""

from __future__ import annotations

from pathlib import Path

from tui.app.app import PostilApp
from tui.app.screens.compare import CompareScreen

KOREAN = Path(__file__).resolve().parent.parent / "data" / "hamhung_ko.txt"


def test_compare_opens_the_two_documents_side_by_side(postil, seed, monkeypatch) -> None:
    seen: list[tuple[str, str]] = []
    run_app = PostilApp.run

    def run_headless(app: PostilApp) -> None:
        async def look_and_quit(pilot) -> None:
            await pilot.pause()
            screen = pilot.app.screen
            assert isinstance(screen, CompareScreen)
            seen.append((screen.document.title, screen.other.title))
            await pilot.press("q")

        run_app(app, headless=True, size=(120, 30), auto_pilot=look_and_quit)

    monkeypatch.setattr(PostilApp, "run", run_headless)
    code, _, err = postil("compare", str(seed), str(KOREAN))
    assert (code, err) == (0, "")
    assert seen == [("hamhung", "함흥")]


def test_a_document_that_cannot_be_read_is_named_in_one_line(postil, seed, tmp_path) -> None:
    code, out, err = postil("compare", str(seed), str(tmp_path / "missing.txt"))
    assert (code, out) == (1, "")
    assert err == f"postil: {tmp_path / 'missing.txt'}: no such file\n"
    code, _, err = postil("compare", str(tmp_path), str(seed))
    assert code == 1 and err == f"postil: {tmp_path}: is a folder, not a document\n"


def test_compare_needs_two_documents(postil, seed) -> None:
    code, _, err = postil("compare", str(seed))
    assert code == 2 and "the following arguments are required: RIGHT" in err
    code, out, _ = postil("--help")
    assert code == 0 and "compare" in out and "side by side" in out
