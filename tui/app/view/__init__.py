"""How text is laid out on screen: wrapping, rows and styled strips (no widgets here)."""
