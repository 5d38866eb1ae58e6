"""One archived report as the report screen and ``xxgk show`` present it: the detail, its checks in the
order a reviewer reads them (failures first), which cells of this report each check reads, and the mark
of every cell; finding a report by agency and year; withdrawing a wrongly filed version."""
from __future__ import annotations

from dataclasses import dataclass, field

from xxgk.domain.findings import CellMark, cell_marks, keys_read
from xxgk.domain.model import CheckResult
from xxgk.domain.verdicts import VerdictMark
from xxgk.presentation.status import STATUS_ORDER
from xxgk.store import Archive, NotFound, ReportDetail, ReportRow
from xxgk.workflows.users import current_user
from xxgk.workflows.verdicts import mark_checks


@dataclass
class CheckEntry:
    check: CheckResult
    keys: list[str]  # the keys of THIS report the check reads
    other_year: int | None = None  # an identity across years: the other year
    verdict: VerdictMark | None = None  # the reviewer's verdict in force on this finding (``workflows.verdicts``)

    @property
    def status(self) -> str:
        return self.check.status


@dataclass
class ReportView:
    detail: ReportDetail
    entries: list[CheckEntry] = field(default_factory=list)  # own and cross-year checks, failures first
    marks: dict[str, CellMark] = field(default_factory=dict)  # key -> mark of the cell

    @property
    def report_id(self) -> int:
        return self.detail.report.id


def view_of(detail: ReportDetail) -> ReportView:
    year = detail.report.year
    entries = [CheckEntry(c, keys_read(c, year)) for c in detail.checks]
    for cross in detail.cross_year:
        other = cross.other_year if cross.report_id == detail.report.id else cross.year
        entries.append(CheckEntry(cross.check, keys_read(cross.check, year), other))
    entries.sort(key=lambda e: STATUS_ORDER.get(e.status, 9))
    marks = cell_marks([e.check for e in entries], year)
    return ReportView(detail, entries, marks)


def report_view(archive: Archive, report_id: int) -> ReportView:
    """The report's view, each finding marked with the reviewer's verdict in force."""
    view = view_of(archive.report_detail(report_id))
    marks = mark_checks(archive, view.detail, [(e.check, e.other_year) for e in view.entries])
    for entry, mark in zip(view.entries, marks, strict=True):
        entry.verdict = mark
    return view


def current_report(archive: Archive, agency: str, year: int) -> ReportRow:
    """The current version of ``agency``'s report for ``year`` (any spelling the archive knows);
    ``NotFound`` naming the years it does have."""
    info = archive.agency(agency)
    row = archive.current_report(info.name, year)
    if row is None:
        years = "、".join(map(str, info.years)) or "无"
        raise NotFound(f"档案中没有 {info.name} {year} 年的报告（有报告的年度：{years}）")
    return row


def withdraw(archive: Archive, report_id: int, reason: str, by: str | None = None) -> ReportRow:
    """Withdraw a wrongly filed version (``Archive.withdraw``): out of the overview, counts and checks,
    kept in the history with the time, ``reason`` and ``by`` (default: the OS user)."""
    return archive.withdraw(report_id, reason, by or current_user())
