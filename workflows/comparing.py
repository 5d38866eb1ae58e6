"""Two years of one agency side by side: the comparison the compare screen, ``xxgk compare`` and both
exporters show.

Each side is read once (values with their raw text and printed labels, its own checks, the texts),
aligned by ``domain.compare.align``, and every cell carries the mark of the checks that read it, the
identities across the two years included. With ``allow_missing`` one side may have no report (an
agency that did not submit that year, in the region-wide exports).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from xxgk.domain.compare import CompareRow, align
from xxgk.domain.findings import CellMark, cell_marks, is_cross_year
from xxgk.domain.model import CheckResult, Number, Value
from xxgk.domain.similarity import repeated_share
from xxgk.domain.verdicts import VerdictMark, slot_year
from xxgk.store import Archive, NotFound, ReportDetail, ReportRow
from xxgk.workflows.verdicts import mark_checks


@dataclass
class Comparison:
    agency: str
    year_a: int
    year_b: int
    report_a: ReportRow | None  # None: no report that year (only with allow_missing)
    report_b: ReportRow | None
    rows: list[CompareRow]
    cross_year: list[CheckResult]  # identities between the two years, pass included (consecutive years only)
    checks_a: list[CheckResult] = field(default_factory=list)  # each year's own identities, every status
    checks_b: list[CheckResult] = field(default_factory=list)
    values_a: list[Value] = field(default_factory=list)
    values_b: list[Value] = field(default_factory=list)
    repeated_share: float | None = None  # share of B's narrative repeated verbatim from A's
    # the reviewer's verdict in force on each finding: (year of its slot, rule, scope) -> mark
    verdicts: dict[tuple[int, str, str], VerdictMark] = field(default_factory=dict)

    def verdict(self, check: CheckResult, year: int) -> VerdictMark | None:
        """The verdict on ``check`` of ``year``'s report (an identity across the two years: the later year)."""
        if is_cross_year(check):
            year = max(self.year_a, self.year_b)
        return self.verdicts.get((year, check.rule, check.scope))

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(y for y, r in ((self.year_a, self.report_a), (self.year_b, self.report_b)) if r is None)

    def report(self, year: int) -> ReportRow | None:
        return self.report_a if year == self.year_a else self.report_b

    def value_map(self, year: int) -> dict[str, Number | None]:
        values = self.values_a if year == self.year_a else self.values_b
        return {v.key: v.value for v in values}

    def to_json(self) -> dict[str, object]:
        return {
            "agency": self.agency, "year_a": self.year_a, "year_b": self.year_b,
            "report_a": self.report_a.to_json() if self.report_a else None,
            "report_b": self.report_b.to_json() if self.report_b else None,
            "rows": [r.to_json() for r in self.rows],
            "cross_year": [c.to_json() for c in self.cross_year],
            "repeated_share": self.repeated_share,
        }


def _mark(row_key: str | None, marks: dict[str, CellMark]) -> CellMark | None:
    """The mark of a row's cell; a concept row's key may be a pattern (``t3.3.6.*.natural``)."""
    if not row_key:
        return None
    if "*" not in row_key:
        return marks.get(row_key)
    found: CellMark | None = None
    for key, mark in marks.items():
        if fnmatchcase(key, row_key):
            if found is None:
                found = CellMark(mark.status)
            for check in mark.checks:
                found.add(check)
    return found


def _years(years: list[int]) -> str:
    return "、".join(map(str, years)) or "无"


def compare(archive: Archive, agency: str, year_a: int, year_b: int, *, allow_missing: bool = False,
            with_text: bool = True) -> Comparison:
    """``agency``'s reports of ``year_a`` and ``year_b`` aligned; ``NotFound`` when a year has no report
    (with ``allow_missing``: when neither has). ``with_text=False`` skips the repetition share."""
    info = archive.agency(agency)
    ra, rb = archive.current_report(info.name, year_a), archive.current_report(info.name, year_b)
    if (ra is None and rb is None) or (not allow_missing and (ra is None or rb is None)):
        missing = [str(y) for y, r in ((year_a, ra), (year_b, rb)) if r is None]
        raise NotFound(f"档案中没有 {info.name} {'、'.join(missing)} 年的报告（有报告的年度：{_years(info.years)}）")
    values_a = archive.report_values(ra.id) if ra else []
    values_b = archive.report_values(rb.id) if rb else []
    checks_a = archive.report_checks(ra.id) if ra else []
    checks_b = archive.report_checks(rb.id) if rb else []
    cross: list[CheckResult] = []
    share = None
    if ra is not None and rb is not None:
        later, earlier = (rb, ra) if year_b > year_a else (ra, rb)
        if later.year is not None and earlier.year is not None and later.year - earlier.year == 1:
            cross = archive.cross_year_checks(later.id, earlier.id)
        if with_text:
            share = repeated_share(archive.report_text(ra.id), archive.report_text(rb.id))
    marks_a = cell_marks([*checks_a, *cross], year_a) if ra else {}
    marks_b = cell_marks([*checks_b, *cross], year_b) if rb else {}
    rows = align(values_a, ra.template if ra else rb.template if rb else None,
                 values_b, rb.template if rb else ra.template if ra else None)
    for r in rows:
        r.mark_a, r.mark_b = _mark(r.key_a, marks_a), _mark(r.key_b, marks_b)
        r.present_a = r.present_a and ra is not None  # a side without a report has no cell at all
        r.present_b = r.present_b and rb is not None
    verdicts: dict[tuple[int, str, str], VerdictMark] = {}
    for report, own in ((ra, checks_a), (rb, checks_b)):
        if report is None or report.year is None:
            continue
        detail = ReportDetail(report, [], own, [], [], [])
        last_year = max(year_a, year_b)
        pairs: list[tuple[CheckResult, int | None]] = [(c, None) for c in own]
        if report.year == last_year:
            pairs += [(c, last_year) for c in cross]
        for (check, other), mark in zip(pairs, mark_checks(archive, detail, pairs), strict=True):
            if mark is not None:
                verdicts[(slot_year(report.year, other), check.rule, check.scope)] = mark
    return Comparison(agency=info.name, year_a=year_a, year_b=year_b, report_a=ra, report_b=rb, rows=rows,
                      cross_year=cross, checks_a=checks_a, checks_b=checks_b, values_a=values_a,
                      values_b=values_b, repeated_share=share, verdicts=verdicts)
