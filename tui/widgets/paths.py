"""A path box: completion of the last path component from the file system (import and export prompts)."""
from __future__ import annotations

import itertools
import os

from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input


class PathSuggester(Suggester):
    """Completes the last path component from the file system (folders get a trailing separator)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, prefix = os.path.split(expanded)
        try:
            with os.scandir(folder or ".") as entries:
                names = sorted(e.name + (os.sep if e.is_dir() else "") for e in itertools.islice(entries, 5000)
                               if e.name.startswith(prefix) and not (e.name.startswith(".") and not prefix))
        except OSError:
            return None
        names = [n for n in names if n != prefix]
        if not names:
            return None
        return value + names[0][len(prefix):]


class PathInput(Input):
    """Tab accepts the suggestion (or moves on when there is none)."""

    BINDINGS = [Binding("tab", "complete", "补全", show=False)]

    def action_complete(self) -> None:
        if self._suggestion and self._suggestion != self.value:
            self.value = self._suggestion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()
