"""Mistyped commands and options, and what CLI commands leave of the library's "Last opened"."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import make_app
from tui.core.store import Store


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["bogus"], "postil: no such file or command: bogus (see `postil --help`)"),
        (
            ["serach", "rice"],
            "postil: no such file or command: serach (did you mean `postil search`? "
            "see `postil --help`)",
        ),
        (
            ["search", "--bogus"],
            "postil search: error: unrecognized arguments: --bogus (see `postil search --help`)",
        ),
        (
            ["tags", "rename", "a", "b", "--bogus"],
            "postil tags rename: error: unrecognized arguments: --bogus "
            "(see `postil tags rename --help`)",
        ),
    ],
)
def test_a_mistyped_command_or_option_is_a_usage_error_pointing_to_its_help(
    postil, argv: list[str], expected: str
) -> None:
    code, out, err = postil(*argv)
    assert (code, out, err) == (2, "", expected + "\n")


def test_opening_a_missing_file_says_so_in_one_line(postil, tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    for argv in (["open", str(missing)], [str(missing)], ["missing.txt"]):
        code, _, err = postil(*argv)
        assert code == 1 and err == f"postil: {argv[-1]}: no such file or folder\n"


def test_cli_commands_leave_last_opened_to_the_reader(postil, seed: Path, tmp_path: Path) -> None:
    assert postil("add", str(seed), "--quote", "rice cakes", "--tag", "food")[0] == 0
    assert postil("list", str(seed))[0] == 0
    assert postil("anchors", str(seed))[0] == 0
    assert postil("search", "food")[0] == 0
    assert postil("export", "--format", "json", "--output", str(tmp_path / "out.json"))[0] == 0
    [record] = Store(tmp_path / "store").documents()
    assert record.last_opened == ""


async def test_reading_in_the_app_sets_last_opened(seed: Path, tmp_path: Path) -> None:
    store_root = tmp_path / "store"
    Store(store_root).open_document(seed, opened=False)
    async with make_app(store_root, seed).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    [record] = Store(store_root).documents()
    assert record.last_opened
