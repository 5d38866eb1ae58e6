"""Values as text. One rule for every output: the CLI, the app, the XLSX and the CSV agree.

* an ``int`` prints plain (``447228``), a ``float`` with at most six decimals and no float noise
  (``0.1 + 0.2`` prints ``0.3``, ``96171.65432`` stays ``96171.65432``), an integral float as an int;
* a blank prints as nothing and a printed dash as ``-``: neither is ever ``0``;
* a delta carries its sign (``+5``, ``-3``, ``0``); a percentage is in percent (``+60.0%``).
"""
from __future__ import annotations

import math

Number = int | float

DECIMALS = 6  # report figures have at most four decimals (万元); sums of floats are cut back here
DASH = "-"
# Printed "no value" marks that are shown as printed (normalised); anything else blank shows as nothing.
_DASHES = frozenset({"-", "--", "---", "—", "——", "―", "――", "─", "－", "－－", "/", "\\", "~", "…", "..."})
_NONE_WORDS = frozenset({"无", "無", "空", "暂无", "不适用"})


def tidy(value: Number) -> Number:
    """``value`` without float noise: rounded to ``DECIMALS`` places, an integral float as an ``int``."""
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return value
    rounded = round(value, DECIMALS)
    if rounded == int(rounded):
        return int(rounded)
    return rounded


def number_text(value: Number | None) -> str:
    """``447228``, ``96171.65432``, ``0.3``; ``None`` is ``""``."""
    if value is None:
        return ""
    value = tidy(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return str(value)


def decimals(value: Number | None) -> int:
    """How many decimals ``number_text`` prints for ``value`` (for spreadsheet number formats)."""
    text = number_text(value)
    return len(text.partition(".")[2])


def blank_text(raw: str | None) -> str:
    """What a cell without a value shows: ``-`` for a printed dash, the word for 无/不适用, else nothing."""
    if not raw:
        return ""
    compact = "".join(raw.split())
    if compact in _DASHES or (compact and set(compact) <= set("-—―─－")):
        return DASH
    if compact in _NONE_WORDS:
        return "无" if compact == "無" else compact
    return ""


def value_text(value: Number | None, raw: str | None = None) -> str:
    """A cell as staff read it: the number, or for a blank what was printed (``-``, ``无``) or nothing."""
    if value is None:
        return blank_text(raw)
    return number_text(value)


def signed_text(value: Number | None) -> str:
    """A change: ``+5``, ``-3``, ``0``; ``None`` is ``""``."""
    text = number_text(value)
    if not text or text.startswith("-") or text == "0":
        return text
    return "+" + text


def percent_text(percent: float | None) -> str:
    """A change in percent (``60.0`` means +60 %) as ``+60.0%``; ``None`` is ``""``. Zero is ``+0.0%``
    (as a spreadsheet's ``+0.0"%";-0.0"%"`` shows it), never ``-0.0%``."""
    if percent is None:
        return ""
    return f"{percent + 0.0:+.1f}%"


def percent_number_text(percent: float | None) -> str:
    """The same change as a plain number for CSV (``60.0``, ``-12.3``, ``0.0``); ``None`` is ``""``."""
    if percent is None:
        return ""
    return f"{round(percent, 1) + 0.0:.1f}"


def share_text(share: float | None) -> str:
    """A share (``0.37``) as a whole percentage, ``37%``; ``None`` is ``""``."""
    if share is None:
        return ""
    return f"{share:.0%}"
