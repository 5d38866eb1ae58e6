"""Comparison workbooks (XLSX) for one agency or for every agency, written with openpyxl in
write-only (streaming) mode.

Safety: every string goes into a cell as a string (``data_type = "s"``), never as a formula, whatever it
starts with; characters XML cannot hold are dropped. Blanks stay empty cells.
"""
from __future__ import annotations

from collections.abc import Iterable
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from xxgk.domain.templates import GEN_NAMES
from xxgk.exporters.build import (
    METRICS,
    MISSING,
    ExportComparison,
    SummaryRow,
    build_all,
    build_comparison,
    check_line,
)
from xxgk.exporters.files import atomic_target, check_target
from xxgk.presentation.spreadsheet import SheetNamer, cell_text
from xxgk.presentation.status import STATUS_NAME
from xxgk.presentation.text import display_width
from xxgk.workflows.records import Archive

FMT_INT = "#,##0"
FMT_AMOUNT = "#,##0.00"
FMT_PCT = "0.0%"
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")
WARN_FILL = PatternFill("solid", fgColor="FFEB9C")
MISSING_FILL = PatternFill("solid", fgColor="D9D9D9")
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
FLAG_FONT = Font(bold=True, color="C00000")
ITALIC = Font(italic=True)
LINK = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_ALIGN = Alignment(wrap_text=True, horizontal="center", vertical="center")
CENTER = Alignment(horizontal="center")
_THIN = Side(style="thin", color="808080")
HEAD_BORDER = Border(bottom=_THIN)
FILLS = {"fail": FAIL_FILL, "warn": WARN_FILL}
AUTHOR = "xxgk"
SUMMARY_TITLE = "汇总"

# Comparison sheet columns.
COLUMNS = ("项目", "{a}年", "标记", "{b}年", "标记", "增减", "增减%", "近似", "备注", "代码")
COL_LABEL, COL_A, COL_FLAG_A, COL_B, COL_FLAG_B, COL_DELTA, COL_PCT, COL_APPROX, COL_NOTE, COL_KEY = range(1, 11)
_MIN_WIDTH = {COL_LABEL: 24, COL_A: 10, COL_FLAG_A: 5, COL_B: 10, COL_FLAG_B: 5, COL_DELTA: 10, COL_PCT: 8,
              COL_APPROX: 5, COL_NOTE: 10, COL_KEY: 12}
_MAX_WIDTH = {COL_LABEL: 64, COL_NOTE: 40, COL_KEY: 28}


class _Sheet:
    """Rows of cells collected first (column widths need the content), then streamed to a worksheet."""

    def __init__(self, wb: Workbook, title: str) -> None:
        self.ws = wb.create_sheet(title)
        # every value appended is already a cell (or None): skip openpyxl's per-value conversion attempt,
        # which costs an exception per styled cell
        self.ws._values_to_row = _cells_to_row
        self.title = title
        self.rows: list[list] = []
        self.widths: dict[int, int] = {}
        self._styles = _style_cache(wb)

    def cell(self, value, *, fmt: str | None = None, font: Font | None = None, fill: PatternFill | None = None,
             comment: str | None = None, align: Alignment | None = None, link: str | None = None,
             border: Border | None = None):
        if value is None and not (fill or comment or border):
            return None
        if isinstance(value, str):
            value = cell_text(value)
        c = Cell(self.ws, row=1, column=1, value=value, style_array=copy(self._style(fmt, font, fill, align, border)))
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text starts with
        if comment:
            lines = comment.count("\n") + 1 + len(comment) // 40
            c.comment = Comment(cell_text(comment), AUTHOR, height=min(400, 24 + 16 * lines), width=360)
        if link:
            c.hyperlink = Hyperlink(ref="", location=link, display=str(value))
        return c

    def _style(self, fmt, font, fill, align, border) -> StyleArray:
        """The workbook's style array for a combination (registering a style once, not once per cell).

        Keyed by identity: the style objects are this module's constants (hashing them is slow)."""
        cache = self._styles
        key = (fmt, id(font), id(fill), id(align), id(border))
        found = cache.get(key)
        if found is None:
            probe = WriteOnlyCell(self.ws)
            if fmt:
                probe.number_format = fmt
            if font:
                probe.font = font
            if fill:
                probe.fill = fill
            if align:
                probe.alignment = align
            if border:
                probe.border = border
            # openpyxl's private style array (the typeshed stubs leave it out); the objects are kept alive
            # with it so that their ids stay unique
            cache[key] = (probe._style, (font, fill, align, border))  # type: ignore[attr-defined]
            return probe._style  # type: ignore[attr-defined]
        return found[0]

    def add(self, cells: list, measure: bool = True, texts: Iterable[str | None] | None = None) -> int:
        """Append a row; ``measure`` lets its content widen the columns. Returns the row number."""
        self.rows.append(cells)
        if measure:
            for i, c in enumerate(cells if texts is None else texts, start=1):
                text = c if isinstance(c, str) or c is None else _shown(c.value, c.number_format)
                if text:
                    self.widths[i] = max(self.widths.get(i, 0), display_width(text))
        return len(self.rows)

    def blank(self) -> int:
        return self.add([], measure=False)

    def finish(self, min_width: dict[int, int], max_width: dict[int, int], *, freeze: str | None,
               title_rows: str | None) -> None:
        ws = self.ws
        ncols = max([len(r) for r in self.rows] + [len(min_width)])
        for i in range(1, ncols + 1):
            want = self.widths.get(i, 0) + 2
            width = max(min_width.get(i, 6), min(want, max_width.get(i, 24)))
            ws.column_dimensions[get_column_letter(i)].width = width
        if freeze:
            ws.freeze_panes = freeze
        if title_rows:
            ws.print_title_rows = title_rows
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.oddFooter.center.text = "&P / &N"
        for row in self.rows:
            ws.append(row)


def _cells_to_row(cells, row_idx: int):
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        if cell.hyperlink is not None:
            cell.hyperlink.ref = cell.coordinate
        yield cell


def sheet_ref(title: str, cell: str = "A1") -> str:
    """An in-workbook reference to ``cell`` of sheet ``title`` (quotes doubled)."""
    return "'" + title.replace("'", "''") + f"'!{cell}"


def _style_cache(wb: Workbook) -> dict:
    cache = getattr(wb, "_xxgk_styles", None)
    if cache is None:
        cache = {}
        wb._xxgk_styles = cache  # type: ignore[attr-defined]  # our own cache, carried by the workbook
    return cache


def _shown(value, fmt: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if fmt == FMT_PCT:
        return f"{value * 100:,.1f}%"
    if fmt == FMT_AMOUNT:
        return f"{value:,.2f}"
    if isinstance(value, float) and value != int(value):
        return f"{value:,}"
    return f"{int(value):,}"


def _num_fmt(amount: bool) -> str:
    return FMT_AMOUNT if amount else FMT_INT


def _report_line(comp: ExportComparison, year: int) -> str:
    rep = comp.report(year)
    if rep is None:
        return f"{year} 年：{MISSING}（未报送，档案中没有该年度报告）"
    when = rep.imported_at.replace("T", " ").replace("+00:00", " UTC")
    gen = GEN_NAMES.get(rep.template or "", rep.template or "格式未识别")
    version = f"，第 {rep.version} 版" if rep.version > 1 else ""
    return f"{year} 年：{rep.source_name}（导入于 {when}{version}；模板：{gen}）"


def _checks_line(comp: ExportComparison) -> str:
    parts = []
    for year, checks in ((comp.year_a, comp.checks_a), (comp.year_b, comp.checks_b)):
        if comp.report(year) is None:
            continue
        n_fail = sum(c.status == "fail" for c in checks)
        n_warn = sum(c.status == "warn" for c in checks)
        parts.append(f"{year} 年 {n_fail} 项不符、{n_warn} 项提示")
    if comp.cross_year:
        n = sum(c.status == "fail" for c in comp.cross_year)
        parts.append(f"跨年度 {n} 项不符（共 {len(comp.cross_year)} 项）")
    if comp.repeated_share is not None:
        parts.append(f"{comp.year_b} 年正文与 {comp.year_a} 年重复 {comp.repeated_share:.0%}")
    return "勾稽关系：" + "；".join(parts)


LEGEND = ("标记：! = 勾稽关系不符（红底，批注写明规则与数值）；? = 提示（黄底）；≈ = 跨格式近似对比，不做勾稽；"
          "空白 = 报告未填（不是 0）；缺 = 该年度未报送")


def write_comparison_sheet(wb: Workbook, title: str, comp: ExportComparison) -> _Sheet:
    """One comparison on one sheet: header block, every item in official order, then the identities."""
    sh = _Sheet(wb, title)
    ya, yb = comp.year_a, comp.year_b
    sh.add([sh.cell(f"{comp.agency}　{ya} 年 与 {yb} 年 政府信息公开工作年度报告对比", font=TITLE)], measure=False)
    sh.add([sh.cell(_report_line(comp, ya))], measure=False)
    sh.add([sh.cell(_report_line(comp, yb))], measure=False)
    sh.add([sh.cell(_checks_line(comp))], measure=False)
    sh.add([sh.cell(LEGEND, font=ITALIC)], measure=False)
    heads = [h.format(a=ya, b=yb) for h in COLUMNS]
    head_row = sh.add([sh.cell(h, font=BOLD, fill=HEAD_FILL, align=HEAD_ALIGN, border=HEAD_BORDER) for h in heads])
    missing = comp.missing
    for r in comp.rows:
        fmt = _num_fmt(r.amount)
        cells = [sh.cell(r.label)]
        for year, value, mark in ((ya, r.value_a, r.mark_a), (yb, r.value_b, r.mark_b)):
            if year in missing:
                cells += [sh.cell(None, fill=MISSING_FILL), sh.cell(MISSING, font=BOLD, fill=MISSING_FILL,
                                                                     align=CENTER)]
            elif mark is not None:
                fill = FILLS[mark.status]
                cells += [sh.cell(value, fmt=fmt, fill=fill, comment=mark.comment),
                          sh.cell(mark.flag, font=FLAG_FONT, fill=fill, align=CENTER)]
            else:
                cells += [sh.cell(value, fmt=fmt), None]
        cells += [sh.cell(r.delta, fmt=fmt),
                  sh.cell(None if r.delta_pct is None else r.delta_pct / 100, fmt=FMT_PCT),
                  sh.cell("≈", font=BOLD, align=CENTER) if r.approximate else None,
                  sh.cell(r.note(ya, yb, missing) or None),
                  sh.cell(r.key)]
        sh.add(cells)
    first_data = head_row + 1
    _write_check_sections(sh, comp)
    sh.finish(_MIN_WIDTH, _MAX_WIDTH, freeze=f"B{first_data}", title_rows=f"{head_row}:{head_row}")
    return sh


def _check_rows(sh: _Sheet, heading: str, checks, empty: str) -> None:
    sh.blank()
    sh.add([sh.cell(heading, font=BOLD, fill=SECTION_FILL)], measure=False)
    sh.add([sh.cell(h, font=BOLD, fill=HEAD_FILL, border=HEAD_BORDER) for h in ("说明", "状态", "标记", "规则")],
           measure=False)
    if not checks:
        sh.add([sh.cell(empty, font=ITALIC)], measure=False)
    for c in checks:
        fill = FILLS.get(c.status)
        flag = {"fail": "!", "warn": "?"}.get(c.status)
        sh.add([sh.cell(check_line(c), align=WRAP, fill=fill),
                sh.cell(STATUS_NAME.get(c.status, c.status), fill=fill),
                sh.cell(flag, font=FLAG_FONT, fill=fill, align=CENTER),
                sh.cell(c.rule_id)], measure=False)


def _write_check_sections(sh: _Sheet, comp: ExportComparison) -> None:
    ya, yb = comp.year_a, comp.year_b
    if abs(yb - ya) == 1 and not comp.missing:
        _check_rows(sh, f"跨年度勾稽关系（{min(ya, yb)} → {max(ya, yb)}）", comp.cross_year,
                    "（两个年度的表格之间没有可核对的跨年度勾稽关系）")
    else:
        sh.blank()
        sh.add([sh.cell("跨年度勾稽关系：仅在相邻两个年度都已报送时核对", font=ITALIC)], measure=False)
    for year, checks in ((ya, comp.checks_a), (yb, comp.checks_b)):
        if comp.report(year) is not None:
            _check_rows(sh, f"{year} 年报告自身的勾稽关系（不符 / 提示）", checks, "（全部相符或无法核对）")


def _new_workbook(title: str) -> Workbook:
    wb = Workbook(write_only=True)
    wb.properties.creator = AUTHOR
    wb.properties.title = cell_text(title)
    return wb


def export_comparison_xlsx(archive: Archive, agency: str, year_a: int, year_b: int, path: str | Path,
                           force: bool = False) -> Path:
    """Write the comparison of ``agency`` between two years to ``path`` (.xlsx).

    Raises ``exporters.ExportExists`` if ``path`` exists and not ``force``, ``store.NotFound`` if the
    agency or a year's report is not in the archive, ``exporters.ExportError`` if the file cannot be
    written. Returns the path written.
    """
    check_target(path, force)  # refuse early, before any work
    comp = build_comparison(archive, agency, year_a, year_b)
    wb = _new_workbook(f"{comp.agency} {year_a}–{year_b} 对比")
    try:
        write_comparison_sheet(wb, SheetNamer().take(comp.agency, "对比"), comp)
        _save(wb, path, force)
    except BaseException:
        _discard(wb)
        raise
    return Path(path)


def _save(wb: Workbook, path: str | Path, force: bool) -> None:
    with atomic_target(path, force) as tmp:
        wb.save(tmp)


def _discard(wb: Workbook) -> None:
    """Close the streaming sheets of a workbook that will not be saved (no stray generator errors)."""
    for ws in wb.worksheets:
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # best effort on an error path
            pass


def _summary_heads(ya: int, yb: int) -> list[str]:
    heads = ["机关"]
    for m in METRICS:
        heads += [f"{m.name}\n{ya}", f"{m.name}\n{yb}", f"{m.name}\n增减"]
    heads += [f"不符项\n{ya}", f"不符项\n{yb}", "备注"]
    return heads


def write_summary_sheet(sh: _Sheet, ya: int, yb: int, rows: list[SummaryRow]) -> None:
    n_missing = sum(bool(r.missing) for r in rows)
    sh.add([sh.cell(f"{ya} 年与 {yb} 年 政府信息公开工作年度报告对比汇总（{len(rows)} 个机关，"
                    f"{n_missing} 个机关有年度未报送）", font=TITLE)], measure=False)
    sh.add([sh.cell("本年新收 = 表三 一、本年新收 总计；办理总计 = (七)总计；结转下年 = 四、结转下年度继续办理 总计；"
                    "行政复议 = 表四 复议总计；行政诉讼 = 直接起诉 + 复议后起诉 总计；2019 年以前的统计表按概念近似对应（见备注）。"
                    "缺 = 未报送；空白 = 报告未填。点击机关名称打开该机关的对比表。", font=ITALIC)], measure=False)
    heads = _summary_heads(ya, yb)
    head_row = sh.add([sh.cell(h, font=BOLD, fill=HEAD_FILL, align=HEAD_ALIGN, border=HEAD_BORDER) for h in heads],
                      texts=[h.split("\n")[0] for h in heads])
    for r in rows:
        cells = [sh.cell(r.agency, font=LINK, link=sheet_ref(r.sheet)) if r.sheet else sh.cell(r.agency)]
        for i in range(len(METRICS)):
            for side in (r.values_a[i], r.values_b[i]):
                if side.missing:
                    cells.append(sh.cell(MISSING, font=BOLD, fill=MISSING_FILL, align=CENTER))
                else:
                    cells.append(sh.cell(side.value, fmt=FMT_INT if not isinstance(side.value, float) else FMT_AMOUNT))
            cells.append(sh.cell(r.deltas[i], fmt=FMT_INT))
        for fails in (r.fails_a, r.fails_b):
            if fails is None:
                cells.append(sh.cell(MISSING, font=BOLD, fill=MISSING_FILL, align=CENTER))
            elif fails:
                cells.append(sh.cell(fails, fmt=FMT_INT, font=FLAG_FONT, fill=FAIL_FILL))
            else:
                cells.append(sh.cell(0, fmt=FMT_INT))
        cells.append(sh.cell(r.note or None))
        sh.add(cells)
    n = len(heads)
    sh.finish({1: 20, **{i: 8 for i in range(2, n)}, n: 12}, {1: 50, n: 50}, freeze=f"B{head_row + 1}",
              title_rows=f"{head_row}:{head_row}")


def export_all_xlsx(archive: Archive, year_a: int, year_b: int, path: str | Path, force: bool = False) -> Path:
    """Write a summary sheet plus one comparison sheet per agency that has either year to ``path``.

    Raises ``exporters.ExportExists``, ``store.NotFound`` (no agency has either year) or
    ``exporters.ExportError``. Returns the path written.
    """
    from xxgk.workflows.records import NotFound

    check_target(path, force)
    wb = _new_workbook(f"{year_a}–{year_b} 年度对比汇总")
    try:
        namer = SheetNamer(reserved=(SUMMARY_TITLE,))
        summary = _Sheet(wb, SUMMARY_TITLE)
        rows: list[SummaryRow] = []
        for comp, srow in build_all(archive, year_a, year_b):
            srow.sheet = namer.take(comp.agency, "机关")
            write_comparison_sheet(wb, srow.sheet, comp)
            rows.append(srow)
        if not rows:
            raise NotFound(f"no agency has a report for {year_a} or {year_b} in the archive")
        write_summary_sheet(summary, year_a, year_b, rows)
        _save(wb, path, force)
    except BaseException:
        _discard(wb)
        raise
    return Path(path)
