"""What every screen needs to put report text and values into widgets. The rules live in
``xxgk.presentation`` (the CLI and the exporters use the same); this adds only Rich ``Text``."""
from __future__ import annotations

from rich.text import Text

from xxgk.presentation.numbers import percent_text as fmt_pct
from xxgk.presentation.numbers import signed_text as fmt_delta
from xxgk.presentation.numbers import value_text as fmt_number
from xxgk.presentation.status import STATUS_MARK, STATUS_NAME
from xxgk.presentation.text import clip, pad
from xxgk.presentation.text import terminal_text as safe
from xxgk.presentation.text import wrap as wrap_cells
from xxgk.tui.styles import STATUS_STYLE, rich_style, style

__all__ = ["STATUS_MARK", "STATUS_NAME", "STATUS_STYLE", "clip", "fmt_delta", "fmt_number", "fmt_pct", "pad",
           "rich_style", "safe", "safe_text", "style", "wrap_cells"]


def safe_text(text: object, style: str = "") -> Text:
    """Report text as a ``rich.text.Text`` (never parsed as markup)."""
    return Text(safe(text), style=style, no_wrap=True, overflow="ellipsis")
