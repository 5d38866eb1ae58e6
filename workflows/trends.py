"""An agency's every cell across all its years (``domain.trends``): the report screen's trend view and the
trend chart of the XLSX exports."""
from __future__ import annotations

from xxgk.domain.trends import Trends, build_trends
from xxgk.store import Archive


def agency_trends(archive: Archive, agency: str) -> Trends:
    """Every current report of ``agency`` (any spelling; ``NotFound`` otherwise), year by year."""
    info = archive.agency(agency)
    reports = []
    for year in info.years:
        row = archive.current_report(info.name, year)
        if row is not None:
            reports.append((year, row.template, {v.key: v.value for v in archive.report_values(row.id)}))
    return build_trends(info.name, reports)
