"""Comparison workbooks (XLSX) to send upward: one agency, or every agency with a summary (汇总).

An agency's sheet prints as the official forms (``exporters.form``): 表二's blocks, 表三's rows × seven
applicant columns and 表四's groups × five columns, each item as three lines (year A, year B, 增减); the
pre-2019 统计表 as 指标 | 单位 | year A | year B | 增减 | 增减%. Then the identities: across the two years
(every status) and each year's own failures and warnings. Cells a failing identity reads are filled,
carry the mark before the number (``!5`` STRICT, ``~5`` SOFT: it survives black-and-white printing) and a
comment naming each check. The sheet fits the width of A4 landscape at 100 %; page breaks fall between
items, and a table cut by a break repeats its column heads on the next page.

No internal key is printed: the machine-readable rows (with 代码) are on the hidden sheet ``数据``,
the same columns as the CSV export. Import times are the office's local time (``presentation.times``).
"""
from __future__ import annotations

from pathlib import Path

from xxgk.domain.templates import GEN_NAMES
from xxgk.exporters.build import (
    METRICS,
    MISSING,
    ExportComparison,
    ExportRow,
    Mark,
    SummaryRow,
    build_all,
    build_comparison,
    verdict_note,
)
from xxgk.exporters.files import ExportNotFound, check_target, not_found
from xxgk.exporters.form import GRID, LABEL_COL, Block, Head, Item, form_layout
from xxgk.exporters.trends import TREND_TITLE, add_trend_sheet
from xxgk.exporters.xlsx_sheet import (
    CELL,
    CELL_ABSENT,
    CELL_DELTA,
    CELL_MISSING,
    HEAD,
    LABEL_BOLD,
    LABELS,
    LINK_NUMBER,
    MARK_LOOK,
    NOTE,
    PERCENT_FORMAT,
    PLAIN,
    SECTION,
    SIDE,
    SIDE_DELTA,
    SUBTITLE,
    TEXT,
    TEXT_CELL,
    TEXT_FAIL,
    TEXT_WARN,
    TITLE,
    Book,
    Sheet,
    lines_needed,
    number_format,
    page_capacity,
    row_height,
    saved_book,
    sheet_ref,
    signed_format,
)
from xxgk.presentation.numbers import blank_text
from xxgk.presentation.spreadsheet import SheetNamer
from xxgk.presentation.status import STATUS_MARK, check_status_text
from xxgk.presentation.times import local_time_text, now_text, zone_label
from xxgk.workflows.records import Archive, NotFound

SUMMARY_TITLE = "汇总"
DATA_TITLE = "数据"
FORM_WIDTHS = (46, 8, *(9,) * 7)
LAST_COL = len(FORM_WIDTHS)

LEGEND = ("说明：!5 = 勾稽关系不符（STRICT，红底，批注写明规则与数值）；~5 = 提示（SOFT，黄底）；? = 无法核对（有空白）；"
          "≈ = 跨格式近似对比；空白 = 报告未填（不是 0）；- = 报告印有“—”；灰底 = 该年度报告无此项；缺 = 该年度未报送。")


def footer_line() -> str:
    return f"xxgk 导出于 {now_text()}（{zone_label()}）"


def years_title(comp: ExportComparison) -> str:
    ya, yb = (f"{y} 年" + ("（缺）" if y in comp.missing else "") for y in (comp.year_a, comp.year_b))
    return f"政府信息公开工作年度报告　{ya}与 {yb}对比"


def report_line(comp: ExportComparison, year: int) -> str:
    rep = comp.report(year)
    if rep is None:
        return f"{year} 年：{MISSING}（未报送，档案中没有该年度报告）"
    gen = GEN_NAMES.get(rep.template or "", rep.template or "格式未识别")
    version = f"，第 {rep.version} 版" if rep.version > 1 else ""
    when = local_time_text(rep.imported_at)
    return f"{year} 年：{rep.source_name}（导入于 {when} {zone_label()}{version}；{gen}）"


def checks_line(comp: ExportComparison) -> str:
    parts = []
    for year, checks in ((comp.year_a, comp.checks_a), (comp.year_b, comp.checks_b)):
        if comp.report(year) is None:
            continue
        n_fail = sum(c.status == "fail" for c in checks)
        n_warn = sum(c.status == "warn" for c in checks)
        excluded = sum(1 for c in checks if (v := comp.verdict(c, year)) is not None and v.excluded)
        parts.append(f"{year} 年 {n_fail} 项不符、{n_warn} 项提示" + (f"（其中已排除 {excluded} 项）" if excluded else ""))
    if comp.cross_year:
        n = sum(c.status == "fail" for c in comp.cross_year)
        parts.append(f"跨年度 {n} 项不符（共 {len(comp.cross_year)} 项）")
    if comp.repeated_share is not None:
        parts.append(f"{comp.year_b} 年正文与 {comp.year_a} 年重复 {comp.repeated_share * 100:.0f}%")
    return "勾稽关系：" + "；".join(parts)


def check_text(check, verdict=None) -> str:
    """A check as one sentence: its message, led by its title when the message does not say it; the
    reviewer's verdict after it, when there is one."""
    message = check.message or ""
    if check.title and not message.startswith(check.title):
        message = f"{check.title}：{message}" if message else check.title
    return message + verdict_note(verdict)


# ---------------------------------------------------------------- an agency's sheet

class FormWriter:
    """Writes one comparison onto a sheet, page by page."""

    def __init__(self, sheet: Sheet, comp: ExportComparison, hide_equal: bool = False) -> None:
        self.sh = sheet
        self.comp = comp
        self.hide_equal = hide_equal
        self.capacity = page_capacity("landscape")
        self.used = 0.0
        self.section = ""
        self.sides = [(y, s) for y, s in ((comp.year_a, "a"), (comp.year_b, "b")) if comp.report(y) is not None]

    # -- pages
    def fits(self, height: float) -> bool:
        return self.used + height <= self.capacity

    def new_page(self) -> None:
        if self.used > 0:
            self.sh.break_after(self.sh.last_row)
        self.used = 0.0

    def row(self, cells: list, height: float) -> int:
        self.used += height
        return self.sh.add(cells, height)

    def wide(self, text: str, size: float = 10, last_col: int = LAST_COL) -> float:
        return row_height(lines_needed(text, self.sh.span_width(1, last_col), size), size)

    def line(self, text: str, look, size: float = 10) -> None:
        n = self.row([self.sh.text(text, look)], self.wide(text, size))
        self.sh.merge(n, 1, n, LAST_COL)

    # -- the sheet
    def write(self) -> None:
        comp, sh = self.comp, self.sh
        layout = form_layout(comp, self.hide_equal)
        self.line(comp.agency, TITLE, 14)
        self.line(years_title(comp), SUBTITLE, 12)
        for year in (comp.year_a, comp.year_b):
            self.line(report_line(comp, year), TEXT)
        self.line(checks_line(comp), TEXT)
        self.line(LEGEND, NOTE, 9)
        if self.hide_equal:
            self.line(f"已隐藏两年相同或均为零的 {layout.hidden} 项（有标记的项不隐藏）；全部数值见 CSV 导出或隐藏的“数据”表。",
                      NOTE, 9)
        for block in layout.blocks:
            self.block(block)
        self.checks()
        s = sh.setup
        s.header_left = comp.agency
        s.header_center = years_title(comp).replace("政府信息公开工作年度报告　", "年度报告 ")
        s.footer_left = footer_line()

    # -- tables
    def heads_height(self, block: Block, cont: bool = False) -> float:
        h = row_height(1, 12) if (block.title or cont) else 0.0
        for heads in block.heads:
            h += self.head_height(heads)
        return h

    def head_height(self, heads: list[Head]) -> float:
        lines = 1
        for hd in heads:
            if hd.rows == 1:
                lines = max(lines, lines_needed(hd.text, self.sh.span_width(hd.col, hd.col + hd.span - 1)))
        return row_height(lines)

    def write_heads(self, block: Block, title: str | None) -> None:
        sh = self.sh
        if title:
            n = self.row([sh.text(title, SECTION)], row_height(1, 12))
            sh.merge(n, 1, n, block.last_col)
        first = sh.last_row + 1
        for r, heads in enumerate(block.heads):
            cells: list = [None] * block.last_col
            for c in range(block.last_col):  # covered cells keep the border
                cells[c] = sh.empty(HEAD)
            for hd in heads:
                if hd.col <= block.last_col:
                    cells[hd.col - 1] = sh.text(hd.text, HEAD)
            self.row(cells, self.head_height(heads))
            for hd in heads:
                last = min(hd.col + hd.span - 1, block.last_col)
                if hd.col <= block.last_col and (last > hd.col or hd.rows > 1):
                    sh.merge(first + r, hd.col, first + r + hd.rows - 1, last)

    def block(self, block: Block) -> None:
        if block.title:
            self.section = block.title
        first = block.items[0] if block.items else None
        need = self.heads_height(block, cont=True) + (self.item_height(block, first) if first else 0)
        title = block.title
        if not self.fits(need):
            self.new_page()
            title = title or f"{self.section}（续）"  # a page never starts without its table's name
        self.write_heads(block, title)
        items = block.items
        for i, item in enumerate(items):
            h = self.item_height(block, item)
            if item.heading and i + 1 < len(items):
                h_keep = h + self.item_height(block, items[i + 1])  # a heading stays with what follows
            else:
                h_keep = h
            if not self.fits(h_keep):
                self.new_page()
                self.write_heads(block, f"{self.section}（续）")
            self.item(block, item)

    def label_width(self, item: Item) -> float:
        return FORM_WIDTHS[0] - 2 * item.indent

    def sub_rows(self) -> list[str]:
        return [s for _y, s in self.sides] + (["d"] if len(self.sides) == 2 else [])

    def item_height(self, block: Block, item: Item) -> float:
        lines = lines_needed(item.label, self.label_width(item))
        if block.kind != GRID or item.heading:
            return row_height(lines)
        n = len(self.sub_rows())
        return max(row_height(1) * n, row_height(lines))

    def item(self, block: Block, item: Item) -> None:
        sh = self.sh
        look = (LABEL_BOLD if item.heading else LABELS)[min(item.indent, 3)]
        if block.kind == GRID and item.heading:
            n = self.row([sh.text(item.label, look), *(sh.empty(look) for _ in range(block.last_col - 1))],
                         self.item_height(block, item))
            sh.merge(n, 1, n, block.last_col)
            return
        if block.kind == GRID:
            subs = self.sub_rows()
            height = self.item_height(block, item) / len(subs)
            first = sh.last_row + 1
            for i, side in enumerate(subs):
                cells = [sh.text(item.label, look) if i == 0 else sh.empty(look)]
                if side == "d":
                    cells.append(sh.text("增减", SIDE_DELTA, own=True))
                    cells += [self.delta(r) for r in item.cells]
                else:
                    year = self.comp.year_a if side == "a" else self.comp.year_b
                    cells.append(sh.text(f"{year}年", SIDE, own=True))
                    cells += [self.value(r, side) for r in item.cells]
                self.row(cells, height)
            sh.merge(first, LABEL_COL, first + len(subs) - 1, LABEL_COL)
            return
        r = item.row
        cells = [sh.text(item.label, look), sh.text(item.unit or None, SIDE)]
        for side in ("a", "b"):
            year = self.comp.year_a if side == "a" else self.comp.year_b
            if year in self.comp.missing:
                cells.append(sh.text(MISSING, CELL_MISSING, own=True))
            else:
                cells.append(self.value(r, side))
        if self.comp.missing:
            cells += [sh.empty(CELL), sh.empty(CELL)]
        else:
            cells += [self.delta(r), self.percent(r)]
        if block.cumulative:  # 历年累计: year A, year B, 增减
            extra = item.cumulative
            for side in ("a", "b"):
                year = self.comp.year_a if side == "a" else self.comp.year_b
                missing = year in self.comp.missing
                cells.append(sh.text(MISSING, CELL_MISSING, own=True) if missing else self.value(extra, side))
            cells.append(sh.empty(CELL_DELTA) if self.comp.missing else self.delta(extra))
        self.row(cells, self.item_height(block, item))

    # -- cells
    def value(self, r: ExportRow | None, side: str):
        sh = self.sh
        if r is None:
            return sh.empty(CELL_ABSENT)
        present = r.present_a if side == "a" else r.present_b
        if not present:
            return sh.empty(CELL_ABSENT)
        value, raw, mark = (r.value_a, r.raw_a, r.mark_a) if side == "a" else (r.value_b, r.raw_b, r.mark_b)
        return value_cell(sh, value, raw, mark)

    def delta(self, r: ExportRow | None):
        sh = self.sh
        if r is None or r.delta is None:
            return sh.empty(CELL_DELTA)
        return sh.number(r.delta, CELL_DELTA, signed_format(r.delta))

    def percent(self, r: ExportRow | None):
        sh = self.sh
        if r is None or r.delta_pct is None:
            return sh.empty(CELL)
        return sh.number(r.delta_pct + 0.0, CELL, PERCENT_FORMAT)

    # -- identities
    def checks(self) -> None:
        comp = self.comp
        ya, yb = comp.year_a, comp.year_b
        if abs(yb - ya) == 1 and not comp.missing:
            self.check_rows(f"跨年度勾稽关系（{min(ya, yb)} → {max(ya, yb)}）", comp.cross_year,
                            "两个年度的表格之间没有可核对的跨年度勾稽关系。", max(ya, yb))
        else:
            self.check_rows("跨年度勾稽关系", [], "仅在相邻两个年度都已报送时核对。", max(ya, yb))
        for year, checks in ((ya, comp.checks_a), (yb, comp.checks_b)):
            if comp.report(year) is not None:
                self.check_rows(f"{year} 年报告自身的勾稽关系（不符 / 提示）", checks, "全部相符或无法核对。", year)

    def check_rows(self, title: str, checks: list, empty: str, year: int) -> None:
        sh = self.sh
        msg_width = sh.span_width(2, LAST_COL)
        texts = [check_text(c, self.comp.verdict(c, year)) for c in checks]
        heights = [row_height(lines_needed(t, msg_width)) for t in texts] or [row_height(1)]
        head = row_height(1, 12) + row_height(1)
        if not self.fits(head + heights[0] + row_height(1)):
            self.new_page()
        else:
            self.row([], row_height(1))
        n = self.row([sh.text(title, SECTION)], row_height(1, 12))
        sh.merge(n, 1, n, LAST_COL)

        def heads() -> None:
            n = self.row([sh.text("状态　规则", HEAD), sh.text("说明", HEAD),
                          *(sh.empty(HEAD) for _ in range(LAST_COL - 2))], row_height(1))
            sh.merge(n, 2, n, LAST_COL)

        if not checks:
            n = self.row([sh.text(empty, TEXT_CELL), *(sh.empty(TEXT_CELL) for _ in range(LAST_COL - 1))],
                         row_height(1))
            sh.merge(n, 1, n, LAST_COL)
            return
        heads()
        for c, h, text in zip(checks, heights, texts, strict=True):
            if not self.fits(h):
                self.new_page()
                n = self.row([sh.text(f"{title}（续）", SECTION)], row_height(1, 12))
                sh.merge(n, 1, n, LAST_COL)
                heads()
            look = {"fail": TEXT_FAIL, "warn": TEXT_WARN}.get(c.status, TEXT_CELL)
            flag = STATUS_MARK.get(c.status, "")
            status = f"{flag} {check_status_text(c.status, c.strict)}".strip()
            n = self.row([sh.text(f"{status}　{c.rule}", look, own=True), sh.text(text, TEXT_CELL),
                          *(sh.empty(TEXT_CELL) for _ in range(LAST_COL - 2))], h)
            sh.merge(n, 2, n, LAST_COL)


def value_cell(sh: Sheet, value, raw: str | None, mark: Mark | None):
    """A year's cell: the number (after its mark), or what a blank printed (``-``, ``无``), or empty."""
    look = MARK_LOOK[mark.status] if mark is not None else CELL
    comment = mark.comment if mark is not None else None
    flag = mark.flag if mark is not None else ""
    if value is None:
        text = flag + blank_text(raw)
        if not text:
            return sh.empty(look)
        return sh.text(text, look, comment=comment, own=True)
    return sh.number(value, look, number_format(value, flag), comment=comment)


def write_agency_sheet(book: Book, title: str, comp: ExportComparison, hide_equal: bool = False) -> Sheet:
    sh = book.sheet(title, FORM_WIDTHS)
    FormWriter(sh, comp, hide_equal).write()
    sh.finish()  # streamed now: a workbook of 300 agencies never holds more than one in memory
    return sh


# ---------------------------------------------------------------- the machines' sheet

DATA_WIDTHS = (24, 40, 18, 10, 10, 9, 9, 5, 6, 6, 40)


def data_heads(ya: int, yb: int) -> list[str]:
    from xxgk.exporters.csv_compare import header

    return header(ya, yb, with_agency=True)


class DataSheet:
    """Every compared cell as one row with its key: the same columns as ``export_all_csv``."""

    def __init__(self, book: Book, ya: int, yb: int) -> None:
        self.sh = sh = book.sheet(DATA_TITLE, DATA_WIDTHS)
        self.ya, self.yb = ya, yb
        sh.setup.freeze = "A2"
        sh.add([sh.text(h, HEAD) for h in data_heads(ya, yb)], row_height(1))

    def add(self, comp: ExportComparison, note: str = "") -> None:
        from xxgk.exporters.csv_compare import flag_text

        sh = self.sh
        missing = comp.missing
        agency = sh.text(comp.agency, PLAIN)
        for r in comp.rows:
            row_note = "；".join(p for p in (note, r.note(comp.year_a, comp.year_b, missing)) if p)
            sh.add([agency, sh.text(r.label, PLAIN), sh.text(r.key, PLAIN),
                    sh.number(r.value_a, PLAIN), sh.number(r.value_b, PLAIN),
                    sh.number(r.delta, PLAIN, signed_format(r.delta)) if r.delta is not None else None,
                    sh.number(r.delta_pct + 0.0, PLAIN, PERCENT_FORMAT) if r.delta_pct is not None else None,
                    sh.text("≈" if r.approximate else None, PLAIN, own=True),
                    sh.text(flag_text(comp.year_a, missing, r.mark_a) or None, PLAIN, own=True),
                    sh.text(flag_text(comp.year_b, missing, r.mark_b) or None, PLAIN, own=True),
                    sh.text(row_note or None, PLAIN)])
        sh.flush()

    def finish(self) -> None:
        sh = self.sh
        n = len(DATA_WIDTHS)
        s = sh.setup
        s.hidden = True
        s.title_rows = (1, 1)
        s.autofilter = (1, 1, sh.last_row, n)
        s.header_left = "对比数据（供程序读取）"
        s.header_center = f"{self.ya} 年与 {self.yb} 年"
        s.footer_left = footer_line()
        sh.finish()


# ---------------------------------------------------------------- the summary

SUMMARY_WIDTHS = (4.5, 21, *(6,) * (3 * len(METRICS)), 5.5, 5.5, 14)
NAME_COL = 2


def write_summary_sheet(sh: Sheet, ya: int, yb: int, rows: list[SummaryRow]) -> None:
    n_missing = sum(bool(r.missing) for r in rows)
    n_fail = sum(bool(r.fails_a or r.fails_b) for r in rows)
    last = len(SUMMARY_WIDTHS)

    sh.line(f"{ya} 年与 {yb} 年 政府信息公开工作年度报告对比汇总", TITLE, 14)
    sh.line(f"共 {len(rows)} 个机关；{n_missing} 个机关有年度未报送（缺）；{n_fail} 个机关有勾稽关系不符。", TEXT)
    sh.line("本年新收 = 表三“一、本年新收”总计；办理总计 = 表三“(七)总计”；结转下年 = 表三“四、结转下年度继续办理”总计；"
         "行政复议 = 表四复议总计；行政诉讼 = 表四直接起诉与复议后起诉总计之和；2019 年以前的统计表按收到申请数、申请答复数、"
         "复议、诉讼近似对应（≈，无结转项）。不符 = 不符的勾稽关系项数（!）。缺 = 未报送；空白 = 报告未填。"
         "点击序号打开该机关的对比表。", NOTE, 9)
    cells: list = [sh.empty(HEAD), sh.empty(HEAD)]
    for m in METRICS:
        cells += [sh.text(m.name, HEAD), sh.empty(HEAD), sh.empty(HEAD)]
    cells += [sh.text("不符", HEAD), sh.empty(HEAD), sh.empty(HEAD)]
    top = sh.add(cells, row_height(1))
    col = NAME_COL + 1
    for _m in METRICS:
        sh.merge(top, col, top, col + 2)
        col += 3
    sh.merge(top, col, top, col + 1)
    heads = ["序号", "机关"] + [h for _m in METRICS for h in (f"{ya}", f"{yb}", "增减")] + [f"{ya}", f"{yb}", "备注"]
    head_row = sh.add([sh.text(h, HEAD, own=True) for h in heads], row_height(1))
    for i, r in enumerate(rows, start=1):
        # the link is on the number: LibreOffice does not wrap a linked cell's text, and names are long
        cells = [sh.number(i, LINK_NUMBER, link=sheet_ref(r.sheet) if r.sheet else None),
                 sh.text(r.agency, TEXT_CELL)]
        for i in range(len(METRICS)):
            for side in (r.values_a[i], r.values_b[i]):
                if side.missing:
                    cells.append(sh.text(MISSING, CELL_MISSING, own=True))
                else:
                    cells.append(sh.number(side.value))
            d = r.deltas[i]
            cells.append(sh.number(d, CELL_DELTA, signed_format(d)) if d is not None else sh.empty(CELL_DELTA))
        for fails in (r.fails_a, r.fails_b):
            if fails is None:
                cells.append(sh.text(MISSING, CELL_MISSING, own=True))
            elif fails:
                cells.append(sh.number(fails, MARK_LOOK["fail"], number_format(fails, STATUS_MARK["fail"])))
            else:
                cells.append(sh.number(0))
        note = r.note
        cells.append(sh.text(note or None, TEXT_CELL))
        lines = max(lines_needed(r.agency, SUMMARY_WIDTHS[NAME_COL - 1]),
                    lines_needed(note, SUMMARY_WIDTHS[-1]) if note else 1)
        sh.add(cells, row_height(lines))
    s = sh.setup
    s.title_rows = (top, head_row)
    s.freeze = f"C{head_row + 1}"
    s.autofilter = (head_row, 1, sh.last_row, last)
    s.header_left = "全部机关"
    s.header_center = f"{ya} 年与 {yb} 年 年度报告对比汇总"
    s.footer_left = footer_line()


# ---------------------------------------------------------------- exports

def export_agency_xlsx(archive: Archive, agency: str, year_a: int, year_b: int, path: str | Path,
                       force: bool = False, hide_equal: bool = False) -> Path:
    """Write the comparison of ``agency`` between two years to ``path`` (.xlsx): the agency's sheet as the
    official forms, its trends over every archived year (``exporters.trends``, with a chart), and the
    hidden ``数据`` sheet.

    Raises ``ExportExists`` if ``path`` exists and not ``force``, ``ExportNotFound`` (an ``ExportError``
    and a ``NotFound``) if the agency or a year's report is not in the archive, ``ExportError`` if the
    file cannot be written. Returns the path written.
    """
    check_target(path, force)  # refuse early, before any work
    with not_found():
        comp = build_comparison(archive, agency, year_a, year_b)
    with saved_book(f"{comp.agency} {year_a}–{year_b} 对比", path, force) as book:
        namer = SheetNamer(reserved=(DATA_TITLE, TREND_TITLE))
        write_agency_sheet(book, namer.take(comp.agency, "对比"), comp, hide_equal)
        # every year of the agency, with a chart; its pages name the two years of the workbook too
        add_trend_sheet(book, archive, comp.agency, header=f"{year_a} 年与 {year_b} 年对比 · 历年趋势")
        data = DataSheet(book, year_a, year_b)
        data.add(comp)
        data.finish()
    return Path(path)


def export_comparison_xlsx(archive: Archive, agency: str, year_a: int, year_b: int, path: str | Path,
                           force: bool = False, hide_equal: bool = False) -> Path:
    """``export_agency_xlsx`` under the name the app's compare screen calls (and looks for)."""
    return export_agency_xlsx(archive, agency, year_a, year_b, path, force=force, hide_equal=hide_equal)


def export_all_xlsx(archive: Archive, year_a: int, year_b: int, path: str | Path, force: bool = False,
                    hide_equal: bool = False) -> Path:
    """Write the summary (汇总: one row per agency), one sheet per agency that has either year, and the
    hidden ``数据`` sheet to ``path``.

    Raises ``ExportExists``, ``ExportNotFound`` (no agency has either year) or ``ExportError``.
    """
    check_target(path, force)
    try:
        with saved_book(f"{year_a}–{year_b} 年度对比汇总", path, force) as book:
            namer = SheetNamer(reserved=(SUMMARY_TITLE, DATA_TITLE))
            summary = book.sheet(SUMMARY_TITLE, SUMMARY_WIDTHS)
            data = DataSheet(book, year_a, year_b)  # streamed along, moved to the end below
            rows: list[SummaryRow] = []
            with not_found():
                for comp, srow in build_all(archive, year_a, year_b):
                    srow.sheet = namer.take(comp.agency, "机关")
                    write_agency_sheet(book, srow.sheet, comp, hide_equal)
                    data.add(comp, srow.note if srow.missing else "")
                    rows.append(srow)
            if not rows:
                raise ExportNotFound(f"档案中没有任何机关有 {year_a} 或 {year_b} 年的报告")
            write_summary_sheet(summary, year_a, year_b, rows)
            summary.finish()
            data.finish()
            book.move_to_end(data.sh)
    except NotFound as exc:
        if isinstance(exc, ExportNotFound):
            raise
        raise ExportNotFound(str(exc)) from None
    return Path(path)
