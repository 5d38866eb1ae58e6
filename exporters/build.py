"""What an export shows, computed once from the archive and written by the XLSX and CSV writers.

``build_comparison`` turns ``Archive.compare`` into rows that know which of their cells a failing
identity reads (with the identity's message for a cell comment); ``build_all`` does that for every
agency that has either year, plus the summary rows. An agency with only one of the two years still
gets its rows (the other side blank and marked missing).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from xxgk.domain import templates as T
from xxgk.domain.compare import CONCEPTS, align
from xxgk.domain.model import CheckResult, Number, Value
from xxgk.store.archive import Archive
from xxgk.store.errors import NotFound
from xxgk.store.models import ReportRow

STATUS_LABELS = {"fail": "不符", "warn": "提示", "incomplete": "不完整", "pass": "相符"}
FLAG = {"fail": "!", "warn": "?"}
MISSING = "缺"
MARKED = ("fail", "warn")  # check statuses that mark cells


@dataclass
class Mark:
    status: str  # "fail" | "warn"
    notes: list[str] = field(default_factory=list)  # one line per identity touching the cell

    @property
    def flag(self) -> str:
        return FLAG[self.status]

    @property
    def comment(self) -> str:
        return "\n".join(self.notes)

    def add(self, check: CheckResult, prefix: str = "") -> None:
        if check.status == "fail":
            self.status = "fail"
        line = f"{prefix}{check_line(check)}"
        if line not in self.notes:
            self.notes.append(line)


def check_line(check: CheckResult) -> str:
    """``A4.1:review（不符）：行政复议总计等于各项之和不符：…`` (the title when the message lacks it)."""
    status = STATUS_LABELS.get(check.status, check.status)
    message = check.message or ""
    if check.title and not message.startswith(check.title):
        message = f"{check.title}：{message}" if message else check.title
    return f"{check.rule_id}（{status}）：{message}"


@dataclass
class ExportRow:
    key: str
    label: str
    value_a: Number | None
    value_b: Number | None
    delta: Number | None
    delta_pct: float | None  # percent (60.0 means +60 %), None when undefined
    approximate: bool
    amount: bool  # 万元 (two decimals) rather than a count
    present_a: bool
    present_b: bool
    raw_a: str | None = None  # printed text when the value is blank but something was printed ("—")
    raw_b: str | None = None
    mark_a: Mark | None = None
    mark_b: Mark | None = None

    def note(self, year_a: int, year_b: int, missing: tuple[int, ...] = ()) -> str:
        parts = []
        for year, present, raw in ((year_a, self.present_a, self.raw_a), (year_b, self.present_b, self.raw_b)):
            if year in missing:
                continue
            if not present:
                parts.append(f"{year} 年报告无此项")
            elif raw:
                parts.append(f"{year} 年原文“{raw}”")
        if self.approximate:
            parts.append("跨格式近似对比")
        return "；".join(parts)


@dataclass
class ExportComparison:
    agency: str
    year_a: int
    year_b: int
    report_a: ReportRow | None  # None: no report for that year (only in --all)
    report_b: ReportRow | None
    rows: list[ExportRow]
    cross_year: list[CheckResult]  # every cross-year identity of the pair (pass included)
    checks_a: list[CheckResult]  # the year's own identities that fail or warn
    checks_b: list[CheckResult]
    repeated_share: float | None = None
    values_a: dict[str, Number | None] = field(default_factory=dict)  # the reports' own value maps
    values_b: dict[str, Number | None] = field(default_factory=dict)

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(y for y, r in ((self.year_a, self.report_a), (self.year_b, self.report_b)) if r is None)

    def report(self, year: int) -> ReportRow | None:
        return self.report_a if year == self.year_a else self.report_b


class _Like:
    """Just enough of a report for ``domain.compare.align`` (used when one side is missing)."""

    def __init__(self, template: str | None, values: dict[str, Number | None]) -> None:
        self.template = template
        self.values = values

    def value_map(self) -> dict[str, Number | None]:
        return self.values


def _is_amount(key: str, *values: Number | None) -> bool:
    ki = T.info(key.replace("*", "1"))
    if ki is not None and (ki.kind == "amount" or ki.unit == "万元"):
        return True
    return any(isinstance(v, float) and v != int(v) for v in values if v is not None)


def _key_matches(row_key: str | None, check_keys: list[str]) -> bool:
    if not row_key:
        return False
    if "*" in row_key:
        return any(fnmatchcase(k, row_key) for k in check_keys)
    return row_key in check_keys


def _marks(row_key: str | None, checks: list[CheckResult]) -> Mark | None:
    mark = None
    for check in checks:
        if check.status in MARKED and _key_matches(row_key, check.keys):
            if mark is None:
                mark = Mark(check.status)
            mark.add(check)
    return mark


def _cross_marks(row_key: str | None, year: int, cross: list[CheckResult]) -> list[CheckResult]:
    """Cross-year identities that read ``row_key`` of ``year`` (their inputs are keyed ``"2023:t3.4.total"``)."""
    if not row_key:
        return []
    out = []
    for check in cross:
        if check.status not in MARKED:
            continue
        inputs = [k.split(":", 1)[1] for k in check.inputs if k.startswith(f"{year}:")]
        if _key_matches(row_key, inputs):
            out.append(check)
    return out


def _printed(values: list[Value]) -> tuple[dict[str, str], dict[str, str]]:
    labels = {v.key: v.label for v in values if v.label}
    raws = {v.key: v.raw for v in values if v.value is None and v.raw and v.raw.strip()}
    return labels, raws


def _label(row_key: str, label: str, labels_b: dict[str, str], labels_a: dict[str, str]) -> str:
    """The official label; for a key the catalogue does not know, the label as printed in the report."""
    if T.info(row_key) is None and (label == row_key or not label):
        return labels_b.get(row_key) or labels_a.get(row_key) or row_key
    return label


def _non_pass(checks: list[CheckResult]) -> list[CheckResult]:
    return [c for c in checks if c.status in MARKED]


def build_comparison(archive: Archive, agency: str, year_a: int, year_b: int,
                     allow_missing: bool = False) -> ExportComparison:
    """The comparison of ``agency`` between ``year_a`` and ``year_b``.

    Both years must have a report unless ``allow_missing`` (then at least one must); ``NotFound``
    otherwise.
    """
    info = archive.agency(agency)
    ra, rb = archive.current_report(info.name, year_a), archive.current_report(info.name, year_b)
    if ra is None and rb is None or not allow_missing and (ra is None or rb is None):
        missing = [str(y) for y, r in ((year_a, ra), (year_b, rb)) if r is None]
        raise NotFound(f"no report for {info.name} {' or '.join(missing)} in the archive")
    values_a = archive.report_values(ra.id) if ra else []
    values_b = archive.report_values(rb.id) if rb else []
    checks_a = _non_pass(archive.report_checks(ra.id)) if ra else []
    checks_b = _non_pass(archive.report_checks(rb.id)) if rb else []
    cross: list[CheckResult] = []
    repeated = None
    if ra is not None and rb is not None:
        comp = archive.compare(info.name, year_a, year_b)
        rows, cross, repeated = comp.rows, comp.cross_year, comp.repeated_share
    else:
        present = ra or rb
        vals = {v.key: v.value for v in (values_a or values_b)}
        one, empty = _Like(present.template, vals), _Like(present.template, {})
        rows = align(one, empty) if ra is not None else align(empty, one)
    labels_a, raws_a = _printed(values_a)
    labels_b, raws_b = _printed(values_b)
    out = []
    for r in rows:
        mark_a = _marks(r.key_a, checks_a) if ra else None
        mark_b = _marks(r.key_b, checks_b) if rb else None
        for side, year, row_key in (("a", year_a, r.key_a), ("b", year_b, r.key_b)):
            for check in _cross_marks(row_key, year, cross):
                current = mark_a if side == "a" else mark_b
                if current is None:
                    current = Mark(check.status)
                    if side == "a":
                        mark_a = current
                    else:
                        mark_b = current
                current.add(check, "跨年度 ")
        out.append(ExportRow(
            key=r.key, label=_label(r.key, r.label, labels_b, labels_a), value_a=r.value_a, value_b=r.value_b,
            delta=r.delta, delta_pct=r.delta_pct, approximate=r.approximate,
            amount=_is_amount(r.key, r.value_a, r.value_b),
            present_a=ra is not None and r.present_a, present_b=rb is not None and r.present_b,
            raw_a=raws_a.get(r.key_a or "") if ra else None, raw_b=raws_b.get(r.key_b or "") if rb else None,
            mark_a=mark_a, mark_b=mark_b))
    return ExportComparison(agency=info.name, year_a=year_a, year_b=year_b, report_a=ra, report_b=rb, rows=out,
                            cross_year=cross, checks_a=checks_a, checks_b=checks_b, repeated_share=repeated,
                            values_a={v.key: v.value for v in values_a},
                            values_b={v.key: v.value for v in values_b})


# ---------------------------------------------------------------- the --all summary

def _concept(key_ab: str) -> tuple[Callable, Callable, str]:
    for _name, k_ab, get_ab, k_c, get_c in CONCEPTS:
        if k_ab == key_ab:
            return get_ab, get_c, k_c
    raise KeyError(key_ab)


def _plain(key: str) -> Callable:
    return lambda v: v.get(key)


@dataclass(frozen=True)
class Metric:
    name: str
    key: str  # the 2019/2021 key (or expression)
    key_c: str | None  # the pre-2019 concept (§13), None when C has none
    get: Callable
    get_c: Callable | None


def _metrics() -> tuple[Metric, ...]:
    out = []
    for name, key in (("本年新收", "t3.1.total"), ("办理总计", "t3.3.7.total"), ("行政复议", "t4.review.total"),
                      ("行政诉讼", "t4.suit_*.total")):
        get_ab, get_c, key_c = _concept(key)
        out.append(Metric(name, key, key_c, get_ab, get_c))
    out.insert(2, Metric("结转下年", "t3.4.total", None, _plain("t3.4.total"), None))
    return tuple(out)


METRICS = _metrics()


@dataclass
class SummaryCell:
    value: Number | None
    missing: bool = False  # no report for the year


@dataclass
class SummaryRow:
    agency: str
    year_a: int
    year_b: int
    values_a: list[SummaryCell]  # one per METRICS
    values_b: list[SummaryCell]
    deltas: list[Number | None]
    fails_a: int | None  # None: no report that year
    fails_b: int | None
    approximate: bool  # one side is a pre-2019 统计表 and the other is not
    pre2019: tuple[int, ...] = ()  # years reported on a pre-2019 统计表 (concepts mapped, no 结转)
    sheet: str | None = None  # the agency's sheet in the workbook (set by the writer)

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(y for y, f in ((self.year_a, self.fails_a), (self.year_b, self.fails_b)) if f is None)

    @property
    def note(self) -> str:
        parts = [f"{y} 年未报送" for y in self.missing]
        if self.pre2019:
            years = "、".join(str(y) for y in self.pre2019)
            parts.append(f"{years} 年为 2019 年以前的统计表：按收到申请数、申请答复数、复议、诉讼近似对应，无结转项")
        if self.approximate:
            parts.append("≈ 增减为跨格式近似")
        return "；".join(parts)


def _is_c(template: str | None, values: dict) -> bool:
    return template == T.GEN_C or any(k.startswith("c.") for k in values)


def summary_row(comp: ExportComparison, fails: dict[int, int]) -> SummaryRow:
    """One agency's line of the summary: the five headline numbers for both years, Δ, failure counts."""
    sides = []
    gens = []
    for year in (comp.year_a, comp.year_b):
        rep = comp.report(year)
        if rep is None:
            sides.append([SummaryCell(None, missing=True) for _ in METRICS])
            gens.append(None)
            continue
        values = comp.values_a if year == comp.year_a else comp.values_b
        is_c = _is_c(rep.template, values)
        gens.append(is_c)
        cells = []
        for m in METRICS:
            getter = m.get_c if is_c else m.get
            cells.append(SummaryCell(getter(values) if getter else None))
        sides.append(cells)
    deltas = []
    for ca, cb in zip(sides[0], sides[1], strict=True):
        if ca.value is None or cb.value is None:
            deltas.append(None)
        else:
            d = cb.value - ca.value
            deltas.append(round(d, 6) if isinstance(d, float) else d)
    approx = None not in gens and gens[0] != gens[1]
    return SummaryRow(agency=comp.agency, year_a=comp.year_a, year_b=comp.year_b, values_a=sides[0],
                      values_b=sides[1], deltas=deltas,
                      fails_a=fails.get(comp.year_a) if comp.report_a else None,
                      fails_b=fails.get(comp.year_b) if comp.report_b else None, approximate=approx,
                      pre2019=tuple(y for y, g in zip((comp.year_a, comp.year_b), gens, strict=True) if g))


def agencies_for(archive: Archive, year_a: int, year_b: int) -> list[tuple[str, dict[int, int]]]:
    """Agencies with a current report for either year, by name, with the number of failing checks per year."""
    grid = archive.list_grid()
    out = []
    for row in grid.rows:
        cells = {y: row.cells[y] for y in (year_a, year_b) if y in row.cells}
        if cells:
            out.append((row.agency, {y: c.n_fail for y, c in cells.items()}))
    return out


def build_all(archive: Archive, year_a: int, year_b: int) -> Iterator[tuple[ExportComparison, SummaryRow]]:
    """Every agency that has ``year_a`` or ``year_b``: its comparison and its summary line, by agency name."""
    for agency, fails in agencies_for(archive, year_a, year_b):
        comp = build_comparison(archive, agency, year_a, year_b, allow_missing=True)
        yield comp, summary_row(comp, fails)
