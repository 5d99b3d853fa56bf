"""The `postil` command: thin over the core and formats; the app is imported only to open it."""
