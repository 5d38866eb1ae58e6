"""Overview: agencies × years. At a glance: which reports exist, pass, fail, need review; who is missing."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import STATUS_NAME, safe
from xxgk.tui.loading import load
from xxgk.tui.messages import GridLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.grid import REVIEW_ROW, GridLine, ReportGrid
from xxgk.workflows.years import pair_for

if TYPE_CHECKING:
    from xxgk.workflows.records import Grid

SORTS = ("name", "fail", "missing")
SORT_NAMES = {"name": "名称", "fail": "不符数", "missing": "缺报数"}


class OverviewScreen(XxgkScreen):
    SCREEN_ID = "overview"
    STATUS_ID = "#status"
    BINDINGS = bindings_for("overview")

    def __init__(self) -> None:
        super().__init__()
        self.grid_data: Grid | None = None
        self.sort = "name"
        self.missing_year: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="筛选机关：输入名称的一部分（/ 聚焦，Esc 回到表格）", id="filter")
        yield ReportGrid(id="grid")
        yield Static("", id="status")
        yield Static(self._legend(), id="legend")
        yield Footer()

    @staticmethod
    def _legend() -> Text:
        text = Text()
        for mark, style, name in (("ok", "green", "通过"), ("!n", "bold red", "不符 n 项"), ("~n", "yellow", "提示"),
                                  ("?", "cyan", "不完整"), ("缺", "bold magenta", "未报送")):
            text.append(mark, style)
            text.append(f" {name}  ")
        return text

    def on_mount(self) -> None:
        self.query_one(ReportGrid).focus()
        self.query_one("#status", Static).update("正在读取档案…")
        self.reload()

    def reload(self) -> None:
        load(self, lambda archive: GridLoaded(archive.list_grid()), group="overview", failure="读取档案失败")

    def on_grid_loaded(self, message: GridLoaded) -> None:
        self.grid_data = message.grid
        self.apply_view()

    # -- building the visible rows --------------------------------------------------------------------

    def apply_view(self) -> None:
        grid_widget = self.query_one(ReportGrid)
        if self.grid_data is None:
            return
        current = grid_widget.current_line
        keep = (current.agency_id, grid_widget.current_year) if current else None
        needle = self.query_one("#filter", Input).value.strip()
        years = self.grid_data.years
        lines: list[GridLine] = []
        for row in self.grid_data.rows:
            if needle and needle.lower() not in row.agency.lower():
                continue
            if self.missing_year is not None and self.missing_year in row.cells:
                continue
            n_fail = sum(c.n_fail for c in row.cells.values())
            lines.append(GridLine(row.agency_id, row.agency, row.cells, n_fail, len(years) - len(row.cells)))
        if self.sort == "fail":
            lines.sort(key=lambda x: (-x.n_fail, x.agency))
        elif self.sort == "missing":
            lines.sort(key=lambda x: (-x.n_missing, x.agency))
        if self.grid_data.needs_review and not needle and self.missing_year is None:
            lines.insert(0, GridLine(REVIEW_ROW, f"【待审核】{self.grid_data.needs_review} 份报告缺机关或年度"
                                     "（Enter 查看并指定）", {}))
        grid_widget.set_data(lines, years, keep=keep)
        if not years:
            self.query_one("#status", Static).update("档案中还没有报告。按 i 导入文件或文件夹。")

    def on_report_grid_cursor_moved(self, message: ReportGrid.CursorMoved) -> None:
        grid = message.grid
        status = self.query_one("#status", Static)
        if self.grid_data is None:
            return
        n_agencies = sum(1 for line in grid.lines if line.agency_id != REVIEW_ROW)
        text = Text()
        text.append(f"机关 {n_agencies}/{len(self.grid_data.rows)}", "bold")
        text.append(f" · 排序：{SORT_NAMES[self.sort]}")
        if self.missing_year is not None:
            text.append(f" · 只看 {self.missing_year} 年未报送", "bold magenta")
        line, year = grid.current_line, grid.current_year
        if line is not None and line.agency_id != REVIEW_ROW and year is not None:
            text.append(" · ")
            text.append(safe(line.agency))
            text.append(f" {year}：")
            cell = line.cells.get(year)
            if cell is None:
                text.append("未报送", "bold magenta")
            else:
                status_name = STATUS_NAME.get(cell.status, cell.status)
                text.append(status_name)
                if cell.n_fail or cell.n_warn:
                    text.append(f"（不符 {cell.n_fail}，提示 {cell.n_warn}）")
                if cell.versions > 1:
                    text.append(f" · 第 {cell.versions} 版")
        status.update(text)

    # -- actions --------------------------------------------------------------------------------------

    def on_report_grid_opened(self, message: ReportGrid.Opened) -> None:
        self.open_line(message.line, message.year)

    def open_line(self, line: GridLine | None, year: int | None) -> None:
        if line is None:
            return
        if line.agency_id == REVIEW_ROW:
            self.host.goto("review")
            return
        cell = line.cells.get(year) if year is not None else None
        if cell is None:
            self.notify(f"{safe(line.agency)} 没有 {year} 年的报告。", severity="warning")
            return
        self.host.open_report(cell.report_id)

    def action_open_cell(self) -> None:
        grid = self.query_one(ReportGrid)
        self.open_line(grid.current_line, grid.current_year)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.apply_view()

    def action_toggle_missing(self) -> None:
        grid = self.query_one(ReportGrid)
        if self.missing_year is None:
            self.missing_year = grid.current_year
        else:
            self.missing_year = None
        self.apply_view()

    def action_compare(self) -> None:
        grid = self.query_one(ReportGrid)
        line, year = grid.current_line, grid.current_year
        if line is None or line.agency_id == REVIEW_ROW:
            return
        pair = pair_for(list(line.cells), year)
        if pair is None:
            self.notify(f"{safe(line.agency)} 只有一个年度的报告，无法比较。", severity="warning")
            return
        self.host.open_compare(line.agency, *pair)

    @on(ReportGrid.Typed)
    def typed_on_grid(self, message: ReportGrid.Typed) -> None:
        box = self.query_one("#filter", Input)
        box.value += message.text
        box.focus()
        box.cursor_position = len(box.value)

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.apply_view()

    @on(Input.Submitted, "#filter")
    def filter_done(self, event: Input.Submitted) -> None:
        self.query_one(ReportGrid).focus()

    def key_escape(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            self.query_one(ReportGrid).focus()
        elif box.value:
            box.value = ""
        elif self.missing_year is not None:
            self.missing_year = None
            self.apply_view()

    def key_down(self) -> None:
        if self.query_one("#filter", Input).has_focus:
            self.query_one(ReportGrid).focus()
