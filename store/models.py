"""Plain records the archive's queries return (no widgets, no SQL rows leaking out)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

from xxgk.domain.model import CheckResult, Number, ParseWarning, Value
from xxgk.domain.verdicts import VerdictMark
from xxgk.store.codec import decode_inputs

SaveStatus = Literal["imported", "unchanged", "new_version", "needs_review"]


def utc_now() -> str:
    """Now, as the archive records times: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class SaveResult:
    """What happened to one parsed report on save (or on ``assign``)."""

    status: SaveStatus
    report_id: int
    message: str
    agency: str | None = None  # the archive's name for the agency (after alias resolution)
    year: int | None = None
    source_name: str = ""
    part: str | None = None
    version: int = 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReportRow:
    """One archived report without its values (what lists, versions and headers show)."""

    id: int
    agency_id: int | None
    agency: str | None  # the archive's name for the agency; None while the report needs review
    agency_name: str | None  # the name as parsed from the file
    year: int | None
    version: int
    template: str | None
    source_name: str
    source_path: str | None
    sha256: str
    part: str | None
    format: str
    encoding: str | None
    imported_at: str  # UTC, ISO 8601
    needs_review: bool
    superseded_by: int | None
    agency_source: str | None
    year_source: str | None
    scope: str | None
    table_templates: dict[str, str]
    n_values: int = 0
    n_pass: int = 0
    n_fail: int = 0
    n_strict_fail: int = 0
    n_warn: int = 0
    n_incomplete: int = 0
    withdrawn_at: str | None = None  # UTC, ISO 8601: a wrongly filed version, kept in the history only
    withdrawn_reason: str | None = None
    withdrawn_by: str | None = None  # the OS user who withdrew it
    reparsed_from: int | None = None  # ``xxgk reparse``: the older reading of the same file this one replaces

    @property
    def is_current(self) -> bool:
        return self.superseded_by is None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CrossYearCheck:
    """A cross-year identity result for a pair of consecutive years of one agency."""

    check: CheckResult
    report_id: int  # the later year's report (year N)
    other_report_id: int  # the earlier year's report (year N-1)
    year: int | None
    other_year: int | None

    def to_json(self) -> dict[str, Any]:
        return {**self.check.to_json(), "report_id": self.report_id, "other_report_id": self.other_report_id,
                "year": self.year, "other_year": self.other_year}


@dataclass
class ReportDetail:
    """Everything about one archived report: the row, its values, checks, warnings and versions."""

    report: ReportRow
    values: list[Value]
    checks: list[CheckResult]  # the report's own identities
    warnings: list[ParseWarning]
    cross_year: list[CrossYearCheck]  # cross-year identities touching this report (as N or as N-1)
    versions: list[ReportRow]  # every version of the same agency and year, oldest first

    def value_map(self) -> dict[str, Number | None]:
        return {v.key: v.value for v in self.values}

    @property
    def year(self) -> int | None:
        return self.report.year

    @property
    def template(self) -> str | None:
        return self.report.template

    def to_json(self) -> dict[str, Any]:
        """The report row plus the same ``values``/``checks``/``warnings`` shape as ``ParsedReport.to_json``."""
        return {
            "report": self.report.to_json(),
            "values": [v.to_json() | {"note": v.note} for v in self.values],
            "checks": [c.to_json() for c in self.checks],
            "warnings": [w.to_json() for w in self.warnings],
            "cross_year": [c.to_json() for c in self.cross_year],
            "versions": [{"id": v.id, "version": v.version, "imported_at": v.imported_at,
                          "source_name": v.source_name, "current": v.is_current,
                          "withdrawn_at": v.withdrawn_at} for v in self.versions],
        }


@dataclass
class GridCell:
    """One agency × year cell of the overview: the current report and its check counts."""

    agency_id: int
    agency: str
    year: int
    report_id: int
    versions: int
    template: str | None
    source_name: str
    needs_review: bool
    n_fail: int
    n_strict_fail: int
    n_warn: int
    n_incomplete: int
    n_pass: int
    n_excluded: int = 0  # findings 已排除 by a verdict that applies, left out of the counts above (open counts)

    @property
    def status(self) -> str:
        """'fail' (a STRICT identity fails), 'warn' (only SOFT ones or non-strict fails), 'incomplete', 'ok'."""
        if self.n_strict_fail:
            return "fail"
        if self.n_fail or self.n_warn:
            return "warn"
        if self.n_incomplete:
            return "incomplete"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"status": self.status}


@dataclass
class GridRow:
    agency_id: int
    agency: str
    cells: dict[int, GridCell]  # year -> cell; a year missing from the dict has no report

    def to_json(self, years: list[int]) -> dict[str, Any]:
        return {"agency_id": self.agency_id, "agency": self.agency,
                "cells": {str(y): (self.cells[y].to_json() if y in self.cells else None) for y in years}}


@dataclass
class Grid:
    """Agencies × years. ``years`` is the full range from the first to the last year, gaps included."""

    years: list[int]
    rows: list[GridRow]
    needs_review: int  # reports waiting for an agency or a year (not in any cell)

    def cell(self, agency: str, year: int) -> GridCell | None:
        for row in self.rows:
            if row.agency == agency:
                return row.cells.get(year)
        return None

    def to_json(self) -> dict[str, Any]:
        return {"years": self.years, "needs_review": self.needs_review,
                "agencies": [r.to_json(self.years) for r in self.rows]}


@dataclass
class AgencyInfo:
    id: int
    name: str
    region: str | None
    aliases: list[str]
    years: list[int]  # years with a current report
    n_reports: int  # all versions

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@lru_cache(maxsize=4096)
def _keys(keys_json: str) -> tuple[str, ...]:
    """A rule's keys, decoded once (thousands of failures share a handful of rules)."""
    return tuple(json.loads(keys_json))


@dataclass(slots=True)
class Failure:
    """One non-passing check anywhere in the archive (current reports only).

    The field order is the order of the store's SELECT (rows are built positionally, for speed);
    ``keys`` and ``inputs`` are decoded from JSON only when asked for.
    """

    report_id: int
    agency_id: int | None
    agency: str | None
    year: int | None
    source_name: str
    other_report_id: int | None  # set for cross-year identities (the N-1 report)
    other_year: int | None
    rule: str
    scope: str
    status: str
    strict: bool
    message: str
    title: str
    formula: str
    keys_json: str = field(default="[]", repr=False)
    inputs_json: str = field(default="{}", repr=False)
    expected: Number | None = None
    actual: Number | None = None
    difference: Number | None = None
    ord: int = field(default=0, repr=False)  # the check's place in its group (a report's own, or a pair of years)
    verdict: VerdictMark | None = None  # the reviewer's verdict in force, when the list was annotated (workflows)

    def __post_init__(self) -> None:
        self.strict = bool(self.strict)

    @property
    def keys(self) -> list[str]:
        return list(_keys(self.keys_json))

    @property
    def inputs(self) -> dict[str, Any]:
        return decode_inputs(json.loads(self.inputs_json), self.keys)

    @property
    def rule_id(self) -> str:
        return f"{self.rule}:{self.scope}" if self.scope else self.rule

    def to_json(self) -> dict[str, Any]:
        return {"report_id": self.report_id, "agency_id": self.agency_id, "agency": self.agency, "year": self.year,
                "source_name": self.source_name, "rule": self.rule, "scope": self.scope, "status": self.status,
                "strict": self.strict, "title": self.title, "message": self.message, "keys": self.keys,
                "formula": self.formula, "inputs": self.inputs, "expected": self.expected, "actual": self.actual,
                "difference": self.difference, "other_report_id": self.other_report_id,
                "other_year": self.other_year, "verdict": self.verdict.to_json() if self.verdict else None}
