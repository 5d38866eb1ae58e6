"""The region's summary (汇总) as a workbook to send upward: the sums laid out as the official form, like a
report (``exporters.form``, written by the comparison's ``FormWriter``: this year beside last year's sums
of the same agencies, with the change), the reports included, missing and incomplete, the region's
indicators and each indicator's ranked list, and the hidden ``数据`` sheet (every key with its counts).

A sum that is not whole — some report printed the cell blank or does not print it — is never written as
a plain number: it carries ``?`` before it (``?95``), a light cyan fill and a comment naming the reports.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from openpyxl.styles import PatternFill

from xxgk.domain import templates as T
from xxgk.domain.compare import delta_of
from xxgk.domain.indicators import INDICATORS
from xxgk.domain.summary import KeySum
from xxgk.exporters.build import ExportComparison, ExportRow, Mark, _is_amount
from xxgk.exporters.files import check_target, not_found
from xxgk.exporters.form import form_layout
from xxgk.exporters.xlsx_compare import FORM_WIDTHS, LAST_COL, FormWriter, footer_line
from xxgk.exporters.xlsx_sheet import (
    CELL,
    GRID,
    HEAD,
    NOTE,
    PLAIN,
    SECTION,
    SUBTITLE,
    TEXT,
    TEXT_CELL,
    TEXT_FAIL,
    TITLE,
    Book,
    Look,
    Sheet,
    cjk_font,
    lines_needed,
    number_format,
    row_height,
    saved_book,
)
from xxgk.presentation.filenames import safe_filename
from xxgk.presentation.indicators import LEGEND, fraction_text, reading_note, reading_text
from xxgk.presentation.numbers import number_text
from xxgk.presentation.status import STATUS_MARK
from xxgk.workflows.records import Archive, ReportRow
from xxgk.workflows.summary import RegionSummary, region_summary

INCOMPLETE_FILL = PatternFill("solid", fgColor="D9F2F2")
CELL_INCOMPLETE = Look(font=cjk_font(color="1F5F5F"), fill=INCOMPLETE_FILL, border=GRID,
                       align=CELL.align)
SUM_LEGEND = ("说明：?95 = 合计不完整（有报告该项空白或没有该项，浅青底，批注写明是哪些报告；不是全区总数）；"
              "空白 = 没有任何报告填写；灰底 = 所有报告都没有该项；增减只在两年合计都完整时计算。"
              "上一年度只计今年有报告的机关（有机关上一年未报送时，上一年的合计标 ?）。")
LIST_WIDTHS = (6, 40, 12, 14, 12, 12, 30)
DATA_WIDTHS = (24, 44, 14, 8, 8, 8, 8, 40)


def default_summary_name(year: int, label: str = "全部机关") -> str:
    """``全部机关_2024_汇总.xlsx``."""
    return safe_filename(f"{label}_{int(year)}_汇总.xlsx")


@dataclass
class _Form:
    """What the form layout reads of a "report": the sums are laid out in one form generation."""

    template: str | None
    table_templates: dict[str, str] = field(default_factory=dict)


def _mark(s: KeySum | None) -> Mark | None:
    if s is None or s.complete:
        return None
    return Mark("incomplete", [f"{STATUS_MARK['incomplete']} 合计不完整：{s.note()}" if s.note()
                               else f"{STATUS_MARK['incomplete']} 合计不完整"])


def summary_comparison(s: RegionSummary) -> ExportComparison:
    """The summary as the comparison the form layout and ``FormWriter`` print: last year's sums as year A
    (None when no agency of the set reported then), this year's as year B."""
    prev = s.previous_sums
    keys = list(s.sums) + [k for k in (prev or {}) if k not in s.sums]
    rows: list[ExportRow] = []
    for key in sorted(keys, key=T.order_of):
        b = s.sums.get(key)
        a = prev.get(key) if prev else None
        va, vb = (a.total if a else None), (b.total if b else None)
        whole = a is not None and b is not None and a.complete and b.complete
        delta, pct = delta_of(va, vb) if whole else (None, None)
        rows.append(ExportRow(key=key, label=T.label_for(key), value_a=va, value_b=vb, delta=delta, delta_pct=pct,
                              approximate=False, amount=_is_amount(key, va, vb),
                              present_a=a is not None and (a.n_values > 0 or bool(a.blank_in)),
                              present_b=b is not None and (b.n_values > 0 or bool(b.blank_in)),
                              mark_a=_mark(a), mark_b=_mark(b), key_a=key if a else None, key_b=key if b else None,
                              table=T.table_of(key)))
    form_b = cast(ReportRow, _Form(s.template))
    form_a = cast(ReportRow, _Form(s.previous_template)) if prev is not None else None
    return ExportComparison(agency=s.scope.label, year_a=s.year - 1, year_b=s.year, report_a=form_a, report_b=form_b,
                            rows=rows, cross_year=[], checks_a=[], checks_b=[],
                            values_a={k: v.total for k, v in (prev or {}).items()},
                            values_b={k: v.total for k, v in s.sums.items()})


class SummaryFormWriter(FormWriter):
    """The comparison's form writer with the summary's own head, incomplete sums and indicators."""

    def __init__(self, sheet: Sheet, summary: RegionSummary) -> None:
        super().__init__(sheet, summary_comparison(summary))
        self.summary = summary

    def write(self) -> None:
        s, sh = self.summary, self.sh
        self.line(s.scope.label, TITLE, 14)
        against = f"（与 {s.year - 1} 年同一批机关对比）" if s.previous_sums is not None else ""
        self.line(f"{s.year} 年政府信息公开工作年度报告汇总{against}", SUBTITLE, 12)
        self.line(f"{s.counts_text()}；按 {T.GEN_NAMES.get(s.template or '', '')}汇总", TEXT)
        if s.missing:
            self.line("未报送：" + "、".join(ln.agency for ln in s.missing), TEXT)
        if s.incomplete:
            self.line("有空白或缺项：" + "、".join(f"{ln.agency}（空白 {ln.n_blank} 格、未印出 {ln.n_absent} 格）"
                                             for ln in s.incomplete), TEXT)
        self.line(SUM_LEGEND, NOTE, 9)
        for block in form_layout(self.comp).blocks:
            self.block(block)
        self.indicators()
        setup = sh.setup
        setup.header_left = s.scope.label
        setup.header_center = f"{s.year} 年年度报告汇总"
        setup.footer_left = footer_line()

    def value(self, r: ExportRow | None, side: str):
        mark = None if r is None else (r.mark_a if side == "a" else r.mark_b)
        present = r is not None and (r.present_a if side == "a" else r.present_b)
        if r is None or mark is None or mark.status != "incomplete" or not present:
            return super().value(r, side)
        value = r.value_a if side == "a" else r.value_b
        flag = STATUS_MARK["incomplete"]
        if value is None:
            return self.sh.text(flag, CELL_INCOMPLETE, comment=mark.comment, own=True)
        return self.sh.number(value, CELL_INCOMPLETE, number_format(value, flag), comment=mark.comment)

    def indicators(self) -> None:
        s, sh = self.summary, self.sh
        heads = ("指标", "数值", "计算", "说明")
        spans = ((1, 1), (2, 3), (4, 5), (6, LAST_COL))
        if self.fits(row_height(1, 12) * 3):
            self.row([], row_height(1))
        else:
            self.new_page()
        n = self.row([sh.text("全区指标（按合计计算，不是各机关比率的平均）", SECTION)], row_height(1, 12))
        sh.merge(n, 1, n, LAST_COL)

        def put(texts: Sequence[str], look: Look) -> None:
            cells: list = [sh.empty(look) for _ in range(LAST_COL)]
            for text, (c1, _c2) in zip(texts, spans, strict=True):
                cells[c1 - 1] = sh.text(text, look, own=look is HEAD)
            width = sh.span_width(6, LAST_COL)
            n = self.row(cells, row_height(max(lines_needed(texts[0], FORM_WIDTHS[0]),
                                               lines_needed(texts[3], width))))
            for c1, c2 in spans:
                sh.merge(n, c1, n, c2)

        put(heads, HEAD)
        for r in s.readings:
            put((r.indicator.name, reading_text(r), fraction_text(r), reading_note(r, s.settings)),
                TEXT_FAIL if r.flagged else TEXT_CELL)
        self.line(LEGEND, NOTE, 9)


def _line(sh: Sheet, texts: Sequence[object], look: Look = TEXT_CELL) -> None:
    cells = []
    for t in texts:
        if isinstance(t, int | float) and not isinstance(t, bool):
            cells.append(sh.number(t, CELL))
        else:
            cells.append(sh.text(str(t) if t is not None else None, look, own=look is HEAD))
    height = max((lines_needed(str(t), w) for t, w in zip(texts, sh.widths, strict=False) if t is not None), default=1)
    sh.add(cells, row_height(height))


def write_reports_sheet(sh: Sheet, s: RegionSummary) -> None:
    sh.add([sh.text(f"{s.year} 年汇总的报告：{s.counts_text()}", TITLE)], row_height(1, 14))
    sh.merge(1, 1, 1, len(LIST_WIDTHS))
    _line(sh, ("序号", "机关", "状态", "报告", "空白格", "未印出格", "来源文件"), HEAD)
    for i, ln in enumerate(s.lines, start=1):
        state = "未报送" if ln.missing else "有空白或缺项" if ln.incomplete else "纳入"
        rep = ln.report
        _line(sh, (i, ln.agency, state, f"#{rep.id}" if rep else "", ln.n_blank if rep else None,
                   ln.n_absent if rep else None, rep.source_name if rep else ""))
    sh.setup.title_rows = (2, 2)
    sh.setup.header_left = s.scope.label
    sh.setup.header_center = f"{s.year} 年汇总的报告"
    sh.setup.footer_left = footer_line()
    sh.setup.orientation = "portrait"


def write_ranking_sheet(sh: Sheet, s: RegionSummary) -> None:
    sh.add([sh.text(f"{s.year} 年指标排名（{s.scope.label}；最差的在前；案件数不足 {s.settings.min_cases} 的只列不评）",
                    TITLE)], row_height(2, 14))
    sh.merge(1, 1, 1, len(LIST_WIDTHS))
    sh.add([sh.text(LEGEND, NOTE)], row_height(lines_needed(LEGEND, sh.span_width(1, len(LIST_WIDTHS)), 9), 9))
    sh.merge(2, 1, 2, len(LIST_WIDTHS))
    for ind in INDICATORS:
        ranked = s.ranking(ind.id)
        sh.blank()
        n = sh.add([sh.text(f"{ind.name}：{ind.definition()}", SECTION),
                    *(sh.empty(SECTION) for _ in range(len(LIST_WIDTHS) - 1))],
                   row_height(lines_needed(ind.definition(), sh.span_width(1, len(LIST_WIDTHS))) + 1))
        sh.merge(n, 1, n, len(LIST_WIDTHS))
        _line(sh, ("名次", "机关", "数值", "计算", "阈值", "状态", "说明"), HEAD)
        for i, (agency, r) in enumerate(ranked, start=1):
            place = i if r.state == "rated" else ""
            state = "标记" if r.flagged else {"rated": "已评", "few": "只列不评", "none": "无案件",
                                            "incomplete": "无法计算", "absent": "无此项"}[r.state]
            threshold = "" if r.threshold is None else (f"{r.threshold * 100:.1f}%" if ind.kind != "count"
                                                        else number_text(r.threshold))
            _line(sh, (place, agency, reading_text(r), fraction_text(r), threshold, state,
                       reading_note(r, s.settings)), TEXT_FAIL if r.flagged else TEXT_CELL)
    sh.setup.header_left = s.scope.label
    sh.setup.header_center = f"{s.year} 年指标排名"
    sh.setup.footer_left = footer_line()
    sh.setup.orientation = "portrait"


def write_data_sheet(sh: Sheet, s: RegionSummary) -> None:
    _line(sh, ("代码", "项目", "合计", "完整", "有数", "空白", "无此项", "说明"), HEAD)
    for k in s.sums.values():
        sh.add([sh.text(k.key, PLAIN), sh.text(T.label_for(k.key), PLAIN), sh.number(k.total, PLAIN),
                sh.text("是" if k.complete else "否", PLAIN, own=True), sh.number(k.n_values, PLAIN),
                sh.number(len(k.blank_in), PLAIN), sh.number(len(k.absent_in), PLAIN),
                sh.text(k.note() or None, PLAIN)])
    sh.setup.hidden = True
    sh.setup.freeze = "A2"
    sh.setup.autofilter = (1, 1, sh.last_row, len(DATA_WIDTHS))


def write_summary_book(book: Book, s: RegionSummary) -> None:
    form = book.sheet("汇总表", FORM_WIDTHS)
    SummaryFormWriter(form, s).write()
    form.finish()
    reports = book.sheet("报告清单", LIST_WIDTHS)
    write_reports_sheet(reports, s)
    reports.finish()
    ranking = book.sheet("指标排名", LIST_WIDTHS)
    write_ranking_sheet(ranking, s)
    ranking.finish()
    data = book.sheet("数据", DATA_WIDTHS)
    write_data_sheet(data, s)
    data.finish()


def export_summary_xlsx(archive: Archive, year: int, path: str | Path, *, agencies: Sequence[str] = (),
                        parent: str | None = None, force: bool = False) -> Path:
    """Write the summary of ``year`` over the chosen agencies (``workflows.summary.region_summary``) to
    ``path``. Raises ``ExportExists``, ``ExportNotFound`` (no report that year, an unknown agency) or
    ``ExportError``."""
    check_target(path, force)
    with not_found():
        s = region_summary(archive, year, agencies=agencies, parent=parent)
    with saved_book(f"{s.scope.label} {year} 年汇总", path, force) as book:
        write_summary_book(book, s)
    return Path(path)

