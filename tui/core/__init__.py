"""The core model and store of postil: plain Python, no user-interface imports."""
