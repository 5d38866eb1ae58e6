"""One agency's cells across all its years (pure): every key it ever printed, year by year, and the
headline concepts that stay comparable across the 统计表 / 2019–2021 boundary (``compare.CONCEPTS``).

A blank cell is None — never 0; ``Trends.reported`` says which years have a report at all.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xxgk.domain import templates as T
from xxgk.domain.compare import CONCEPTS
from xxgk.domain.model import Number

Values = Mapping[str, Number | None]
HEADLINES = ("收到申请数（本年新收）", "办理结果总计 / 申请答复数", "行政复议", "行政诉讼")


@dataclass
class Series:
    key: str  # a canonical key, or the concept's label for a headline series
    label: str
    values: dict[int, Number | None] = field(default_factory=dict)  # year -> value (None: blank)
    printed: set[int] = field(default_factory=set)  # years whose report prints the cell

    def points(self, years: Sequence[int]) -> list[Number | None]:
        """The value of each year (None: a blank, a cell not printed, or no report that year)."""
        return [self.values.get(y) for y in years]

    @property
    def last(self) -> Number | None:
        return self.values[max(self.values)] if self.values else None


@dataclass
class Trends:
    agency: str
    years: list[int]  # every year from the first to the last report (a gap is a year without one)
    reported: set[int]
    series: list[Series]  # every key, in the forms' order
    headlines: list[Series]  # the concepts of ``HEADLINES``, comparable across forms

    def by_key(self) -> dict[str, Series]:
        return {s.key: s for s in self.series}

    def mask(self) -> list[bool]:
        """For each of ``years``: whether the agency has a report that year."""
        return [y in self.reported for y in self.years]


def build_trends(agency: str, reports: Sequence[tuple[int, str | None, Values]]) -> Trends:
    """``reports``: (year, template, value map) of the agency's current report of each year."""
    reported = {year for year, _t, _v in reports}
    years = list(range(min(reported), max(reported) + 1)) if reported else []
    by_key: dict[str, Series] = {}
    for year, _template, values in sorted(reports, key=lambda r: r[0]):
        for key, value in values.items():
            s = by_key.get(key)
            if s is None:
                s = by_key[key] = Series(key, T.label_for(key))
            s.values[year] = value
            s.printed.add(year)
    series = [by_key[k] for k in sorted(by_key, key=T.order_of)]
    heads = []
    for label, _key_ab, get_ab, _key_c, get_c in CONCEPTS:
        if label not in HEADLINES:
            continue
        s = Series(label, label)
        for year, template, values in reports:
            c_form = template == T.GEN_C or any(k.startswith("c.") for k in values)
            s.values[year] = (get_c if c_form else get_ab)(values)
            s.printed.add(year)
        heads.append(s)
    return Trends(agency, years, reported, series, heads)
