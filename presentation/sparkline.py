"""A series of yearly values as a text sparkline, one character a year, for terminals and exports.

Braille patterns, not the block elements ``▁▂▃…█`` (the Textual ``Sparkline`` widget's): block elements
are East-Asian *ambiguous* width and take two cells on many CJK terminals, which would break the report
screen's columns; braille is narrow everywhere. ``⣀`` is 0, ``⣤ ⣶ ⣿`` are up to a third, two thirds and
all of the series' largest value; ``?`` a blank or unprinted cell (blank is not 0); a space a year
without a report.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from xxgk.domain.model import Number

ZERO, LEVELS = "⣀", "⣤⣶⣿"
BLANK, NO_REPORT = "?", " "
LEGEND = f"{ZERO} 为 0，{'、'.join(LEVELS)} 依次不超过最大值的三分之一、三分之二、全部；{BLANK} 空白或未印出；空格 该年无报告"


def sparkline(values: Sequence[Number | None], reported: Sequence[bool] | None = None) -> str:
    """One character per value (see the module docstring); ``reported[i]`` False: year ``i`` had no
    report. Negative values (a 2019-form 增/减 column) count as 0."""
    flags = list(reported) if reported is not None else [True] * len(values)
    top = max((v for v in values if v is not None), default=0)
    out = []
    for value, has in zip(values, flags, strict=True):
        if not has:
            out.append(NO_REPORT)
        elif value is None:
            out.append(BLANK)
        elif value <= 0 or top <= 0:
            out.append(ZERO)
        else:
            out.append(LEVELS[min(2, math.ceil(value / top * 3) - 1)])
    return "".join(out)
