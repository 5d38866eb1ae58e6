"""Indicators, checklist statuses and sums as text: the same in the CLI, the app and the exports.

A rate prints in percent with one decimal (``62.1%``); a rated value beyond the office's threshold
carries ``!`` (``!20.4%``); a value on fewer cases than the office rates is in brackets (``(50.0%)``, shown
but not rated); ``无案件`` when there is nothing to rate; ``?`` when an input is blank (never 0);
``无此项`` when the form has no such cells. A sum that is not whole carries ``?`` before what it adds up
(``?95``: some report left the cell blank or does not print it).
"""
from __future__ import annotations

from xxgk.domain import templates as T
from xxgk.domain.indicators import STATE_NAMES, Indicator, Reading, Settings
from xxgk.domain.model import Number
from xxgk.presentation.numbers import number_text, percent_text
from xxgk.presentation.status import STATUS_MARK

FLAG = "!"
INCOMPLETE = STATUS_MARK["incomplete"]
CHECKLIST_STATUS = {"pass": "符合", "fail": "不符合", "warn": "请核对", "incomplete": "无法判断"}
LEGEND = ("指标：62.1% 已评；!62.1% 超出本办设定的阈值；(62.1%) 案件数不足，只列不评；无案件 = 分母为 0；"
          "? = 有空白，无法计算（空白不计为 0）；无此项 = 该格式没有这些单元格")


def rate_text(value: float | None) -> str:
    """A fraction as a percentage with one decimal: ``0.6210`` → ``62.1%``."""
    if value is None:
        return ""
    return f"{value * 100 + 0.0:.1f}%"


def change_text(value: float | None) -> str:
    """A change as a signed percentage: ``3.524`` → ``+352.4%`` (``numbers.percent_text`` of the fraction)."""
    return percent_text(None if value is None else value * 100)


def value_of(r: Reading) -> str:
    """The reading's value alone, without its marks."""
    if r.value is None:
        return ""
    if r.indicator.kind == "count":
        return number_text(r.numerator)
    if r.indicator.kind == "change":
        return change_text(r.value)
    return rate_text(r.value)


def reading_text(r: Reading) -> str:
    """One cell: ``62.1%``, ``!20.4%``, ``(50.0%)``, ``无案件``, ``?``, ``无此项``."""
    if r.state == "incomplete":
        return INCOMPLETE
    if r.state == "absent":
        return STATE_NAMES["absent"]
    if r.state == "none":
        return STATE_NAMES["none"]
    shown = value_of(r)
    if r.state == "few":
        return f"({shown})"
    return (FLAG if r.flagged else "") + shown


def fraction_text(r: Reading) -> str:
    """``59/95`` (the figures it is computed from); for a change ``21→95``; blank when unknown."""
    if r.indicator.kind == "count":
        return ""
    if r.indicator.kind == "change":
        if r.denominator is None or r.numerator is None:
            return ""
        return f"{number_text(r.denominator)}→{number_text(r.numerator)}"
    if r.numerator is None or r.denominator is None:
        return ""
    return f"{number_text(r.numerator)}/{number_text(r.denominator)}"


def reading_note(r: Reading, settings: Settings) -> str:
    """Why a reading is not a plain rated value, in words."""
    if r.state == "incomplete":
        names = [_cell_name(k) for k in r.missing]
        return "有空白或缺项，无法计算：" + "、".join(names[:3]) + (f"等 {len(names)} 项" if len(names) > 3 else "")
    if r.state == "few":
        return f"不足 {settings.min_cases} 件，只列不评"
    if r.state == "none":
        return "分母为 0"
    if r.state == "absent":
        return "该格式没有这些单元格"
    if r.flagged:
        return f"超出阈值（{threshold_text(r.indicator, r.threshold)}）"
    return ""


def _cell_name(key: str) -> str:
    """A key the indicator lacks, as staff read it (``上年 t3.1.total`` is last year's)."""
    last_year = key.startswith("上年 ")
    base = key.removeprefix("上年 ")
    ki = T.info(base)
    name = (T.strip_paren_note(ki.row_label) + (f"·{ki.col_label}" if ki.col_label else "")) if ki else base
    return name + ("（上年）" if last_year else "")


def threshold_text(indicator: Indicator, threshold: float | None) -> str:
    """``低于 30.0% 标记``, ``高于 20.0% 标记``, ``增减超过 100.0% 标记``, ``不标记``."""
    if threshold is None:
        return "不标记"
    if indicator.kind == "count":
        return f"超过 {number_text(threshold)} 标记"
    words = {"below": "低于", "above": "高于", "beyond": "增减超过"}[indicator.flag]
    return f"{words} {rate_text(threshold)} 标记"


def sum_text(total: Number | None, complete: bool) -> str:
    """A region's sum: the number, ``?`` before it when not whole, ``?`` alone when nothing adds up."""
    if complete:
        return number_text(total)
    return INCOMPLETE + number_text(total)


def readings_line(readings: list[Reading]) -> str:
    """A report's indicators on one line: ``申请量 95 · 公开率 62.1% · 复议纠错率 (9.1%) …``."""
    return " · ".join(f"{r.indicator.name} {reading_text(r)}" for r in readings)
