"""The app's colour mode, decided once at start-up, and the style table of ``xxgk.presentation.status``
read in that mode. Every widget styles marks and message lines through ``style``/``rich_style`` (or the
``STATUS_STYLE`` mapping, keyed by check status), never with colour names of its own."""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from functools import lru_cache

from rich.style import Style

from xxgk.presentation.status import COLOR_MODES, STATUS_MARK, color_mode, style_for

_mode = "full"


def detect_mode(environ: Mapping[str, str] | None = None) -> str:
    """Decide the mode from the terminal's environment (``NO_COLOR``, ``TERM``, ``COLORTERM``) and keep it."""
    return set_mode(color_mode(os.environ if environ is None else environ))


def set_mode(mode: str) -> str:
    global _mode
    if mode not in COLOR_MODES:
        raise ValueError(f"unknown colour mode {mode!r}")
    _mode = mode
    return mode


def current_mode() -> str:
    return _mode


def style(kind: str) -> str:
    """The Rich style string of ``kind`` (``fail``, ``warn``, ``missing``, ``error``, ``hint`` …) now."""
    return style_for(kind, _mode)


@lru_cache(maxsize=256)
def _parsed(kind: str, mode: str) -> Style:
    return Style.parse(style_for(kind, mode) or "none")


def rich_style(kind: str) -> Style:
    return _parsed(kind, _mode)


class _StatusStyles(Mapping[str, str]):
    """Check status -> style in the current mode (``STATUS_STYLE["fail"]``), for screens that index it."""

    def __getitem__(self, status: str) -> str:
        if status not in STATUS_MARK:
            raise KeyError(status)
        return style_for(status, _mode)

    def __iter__(self) -> Iterator[str]:
        return iter(STATUS_MARK)

    def __len__(self) -> int:
        return len(STATUS_MARK)


STATUS_STYLE: Mapping[str, str] = _StatusStyles()
