"""An agency's cells across all its years as a sheet (``workflows.trends``): the headline concepts year by
year with a line chart (openpyxl), then every cell the agency ever printed, a column per year and a text
sparkline (``presentation.sparkline``). A blank stays blank (never 0): the chart shows a gap there, and a
year without a report is marked 缺."""
from __future__ import annotations

from pathlib import Path

from openpyxl.chart import LineChart, Reference

from xxgk.domain.trends import Trends
from xxgk.exporters.files import check_target, not_found
from xxgk.exporters.xlsx_sheet import (
    CELL,
    CELL_MISSING,
    HEAD,
    NOTE,
    SECTION,
    TEXT_CELL,
    TITLE,
    Book,
    Sheet,
    lines_needed,
    row_height,
    saved_book,
)
from xxgk.presentation.sparkline import LEGEND, sparkline
from xxgk.presentation.status import MISSING_MARK
from xxgk.presentation.times import now_text, zone_label
from xxgk.workflows.records import Archive
from xxgk.workflows.trends import agency_trends

TREND_TITLE = "趋势"
LABEL_WIDTH, SPARK_WIDTH, YEAR_WIDTH = 44, 12, 10


def write_trend_sheet(sh: Sheet, trends: Trends, header: str | None = None) -> None:
    """The headline table and its chart, then every cell (see the module docstring); ``header``: the
    page header's centre (default: the years the trend covers)."""
    years, mask = trends.years, trends.mask()
    last = 2 + len(years)
    sh.add([sh.text(f"{trends.agency} 历年趋势（{years[0]}–{years[-1]} 年）", TITLE)], row_height(1, 14))
    sh.merge(1, 1, 1, last)
    note = f"迷你图：{LEGEND}。空白 = 报告未填（不是 0），缺 = 该年度没有报告。"
    sh.add([sh.text(note, NOTE)], row_height(lines_needed(note, sh.span_width(1, last), 9), 9))
    sh.merge(2, 1, 2, last)
    # the headlines: one row per year (what the chart reads), one column per concept
    first = sh.add([sh.text("年度", HEAD), *(sh.text(s.label, HEAD) for s in trends.headlines)], row_height(2))
    for year, has in zip(years, mask, strict=True):
        cells = [sh.number(year, CELL, "0")]
        for s in trends.headlines:
            cells.append(sh.number(s.values.get(year), CELL) if has else sh.text(MISSING_MARK, CELL_MISSING, own=True))
        sh.add(cells, row_height(1))
    end = sh.last_row
    if trends.headlines and len(years) > 1:
        chart = LineChart()
        chart.title = "主要数字历年变化"
        chart.x_axis.title = "年度"
        chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl 3.1 hides the axes in Excel otherwise
        chart.height, chart.width = 7.5, 16
        data = Reference(sh.ws, min_col=2, max_col=1 + len(trends.headlines), min_row=first, max_row=end)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sh.ws, min_col=1, min_row=first + 1, max_row=end))
        chart.display_blanks = "gap"  # a blank is a gap, never a drop to 0
        sh.ws.add_chart(chart, f"A{end + 2}")
        for _ in range(16):  # room for the chart above the full table
            sh.blank()
    # every cell, a column per year
    sh.add([sh.text("全部单元格", SECTION), *(sh.empty(SECTION) for _ in range(last - 1))], row_height(1, 12))
    sh.merge(sh.last_row, 1, sh.last_row, last)
    head = sh.add([sh.text("项目", HEAD), sh.text("趋势", HEAD), *(sh.text(f"{y}年", HEAD, own=True) for y in years)],
                  row_height(1))
    for s in trends.series:
        points = s.points(years)
        cells = [sh.text(s.label, TEXT_CELL), sh.text(sparkline(points, mask), TEXT_CELL, own=True)]
        for v, has in zip(points, mask, strict=True):
            cells.append(sh.number(v, CELL) if has else sh.text(MISSING_MARK, CELL_MISSING, own=True))
        sh.add(cells, row_height(lines_needed(s.label, LABEL_WIDTH)))
    sh.setup.title_rows = (head, head)
    sh.setup.header_left = trends.agency
    sh.setup.header_center = header or f"历年趋势 {years[0]} 年–{years[-1]} 年"
    sh.setup.footer_left = f"xxgk 导出于 {now_text()}（{zone_label()}）"  # as exporters.xlsx_compare.footer_line
    sh.setup.orientation = "portrait" if len(years) <= 5 else "landscape"


def trend_widths(trends: Trends) -> list[float]:
    return [LABEL_WIDTH, SPARK_WIDTH, *([YEAR_WIDTH] * len(trends.years))]


def add_trend_sheet(book: Book, archive: Archive, agency: str, title: str = TREND_TITLE,
                    header: str | None = None) -> Sheet | None:
    """A trend sheet for ``agency`` in ``book`` (None when it has no report)."""
    trends = agency_trends(archive, agency)
    if not trends.years:
        return None
    sh = book.sheet(title, trend_widths(trends))
    write_trend_sheet(sh, trends, header)
    sh.finish()
    return sh


def export_trend_xlsx(archive: Archive, agency: str, path: str | Path, force: bool = False) -> Path:
    """Write ``agency``'s trends to ``path`` (.xlsx). ``ExportExists``, ``ExportNotFound``, ``ExportError``."""
    check_target(path, force)
    with not_found():
        trends = agency_trends(archive, agency)
    with saved_book(f"{trends.agency} 历年趋势", path, force) as book:
        sh = book.sheet(TREND_TITLE, trend_widths(trends))
        write_trend_sheet(sh, trends)
    return Path(path)
