"""The Textual app (``xxgk.tui.app.run``); the only layer that imports Textual."""
