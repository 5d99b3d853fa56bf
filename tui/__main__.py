"""`python -m tui` runs the `postil` command."""

from tui.cli.main import entry

entry()
