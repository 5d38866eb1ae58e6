"""The region's summary (汇总) for a year and a set of agencies: every cell summed (``domain.summary``),
the reports included, missing and incomplete, the region's indicators on its sums and each agency's,
ranked — what ``xxgk summary``, the summary screen and the summary workbook show.

The set is every agency of the archive, an explicit list, or (``parent``) the agencies under a parent
once the archive records parents. An agency without a current report for the year is *missing*
(listed, never counted as zeros); a report waiting for review (no agency or year) is in no set.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xxgk.domain import templates as T
from xxgk.domain.checklist import expected_generation, expected_keys
from xxgk.domain.indicators import INDICATORS, Reading, Settings, find_indicator, rank, readings
from xxgk.domain.model import Number
from xxgk.domain.summary import KeySum, sum_reports, value_map
from xxgk.store import AgencyInfo, Archive, ArchiveError, NotFound, ReportRow
from xxgk.workflows.indicators import load_settings

ALL_LABEL = "全部机关"


@dataclass
class Scope:
    label: str  # "全部机关", "所选 3 个机关"
    agencies: list[AgencyInfo]

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "agencies": [a.name for a in self.agencies]}


def resolve_scope(archive: Archive, agencies: Sequence[str] = (), parent: str | None = None) -> Scope:
    """Which agencies a summary covers: ``agencies`` (any spelling; ``NotFound`` for an unknown one),
    those under ``parent``, or every agency of the archive."""
    if parent:
        up = archive.agency(parent)  # NotFound first, with suggestions
        children = archive.child_agencies(up.id)
        if not children:
            raise ArchiveError(f"“{up.name}”没有下级机关（设置：xxgk hierarchy set {up.name} 下级机关…）")
        return Scope(f"{up.name}的 {len(children)} 个下级机关", children)
    if agencies:
        found: dict[int, AgencyInfo] = {}
        for name in agencies:
            info = archive.agency(name)
            found.setdefault(info.id, info)
        chosen = sorted(found.values(), key=lambda a: a.name)
        return Scope(f"所选 {len(chosen)} 个机关", chosen)
    return Scope(ALL_LABEL, archive.agencies())


@dataclass
class AgencyLine:
    """One agency of the set in the summary's year."""

    agency: str
    report: ReportRow | None  # None: no report that year (missing)
    values: dict[str, Number | None] = field(default_factory=dict)
    n_blank: int = 0  # cells printed blank or with a dash
    n_absent: int = 0  # cells of its form it does not print
    readings: list[Reading] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.report is None

    @property
    def incomplete(self) -> bool:
        return self.report is not None and (self.n_blank > 0 or self.n_absent > 0)

    def reading(self, indicator_id: str) -> Reading | None:
        return next((r for r in self.readings if r.id == indicator_id), None)

    def to_json(self) -> dict[str, Any]:
        return {"agency": self.agency, "report_id": self.report.id if self.report else None,
                "missing": self.missing, "incomplete": self.incomplete, "blank_cells": self.n_blank,
                "absent_cells": self.n_absent, "indicators": [r.to_json() for r in self.readings]}


@dataclass
class RegionSummary:
    year: int
    scope: Scope
    template: str | None  # the form the sums are laid out in (the generation most reports use)
    lines: list[AgencyLine]
    sums: dict[str, KeySum]
    readings: list[Reading]  # the region's indicators, on its sums
    settings: Settings
    # the year before, over the agencies with a report this year (one without a report then makes every
    # sum incomplete: a change on last year compares the same agencies or says it cannot)
    previous_sums: dict[str, KeySum] | None = None
    previous_template: str | None = None

    @property
    def included(self) -> list[AgencyLine]:
        return [ln for ln in self.lines if not ln.missing]

    @property
    def missing(self) -> list[AgencyLine]:
        return [ln for ln in self.lines if ln.missing]

    @property
    def incomplete(self) -> list[AgencyLine]:
        return [ln for ln in self.lines if ln.incomplete]

    @property
    def incomplete_sums(self) -> list[KeySum]:
        return [s for s in self.sums.values() if not s.complete]

    def counts_text(self) -> str:
        """``8 个机关：报告 2 份（不完整 1 份），未报送 6 个``."""
        inc = len(self.incomplete)
        return (f"{len(self.lines)} 个机关：报告 {len(self.included)} 份"
                + (f"（其中有空白或缺项 {inc} 份）" if inc else "") + f"，未报送 {len(self.missing)} 个")

    def ranking(self, indicator_id: str) -> list[tuple[str, Reading]]:
        """The agencies with a report, ranked by one indicator (``domain.indicators.rank``)."""
        rows = [(ln.agency, r) for ln in self.included if (r := ln.reading(indicator_id)) is not None]
        return rank(rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year, "scope": self.scope.to_json(), "template": self.template,
            "included": len(self.included), "missing": [ln.agency for ln in self.missing],
            "incomplete": [ln.agency for ln in self.incomplete],
            "indicators": [r.to_json() for r in self.readings],
            "settings": self.settings.to_json(),
            "agencies": [ln.to_json() for ln in self.lines],
            "sums": [s.to_json() for s in self.sums.values()],
        }


def _line(archive: Archive, info: AgencyInfo, year: int) -> AgencyLine:
    report = archive.current_report(info.name, year) if year in info.years else None
    if report is None:
        return AgencyLine(info.name, None)
    values = archive.report_values(report.id)
    vmap = {v.key: v.value for v in values}
    blank = sum(1 for v in values if v.value is None and not v.key.endswith(T.CUMULATIVE)
                and "section heading" not in (v.note or ""))
    absent = sum(1 for keys in expected_keys(report.template, report.table_templates).values()
                 for k in keys if k not in vmap)
    return AgencyLine(info.name, report, vmap, blank, absent)


def _layout_template(lines: Sequence[AgencyLine], year: int) -> str:
    used = Counter(ln.report.template for ln in lines if ln.report is not None and ln.report.template)
    if not used:
        return expected_generation(year)
    best = max(used.values())
    tied = [t for t, n in used.items() if n == best]
    return expected_generation(year) if expected_generation(year) in tied else sorted(tied)[0]


def _sums(lines: Sequence[AgencyLine], template: str) -> dict[str, KeySum]:
    form = [k for keys in expected_keys(template, {}).values() for k in keys]
    return sum_reports([(ln.agency, ln.values) for ln in lines if ln.report is not None], form)


def region_summary(archive: Archive, year: int, *, agencies: Sequence[str] = (), parent: str | None = None,
                   settings: Settings | None = None, with_previous: bool = True) -> RegionSummary:
    """The summary of ``year`` over the agencies chosen (see ``resolve_scope``). ``NotFound`` when no
    agency of the set has a report that year."""
    scope = resolve_scope(archive, agencies, parent)
    settings = settings or load_settings(archive)
    lines = [_line(archive, info, year) for info in scope.agencies]
    if not any(ln.report for ln in lines):
        raise NotFound(f"{scope.label}中没有任何机关有 {year} 年的报告")
    template = _layout_template(lines, year)
    sums = _sums(lines, template)
    before = [_line(archive, info, year - 1) for info in scope.agencies] if with_previous else []
    prev_sums = prev_template = None
    if any(ln.report for ln in before):
        prev_template = _layout_template(before, year - 1)
        # the same agencies as this year: one without last year's report leaves every sum incomplete
        now = {ln.agency for ln in lines if ln.report is not None}
        pairs = [(ln.agency, ln.values) for ln in before if ln.report is not None or ln.agency in now]
        form = [k for keys in expected_keys(prev_template, {}).values() for k in keys]
        prev_sums = sum_reports(pairs, form)
    by_agency = {ln.agency: ln for ln in before}
    for ln in lines:
        if ln.report is None:
            continue
        old = by_agency.get(ln.agency)
        old_report = old.report if old is not None else None
        ln.readings = readings(ln.values, ln.report.template, settings,
                               old.values if old is not None and old_report is not None else None,
                               old_report.template if old_report is not None else None)
    region = readings(value_map(sums), template, settings, value_map(prev_sums) if prev_sums else None,
                      prev_template)
    return RegionSummary(year, scope, template, lines, sums, region, settings, prev_sums, prev_template)


RANKED = tuple(i.id for i in INDICATORS)


def indicator_names() -> list[str]:
    return [i.name for i in INDICATORS]


def ranking_indicator(name: str) -> str:
    """An indicator id from an id or a Chinese name; ``NotFound`` listing the names otherwise."""
    found = find_indicator(name)
    if found is None:
        raise NotFound(f"没有名为“{name}”的指标（可选：{'、'.join(indicator_names())}）")
    return found.id
