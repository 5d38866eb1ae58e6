"""Reports waiting for review (agency or year not found): open one, or give it its agency and year."""
from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import safe_text
from xxgk.tui.screens.base import XxgkScreen


class ReviewScreen(XxgkScreen):
    SCREEN_ID = "review"
    BINDINGS = bindings_for("review")

    class Loaded(Message):
        def __init__(self, reports, agencies: list[str]) -> None:
            super().__init__()
            self.reports = reports
            self.agencies = agencies

    def __init__(self) -> None:
        super().__init__()
        self.reports: list = []
        self.agencies: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("待审核：这些报告没有找到机关或年度，未归入总览。按 a 指定机关和年度。", id="review-title")
        yield DataTable(id="review", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "来源文件", "识别出的机关", "年度", "格式")
        table.focus()
        self.reload()

    def reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="review", exit_on_error=False)
    def load(self) -> None:
        with self.app.open_archive() as archive:
            reports = archive.reports_needing_review()
            agencies = [a.name for a in archive.agencies()]
        self.post_message(self.Loaded(reports, agencies))

    def on_review_screen_loaded(self, message: Loaded) -> None:
        self.reports = message.reports
        self.agencies = message.agencies
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        for i, r in enumerate(self.reports):
            table.add_row(Text(str(r.id), justify="right"), safe_text(r.source_name),
                          safe_text(r.agency_name or "（未找到）"), Text(str(r.year or "（未找到）")),
                          safe_text(r.template or ""), key=str(i))
        if not self.reports:
            table.add_row("", Text("没有待审核的报告。", style="dim"), "", "", "")
        elif keep < len(self.reports):
            table.move_cursor(row=keep)

    def _current(self):
        table = self.query_one(DataTable)
        if self.reports and 0 <= table.cursor_row < len(self.reports):
            return self.reports[table.cursor_row]
        return None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_report()

    def action_open_report(self) -> None:
        report = self._current()
        if report is not None:
            from xxgk.tui.screens.report import ReportScreen

            self.app.push_screen(ReportScreen(report.id))

    def action_assign(self) -> None:
        if self.refuse_if_read_only():
            return
        report = self._current()
        if report is None:
            return
        from xxgk.tui.screens.modals import AssignModal, run_assign

        def done(result) -> None:
            if result:
                run_assign(self, report.id, *result)

        self.app.push_screen(AssignModal(report, self.agencies), done)
