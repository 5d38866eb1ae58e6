"""Closing a screen once: keys typed quickly (a key repeat, a paste over SSH) can reach a screen after it
was already closed, and a second ``dismiss``/``pop_screen`` from it would close the screen below instead."""
from __future__ import annotations

from typing import Any

from textual.screen import Screen


def close(screen: Screen[Any], result: Any = None) -> None:
    """Dismiss ``screen`` with ``result`` if it is still the one shown; a late second close does nothing."""
    if screen.is_current:
        screen.dismiss(result)
