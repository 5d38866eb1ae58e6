"""One report: the official form with failing cells marked, its checks, source text, versions, warnings."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static, TextArea
from textual.widgets.data_table import ColumnKey

from xxgk.domain.templates import GEN_NAMES
from xxgk.domain.verdicts import slot_year
from xxgk.presentation.text import strip_control
from xxgk.tui.actions import bindings_for
from xxgk.tui.common import STATUS_MARK, STATUS_NAME, STATUS_STYLE, clip, fmt_number, safe, safe_text, style
from xxgk.tui.evaluation import ReportEvaluation
from xxgk.tui.form import render_form
from xxgk.tui.loading import load
from xxgk.tui.messages import HierarchyChanged, ReportLoaded, SourceLoaded, YearsLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.verdict_dialog import VerdictDeciding, VerdictTarget, row_style, verdict_cell, verdict_line
from xxgk.tui.widgets.checklist import ChecklistPanel
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.formview import FormView
from xxgk.tui.widgets.table import fill_table
from xxgk.workflows.hierarchy import report_kind, set_kind
from xxgk.workflows.reports import CheckEntry, report_view
from xxgk.workflows.years import pair_for

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive, ReportDetail, ReportRow

VERDICT_W = 6  # the 判定 column: 已排除 / 确认 / 待核 / 已过期



class ReportScreen(ReportEvaluation, VerdictDeciding):
    SCREEN_ID = "report"
    STATUS_ID = "#report-title"
    BINDINGS = bindings_for("report")

    def __init__(self, report_id: int, focus: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        self.report_id = report_id
        self.focus_check = focus
        self.detail: ReportDetail | None = None
        self.entries: list[CheckEntry] = []
        self.marks: dict[str, str] = {}
        self.selected: set[str] = set()
        self.anchors: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取报告…", id="report-title")
        yield FormView(id="form-scroll")
        yield DataTable(id="checks", cursor_type="row", zebra_stripes=False)
        yield Static("", id="check-detail")
        yield ChecklistPanel(id="checklist-panel")  # e: the evaluators' checklist (tui.evaluation)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#checks", DataTable)
        title_w = max(12, self.app.size.width - 2 - 13 - 3 * 7 - 14 - VERDICT_W - 2)
        table.add_column("", width=2, key="mark")
        table.add_column("规则", width=13, key="rule")
        table.add_column("判定", width=VERDICT_W, key="verdict")
        table.add_column("核对", width=title_w, key="title")
        table.add_column("应为", width=7, key="expected")
        table.add_column("实为", width=7, key="actual")
        table.add_column("差", width=7, key="diff")
        table.focus()
        self.reload()

    def reload(self) -> None:
        report_id = self.report_id
        load(self, lambda archive: ReportLoaded(report_view(archive, report_id)), group="report",
             failure=f"读取报告 #{report_id} 失败")
        if self.detail is not None:  # a reload: the checklist and the trends are read again too
            self.reload_evaluation()

    def on_report_loaded(self, message: ReportLoaded) -> None:
        view = message.view
        self.detail = view.detail
        self.entries = view.entries
        self.marks = {key: mark.status for key, mark in view.marks.items()}
        self._show_title()
        table = self.query_one("#checks", DataTable)
        old_row = table.cursor_row
        table.clear()
        title_w = max(12, self.app.size.width - 2 - 13 - 3 * 7 - 14 - VERDICT_W - 2)
        for i, entry in enumerate(self.entries):
            c = entry.check
            rule = c.rule_id + (f"↔{entry.other_year}" if entry.other_year else "")
            table.add_row(Text(STATUS_MARK.get(c.status, "?"), style=STATUS_STYLE.get(c.status, "")),
                          safe_text(clip(safe(rule), 12)), verdict_cell(entry.verdict),
                          safe_text(clip(safe(c.title or c.message), title_w - 1), row_style(entry.verdict)),
                          Text(fmt_number(c.expected), justify="right"),
                          Text(fmt_number(c.actual), justify="right"),
                          Text(fmt_number(c.difference), justify="right"), key=str(i))
        target = 0
        if self.focus_check is not None:
            rule, scope = self.focus_check
            for i, entry in enumerate(self.entries):
                if entry.check.rule == rule and (entry.check.scope or "") == (scope or ""):
                    target = i
                    break
            self.focus_check = None
        elif old_row and old_row < len(self.entries):
            target = old_row
        if self.entries:
            table.move_cursor(row=target)
            self.select_entry(target)
        else:
            self.selected = set()
            self.render_form()
            self.query_one("#check-detail", Static).update("此报告没有核对结果（未识别出统计表）。")

    def _show_title(self) -> None:
        assert self.detail is not None
        r = self.detail.report
        text = Text()
        if r.needs_review:
            text.append("【待审核】", style("review"))
        text.append(safe(r.agency or r.agency_name or "（机关未知）"), "bold")
        text.append(f" {r.year if r.year is not None else '（年度未知）'} · ")
        text.append(GEN_NAMES.get(r.template or "", r.template or "格式未识别"))
        n_versions = len(self.detail.versions)
        if n_versions > 1:
            text.append(f" · 第 {r.version}/{n_versions} 版" + ("" if r.is_current else "（旧版）"),
                        "bold" if not r.is_current else "")
        counts = {s: sum(1 for e in self.entries if e.status == s) for s in ("fail", "warn", "incomplete")}
        excluded = sum(1 for e in self.entries if e.verdict is not None and e.verdict.excluded)
        text.append(" · ")
        text.append(f"!不符 {counts['fail']}", STATUS_STYLE["fail"] if counts["fail"] else "")
        text.append(f"  ~提示 {counts['warn']}  ?不完整 {counts['incomplete']}")
        if excluded:
            text.append(f"（已排除 {excluded}）", style("hint"))
        if self.detail.warnings:
            text.append(f" · 解析提示 {len(self.detail.warnings)}", style("warn"))
        text.append(f" · {safe(r.source_name)}", "dim")
        self.query_one("#report-title", Static).update(text)

    # -- the form -------------------------------------------------------------------------------------

    def render_form(self, scroll: bool = False) -> None:
        if self.detail is None:
            return
        view = self.query_one(FormView)
        width = view.line_width or (self.app.size.width - 1)
        form = self.trend_form(max(40, width)) or render_form(self.detail, max(40, width), self.marks, self.selected)
        self.anchors = form.anchors
        view.set_lines(form.lines)
        if scroll and self.selected:
            lines = [form.anchors[k] for k in self.selected if k in form.anchors]
            if lines:
                view.scroll_to_lines(min(lines), max(lines))
                # again once the layout is settled (the first time the view has no size yet)
                self.call_after_refresh(view.scroll_to_lines, min(lines), max(lines))

    def on_resize(self) -> None:
        self.call_after_refresh(self.render_form)
        self.call_after_refresh(self._size_check_columns)

    def _size_check_columns(self) -> None:
        table = self.query_one("#checks", DataTable)
        width = self.app.size.width
        title_w = max(12, width - 2 - 13 - 3 * 7 - 14 - VERDICT_W - 2)
        for key, w in (("mark", 2), ("rule", 13), ("verdict", VERDICT_W), ("title", title_w), ("expected", 7),
                       ("actual", 7), ("diff", 7)):
            column = table.columns.get(ColumnKey(key))
            if column is not None:
                column.width = w
                column.auto_width = False
        table.refresh()

    def select_entry(self, index: int) -> None:
        if not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        self.selected = set(entry.keys)
        self.render_form(scroll=True)
        self.query_one("#check-detail", Static).update(self._describe(entry))

    def _describe(self, entry: CheckEntry) -> Text:
        c = entry.check
        text = Text()
        text.append(f"{STATUS_MARK.get(c.status, '?')} {STATUS_NAME.get(c.status, c.status)} ",
                    STATUS_STYLE.get(c.status, ""))
        text.append(safe(c.rule_id), "bold")
        if entry.other_year:
            text.append(f"（与 {entry.other_year} 年）")
        text.append("  " + safe(c.title or c.formula) + "\n")
        text.append(safe(c.message or c.formula), "dim" if c.status == "pass" else "")
        if entry.verdict is not None:
            text.append("\n")
            text.append_text(verdict_line(entry.verdict))
        elif c.status in ("fail", "warn") and not self.read_only:
            text.append("\n按 d 判定（确认有误 / 已排除 / 待核）", style("hint"))
        return text

    @on(DataTable.RowHighlighted, "#checks")
    def check_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.select_entry(event.cursor_row)

    # -- actions --------------------------------------------------------------------------------------

    def _jump(self, step: int) -> None:
        table = self.query_one("#checks", DataTable)
        n = len(self.entries)
        if not n:
            return
        i = table.cursor_row
        for _ in range(n):
            i = (i + step) % n
            if self.entries[i].status in ("fail", "warn"):
                table.move_cursor(row=i)
                table.focus()
                return
        self.notify("此报告没有不符或提示。")

    def action_next_problem(self) -> None:
        self._jump(1)

    def action_prev_problem(self) -> None:
        self._jump(-1)

    def action_show_source(self) -> None:
        if self.detail is not None:
            self.host.open_source(self.detail.report)

    def action_show_versions(self) -> None:
        if self.detail is None:
            return
        if len(self.detail.versions) < 2:
            self.notify("这个机关这一年只报送过一个版本。")
            return
        self.host.open_versions(self.detail.versions, self.report_id)

    def action_compare(self) -> None:
        """``c``: this year with the year before it (the agency's first year: with the next one)."""
        if self.detail is None:
            return
        r = self.detail.report
        if r.agency is None or r.year is None:
            self.notify("待审核报告没有机关或年度，无法比较。", severity="warning")
            return
        agency, year = r.agency, r.year

        def years_of(archive: Archive) -> YearsLoaded:
            return YearsLoaded(agency, year, sorted(archive.agency(agency).years))

        load(self, years_of, group="report-compare", failure="无法比较", notify=True)

    def on_years_loaded(self, message: YearsLoaded) -> None:
        pair = pair_for(message.years, message.year)
        if pair is None:
            self.notify("这个机关只有一个年度的报告，无法比较。", severity="warning")
            return
        self.host.open_compare(message.agency, *pair)

    def action_assign(self) -> None:
        if self.detail is not None:
            self.assign(self.detail.report)

    def action_cycle_kind(self) -> None:
        """``k``: the report is 汇总 (compared with its children's sum), 本级, or as the text says (自动)."""
        if self.detail is None or self.refuse_if_read_only():
            return
        report = self.detail.report
        if report.needs_review:
            self.notify("待审核报告缺机关或年度：请先按 a 指定。", severity="warning")
            return

        def job(archive: Archive) -> HierarchyChanged:
            now = report_kind(archive, report)
            word = {None: "汇总", "region": "本级", "own": "自动"}[now.kind if now.source == "reviewer" else None]
            kind = set_kind(archive, report.id, word)
            return HierarchyChanged(f"报告 #{report.id} 的类型：{kind.describe()}")

        load(self, job, group="kind", failure="未能设置报告类型", notify=True, latest_only=False)

    def action_decide(self) -> None:
        """``d``: a verdict on the selected finding (确认有误 / 已排除 / 待核)."""
        table = self.query_one("#checks", DataTable)
        if self.detail is None or not 0 <= table.cursor_row < len(self.entries):
            return
        r = self.detail.report
        if r.needs_review:
            self.notify("待审核报告缺机关或年度：请先按 a 指定，再作判定。", severity="warning")
            return
        entry = self.entries[table.cursor_row]
        c = entry.check
        self.decide_finding(VerdictTarget(
            report_id=r.id, rule_id=c.rule_id, title=c.title, message=c.message or c.formula, status=c.status,
            strict=c.strict, where=f"{r.agency} {slot_year(r.year, entry.other_year) if r.year else ''}",
            mark=entry.verdict))


class SourceScreen(XxgkScreen):
    """The report's text as archived (plain text, never markup)."""

    SCREEN_ID = "source"
    STATUS_ID = "#source-title"
    BINDINGS = bindings_for("source")

    def __init__(self, report: ReportRow, line: int | None = None) -> None:
        super().__init__()
        self.report = report
        self.line = line  # 1-based: the line to put the cursor on (a search hit)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"原文 · {safe(self.report.agency or self.report.agency_name or '')} "
                          f"{self.report.year or ''} · {safe(self.report.source_name)}", style="bold"),
                     id="source-title")
        yield TextArea("正在读取…", read_only=True, soft_wrap=True, show_line_numbers=True, id="source")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self.reload()

    def reload(self) -> None:
        report_id = self.report.id

        def text_of(archive: Archive) -> SourceLoaded:
            text = archive.report_text(report_id)
            return SourceLoaded(strip_control(text.replace("\r\n", "\n").replace("\r", "\n")))

        load(self, text_of, group="source", failure="读取原文失败")

    def on_source_loaded(self, message: SourceLoaded) -> None:
        area = self.query_one(TextArea)
        area.load_text(message.text)
        if self.line is not None:
            row = min(max(0, self.line - 1), area.document.line_count - 1)
            area.move_cursor((row, 0))
            area.select_line(row)
            self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()


class VersionsScreen(XxgkScreen):
    """Every version one agency submitted for one year; Enter opens one."""

    SCREEN_ID = "versions"
    BINDINGS = bindings_for("versions")

    def __init__(self, versions: list[ReportRow], current_id: int) -> None:
        super().__init__()
        self.versions = versions
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("同一机关同一年度报送的各个版本（最后一个为现行版本）", classes="title")
        yield DataTable(id="versions", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        fill_table(table, ("版本", "导入时间 (UTC)", "来源文件", "不符", "状态"), [
            [Text(str(v.version), justify="right"), safe_text(v.imported_at.replace("T", " ")[:19]),
             safe_text(v.source_name), Text(str(v.n_fail), justify="right"),
             Text("现行" if v.is_current else "旧版", style="bold" if v.is_current else "dim")]
            for v in self.versions])
        for i, v in enumerate(self.versions):
            if v.id == self.current_id:
                table.move_cursor(row=i)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        v = self.versions[table.cursor_row]
        self.app.pop_screen()
        if v.id != self.current_id:
            self.host.open_report(v.id)

    def action_back(self) -> None:
        self.app.pop_screen()
