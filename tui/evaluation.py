"""The report screen's evaluation views, kept out of the screen's own module: ``e`` shows the evaluators'
checklist in place of the form and its checks (``widgets.checklist.ChecklistPanel``), ``g`` shows the
agency's every cell across its years in the form's place (``trendform.render_trends``). Both are loaded in
a worker the first time they are shown, and again when the archive changes. Their workflows (the checklist
with its dates and sections, the trends) are imported then too: not on the way to the report's first frame."""
from __future__ import annotations

from typing import TYPE_CHECKING

from xxgk.tui.form import Form
from xxgk.tui.loading import load
from xxgk.tui.messages import ChecklistLoaded, TrendsLoaded
from xxgk.tui.trendform import render_trends
from xxgk.tui.widgets.checklist import ChecklistPanel
from xxgk.tui.widgets.rows import RowTable

if TYPE_CHECKING:
    from xxgk.domain.trends import Trends
    from xxgk.tui.screens.base import XxgkScreen
    from xxgk.workflows.records import Archive

    _Base = XxgkScreen
else:
    _Base = object

FORM_PARTS = ("#form-scroll", "#checks", "#check-detail")


class ReportEvaluation(_Base):
    """Mixed into ``ReportScreen`` (which supplies ``report_id``, ``detail``, ``selected``, ``render_form``)."""

    report_id: int
    selected: set[str]
    checklist_on = False
    trends_on = False
    trends: Trends | None = None

    def render_form(self, scroll: bool = False) -> None: ...  # the screen's

    # -- the checklist ----------------------------------------------------------------------------------

    def action_toggle_checklist(self) -> None:
        self.checklist_on = not self.checklist_on
        panel = self.query_one(ChecklistPanel)
        panel.set_class(self.checklist_on, "shown")
        for selector in FORM_PARTS:
            self.query_one(selector).display = not self.checklist_on
        if self.checklist_on:
            panel.focus_items()
            if panel.result is None or panel.result.report.id != self.report_id:
                self.load_checklist()
        else:
            self.query_one("#checks", RowTable).focus()

    def load_checklist(self) -> None:
        from xxgk.workflows.checklist import report_checklist

        report_id = self.report_id
        load(self, lambda archive: ChecklistLoaded(report_id, report_checklist(archive, report_id)),
             group="checklist", failure="评估清单生成失败")

    def on_checklist_loaded(self, message: ChecklistLoaded) -> None:
        if message.report_id == self.report_id:
            self.query_one(ChecklistPanel).show_checklist(message.checklist)

    # -- the trends -------------------------------------------------------------------------------------

    def action_toggle_trends(self) -> None:
        detail = getattr(self, "detail", None)
        if detail is None or detail.report.agency is None:
            self.notify("待审核报告没有机关，无法显示历年趋势。", severity="warning")
            return
        if self.checklist_on:
            self.action_toggle_checklist()
        self.trends_on = not self.trends_on
        if self.trends_on and self.trends is None:
            self.load_trends()
        self.render_form(scroll=True)

    def load_trends(self) -> None:
        report_id = self.report_id
        detail = getattr(self, "detail", None)
        if detail is None or detail.report.agency is None:
            return
        agency = detail.report.agency
        from xxgk.workflows.trends import agency_trends

        def trends_of(archive: Archive) -> TrendsLoaded:
            return TrendsLoaded(report_id, agency_trends(archive, agency))

        load(self, trends_of, group="trends", failure="读取历年数据失败")

    def on_trends_loaded(self, message: TrendsLoaded) -> None:
        if message.report_id == self.report_id:
            self.trends = message.trends
            if self.trends_on:
                self.render_form(scroll=True)

    def trend_form(self, width: int) -> Form | None:
        """The trend view's lines when it is on (None: draw the official form)."""
        if not self.trends_on:
            return None
        detail = getattr(self, "detail", None)
        if self.trends is None or detail is None:
            form = Form()
            form.add("正在读取历年数据…")
            return form
        return render_trends(self.trends, detail.report.year, width, self.selected)

    def reset_evaluation(self) -> None:
        """Back to the form, nothing read (the screen reused for another report)."""
        if self.checklist_on:
            self.checklist_on = False
            self.query_one(ChecklistPanel).set_class(False, "shown")
            for selector in FORM_PARTS:
                self.query_one(selector).display = True
        self.trends_on = False
        self.trends = None
        self.query_one(ChecklistPanel).result = None

    def reload_evaluation(self) -> None:
        """The archive changed: what is shown is read again (and what is hidden when shown next)."""
        self.trends = None
        if self.trends_on:
            self.load_trends()
        panel = self.query_one(ChecklistPanel)
        if self.checklist_on:
            self.load_checklist()
        else:
            panel.result = None
