"""The Textual app (``tui.app.run``). Imports nothing heavy at package import time."""
