"""Reviewers' verdicts on findings, for the CLI (``xxgk verdict``), the app and the exports.

``decide`` records a verdict on one finding of a report (确认有误, 已排除 with its reason, 待核, or withdraws
it); ``annotate`` marks a stream of findings with the verdict in force and whether it still applies
(``domain.verdicts``: same slot and same input values, else stale); ``open_findings`` leaves out those a
verdict 已排除 that applies; ``exclusions``/``open_grid`` do the same for the overview's counts;
``verdict_states`` lists the verdicts in force with how each stands today, ``history`` every decision.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from xxgk.domain.model import CheckResult
from xxgk.domain.verdicts import (
    DECIDABLE,
    Verdict,
    VerdictMark,
    fingerprint,
    mark_for,
    rule_id,
    slot_year,
)
from xxgk.presentation.status import STATUS_NAME
from xxgk.presentation.verdicts import VERDICT_NAME, parse_status, status_choices
from xxgk.store import Archive, ArchiveError, Failure, Grid, GridCell, GridRow, ReportDetail
from xxgk.workflows.users import current_user

State = Literal["applied", "stale", "resolved"]
STATE_NAME = {"applied": "适用", "stale": "已过期（数值已变）", "resolved": "已不再出现"}


def failure_fingerprint(f: Failure) -> str | None:
    """The fingerprint of a finding of the failures list (None for a report waiting for review)."""
    if f.agency is None or f.year is None:
        return None
    return fingerprint(f.agency, f.year, f.rule, f.scope, f.inputs, f.expected, f.actual)


def check_fingerprint(agency: str, year: int, check: CheckResult) -> str:
    return fingerprint(agency, year, check.rule, check.scope, check.inputs, check.expected, check.actual)


# -- marking findings ---------------------------------------------------------------------------------

def annotate(archive: Archive, rows: Iterable[Failure], *, year: int | None = None,
             agency_id: int | None = None) -> Iterator[Failure]:
    """``rows`` passed through, each failing or warning one given the verdict in force for its slot (if any),
    stale when its values changed since. The verdicts are read once, when the first row comes."""
    verdicts: dict[tuple[int, int, str, str], Verdict] | None = None
    for f in rows:
        if f.status in DECIDABLE and f.agency_id is not None and f.year is not None:
            if verdicts is None:
                verdicts = archive.verdict_map(agency_id=agency_id, year=year)
            verdict = verdicts.get((f.agency_id, f.year, f.rule, f.scope))
            if verdict is not None:
                current = failure_fingerprint(f)
                f.verdict = mark_for(verdict, current or "")
        yield f


def open_findings(rows: Iterable[Failure]) -> Iterator[Failure]:
    """The findings still open: all but those a verdict 已排除 applies to (a stale one does not)."""
    return (f for f in rows if f.verdict is None or f.verdict.is_open)


def mark_checks(archive: Archive, detail: ReportDetail, checks: Sequence[tuple[CheckResult, int | None]]
                ) -> list[VerdictMark | None]:
    """The verdict mark of each (check, other year) of one report (own identities: other year None)."""
    r = detail.report
    if r.agency_id is None or r.year is None or r.agency is None or not checks:
        return [None] * len(checks)
    verdicts = archive.verdict_map(agency_id=r.agency_id)
    out: list[VerdictMark | None] = []
    for check, other_year in checks:
        year = slot_year(r.year, other_year)
        verdict = verdicts.get((r.agency_id, year, check.rule, check.scope)) if check.status in DECIDABLE else None
        out.append(mark_for(verdict, check_fingerprint(r.agency, year, check)) if verdict else None)
    return out


# -- deciding -----------------------------------------------------------------------------------------

def status_value(text: str) -> str:
    """The verdict status ``text`` names (Chinese or English), or ``ArchiveError`` listing the choices."""
    status = parse_status(text)
    if status is None:
        raise ArchiveError(f"“{text}”不是判定（可选：{status_choices()}，或 撤销）")
    return status


@dataclass
class Decided:
    """A verdict just recorded, on which finding."""

    verdict: Verdict
    check: CheckResult
    report_id: int
    mark: VerdictMark | None  # None when the verdict was withdrawn (cleared)


def _candidates(detail: ReportDetail) -> list[tuple[CheckResult, int]]:
    """Every check of the report with the year of its slot: own identities, and those across years."""
    r = detail.report
    assert r.year is not None
    out = [(c, r.year) for c in detail.checks]
    out += [(c.check, c.year if c.year is not None else r.year) for c in detail.cross_year]  # the later year
    return out


def find_finding(detail: ReportDetail, rule: str) -> tuple[CheckResult, int]:
    """The one failing or warning check ``rule`` (``A4.1`` or ``A4.1:review``) names in the report, with its
    slot's year; ``ArchiveError`` saying why otherwise."""
    r = detail.report
    name, _, scope = rule.strip().partition(":")
    matches = [(c, y) for c, y in _candidates(detail) if c.rule == name and (not scope or c.scope == scope)]
    if not matches:
        family = [c.rule_id for c, _ in _candidates(detail) if c.rule.startswith(name + ".") and c.status in DECIDABLE]
        hint = f"（是否指：{'、'.join(family)}？）" if family else ""
        raise ArchiveError(f"报告 #{r.id} 没有规则 {rule} 的核对结果{hint}")
    open_ = [(c, y) for c, y in matches if c.status in DECIDABLE]
    if not open_:
        states = "、".join(sorted({STATUS_NAME.get(c.status, c.status) for c, _ in matches}))
        raise ArchiveError(f"报告 #{r.id} 的 {rule} 为{states}：只有不符或提示才需要判定")
    if len(open_) > 1:
        names = "、".join(c.rule_id for c, _ in open_)
        raise ArchiveError(f"报告 #{r.id} 中 {rule} 有 {len(open_)} 项不符或提示（{names}）：请写明是哪一项，如 {open_[0][0].rule_id}")
    return open_[0]


def decide(archive: Archive, report_id: int, rule: str, status: str, *, reason: str = "", note: str = "",
           by: str | None = None) -> Decided:
    """Record a verdict on the finding ``rule`` of report ``report_id`` (``status``: 确认有误/已排除/待核, or
    撤销 to withdraw the one in force). 已排除 needs a reason. ``by`` defaults to ``current_user()``."""
    status = status_value(status)
    reason, note = " ".join((reason or "").split()), (note or "").strip()
    detail = archive.report_detail(report_id)
    r = detail.report
    if r.needs_review or r.agency_id is None or r.year is None or r.agency is None:
        raise ArchiveError(f"报告 #{r.id} 待审核（缺机关或年度）：请先指定（xxgk assign {r.id} --agency 机关 --year 年度），再作判定")
    check, year = find_finding(detail, rule)
    if status == "excluded" and not reason:
        raise ArchiveError("已排除需要写明理由（--reason，如 口径不同）")
    if status == "cleared" and archive.verdict_map(agency_id=r.agency_id, year=year).get(
            (r.agency_id, year, check.rule, check.scope)) is None:
        raise ArchiveError(f"{r.agency} {year} 年的 {check.rule_id} 没有判定，无需撤销")
    fp = check_fingerprint(r.agency, year, check)
    finding: dict[str, Any] = {"status": check.status, "strict": check.strict, "message": check.message,
                               "inputs": check.inputs, "expected": check.expected, "actual": check.actual}
    verdict = archive.record_verdict(agency_id=r.agency_id, year=year, rule=check.rule, scope=check.scope,
                                     status=status, reason=reason, note=note, by=by or current_user(),
                                     fingerprint=fp, report_id=r.id, finding=finding)
    return Decided(verdict, check, r.id, mark_for(verdict, fp))


# -- the verdicts in force, and the history ------------------------------------------------------------

@dataclass
class VerdictState:
    """A verdict in force and how it stands for the current report of its slot."""

    verdict: Verdict
    finding: Failure | None  # the current report's finding in the slot; None: it no longer fails or warns
    state: State

    @property
    def report_id(self) -> int | None:
        return self.finding.report_id if self.finding is not None else self.verdict.report_id

    def to_json(self) -> dict[str, Any]:
        return {**self.verdict.to_json(), "state": self.state, "current_report_id": self.report_id,
                "current_status": self.finding.status if self.finding else None}


def verdict_states(archive: Archive, *, agency: str | None = None, year: int | None = None,
                   status: str | None = None) -> list[VerdictState]:
    """The verdicts in force (filtered), each ``applied`` (the current finding has the same values),
    ``stale`` (its values changed) or ``resolved`` (the current report no longer fails or warns there)."""
    agency_id = archive.agency(agency).id if agency else None
    out = []
    for verdict, finding in archive.verdict_findings(status=status_value(status) if status else None,
                                                     agency_id=agency_id, year=year):
        if finding is None:
            state: State = "resolved"
        else:
            state = "applied" if failure_fingerprint(finding) == verdict.fingerprint else "stale"
            finding.verdict = mark_for(verdict, failure_fingerprint(finding) or "")
        out.append(VerdictState(verdict, finding, state))
    return out


def history(archive: Archive, *, agency: str | None = None, year: int | None = None,
            rule: str | None = None) -> list[Verdict]:
    """Every decision ever recorded (filtered; ``rule`` as ``A4.1`` or ``A4.1:review``), oldest first per finding."""
    agency_id = archive.agency(agency).id if agency else None
    name, scope = (None, None)
    if rule:
        name, _, s = rule.partition(":")
        scope = s if s else None
    return archive.verdict_history(agency_id=agency_id, year=year, rule=name, scope=scope)


def verdict_summary(rows: Iterable[VerdictMark | None]) -> str:
    """``已排除 2、确认有误 1、已过期 1`` for the marks given (empty when there are none)."""
    counts: dict[str, int] = {}
    for mark in rows:
        if mark is None:
            continue
        key = "stale" if mark.stale else mark.status
        counts[key] = counts.get(key, 0) + 1
    names = {**VERDICT_NAME, "stale": "已过期"}
    return "、".join(f"{names[k]} {counts[k]}" for k in ("confirmed", "excluded", "pending", "stale") if counts.get(k))


# -- open counts for the overview ----------------------------------------------------------------------

def exclusions(archive: Archive) -> dict[int, tuple[int, int, int]]:
    """Current report id → (failures, STRICT failures, warnings) that a verdict 已排除 applies to."""
    out: dict[int, list[int]] = {}
    for verdict, finding in archive.verdict_findings(status="excluded"):
        if finding is None or failure_fingerprint(finding) != verdict.fingerprint:
            continue
        counts = out.setdefault(finding.report_id, [0, 0, 0])
        if finding.status == "fail":
            counts[0] += 1
            counts[1] += finding.strict
        else:
            counts[2] += 1
    return {rid: (c[0], c[1], c[2]) for rid, c in out.items()}


def exclude_from_cell(cell: GridCell, excluded: tuple[int, int, int]) -> None:
    """Take the excluded findings out of one overview cell's counts (its status follows)."""
    n_fail, n_strict, n_warn = excluded
    cell.n_fail = max(0, cell.n_fail - n_fail)
    cell.n_strict_fail = max(0, cell.n_strict_fail - n_strict)
    cell.n_warn = max(0, cell.n_warn - n_warn)
    cell.n_excluded += n_fail + n_warn


def open_rows(rows: Iterable[GridRow], excluded: dict[int, tuple[int, int, int]]) -> Iterator[GridRow]:
    """Overview rows with every cell counting open findings only."""
    for row in rows:
        for cell in row.cells.values():
            if cell.report_id in excluded:
                exclude_from_cell(cell, excluded[cell.report_id])
        yield row


def open_grid(archive: Archive) -> Grid:
    """The overview counting open findings only: a finding 已排除 by a verdict that applies is left out."""
    grid = archive.list_grid()
    excluded = exclusions(archive)
    if excluded:
        grid.rows = list(open_rows(grid.rows, excluded))
    return grid


def rule_text(verdict: Verdict) -> str:
    return rule_id(verdict.rule, verdict.scope)
