"""Every failing (and, optionally, warning) identity across the archive; Enter jumps to the report."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Input, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import STATUS_MARK, STATUS_STYLE, fmt_number, safe_text, style
from xxgk.tui.loading import load
from xxgk.tui.messages import FailuresLoaded
from xxgk.tui.verdict_dialog import VerdictDeciding, VerdictTarget, row_style, verdict_cell
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.workflows.checking import findings
from xxgk.workflows.verdicts import verdict_summary

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive, Failure

MAX_ROWS = 500  # one widget never holds the whole archive: a page at a time ([ and ] turn pages)


class FailuresScreen(VerdictDeciding):
    SCREEN_ID = "failures"
    STATUS_ID = "#failure-status"
    BINDINGS = bindings_for("failures")

    def __init__(self) -> None:
        super().__init__()
        self.with_warnings = True
        self.open_only = False  # o: hide the findings a verdict 已排除 applies to
        self.failures: list[Failure] = []
        self.shown: list[Failure] = []
        self.page_no = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="failure-filters"):
            yield Input(placeholder="年度", id="f-year", type="integer", max_length=4)
            yield Input(placeholder="机关（名称的一部分）", id="f-agency")
            yield Input(placeholder="规则 如 A4 C3 X1", id="f-rule")
        yield Static("正在读取…", id="failure-status")
        yield DataTable(id="failures", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("", width=2, key="mark")
        table.add_column("机关", width=max(10, self.app.size.width - 62), key="agency")
        table.add_column("年度", width=4, key="year")
        table.add_column("规则", width=14, key="rule")
        table.add_column("判定", width=6, key="verdict")
        table.add_column("核对", width=14, key="title")
        table.add_column("差", width=7, key="diff")
        table.focus()
        self.reload()

    def reload(self) -> None:
        year_text = self.query_one("#f-year", Input).value.strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        rule = self.query_one("#f-rule", Input).value.strip() or None
        statuses = ("fail", "warn") if self.with_warnings else ("fail",)
        open_only = self.open_only

        def found(archive: Archive) -> FailuresLoaded:
            return FailuresLoaded(findings(archive, year=year, rule=rule, statuses=statuses, open_only=open_only))

        load(self, found, group="failures", failure="读取失败")

    def on_failures_loaded(self, message: FailuresLoaded) -> None:
        self.failures = message.failures
        self.page_no = 0
        self.show()

    def show(self) -> None:
        needle = self.query_one("#f-agency", Input).value.strip().lower()
        rows = [f for f in self.failures if not needle or needle in (f.agency or "").lower()
                or needle in f.source_name.lower()]
        pages = max(1, -(-len(rows) // MAX_ROWS))
        self.page_no = min(self.page_no, pages - 1)
        self.shown = rows[self.page_no * MAX_ROWS:(self.page_no + 1) * MAX_ROWS]
        table = self.query_one(DataTable)
        table.clear()
        for i, f in enumerate(self.shown):
            rule = f.rule_id + (f"↔{f.other_year}" if f.other_report_id else "")
            dim = row_style(f.verdict)
            table.add_row(Text(STATUS_MARK.get(f.status, "?"), style=STATUS_STYLE.get(f.status, "")),
                          safe_text(f.agency or f"（待审核）{f.source_name}", dim),
                          Text(str(f.year or ""), justify="right", style=dim), safe_text(rule, dim),
                          verdict_cell(f.verdict), safe_text(f.title or f.message, dim),
                          Text(fmt_number(f.difference), justify="right", style=dim), key=str(i))
        n_fail = sum(1 for f in rows if f.status == "fail")
        status = Text()
        status.append(f"!不符 {n_fail}", STATUS_STYLE["fail"] if n_fail else "")
        status.append(f" · ~提示 {len(rows) - n_fail}" if self.with_warnings else " · 提示已排除（w 切换）")
        status.append(f" · 共 {len(rows)} 项")
        decided = verdict_summary(f.verdict for f in rows)
        if decided:
            status.append(f" · 判定：{decided}")
        if self.open_only:
            status.append(" · 只看未排除（o 切换）", style("notice"))
        if len(rows) > MAX_ROWS:
            first = self.page_no * MAX_ROWS + 1
            status.append(f" · 第 {self.page_no + 1}/{pages} 页（{first}–{first + len(self.shown) - 1}，[ ] 翻页）",
                          "bold")
        self.query_one("#failure-status", Static).update(status)

    def action_page(self, step: int) -> None:
        self.page_no = max(0, self.page_no + step)
        self.show()

    @on(Input.Changed, "#f-agency")
    def agency_changed(self) -> None:
        self.page_no = 0
        self.show()

    @on(Input.Changed, "#f-year")
    @on(Input.Changed, "#f-rule")
    def query_changed(self) -> None:
        self.reload()

    @on(Input.Submitted)
    def filter_done(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected, "#failures")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_failure()

    def action_open_failure(self) -> None:
        table = self.query_one(DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return
        f = self.shown[table.cursor_row]
        self.host.open_report(f.report_id, focus=(f.rule, f.scope))

    def action_focus_filter(self) -> None:
        self.query_one("#f-year", Input).focus()

    def action_decide(self) -> None:
        """``d``: a verdict on the selected finding."""
        table = self.query_one(DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return
        f = self.shown[table.cursor_row]
        if f.agency is None or f.year is None:
            self.notify("待审核报告缺机关或年度：请先指定，再作判定。", severity="warning")
            return
        year = f"{f.other_year}→{f.year}" if f.other_year else str(f.year)
        self.decide_finding(VerdictTarget(report_id=f.report_id, rule_id=f.rule_id, title=f.title,
                                          message=f.message or f.formula, status=f.status, strict=f.strict,
                                          where=f"{f.agency} {year}", mark=f.verdict))

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.reload()

    def action_toggle_warn(self) -> None:
        self.with_warnings = not self.with_warnings
        self.reload()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(DataTable).focus()
        else:
            super().action_back()
