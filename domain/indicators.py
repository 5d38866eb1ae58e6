"""Indicators: one written definition each, computed from a report's cells or a region's sums (pure).

Each indicator is ``numerator ÷ denominator`` over canonical keys (a change on last year for 申请量变化),
with one definition per form generation (the 2019 trial form and the 2021 form share their 表三/表四 keys;
the pre-2019 统计表 has its own). The README's reference part lists them; ``INDICATORS`` is the source.

Rules a reading follows, in this order:

* a blank (or missing) input makes it ``incomplete`` — never 0, never a guess;
* a form without the cells (the pre-2019 统计表 does not split litigation) makes it ``absent``;
* a denominator of 0 makes it ``none`` (无案件: nothing to rate);
* a denominator below ``Settings.min_cases`` (default 30) makes it ``few``: the value is shown, never
  rated or flagged (3 of 4 cases corrected is not a 75 % 纠错率 worth a flag);
* otherwise ``rated``, and ``flagged`` when it is beyond the office's threshold for it (``Settings``).

A region's indicator is computed on the region's sums (Σ numerators ÷ Σ denominators), never as an
average of the agencies' rates.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from xxgk.domain import templates as T
from xxgk.domain.model import Number

Values = Mapping[str, Number | None]
State = Literal["rated", "few", "none", "incomplete", "absent"]
STATE_NAMES = {"rated": "已评", "few": "样本不足", "none": "无案件", "incomplete": "不完整", "absent": "无此项"}
DEFAULT_MIN_CASES = 30

_REFUSED = tuple(f"t3.3.3.{i}.total" for i in range(1, 9))


@dataclass(frozen=True)
class Formula:
    numerator: tuple[str, ...]  # keys summed
    denominator: tuple[str, ...]
    text: str  # the definition in words


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    kind: Literal["rate", "count", "change"]
    flag: Literal["below", "above", "beyond"]  # which side of the threshold is flagged ("beyond": ±)
    forms: Mapping[str, Formula]  # "ab" (2019/2021 forms) and "c" (pre-2019), when the form has it
    default_threshold: float | None = None  # a fraction (0.3 = 30 %); None: not flagged unless set
    unit: str = "%"

    def formula(self, template: str | None) -> Formula | None:
        return self.forms.get("c" if template == T.GEN_C else "ab")

    def definition(self) -> str:
        """The written definition (every form that has it)."""
        parts = [f"{'2019/2021 年版' if k == 'ab' else '2019 年以前统计表'}：{f.text}" for k, f in self.forms.items()]
        return "；".join(parts)


def _concluded(group: str) -> tuple[str, ...]:
    return tuple(f"t4.{group}.{c}" for c in ("upheld", "corrected", "other"))


INDICATORS: tuple[Indicator, ...] = (
    Indicator("applications", "申请量", "count", "beyond", {
        "ab": Formula(("t3.1.total",), (), "表三“一、本年新收政府信息公开申请数量”总计"),
        "c": Formula(("c.req.received",), (), "“收到申请数”"),
    }, unit="件"),
    Indicator("applications_change", "申请量变化", "change", "beyond", {
        "ab": Formula(("t3.1.total",), ("t3.1.total",), "（本年新收 − 上年本年新收）÷ 上年本年新收"),
        "c": Formula(("c.req.received",), ("c.req.received",), "（收到申请数 − 上年收到申请数）÷ 上年收到申请数"),
    }, default_threshold=1.0),
    Indicator("open_rate", "公开率", "rate", "below", {
        "ab": Formula(("t3.3.1.total", "t3.3.2.total"), ("t3.3.7.total",),
                      "（予以公开 + 部分公开）÷ 办理结果总计（表三总计列）"),
        "c": Formula(("c.ans.granted", "c.ans.partial"), ("c.ans.total",),
                     "（同意公开答复数 + 同意部分公开答复数）÷ 申请答复数"),
    }, default_threshold=0.3),
    Indicator("refusal_rate", "不予公开率", "rate", "above", {
        "ab": Formula(_REFUSED, ("t3.3.7.total",), "不予公开（1–8 项之和）÷ 办理结果总计（表三总计列）"),
        "c": Formula(("c.ans.refused",), ("c.ans.total",), "不同意公开答复数 ÷ 申请答复数"),
    }, default_threshold=0.2),
    Indicator("review_correction", "复议纠错率", "rate", "above", {
        "ab": Formula(("t4.review.corrected",), _concluded("review"),
                      "行政复议结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），即已审结的案件"),
        "c": Formula(("c.review.corrected",), ("c.review.upheld", "c.review.corrected", "c.review.other"),
                     "被依法纠错数 ÷（维持具体行政行为数 + 被依法纠错数 + 其他情形数）"),
    }, default_threshold=0.2),
    Indicator("suit_direct_correction", "诉讼纠错率（直接起诉）", "rate", "above", {
        "ab": Formula(("t4.suit_direct.corrected",), _concluded("suit_direct"),
                      "未经复议直接起诉的结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）"),
    }, default_threshold=0.2),
    Indicator("suit_after_review_correction", "诉讼纠错率（复议后起诉）", "rate", "above", {
        "ab": Formula(("t4.suit_after_review.corrected",), _concluded("suit_after_review"),
                      "复议后起诉的结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）"),
    }, default_threshold=0.2),
    Indicator("litigation_correction", "诉讼纠错率（合计）", "rate", "above", {
        "ab": Formula(("t4.suit_direct.corrected", "t4.suit_after_review.corrected"),
                      _concluded("suit_direct") + _concluded("suit_after_review"),
                      "两类行政诉讼的结果纠正之和 ÷ 两类已审结案件之和"),
        "c": Formula(("c.lit.corrected",), ("c.lit.upheld", "c.lit.corrected", "c.lit.other"),
                     "被依法纠错数 ÷（维持或驳回数 + 被依法纠错数 + 其他情形数）"),
    }, default_threshold=0.2),
)
BY_ID = {i.id: i for i in INDICATORS}
BY_NAME = {i.name: i for i in INDICATORS}


def find_indicator(name: str) -> Indicator | None:
    """An indicator by its id (``open_rate``) or its Chinese name (``公开率``)."""
    return BY_ID.get(name) or BY_NAME.get(name)


@dataclass
class Settings:
    """An office's choices: the smallest number of cases rated, and each indicator's threshold (a
    fraction; None: never flagged). Indicators not in ``thresholds`` use their default."""

    min_cases: int = DEFAULT_MIN_CASES
    thresholds: dict[str, float | None] = field(default_factory=dict)

    def threshold(self, indicator: Indicator) -> float | None:
        if indicator.id in self.thresholds:
            return self.thresholds[indicator.id]
        return indicator.default_threshold

    def to_json(self) -> dict[str, Any]:
        return {"min_cases": self.min_cases, "thresholds": dict(self.thresholds)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Settings:
        if not data:
            return cls()
        raw = data.get("thresholds") or {}
        thresholds = {k: (None if v is None else float(v)) for k, v in raw.items() if k in BY_ID}
        return cls(int(data.get("min_cases", DEFAULT_MIN_CASES)), thresholds)


@dataclass
class Reading:
    """One indicator of one report (or region)."""

    indicator: Indicator
    state: State
    value: float | None = None  # a fraction for rates and changes (0.595), a count for 申请量
    numerator: Number | None = None
    denominator: Number | None = None  # for a change: last year's count
    flagged: bool = False
    threshold: float | None = None
    missing: list[str] = field(default_factory=list)  # blank or missing keys (incomplete)

    @property
    def id(self) -> str:
        return self.indicator.id

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.indicator.name, "state": self.state, "value": self.value,
                "numerator": self.numerator, "denominator": self.denominator, "flagged": self.flagged,
                "threshold": self.threshold, "missing": self.missing}


def _sum(keys: Sequence[str], values: Values) -> tuple[Number | None, list[str]]:
    missing = [k for k in keys if values.get(k) is None]
    if missing:
        return None, missing
    total: Number = sum(values[k] or 0 for k in keys)
    return total, []


def _is_flagged(indicator: Indicator, value: float, threshold: float | None) -> bool:
    if threshold is None:
        return False
    if indicator.flag == "below":
        return value < threshold
    if indicator.flag == "above":
        return value > threshold
    return abs(value) > threshold


def reading(indicator: Indicator, values: Values, template: str | None, settings: Settings,
            previous: Values | None = None, previous_template: str | None = None) -> Reading:
    """``indicator`` of one set of values (a report's, or a region's sums). ``previous``: last year's
    values, for 申请量变化 (None: no report last year, the change is ``incomplete``)."""
    threshold = settings.threshold(indicator)
    formula = indicator.formula(template)
    if formula is None:
        return Reading(indicator, "absent", threshold=threshold)
    num, missing = _sum(formula.numerator, values)
    if indicator.kind == "count":
        if num is None:
            return Reading(indicator, "incomplete", missing=missing, threshold=None)
        return Reading(indicator, "rated", float(num), num, None)
    if indicator.kind == "change":
        before_formula = indicator.formula(previous_template) if previous is not None else None
        if previous is None or before_formula is None:
            return Reading(indicator, "incomplete", numerator=num, missing=missing + ["上年报告"], threshold=threshold)
        den, missing_before = _sum(before_formula.denominator, previous)
        missing += [f"上年 {k}" for k in missing_before]
    else:
        den, missing_den = _sum(formula.denominator, values)
        missing += [k for k in missing_den if k not in missing]
    if num is None or den is None:
        return Reading(indicator, "incomplete", numerator=num, denominator=den, missing=missing, threshold=threshold)
    if den == 0:
        return Reading(indicator, "none", numerator=num, denominator=den, threshold=threshold)
    value = (num - den) / den if indicator.kind == "change" else num / den
    if den < settings.min_cases:
        return Reading(indicator, "few", value, num, den, threshold=threshold)
    return Reading(indicator, "rated", value, num, den, _is_flagged(indicator, value, threshold), threshold)


def readings(values: Values, template: str | None, settings: Settings, previous: Values | None = None,
             previous_template: str | None = None) -> list[Reading]:
    """Every indicator of one set of values."""
    return [reading(i, values, template, settings, previous, previous_template) for i in INDICATORS]


def rank(rows: Sequence[tuple[str, Reading]]) -> list[tuple[str, Reading]]:
    """Agencies ranked by one indicator: rated (and ``few``, after them) by value, worst first (the
    flagged side first: lowest 公开率, highest 纠错率, largest change), then those without a value."""
    def key(item: tuple[str, Reading]) -> tuple[int, float, str]:
        name, r = item
        if r.value is None:
            return (2, 0.0, name)
        worst_first = r.value if r.indicator.flag == "below" else -abs(r.value) if r.indicator.flag == "beyond" \
            else -r.value
        return (0 if r.state == "rated" else 1, worst_first, name)
    return sorted(rows, key=key)
