"""Findings across the archive: the checks that fail or warn, for ``xxgk check``/``failures`` and the
failures screen, and the counts a summary line needs (reports and checks counted apart).

A report's findings are counted the way the overview grid marks it: a STRICT identity that fails is a
不符 (``check`` exits 1 on it); a SOFT one that fails or warns is a 提示."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice
from operator import and_, gt
from typing import Any

from xxgk.domain.model import CheckResult
from xxgk.presentation.status import STATUS_NAME
from xxgk.store import Archive, Failure
from xxgk.store.failures import PAGE_COLUMNS as PAGE_COLUMNS  # re-exported: what a page's rows hold
from xxgk.store.failures import PageKind as PageKind
from xxgk.workflows.verdicts import annotate, open_findings, verdict_summary

DEFAULT_STATUSES = ("fail", "warn")
ALL_STATUSES = ("fail", "warn", "incomplete", "pass")


def findings(archive: Archive, *, year: int | None = None, agency: str | None = None, rule: str | None = None,
             statuses: Sequence[str] = DEFAULT_STATUSES, limit: int | None = None,
             offset: int = 0, open_only: bool = False, agency_like: str | None = None) -> list[Failure]:
    """Checks with one of ``statuses`` in the current reports (cross-year identities included), each with
    the reviewer's verdict in force (``Failure.verdict``).

    ``agency`` is any spelling the archive knows (``NotFound`` with suggestions otherwise); ``agency_like``
    a part of agencies' names; ``rule`` an id (``A3.1``), a family (``A3``), an id with its scope
    (``A3.1:natural``), or alternatives joined by ``|`` (``domain.rules``: ``A3.1|B3.1``). ``open_only``
    leaves out the findings a verdict 已排除 applies to (``workflows.verdicts``)."""
    return list(iter_findings(archive, year=year, agency=agency, rule=rule, statuses=statuses, limit=limit,
                              offset=offset, open_only=open_only, agency_like=agency_like))


def iter_findings(archive: Archive, *, year: int | None = None, agency: str | None = None,
                  rule: str | None = None, statuses: Sequence[str] = DEFAULT_STATUSES, limit: int | None = None,
                  offset: int = 0, open_only: bool = False, agency_like: str | None = None) -> Iterator[Failure]:
    """``findings`` one row at a time, straight from the store (for outputs that stream). The agency is
    looked up now, so an unknown one raises ``NotFound`` before the first row. With ``open_only``,
    ``limit``/``offset`` count the open findings."""
    info = archive.agency(agency) if agency else None
    like = agency_like or None
    if not archive.count_verdicts():  # nothing to mark, nothing excluded: the store's rows as they come
        return archive.iter_failures(year=year, agency=info.name if info else None, rule=rule,
                                     statuses=tuple(statuses), limit=limit, offset=offset, agency_like=like)
    if not open_only:
        rows = archive.iter_failures(year=year, agency=info.name if info else None, rule=rule,
                                     statuses=tuple(statuses), limit=limit, offset=offset, agency_like=like)
        return annotate(archive, rows, year=year, agency_id=info.id if info else None)
    rows = archive.iter_failures(year=year, agency=info.name if info else None, rule=rule, statuses=tuple(statuses),
                                 agency_like=like)
    kept = open_findings(annotate(archive, rows, year=year, agency_id=info.id if info else None))
    return islice(kept, offset, None if limit is None else offset + limit)


@dataclass(frozen=True)
class FindingPages:
    """``iter_findings`` as pages of plain rows (``store.failures.PAGE_COLUMNS[kind]``, a row's rule as its
    id) and the rule of an id: (rule, scope, strict, title, formula, keys as JSON)."""

    pages: Iterator[list[tuple[Any, ...]]]
    rule: Callable[[int], tuple[str, str, bool, str, str, str]]


def finding_pages(archive: Archive, kind: PageKind, *, year: int | None = None, agency: str | None = None,
                  rule: str | None = None, statuses: Sequence[str] = DEFAULT_STATUSES,
                  size: int = 1000) -> FindingPages | None:
    """``iter_findings`` (same filters, same order) as ``FindingPages``: no record built, for outputs that
    write ~200,000 findings at 100,000 reports; ``size`` rows a page (a table is sized a page at a time).
    None when that would not be the same list: the archive
    holds verdicts (each finding is marked), or passes are asked for (they are unpacked from the packs)."""
    if "pass" in statuses or archive.count_verdicts():
        return None
    info = archive.agency(agency) if agency else None  # NotFound now, before the first row
    return FindingPages(archive.iter_failure_pages(kind, year=year, agency=info.name if info else None, rule=rule,
                                                   statuses=tuple(statuses), size=size), archive.failure_rule)


@dataclass(frozen=True)
class FindingsQuery:
    """The failures screen's filters: one page of findings and their counts are asked with the same."""

    year: int | None = None
    agency_like: str | None = None  # a part of the agency's name
    rule: str | None = None  # ids or families, alternatives joined by "|"
    statuses: tuple[str, ...] = DEFAULT_STATUSES
    open_only: bool = False  # findings a verdict 已排除 applies to left out


@dataclass(frozen=True)
class FindingTotals:
    """How many checks a query lists: STRICT failures (不符), SOFT failures and warnings (提示), incomplete."""

    strict: int = 0
    soft: int = 0
    incomplete: int = 0
    verdicts: str = ""  # ``确认有误 1、已排除 1`` over every finding listed (``verdict_summary``)

    @property
    def total(self) -> int:
        return self.strict + self.soft + self.incomplete


def findings_page(archive: Archive, query: FindingsQuery, page: int, size: int, ahead: int = 0) -> list[Failure]:
    """Page ``page`` (from 0) of ``size`` findings in the list's order, read from the store alone, and
    ``ahead`` more rows of the next page (one says whether there is a next page)."""
    return findings(archive, year=query.year, agency_like=query.agency_like, rule=query.rule,
                    statuses=query.statuses, limit=size + ahead, offset=max(0, page) * size,
                    open_only=query.open_only)


def count_query(archive: Archive, query: FindingsQuery) -> FindingTotals:
    """The counts of a query, aggregated by the store (nothing listed); with ``open_only`` the verdicts
    decide, so the findings are streamed and counted (none kept)."""
    if query.open_only:
        tally: Counter[tuple[str, bool]] = Counter(
            (f.status, f.strict) for f in iter_findings(archive, year=query.year, agency_like=query.agency_like,
                                                        rule=query.rule, statuses=query.statuses, open_only=True))
        counts: dict[tuple[str, bool], int] = dict(tally)
    else:
        counts = archive.count_failures(year=query.year, agency_like=query.agency_like or None, rule=query.rule,
                                        statuses=query.statuses)
    strict = counts.get(("fail", True), 0)
    soft = counts.get(("fail", False), 0) + counts.get(("warn", True), 0) + counts.get(("warn", False), 0)
    return FindingTotals(strict, soft, counts.get(("incomplete", True), 0) + counts.get(("incomplete", False), 0),
                         query_verdicts(archive, query))


def query_verdicts(archive: Archive, query: FindingsQuery) -> str:
    """The verdicts on every finding a query lists, summed up; nothing is read when no verdict was ever
    given (the usual archive: the counts stay the store's aggregate)."""
    if not archive.count_verdicts():
        return ""
    return verdict_summary(f.verdict for f in iter_findings(archive, year=query.year, agency_like=query.agency_like,
                                                            rule=query.rule, statuses=query.statuses,
                                                            open_only=query.open_only))


def reports_in_scope(archive: Archive, *, year: int | None = None, agency: str | None = None) -> int:
    """How many current reports a check over ``year``/``agency`` reads (those waiting for review included)."""
    return archive.count_current(year=year, agency=agency)


@dataclass
class FindingCounts:
    """How many checks of each status, and how many reports they touch (a report counts once)."""

    checks: Counter[str] = field(default_factory=Counter)
    strict_failures: int = 0  # checks: STRICT identities that fail
    reports: set[int] = field(default_factory=set)  # reports with at least one listed check
    reports_strict: set[int] = field(default_factory=set)  # reports with a STRICT failure
    reports_soft: set[int] = field(default_factory=set)  # reports with a SOFT failure or a warning
    excluded: int = 0  # findings left out because a verdict 已排除 applies (``counting(open_only=True)``)
    open_only: bool = False  # counted with ``open_only``: the summary says so
    verdicts: Counter[str] = field(default_factory=Counter)  # listed findings by verdict (stale apart)

    @property
    def has_strict_failure(self) -> bool:
        return self.strict_failures > 0

    @property
    def soft(self) -> int:
        """Checks that are 提示: SOFT identities that fail, and warnings."""
        return self.checks["fail"] - self.strict_failures + self.checks["warn"]

    def add(self, finding: Failure) -> None:
        if finding.verdict is not None:
            self.verdicts["stale" if finding.verdict.stale else finding.verdict.status] += 1
        self.checks[finding.status] += 1
        self.reports.add(finding.report_id)
        if finding.status == "fail" and finding.strict:
            self.strict_failures += 1
            self.reports_strict.add(finding.report_id)
        elif finding.status in ("fail", "warn"):
            self.reports_soft.add(finding.report_id)

    def add_columns(self, report_ids: Sequence[int], statuses: Sequence[str], strict: Sequence[bool]) -> None:
        """``add`` for a page of findings given as columns (no verdicts: ``finding_pages``), each step in C."""
        self.checks.update(statuses)
        self.reports.update(report_ids)
        strict_fail = list(map(and_, map("fail".__eq__, statuses), strict))  # bools: a STRICT identity fails
        self.strict_failures += sum(strict_fail)
        self.reports_strict.update(compress(report_ids, strict_fail))
        # fail or warn (not incomplete), and not a STRICT failure: True > False only
        self.reports_soft.update(compress(report_ids, map(gt, map("incomplete".__ne__, statuses), strict_fail)))

    def counting(self, rows: Iterable[Failure], open_only: bool = False) -> Iterator[Failure]:
        """``rows`` passed through, each one counted on the way (a stream is read once). ``open_only``:
        findings a verdict 已排除 applies to are counted in ``excluded`` and not passed on."""
        self.open_only = self.open_only or open_only
        for row in rows:
            if open_only and row.verdict is not None and row.verdict.excluded:
                self.excluded += 1
                continue
            self.add(row)
            yield row

    def verdicts_text(self) -> str:
        """``判定：已排除 1、确认有误 2``, plus the excluded findings left out; empty without verdicts."""
        parts = []
        if self.verdicts:
            names = {"confirmed": "确认有误", "excluded": "已排除", "pending": "待核", "stale": "已过期"}
            parts.append("判定：" + "、".join(f"{names[k]} {self.verdicts[k]}" for k in names if self.verdicts[k]))
        if self.open_only:
            parts.append(f"只计未排除的问题：{self.excluded} 项已排除，未计入")
        return "；".join(parts)

    def checks_text(self) -> str:
        """``不符 3 项、提示 1 项`` (with ``不完整``/``相符`` when they were listed)."""
        parts = [f"{STATUS_NAME['fail']} {self.strict_failures} 项", f"{STATUS_NAME['warn']} {self.soft} 项"]
        for status in ("incomplete", "pass"):
            if self.checks[status]:
                parts.append(f"{STATUS_NAME[status]} {self.checks[status]} 项")
        return "、".join(parts)

    def summary(self, n_reports: int | None = None) -> str:
        """One line: ``5 份报告中 2 份有不符、1 份只有提示；不符 3 项、提示 2 项``. Without ``n_reports``
        (a list that does not read every report): ``不符 3 项、提示 2 项，涉及 2 份报告``."""
        only_soft = len(self.reports_soft - self.reports_strict)
        tail = self.verdicts_text()
        tail = f"；{tail}" if tail else ""
        if n_reports is None:
            return f"{self.checks_text()}，涉及 {len(self.reports)} 份报告{tail}"
        head = f"{n_reports} 份报告中 {len(self.reports_strict)} 份有{STATUS_NAME['fail']}"
        if only_soft:
            head += f"、{only_soft} 份只有{STATUS_NAME['warn']}"
        return f"{head}；{self.checks_text()}{tail}"


def status_summary(checks: Iterable[CheckResult]) -> str:
    """One report's checks counted as the grid marks them: ``相符 40、不符 2、提示 1、不完整 0``."""
    by_status: Counter[str] = Counter()
    strict = 0
    for c in checks:
        by_status[c.status] += 1
        strict += c.status == "fail" and c.strict
    soft = by_status["fail"] - strict + by_status["warn"]
    return "、".join(f"{STATUS_NAME[s]} {n}" for s, n in (("pass", by_status["pass"]), ("fail", strict),
                                                         ("warn", soft), ("incomplete", by_status["incomplete"])))


def count_findings(rows: Iterable[Failure]) -> FindingCounts:
    counts = FindingCounts()
    for f in rows:
        counts.add(f)
    return counts
