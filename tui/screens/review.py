"""Reports waiting for review (agency or year not found): open one, or give it its agency and year."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import safe_text
from xxgk.tui.loading import load
from xxgk.tui.messages import ReviewLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.table import fill_table

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive, ReportRow


COLUMNS = ("#", "来源文件", "识别出的机关", "年度", "格式")


def _review_list(archive: Archive) -> ReviewLoaded:
    return ReviewLoaded(archive.reports_needing_review(), [a.name for a in archive.agencies()])


class ReviewScreen(XxgkScreen):
    SCREEN_ID = "review"
    STATUS_ID = "#review-title"
    BINDINGS = bindings_for("review")

    def __init__(self) -> None:
        super().__init__()
        self.reports: list[ReportRow] = []
        self.agencies: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("待审核：这些报告没有找到机关或年度，未归入总览。按 a 指定机关和年度。", id="review-title")
        yield DataTable(id="review", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.focus()
        self.reload()

    def reload(self) -> None:
        load(self, _review_list, group="review", failure="读取待审核报告失败")

    def on_review_loaded(self, message: ReviewLoaded) -> None:
        self.reports = message.reports
        self.agencies = message.agencies
        table = self.query_one(DataTable)
        keep = table.cursor_row
        rows: list[list[Text | str]] = [
            [Text(str(r.id), justify="right"), safe_text(r.source_name), safe_text(r.agency_name or "（未找到）"),
             Text(str(r.year or "（未找到）")), safe_text(r.template or "")] for r in self.reports]
        fill_table(table, COLUMNS, rows or [["", Text("没有待审核的报告。", style="dim"), "", "", ""]])
        if self.reports and keep < len(self.reports):
            table.move_cursor(row=keep)

    def _current(self) -> ReportRow | None:
        table = self.query_one(DataTable)
        if self.reports and 0 <= table.cursor_row < len(self.reports):
            return self.reports[table.cursor_row]
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_report()

    def action_open_report(self) -> None:
        report = self._current()
        if report is not None:
            self.host.open_report(report.id)

    def action_assign(self) -> None:
        report = self._current()
        if report is not None:
            self.assign(report, self.agencies)
