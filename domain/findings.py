"""Which cells a check is about: the one place that decodes what identities read.

A report's own identity reads ``check.keys`` of that report. An identity across two years reads cells of
both reports: its ``inputs`` are keyed ``"YEAR:key"`` (``cross_input``), and ``keys_read`` gives the keys it
reads in one of the two years. ``cell_marks`` turns a report's checks into the mark of each cell: a STRICT
or SOFT failure (``fail`` above ``warn``), with every check that marks it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from xxgk.domain.model import CheckResult

MARKING = ("fail", "warn")  # statuses that mark the cells a check reads


def cross_input(year: int, key: str) -> str:
    """The name of an input of a cross-year identity: ``"2024:t3.2.total"``."""
    return f"{year}:{key}"


def split_input(name: str) -> tuple[int | None, str]:
    """``"2024:t3.2.total"`` → ``(2024, "t3.2.total")``; a report's own input ``"t3.2.total"`` → ``(None, …)``."""
    head, sep, key = name.partition(":")
    if sep and head.isdigit():
        return int(head), key
    return None, name


def is_cross_year(check: CheckResult) -> bool:
    return any(split_input(name)[0] is not None for name in check.inputs)


def keys_read(check: CheckResult, year: int | None = None) -> list[str]:
    """The keys ``check`` reads in the report of ``year``: its ``keys`` for a report's own identity, the
    inputs of that year for an identity across years."""
    if not is_cross_year(check):
        return list(check.keys)
    out = []
    for name in check.inputs:
        input_year, key = split_input(name)
        if input_year is not None and input_year == year:
            out.append(key)
    return out


@dataclass
class CellMark:
    """The mark of one cell: the worst status among the checks that read it, and those checks."""

    status: str  # "fail" | "warn"
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def kind(self) -> str:
        """How the cell is marked: ``fail`` (``!``) only when a STRICT identity that reads it fails; a SOFT
        identity that fails or warns marks it ``warn`` (``~``), never like a STRICT failure."""
        return "fail" if any(c.status == "fail" and c.strict for c in self.checks) else "warn"

    def add(self, check: CheckResult) -> None:
        if check.status == "fail":
            self.status = "fail"
        if check not in self.checks:
            self.checks.append(check)


def cell_marks(checks: Iterable[CheckResult], year: int | None = None) -> dict[str, CellMark]:
    """Key → mark for every cell of the report of ``year`` read by a failing or warning check (own
    identities and identities across years alike)."""
    marks: dict[str, CellMark] = {}
    for check in checks:
        if check.status not in MARKING:
            continue
        for key in keys_read(check, year):
            mark = marks.get(key)
            if mark is None:
                marks[key] = mark = CellMark(check.status)
            mark.add(check)
    return marks
