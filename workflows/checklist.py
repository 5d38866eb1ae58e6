"""The evaluators' checklist of an archived report (``domain.checklist``), with last year's report of the
same agency read for the repetition item: what the report screen's checklist panel, ``xxgk checklist``
and the exports show."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xxgk.domain.checklist import Checklist, ReportInput, build_checklist
from xxgk.domain.indicators import Reading
from xxgk.store import Archive, ReportRow
from xxgk.workflows.hierarchy import region_item
from xxgk.workflows.indicators import report_indicators


@dataclass
class ReportChecklist:
    report: ReportRow
    checklist: Checklist
    previous: ReportRow | None  # last year's current report of the agency, when archived
    indicators: list[Reading] = field(default_factory=list)  # the report's own (domain.indicators)

    def to_json(self) -> dict[str, Any]:
        return {"report": self.report.to_json(), "previous_report_id": self.previous.id if self.previous else None,
                **self.checklist.to_json(), "indicators": [r.to_json() for r in self.indicators]}


def previous_report(archive: Archive, report: ReportRow) -> ReportRow | None:
    """The agency's current report of the year before ``report``'s (None: not archived, or unknown)."""
    if report.agency is None or report.year is None:
        return None
    return archive.current_report(report.agency, report.year - 1)


def report_checklist(archive: Archive, report_id: int) -> ReportChecklist:
    """The checklist of report ``report_id`` (any version; ``NotFound`` when there is none)."""
    report = archive.report(report_id)
    prev = previous_report(archive, report)
    inp = ReportInput(text=archive.report_text(report.id), agency=report.agency or report.agency_name,
                      year=report.year, template=report.template, table_templates=report.table_templates,
                      values=archive.report_values(report.id), checks=archive.report_checks(report.id),
                      format=report.format, previous_text=archive.report_text(prev.id) if prev else None,
                      previous_year=prev.year if prev else None)
    checklist = build_checklist(inp)
    region = region_item(archive, report)  # only a 汇总 report of an agency with children (workflows.hierarchy)
    if region is not None:
        checklist.items.append(region)
    return ReportChecklist(report, checklist, prev, report_indicators(archive, report.id).readings)
