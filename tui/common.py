"""Small helpers every screen uses: safe text, numbers, status markers. No widgets, no SQL."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

# Markers readable without colour (all ASCII or unambiguous width).
STATUS_MARK = {"fail": "!", "warn": "~", "incomplete": "?", "pass": "ok", "ok": "ok"}
STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "incomplete": "cyan", "pass": "green", "ok": "green"}
STATUS_NAME = {"fail": "不符", "warn": "提示", "incomplete": "不完整", "pass": "相符", "ok": "通过"}


def safe(text: object) -> str:
    """Report text made safe for a terminal cell: no control characters, no ambiguous-width punctuation."""
    from xxgk.domain.normalise import display_safe

    return display_safe("" if text is None else str(text))


def safe_text(text: object, style: str = "") -> Text:
    """Report text as a ``rich.text.Text`` (never parsed as markup)."""
    return Text(safe(text), style=style, no_wrap=True, overflow="ellipsis")


def fmt_number(value, raw: str | None = None) -> str:
    """A value as staff expect it: integers plain, decimals as printed; a blank stays blank (never 0)."""
    if value is None:
        raw = safe(raw or "").strip()
        return raw if raw in {"-", "--", "—", "——", "/", "无"} else ""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def fmt_pct(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:+.1f}%"


def fmt_delta(value) -> str:
    if value is None:
        return ""
    text = fmt_number(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def clip(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` terminal cells (adds ".." when cut: "…" has ambiguous width)."""
    if cell_len(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > width - 2:
            break
        out += ch
    return out + ".."


def wrap_cells(text: str, width: int) -> list[str]:
    """Wrap by terminal cells (CJK text has no spaces to break at)."""
    if width <= 0:
        return [text]
    lines: list[str] = []
    line = ""
    for ch in text:
        if cell_len(line + ch) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line or not lines:
        lines.append(line)
    return lines


def pad(text: str, width: int, align: str = "left") -> str:
    gap = max(0, width - cell_len(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap
