"""Overview: agencies × years. At a glance: which reports exist, pass, fail, need review; who is missing.

Agencies are listed by pinyin (``xxgk.workflows.overview``). The first page of rows is painted as soon as
it is read; the rest follows page by page behind it, so a province's archive opens as fast as a county's.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from xxgk.presentation.status import MISSING_MARK, STATUS_MARK, STATUS_NAME
from xxgk.tui.actions import bindings_for
from xxgk.tui.common import safe, style
from xxgk.tui.loading import load
from xxgk.tui.messages import GridPage, OverviewStarted
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.grid import REVIEW_ROW, GridLine, ReportGrid
from xxgk.tui.widgets.header import Header
from xxgk.workflows.overview import OverviewStart, overview_start, rest_pages
from xxgk.workflows.years import pair_for

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive, GridRow

# The rest of the grid is read in pages of this many agencies, with a breath between them: the pages are
# built in Python (the GIL), and a key pressed meanwhile then waits for one page, not for the whole archive.
REST_PAGE = 500
REST_BREATH = 0.002  # seconds

SORTS = ("name", "fail", "missing")
SORT_NAMES = {"name": "名称（拼音）", "fail": "不符数", "missing": "缺报数"}
FIRST_RUN = "档案中还没有报告。按 i 导入文件或文件夹（F1 帮助，Ctrl+P 查找操作）。"


def legend() -> Text:
    """Every mark of the grid, in the style it is drawn with."""
    text = Text()
    for mark, kind, name in ((f"{STATUS_MARK['fail']}n", "fail", "n 项不符（STRICT）"),
                             (f"{STATUS_MARK['warn']}n", "warn", "n 项提示（SOFT）"),
                             (f"{STATUS_MARK['incomplete']}n", "incomplete", "n 项不完整（有空白）"),
                             ("ok", "pass", "全部相符"), (MISSING_MARK, "missing", "未报送"),
                             ("空白", "hint", "首次报送前"), ("◂▸", "hint", "更多年度")):
        text.append(mark, style(kind))
        text.append(f" {name}  ", style("hint"))
    return text


def grid_line(row: GridRow, last_year: int | None) -> GridLine:
    first = min(row.cells, default=None)
    n_missing = 0
    if first is not None and last_year is not None:
        n_missing = sum(1 for y in range(first, last_year + 1) if y not in row.cells)
    return GridLine(row.agency_id, row.agency, row.cells, sum(c.n_strict_fail for c in row.cells.values()),
                    n_missing, first)


class OverviewScreen(XxgkScreen):
    SCREEN_ID = "overview"
    STATUS_ID = "#status"
    BINDINGS = bindings_for("overview")

    def __init__(self) -> None:
        super().__init__()
        self.years: list[int] = []
        self.total = 0  # agencies in the grid (all of them, also before every page is read)
        self.all_lines: list[GridLine] = []  # every row read so far, in pinyin order
        self.needs_review = 0
        self.loaded = False  # every page read
        self.started = False  # the first page arrived
        self.generation = 0
        self.sort = "name"
        self.missing_year: int | None = None
        self.open_only = False  # o: count open findings only (已排除 left out)

    @property
    def grid_data(self) -> list[GridLine] | None:
        """The rows read so far (None before the first page)."""
        return self.all_lines if self.started else None

    def compose(self) -> ComposeResult:
        yield Header()
        # select_on_focus=False: an input method commits one character at a time, and each commit must add
        # to the filter rather than replace what the first one selected
        yield Input(placeholder="筛选机关：输入名称的一部分（/ 聚焦，Esc 回到表格）", id="filter", select_on_focus=False)
        yield ReportGrid(id="grid")
        yield Static("", id="status")
        yield Static(legend(), id="legend")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(ReportGrid).focus()
        self.query_one("#status", Static).update(Text("正在读取档案…"))
        self.reload()

    def reload(self) -> None:
        self.generation += 1
        generation, open_only = self.generation, self.open_only

        early = self.host.take_early_start() if not open_only else None  # the first load: read since start-up
        if early is not None and early.done() and early.exception() is None:
            # read while Textual started: shown now, in the screen's first frame (a worker's answer would take
            # another archive and come a frame later)
            self.on_overview_started(OverviewStarted(early.result(), generation, {}))
            return

        def start(archive: Archive) -> OverviewStarted:
            begun = early.result() if early is not None else overview_start(archive)
            if not open_only:  # every finding counts: the rows as read (the verdicts are not imported)
                return OverviewStarted(begun, generation, {})
            excluded = exclusions(archive)
            begun.rows = list(open_rows(begun.rows, excluded))
            return OverviewStarted(begun, generation, excluded)

        if open_only:  # o: imported here, in the app's thread, not on the start-up path
            from xxgk.workflows.verdicts import exclusions, open_rows

        load(self, start, group="overview", failure="读取档案失败")

    def on_overview_started(self, message: OverviewStarted) -> None:
        if message.generation != self.generation:
            return
        start = message.start
        self.years = start.years
        self.total = start.total
        self.needs_review = start.needs_review
        last = self.years[-1] if self.years else None
        self.all_lines = [grid_line(row, last) for row in start.rows]
        self.started = True
        self.loaded = start.complete
        self.apply_view()
        if start.complete:
            self.host.warm_up()
            self.host.settle_heap()
        else:  # after the first page is painted: its pages would hold the first frame back
            self.call_after_refresh(self._load_rest, start, message.generation, message.excluded)

    def _load_rest(self, start: OverviewStart, generation: int, excluded: dict[int, tuple[int, int, int]]) -> None:
        if excluded:
            from xxgk.workflows.verdicts import open_rows

        def rest(archive: Archive) -> GridPage:
            for rows in rest_pages(archive, start, page=REST_PAGE):
                if generation != self.generation:  # a newer load took over: stop reading
                    break
                time.sleep(REST_BREATH)
                self.post_message(GridPage(list(open_rows(rows, excluded)) if excluded else rows, generation))
            return GridPage([], generation, done=True)

        load(self, rest, group="overview-rest", failure="读取档案失败")

    def on_grid_page(self, message: GridPage) -> None:
        if message.generation != self.generation:
            return
        last = self.years[-1] if self.years else None
        lines = [grid_line(row, last) for row in message.rows]
        self.all_lines.extend(lines)
        self.loaded = message.done
        if self.sort == "name" and self.missing_year is None and not self.query_one("#filter", Input).value.strip():
            # the grid shows every row in pinyin order: the page goes after its last row (what apply_view
            # would build, without rebuilding and measuring every row read so far at each of the pages)
            self.query_one(ReportGrid).extend(lines)
            self.show_status()
        else:
            self.apply_view()
        if self.loaded:
            self.host.warm_up()
            self.host.settle_heap()

    # -- building the visible rows --------------------------------------------------------------------

    def apply_view(self) -> None:
        if not self.started:
            return
        grid_widget = self.query_one(ReportGrid)
        current = grid_widget.current_line
        keep = (current.agency_id, grid_widget.current_year) if current else None
        needle = self.query_one("#filter", Input).value.strip().lower()
        lines = self.all_lines
        if needle:
            lines = [x for x in lines if needle in x.agency.lower()]
        if self.missing_year is not None:
            year = self.missing_year
            lines = [x for x in lines if year not in x.cells and x.first_year is not None and x.first_year < year]
        else:
            lines = list(lines)
        if self.sort == "fail":  # stable: pinyin order among equals
            lines.sort(key=lambda x: -x.n_fail)
        elif self.sort == "missing":
            lines.sort(key=lambda x: -x.n_missing)
        if self.needs_review and not needle and self.missing_year is None:
            lines.insert(0, GridLine(REVIEW_ROW, f"【待审核】{self.needs_review} 份报告缺机关或年度"
                                     "（Enter 查看并指定）", {}))
        grid_widget.empty_text = self._empty_text(needle)
        grid_widget.set_data(lines, self.years, keep=keep)
        self.show_status()

    def _empty_text(self, needle: str) -> Text:
        if not self.total and not self.needs_review:
            return Text(FIRST_RUN, style=style("notice"))
        if needle:
            return Text(f"没有名称含“{safe(needle)}”的机关" + ("" if self.loaded else "（仍在读取…）"), style=style("hint"))
        if self.missing_year is not None:
            return Text(f"{self.missing_year} 年没有未报送的机关（m 取消）", style=style("hint"))
        return Text("")

    def on_report_grid_cursor_moved(self, message: ReportGrid.CursorMoved) -> None:
        self.show_status()

    def show_status(self) -> None:
        if not self.started:
            return
        status = self.query_one("#status", Static)
        if not self.total and not self.needs_review:  # the first-run hint stays until there is something
            status.update(Text(FIRST_RUN, style=style("notice")))
            return
        grid = self.query_one(ReportGrid)
        # the review row is only ever the first (counting every row at each page read was O(n²) at 20,000)
        n_agencies = len(grid.lines) - (1 if grid.lines and grid.lines[0].agency_id == REVIEW_ROW else 0)
        text = Text()
        text.append(f"机关 {n_agencies}/{self.total}", style("notice"))
        if not self.loaded:
            text.append(f"（正在读取 {len(self.all_lines)}/{self.total}…）", style("hint"))
        text.append(f" · 排序：{SORT_NAMES[self.sort]}")
        if self.missing_year is not None:
            text.append(f" · 只看 {self.missing_year} 年未报送（m 取消）", style("notice"))
        if self.open_only:
            text.append(" · 只计未排除（o）", style("notice"))
        line, year = grid.current_line, grid.current_year
        if line is not None and line.agency_id != REVIEW_ROW and year is not None:
            text.append(" · ")
            text.append(safe(line.agency))
            text.append(f" {year}：")
            cell = line.cells.get(year)
            if cell is None:
                before = line.first_year is None or year < line.first_year
                text.append("首次报送之前" if before else "未报送", style("hint" if before else "missing"))
            else:
                soft = cell.n_fail - cell.n_strict_fail + cell.n_warn
                parts = [(kind, n) for kind, n in (("fail", cell.n_strict_fail), ("warn", soft),
                                                   ("incomplete", cell.n_incomplete)) if n]
                for i, (kind, n) in enumerate(parts):
                    text.append("、" if i else "")
                    text.append(f"{STATUS_MARK[kind]}{STATUS_NAME[kind]} {n} 项", style(kind))
                if not parts:
                    text.append("全部相符", style("pass"))
                if cell.n_excluded:
                    text.append(f"（已排除 {cell.n_excluded}）", style("hint"))
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
        box = self.query_one("#filter", Input)
        box.focus()
        box.cursor_position = len(box.value)

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.apply_view()

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.reload()

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

    def action_set_parent(self) -> None:
        """``p``: the parent of the agency under the cursor (a region's government over its departments)."""
        line = self.query_one(ReportGrid).current_line
        if line is None or line.agency_id == REVIEW_ROW:
            return
        self.set_parent_of(line.agency)

    def action_confirm_quit(self) -> None:
        """``q`` asks first (a stray ``q`` typed for the filter must not end the session); Ctrl+Q does not."""

        from xxgk.tui.dialogs import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.exit()

        self.app.push_screen(ConfirmModal("退出 xxgk 吗？"), answered)

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
