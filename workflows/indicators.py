"""Indicators of archived reports (``domain.indicators``) and the office's settings for them, kept in
the archive (``Archive.setting``): the smallest number of cases rated and each indicator's threshold."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xxgk.domain.indicators import Reading, Settings, readings
from xxgk.store import Archive, ReportRow

SETTING = "indicators"


def load_settings(archive: Archive) -> Settings:
    """The office's settings (the defaults until someone sets them)."""
    return Settings.from_json(archive.setting(SETTING))


def save_settings(archive: Archive, settings: Settings) -> None:
    archive.set_setting(SETTING, settings.to_json())


@dataclass
class ReportIndicators:
    report: ReportRow
    readings: list[Reading]
    previous: ReportRow | None = None  # last year's report (for 申请量变化)

    def to_json(self) -> dict[str, Any]:
        return {"report_id": self.report.id, "agency": self.report.agency, "year": self.report.year,
                "previous_report_id": self.previous.id if self.previous else None,
                "indicators": [r.to_json() for r in self.readings]}


def report_indicators(archive: Archive, report_id: int, settings: Settings | None = None) -> ReportIndicators:
    """Every indicator of one report (its agency's report of the year before for the change)."""
    report = archive.report(report_id)
    settings = settings or load_settings(archive)
    prev = (archive.current_report(report.agency, report.year - 1)
            if report.agency is not None and report.year is not None else None)
    values = {v.key: v.value for v in archive.report_values(report.id)}
    before = {v.key: v.value for v in archive.report_values(prev.id)} if prev else None
    return ReportIndicators(report, readings(values, report.template, settings, before,
                                             prev.template if prev else None), prev)
