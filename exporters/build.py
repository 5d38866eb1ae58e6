"""What an export shows, computed once from the archive and written by the XLSX and CSV writers.

``build_comparison`` turns the core's comparison (``xxgk.workflows.comparing``) into rows whose marked
cells carry the flag and a comment listing each failing identity; ``build_all`` does that for every
agency that has either year, plus the summary rows. An agency with only one of the two years still
gets its rows (the other side blank and marked missing).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from xxgk.domain import templates as T
from xxgk.domain.compare import CONCEPTS, CompareRow
from xxgk.domain.findings import CellMark, is_cross_year
from xxgk.domain.model import CheckResult, Number, Value
from xxgk.domain.verdicts import VerdictMark
from xxgk.presentation.collation import by_agency
from xxgk.presentation.status import MISSING_MARK, STATUS_MARK, STATUS_NAME
from xxgk.presentation.verdicts import verdict_text
from xxgk.workflows.comparing import Comparison, compare
from xxgk.workflows.records import Archive, ReportRow

MISSING = MISSING_MARK


@dataclass
class Mark:
    """A marked cell in a sheet: its flag and the comment listing every check that reads it."""

    status: str  # "fail" | "warn"
    notes: list[str] = field(default_factory=list)  # one line per identity touching the cell
    verdicts: list[str] = field(default_factory=list)  # ``A4.1:review 已排除（口径不同）`` per decided identity

    @property
    def flag(self) -> str:
        return STATUS_MARK[self.status]

    @property
    def comment(self) -> str:
        return "\n".join(self.notes)


def _mark(cell: CellMark | None, verdict_of: Callable[[CheckResult], VerdictMark | None] | None = None
          ) -> Mark | None:
    if cell is None:
        return None
    verdicts = [(c, verdict_of(c) if verdict_of else None) for c in cell.checks]
    notes = list(dict.fromkeys(check_line(c, cross=is_cross_year(c), verdict=v) for c, v in verdicts))
    decided = list(dict.fromkeys(f"{c.rule_id} {verdict_text(v, who=False)}" for c, v in verdicts if v is not None))
    return Mark(cell.status, notes, decided)


def check_line(check: CheckResult, cross: bool = False, verdict: VerdictMark | None = None) -> str:
    """``! A4.1（不符）：行政复议总计等于各项之和不符：…``: the mark, the rule (its scope, an internal id, is
    in the title's words), the status, and the message (led by the title when the message lacks it); the
    reviewer's verdict after it, when there is one (``【判定：已排除（口径不同）…】``)."""
    status = STATUS_NAME.get(check.status, check.status)
    message = check.message or ""
    if check.title and not message.startswith(check.title):
        message = f"{check.title}：{message}" if message else check.title
    mark = STATUS_MARK.get(check.status, "")
    line = f"{mark} {'跨年度 ' if cross else ''}{check.rule}（{status}）：{message}".strip()
    return line + verdict_note(verdict)


def verdict_note(verdict: VerdictMark | None) -> str:
    """``【判定：已排除（口径不同） · 张三 2025-01-15 17:00】``, or nothing without a verdict."""
    return f"【判定：{verdict_text(verdict)}】" if verdict is not None else ""


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
    key_a: str | None = None  # each year's own key (they differ only for the 2019/2021 (六) mapping)
    key_b: str | None = None
    table: str = ""  # "t2" | "t3" | "t4" | "c" | "concept"

    @property
    def equal_or_zero(self) -> bool:
        """What the app's "hide equal" hides: both years equal, or both zero or blank."""
        return self.value_a == self.value_b or (not self.value_a and not self.value_b)

    @property
    def marked(self) -> bool:
        return self.mark_a is not None or self.mark_b is not None

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
    verdicts: dict[tuple[int, str, str], VerdictMark] = field(default_factory=dict)  # (slot year, rule, scope)
    values_a: dict[str, Number | None] = field(default_factory=dict)  # the reports' own value maps
    values_b: dict[str, Number | None] = field(default_factory=dict)
    cells: dict[str, CellInfo] = field(default_factory=dict)  # key -> unit, heading, place in the reports

    @property
    def missing(self) -> tuple[int, ...]:
        return tuple(y for y, r in ((self.year_a, self.report_a), (self.year_b, self.report_b)) if r is None)

    def report(self, year: int) -> ReportRow | None:
        return self.report_a if year == self.year_a else self.report_b

    def verdict(self, check: CheckResult, year: int) -> VerdictMark | None:
        """The reviewer's verdict on ``check`` of ``year`` (an identity across the years: the later year)."""
        if is_cross_year(check):
            year = max(self.year_a, self.year_b)
        return self.verdicts.get((year, check.rule, check.scope))


@dataclass(frozen=True)
class CellInfo:
    """What the reports printed about a cell besides its value (the pre-2019 统计表 needs its own order)."""

    unit: str | None
    heading: bool  # a section heading row of a 统计表
    order: float  # place in the reports' own reading order (year B's, year A's cells slotted in)


def _cell_infos(values_a: list[Value], values_b: list[Value]) -> dict[str, CellInfo]:
    order: dict[str, float] = {v.key: float(i) for i, v in enumerate(values_b)}
    last = -1.0
    for v in values_a:  # a cell only year A printed goes right after the cell printed before it
        if v.key in order:
            last = order[v.key]
        else:
            last += 1e-3
            order[v.key] = last
    out: dict[str, CellInfo] = {}
    for v in (*values_a, *values_b):
        heading = "section heading" in (v.note or "")
        out[v.key] = CellInfo(v.unit or (out[v.key].unit if v.key in out else None), heading, order[v.key])
    return out


def _is_amount(key: str, *values: Number | None) -> bool:
    ki = T.info(key.replace("*", "1"))
    if ki is not None and (ki.kind == "amount" or ki.unit == "万元"):
        return True
    return any(isinstance(v, float) and v != int(v) for v in values if v is not None)


def _non_pass(checks: list[CheckResult]) -> list[CheckResult]:
    return [c for c in checks if c.status in ("fail", "warn")]


def _export_row(r: CompareRow, comp: Comparison | None = None) -> ExportRow:
    def of(year: int) -> Callable[[CheckResult], VerdictMark | None] | None:
        return (lambda c: comp.verdict(c, year)) if comp is not None else None

    return ExportRow(key=r.key, label=r.label, value_a=r.value_a, value_b=r.value_b, delta=r.delta,
                     delta_pct=r.delta_pct, approximate=r.approximate,
                     amount=_is_amount(r.key, r.value_a, r.value_b), present_a=r.present_a,
                     present_b=r.present_b, raw_a=r.raw_a, raw_b=r.raw_b,
                     mark_a=_mark(r.mark_a, of(comp.year_a) if comp else None),
                     mark_b=_mark(r.mark_b, of(comp.year_b) if comp else None), key_a=r.key_a, key_b=r.key_b,
                     table=r.table)


def export_comparison(comp: Comparison) -> ExportComparison:
    """What the sheets show of a comparison of the core (``xxgk.workflows.comparing``)."""
    return ExportComparison(agency=comp.agency, year_a=comp.year_a, year_b=comp.year_b, report_a=comp.report_a,
                            report_b=comp.report_b, rows=[_export_row(r, comp) for r in comp.rows],
                            cross_year=comp.cross_year, checks_a=_non_pass(comp.checks_a),
                            checks_b=_non_pass(comp.checks_b), repeated_share=comp.repeated_share,
                            verdicts=comp.verdicts,
                            values_a=comp.value_map(comp.year_a), values_b=comp.value_map(comp.year_b),
                            cells=_cell_infos(comp.values_a, comp.values_b))


def build_comparison(archive: Archive, agency: str, year_a: int, year_b: int,
                     allow_missing: bool = False) -> ExportComparison:
    """The comparison of ``agency`` between ``year_a`` and ``year_b``.

    Both years must have a report unless ``allow_missing`` (then at least one must); ``NotFound``
    otherwise.
    """
    return export_comparison(compare(archive, agency, year_a, year_b, allow_missing=allow_missing))


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


def is_c(template: str | None, values: dict) -> bool:
    return template == T.GEN_C or any(k.startswith("c.") for k in values)


def summary_row(comp: ExportComparison, fails: dict[int, int]) -> SummaryRow:
    """One agency's line of the summary: the five headline numbers for both years, Δ, failure counts."""
    sides = []
    gens: list[bool | None] = []
    for year in (comp.year_a, comp.year_b):
        rep = comp.report(year)
        if rep is None:
            sides.append([SummaryCell(None, missing=True) for _ in METRICS])
            gens.append(None)
            continue
        values = comp.values_a if year == comp.year_a else comp.values_b
        c_form = is_c(rep.template, values)
        gens.append(c_form)
        cells = []
        for m in METRICS:
            getter = m.get_c if c_form else m.get
            cells.append(SummaryCell(getter(values) if getter else None))
        sides.append(cells)
    deltas: list[Number | None] = []
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
    """Agencies with a current report for either year, in pinyin order (as the app's overview and ``xxgk list``
    list them), with the number of failing checks per year."""
    grid = archive.list_grid()
    out = []
    for row in grid.rows:
        cells = {y: row.cells[y] for y in (year_a, year_b) if y in row.cells}
        if cells:
            out.append((row.agency, {y: c.n_fail for y, c in cells.items()}))
    return by_agency(out, lambda item: item[0])


def build_all(archive: Archive, year_a: int, year_b: int) -> Iterator[tuple[ExportComparison, SummaryRow]]:
    """Every agency that has ``year_a`` or ``year_b``: its comparison and its summary line, in pinyin order."""
    for agency, fails in agencies_for(archive, year_a, year_b):
        comp = build_comparison(archive, agency, year_a, year_b, allow_missing=True)
        yield comp, summary_row(comp, fails)
