"""Running postil's command line in-process, as a user would from the shell."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tui.cli.main import main

Run = tuple[int, str, str]


@pytest.fixture
def postil(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """`postil(*argv)` runs one command; returns its exit status, stdout and stderr."""

    def run(*argv: str) -> Run:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
