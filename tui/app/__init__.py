"""The Textual app: screens, widgets and their styles, on top of the core."""
