"""One report: the official form with a cell cursor and failing cells marked, its checks, the source text
at the selected cell's line, versions, parse warnings, and withdrawing a wrongly filed version.

The form's cursor (``[ … ]``) is what ``t`` opens the source at and what the line under the form
describes (raw text, where it was read, the checks that read it); choosing a check puts the cursor on
its first cell. ``z`` gives the form the whole screen, ``w`` lists the parse warnings.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static, TextArea
from textual.widgets.text_area import Selection

from xxgk.domain.templates import info
from xxgk.domain.verdicts import slot_year
from xxgk.presentation.checks import check_op, difference_text, expected_text, outcome_text
from xxgk.presentation.reports import table_name, template_name, version_state, where_text
from xxgk.presentation.status import check_status_text
from xxgk.presentation.text import plain_line, strip_control
from xxgk.presentation.times import local_time_text, zone_label
from xxgk.tui.actions import bindings_for
from xxgk.tui.closing import close
from xxgk.tui.common import STATUS_MARK, STATUS_STYLE, clip, fmt_number, safe, safe_text, style
from xxgk.tui.dialogs import ConfirmModal, PromptModal
from xxgk.tui.evaluation import ReportEvaluation
from xxgk.tui.form import LEGEND, render_form
from xxgk.tui.loading import ArchiveOpener, load, read_early
from xxgk.tui.messages import HierarchyChanged, ReportLoaded, SourceLoaded, Withdrawn, YearsLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.verdict_dialog import VerdictDeciding, VerdictTarget, row_style, verdict_cell, verdict_line
from xxgk.tui.widgets.checklist import ChecklistPanel
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.formview import FormView
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.rows import RowTable
from xxgk.tui.widgets.table import fill_table
from xxgk.workflows.locating import locate_value, locate_warning, warning_value
from xxgk.workflows.reports import CheckEntry, ReportView, report_view, withdraw
from xxgk.workflows.years import pair_for

if TYPE_CHECKING:
    from concurrent.futures import Future

    from xxgk.domain.findings import CellMark
    from xxgk.domain.model import CheckResult, ParseWarning, Value
    from xxgk.workflows.records import Archive, ReportDetail, ReportRow

# the 判定 column (6): 已排除 / 确认 / 待核 / 已过期
CHECK_COLUMNS = (("mark", 2), ("rule", 13), ("verdict", 6), ("title", 0), ("expected", 8), ("actual", 7), ("diff", 7))


def finding_mark(check: CheckResult) -> tuple[str, str]:
    """The mark and its style kind: a SOFT identity that fails reads ``~`` like a warning, never ``!``."""
    kind = "warn" if check.status == "fail" and not check.strict else check.status
    return STATUS_MARK.get(kind, "?"), kind


def version_words(report: ReportRow) -> str:
    return version_state(needs_review=report.needs_review, withdrawn=report.withdrawn,
                         superseded_by=None if report.withdrawn else report.superseded_by)




class ReportScreen(ReportEvaluation, VerdictDeciding):
    SCREEN_ID = "report"
    STATUS_ID = "#report-title"
    BINDINGS = bindings_for("report")
    STYLED = (RowTable, FormView, ChecklistPanel, VerticalScroll)

    def __init__(self, report_id: int, focus: tuple[str, str | None] | None = None,
                 early: Future[ReportView] | None = None) -> None:
        super().__init__()
        self.full_form = False
        self._start(report_id, focus, early)

    @classmethod
    def reading(cls, app: ArchiveOpener, report_id: int, focus: tuple[str, str | None] | None = None) -> ReportScreen:
        """A new report screen whose report is read from now on, in a thread, while the screen is composed and
        styled (which take as long as the reading)."""
        return cls(report_id, focus, early=read_early(app, lambda archive: report_view(archive, report_id)))

    def _start(self, report_id: int, focus: tuple[str, str | None] | None, early: Future[ReportView] | None) -> None:
        self.report_id = report_id
        self.focus_check = focus
        self.early = early  # the report's view, read since the key that opened it (``read_report``)
        self.detail: ReportDetail | None = None
        self.entries: list[CheckEntry] = []
        self.marks: dict[str, str] = {}
        self.cell_marks: dict[str, CellMark] = {}
        self.selected: set[str] = set()
        self.anchors: dict[str, int] = {}
        self.values: dict[str, Value] = {}
        self._drawn: tuple[object, ...] | None = None  # what the form was last rendered from
        self._entry_shown: tuple[ReportDetail, int] | None = None  # the check whose cells are selected

    def open(self, report_id: int, focus: tuple[str, str | None] | None = None) -> None:
        """This screen again, for ``report_id`` (the app reuses one report screen rather than building one per
        report): as a new screen shows it, nothing of the report shown before is left."""
        self._start(report_id, focus, None)
        self.stale = False
        if self.full_form:
            self.full_form = False
            self.set_class(False, "full-form")
        self.reset_evaluation()
        self.query_one("#report-title", Static).update("正在读取报告…")
        self.query_one(FormView).set_lines([])
        self.query_one("#cell-info", Static).update("")
        self.query_one("#check-detail", Static).update("")
        table = self.query_one("#checks", RowTable)
        table.clear()
        table.focus()
        self.reload()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在读取报告…", id="report-title")
        yield FormView(id="form-scroll")
        yield Static("", id="cell-info")
        yield RowTable(id="checks")
        yield Static("", id="check-detail")
        yield ChecklistPanel(id="checklist-panel")  # e: the evaluators' checklist (tui.evaluation)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._size_check_columns()
        self.query_one("#checks", RowTable).focus()
        self.reload()

    def _check_widths(self) -> list[tuple[str, int]]:
        fixed = sum(w for _, w in CHECK_COLUMNS) + 2 * len(CHECK_COLUMNS) + 1
        return [(k, w or max(12, self.app.size.width - fixed)) for k, w in CHECK_COLUMNS]

    def reload(self) -> None:
        report_id, early = self.report_id, self.early
        self.early = None  # read once: a reload reads the archive again
        if early is not None and early.done() and early.exception() is None:
            # read while the screen was built: shown now, in the screen's first frame (a worker's answer
            # would come a frame later)
            self.on_report_loaded(ReportLoaded(early.result()))
            return
        load(self, lambda archive: ReportLoaded(early.result() if early is not None else report_view(archive, report_id)),
             group="report", failure=f"读取报告 #{report_id} 失败")
        if self.detail is not None:  # a reload: the checklist and the trends are read again too
            self.reload_evaluation()

    def on_report_loaded(self, message: ReportLoaded) -> None:
        view = message.view
        if view.detail.report.id != self.report_id:  # posted for the report this screen showed before
            return
        self.detail = view.detail
        self.entries = view.entries
        self.cell_marks = view.marks
        self.marks = {key: mark.kind for key, mark in view.marks.items()}
        self.values = {v.key: v for v in view.detail.values}
        self._show_title()
        table = self.query_one("#checks", RowTable)
        old_row = table.cursor_row
        title_w = dict(self._check_widths())["title"]
        entries = self.entries

        def cells(i: int) -> list[Text]:  # made when row i is first drawn
            entry = entries[i]
            c = entry.check
            mark, kind = finding_mark(c)
            rule = c.rule_id + (f"↔{entry.other_year}" if entry.other_year else "")
            return [Text(mark, style=STATUS_STYLE.get(kind, "")), safe_text(clip(safe(rule), 12)),
                    verdict_cell(entry.verdict),
                    safe_text(clip(safe(c.title or c.message), title_w - 1), row_style(entry.verdict)),
                    Text(expected_text(c), justify="right"), Text(fmt_number(c.actual), justify="right"),
                    Text(difference_text(c), justify="right")]

        table.set_rows(len(entries), cells)
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
            self.show_cell(self.query_one(FormView).cursor_key)
            self.query_one("#check-detail", Static).update("此报告没有核对结果（未识别出统计表）。")

    def _show_title(self) -> None:
        assert self.detail is not None
        r = self.detail.report
        text = Text()
        if r.needs_review:
            text.append("【待审核】", style("review"))
        text.append(safe(r.agency or r.agency_name or "（机关未知）"), "bold")
        text.append(f" {r.year if r.year is not None else '（年度未知）'} · {template_name(r.template)}")
        n_versions = len(self.detail.versions)
        state = version_words(r)
        if n_versions > 1 or state != "现行":
            text.append(f" · 第 {r.version}/{n_versions} 版")
            if state != "现行":
                text.append(f"（{state}）", "bold")
        text.append(f" · {safe(r.source_name)}", "dim")
        text.append("\n")
        counts = {"fail": 0, "warn": 0, "incomplete": 0}
        for e in self.entries:
            _, kind = finding_mark(e.check)
            if kind in counts:
                counts[kind] += 1
        # the counts carry the marks, and the marks are explained: the legend of the form
        for kind, name in (("fail", "不符"), ("warn", "提示"), ("incomplete", "不完整")):
            text.append(f"{STATUS_MARK[kind]}", STATUS_STYLE[kind])
            text.append(f"{name} {counts[kind]}  ", "bold" if counts[kind] and kind == "fail" else "")
        excluded = sum(1 for e in self.entries if e.verdict is not None and e.verdict.excluded)
        if excluded:
            text.append(f"（已排除 {excluded}）  ", style("hint"))
        for mark, words in LEGEND[3:]:
            text.append(mark, "bold")
            text.append(f"{words}  ", "dim")
        if self.detail.warnings:
            text.append(f"解析提示 {len(self.detail.warnings)}（w）", "bold")
        self.query_one("#report-title", Static).update(text)

    # -- the form -------------------------------------------------------------------------------------

    def render_form(self, scroll: bool = False) -> None:
        if self.detail is None:
            return
        view = self.query_one(FormView)
        width = view.line_width or (self.app.size.width - 1)
        # the same lines again cost as much as the first time (every cell of the form): not redrawn
        drawn = (self.detail, self.trends, width, frozenset(self.selected), self.trends_on)
        if self._drawn is not None and all(a is b or a == b for a, b in zip(self._drawn, drawn, strict=True)):
            return
        self._drawn = drawn
        form = self.trend_form(max(40, width)) or render_form(self.detail, max(40, width), self.marks, self.selected)
        self.anchors = form.anchors
        view.set_lines(form.lines, form.spots)
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
        table = self.query_one("#checks", RowTable)
        widths = self._check_widths()
        table.set_columns([Text(_CHECK_HEADS[key]) for key, _ in widths], [w for _, w in widths])  # Text: no markup

    def select_entry(self, index: int) -> None:
        if not 0 <= index < len(self.entries) or self.detail is None:
            return
        self._entry_shown = (self.detail, index)
        entry = self.entries[index]
        self.selected = set(entry.keys)
        self.render_form(scroll=True)
        view = self.query_one(FormView)
        first = next((k for k in entry.keys if k in self.anchors), None)
        if first is not None:
            view.move_to_key(first, announce=False)
            lines = [self.anchors[k] for k in self.selected if k in self.anchors]
            self.call_after_refresh(view.scroll_to_lines, min(lines), max(lines))
        self.show_cell(view.cursor_key)
        self.query_one("#check-detail", Static).update(self._describe(entry))

    def _describe(self, entry: CheckEntry) -> Text:
        c = entry.check
        mark, kind = finding_mark(c)
        text = Text()
        text.append(f"{mark} {check_status_text(c.status, c.strict)} ", STATUS_STYLE.get(kind, ""))
        text.append(safe(c.rule_id), "bold")
        if entry.other_year:
            text.append(f"（与 {entry.other_year} 年）")
        text.append("  " + safe(c.title or c.formula) + "\n")
        if check_op(c) != "=" and c.expected is not None:
            body = f"{c.title}：{outcome_text(c)}" if c.title else outcome_text(c)  # a limit reads as a limit
        else:
            body = c.message or c.formula
        # our own wording (full-width punctuation kept), safe like any message that may quote report text
        text.append(plain_line(body), "dim" if c.status == "pass" else "")
        if entry.verdict is not None:
            text.append("\n")
            text.append_text(verdict_line(entry.verdict))
        elif c.status in ("fail", "warn") and not self.read_only:
            text.append("\n按 d 判定（确认有误 / 已排除 / 待核）", style("hint"))
        return text

    def show_cell(self, key: str | None) -> None:
        """The line under the form: the cursor cell's label, value, raw text, where it was read, its marks."""
        line = self.query_one("#cell-info", Static)
        value = self.values.get(key) if key else None
        if key is None or value is None:
            line.update(Text("（光标所在处没有数值）" if self.values else "", style="dim"))
            return
        ki = info(key)
        text = Text()
        table = table_name(ki.table) if ki else ""
        if table:
            text.append(f"{table} ", "bold")
        text.append(safe(value.label or (ki.label if ki else key)))
        shown = fmt_number(value.value, value.raw)
        text.append(f" = {shown or '（空白）'}", "bold")
        if value.raw != shown:
            text.append(f" · 原文“{safe(value.raw)}”" if value.raw else " · 原文为空白")
        if value.where:
            text.append(f" · {safe(where_text(value.where))}")
        mark = self.cell_marks.get(key)
        if mark is not None:
            for check in mark.checks:
                m, kind = finding_mark(check)
                text.append(f" {m}{safe(check.rule_id)}", STATUS_STYLE.get(kind, ""))
        text.append("  t 原文", "dim")
        line.update(text)

    @on(FormView.CellChanged)
    def cell_changed(self, message: FormView.CellChanged) -> None:
        self.show_cell(message.key)

    @on(RowTable.RowHighlighted, "#checks")
    def check_highlighted(self, event: RowTable.RowHighlighted) -> None:
        shown = self._entry_shown
        if shown is not None and shown[0] is self.detail and shown[1] == event.cursor_row:
            return  # the row the report was shown at (its cursor put there, then announced)
        self.select_entry(event.cursor_row)

    # -- actions --------------------------------------------------------------------------------------

    def _jump(self, step: int) -> None:
        table = self.query_one("#checks", RowTable)
        n = len(self.entries)
        if not n:
            return
        i = table.cursor_row
        for _ in range(n):
            i = (i + step) % n
            if self.entries[i].status in ("fail", "warn"):
                table.move_cursor(row=i)
                if not self.full_form:
                    table.focus()
                return
        self.notify("此报告没有不符或提示。")

    def action_next_problem(self) -> None:
        self._jump(1)

    def action_prev_problem(self) -> None:
        self._jump(-1)

    def action_focus_form(self) -> None:
        self.query_one(FormView).focus()

    def action_toggle_full(self) -> None:
        """``z``: the form alone on the screen (checks and their detail hidden), and back."""
        self.full_form = not self.full_form
        self.set_class(self.full_form, "full-form")
        if self.full_form:
            self.query_one(FormView).focus()
        else:
            self.query_one("#checks", RowTable).focus()
        self.call_after_refresh(self.render_form)

    def action_show_source(self) -> None:
        if self.detail is None:
            return
        key = self.query_one(FormView).cursor_key
        value = self.values.get(key) if key else None
        self.host.open_source(self.detail.report, value=value)

    def action_show_warnings(self) -> None:
        if self.detail is None:
            return
        if not self.detail.warnings:
            self.notify("此报告没有解析提示。")
            return

        def chosen(answer: tuple[str, int] | None) -> None:
            if answer is None or self.detail is None:
                return
            what, index = answer
            warning = self.detail.warnings[index]
            if what == "cell":
                key = self._warning_cell(warning)
                if key is not None:
                    if self.full_form is False:
                        self.query_one(FormView).focus()
                    self.query_one(FormView).move_to_key(key)
                    return
                self.notify("这条提示没有对应的单元格（数值未能归入表格），已打开原文。")
            self.host.open_source(self.detail.report, warning=warning)

        self.app.push_screen(WarningsModal(self.detail.warnings), chosen)

    def _warning_cell(self, warning: ParseWarning) -> str | None:
        """The form's cell a warning is about (``workflows.locating.warning_value``)."""
        on_form = [v for v in self.values.values() if v.key in self.anchors]
        value = warning_value(on_form, warning)
        return value.key if value is not None else None

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
        from xxgk.workflows.hierarchy import report_kind, set_kind

        def job(archive: Archive) -> HierarchyChanged:
            now = report_kind(archive, report)
            word = {None: "汇总", "region": "本级", "own": "自动"}[now.kind if now.source == "reviewer" else None]
            kind = set_kind(archive, report.id, word)
            return HierarchyChanged(f"报告 #{report.id} 的类型：{kind.describe()}")

        load(self, job, group="kind", failure="未能设置报告类型", notify=True, latest_only=False)

    def action_decide(self) -> None:
        """``d``: a verdict on the selected finding (确认有误 / 已排除 / 待核)."""
        table = self.query_one("#checks", RowTable)
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

    def action_withdraw(self) -> None:
        """``W``: withdraw this version (a wrongly filed one) with a reason; kept in the history."""
        if self.detail is None or self.refuse_if_read_only():
            return
        r = self.detail.report
        if r.withdrawn:
            self.notify(f"报告 #{r.id} 已撤回（{safe(r.withdrawn_reason or '')}）。", severity="warning")
            return
        what = f"报告 #{r.id}（{safe(r.agency or r.agency_name or '机关未知')} {r.year or ''} 第 {r.version} 版）"

        def reason_given(reason: str | None) -> None:
            if not reason:
                return

            def confirmed(yes: bool | None) -> None:
                if not yes:
                    return
                report_id = r.id
                load(self, lambda archive: Withdrawn(withdraw(archive, report_id, reason)), group="withdraw",
                     failure="未能撤回", notify=True, latest_only=False)

            self.app.push_screen(ConfirmModal(f"撤回{what}？撤回后它不再计入总览和统计，但保留在历史版本中。"
                                              f"理由：{reason}"), confirmed)

        self.app.push_screen(PromptModal(f"撤回{what}：请写明理由（必填，记入历史）", placeholder="如 误报为本机关的报告",
                                         required=True),
                             reason_given)

    def on_withdrawn(self, message: Withdrawn) -> None:
        r = message.report
        self.notify(f"已撤回报告 #{r.id}（{r.agency or r.agency_name or ''} {r.year or ''} 第 {r.version} 版），"
                    f"理由：{r.withdrawn_reason or ''}", title="已撤回")
        self.host.reload_screens()


_CHECK_HEADS = {"mark": "", "rule": "规则", "verdict": "判定", "title": "核对", "expected": "应为", "actual": "实为", "diff": "差"}


class WarningsModal(ModalScreen[tuple[str, int] | None]):
    """The report's parse warnings, one per row, the selected one in full; Enter: its cell, t: the source."""

    BINDINGS = [("escape,q", "cancel", "关闭"), ("t", "source", "原文")]

    def __init__(self, warnings: list[ParseWarning]) -> None:
        super().__init__()
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog warnings"):
            yield Static(Text(f"解析提示（{len(self.warnings)}）：导入时未能确定或需要核对的地方", style="bold"))
            yield DataTable(id="warning-list", cursor_type="row")
            yield Static("", id="warning-detail")
            yield Static("Enter 定位到单元格 · t 打开原文该处 · Esc 关闭", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        width = max(20, min(86, self.app.size.width - 12) - 24)
        fill_table(table, ("提示", "位置"), [
            [safe_text(clip(safe(w.message), width)), safe_text(clip(safe(where_text(w.where)), 20))]
            for w in self.warnings])
        table.focus()
        self.show(0)

    def show(self, index: int) -> None:
        if 0 <= index < len(self.warnings):
            w = self.warnings[index]
            body = plain_line(w.message) + (f"（{plain_line(where_text(w.where))}）" if w.where else "")
            self.query_one("#warning-detail", Static).update(Text(body))

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(event.cursor_row)

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        close(self, ("cell", event.cursor_row))

    def action_source(self) -> None:
        close(self, ("source", self.query_one(DataTable).cursor_row))

    def action_cancel(self) -> None:
        close(self)


class SourceScreen(XxgkScreen):
    """The report's text as archived (plain text, never markup), opened at a cell's or a warning's line;
    ``/`` searches, ``n`` / ``N`` go to the next / previous match."""

    SCREEN_ID = "source"
    STATUS_ID = "#source-status"
    BINDINGS = bindings_for("source")

    def __init__(self, report: ReportRow, value: Value | None = None, warning: ParseWarning | None = None,
                 line: int | None = None) -> None:
        super().__init__()
        self.report = report
        self.value = value
        self.warning = warning
        self.line = line  # 1-based: the line to put the cursor on (a search hit)
        self.lines: list[str] = []
        self.needle = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"原文 · {safe(self.report.agency or self.report.agency_name or '')} "
                          f"{self.report.year or ''} · {safe(self.report.source_name)}", style="bold"),
                     id="source-title")
        yield TextArea("正在读取…", read_only=True, soft_wrap=True, show_line_numbers=True, id="source")
        yield Static("", id="source-status")
        yield Input(placeholder="查找原文中的文字（Enter 查找，Esc 取消）", id="source-search")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#source-search", Input).display = False
        self.query_one(TextArea).focus()
        self.reload()

    def reload(self) -> None:
        report_id, value, warning, line = self.report.id, self.value, self.warning, self.line

        def text_of(archive: Archive) -> SourceLoaded:
            text = strip_control(archive.report_text(report_id).replace("\r\n", "\n").replace("\r", "\n"))
            lines = text.split("\n")
            where = None
            if value is not None:
                where = locate_value(lines, value)
            elif warning is not None:
                where = locate_warning(lines, warning, archive.report_values(report_id))
            elif line is not None:  # a search hit: the line itself
                return SourceLoaded(text, min(max(1, line), len(lines)), True, "")
            if where is None:
                return SourceLoaded(text)
            return SourceLoaded(text, where.line, where.exact, where.needle)

        load(self, text_of, group="source", failure="读取原文失败")

    def on_source_loaded(self, message: SourceLoaded) -> None:
        area = self.query_one(TextArea)
        area.load_text(message.text)
        self.lines = message.text.split("\n")
        status = self.query_one("#source-status", Static)
        if message.line is None:
            if self.value is not None or self.warning is not None:
                what = "这个单元格" if self.value is not None else "这条提示"
                status.update(Text(f"在原文中找不到{what}的位置；按 / 查找文字。", style="dim"))
            return
        row = message.line - 1
        line = self.lines[row] if row < len(self.lines) else ""
        col = line.find(message.needle) if message.needle else -1
        if col >= 0:
            area.selection = Selection((row, col), (row, col + len(message.needle)))
        else:
            area.selection = Selection((row, 0), (row, len(line)))
        self.call_after_refresh(area.scroll_cursor_visible, center=True, animate=False)
        what = "这个单元格" if self.value is not None else "这条提示" if self.warning is not None else "找到的文字"
        how = "" if message.exact else "（按标签和数值找到，请核对）"
        status.update(Text(f"{what}在原文第 {message.line} 行{how} · / 查找 · n 下一处 · N 上一处"))

    # -- search ------------------------------------------------------------------------------------------

    def action_search(self) -> None:
        box = self.query_one("#source-search", Input)
        box.display = True
        box.value = self.needle
        box.focus()

    @on(Input.Submitted, "#source-search")
    def search_submitted(self, event: Input.Submitted) -> None:
        self.needle = event.value
        self._close_search()
        self.find(1, from_cursor=True)

    def _close_search(self) -> None:
        self.query_one("#source-search", Input).display = False
        self.query_one(TextArea).focus()

    def find(self, step: int, from_cursor: bool = False) -> None:
        """Select the next (``step`` 1) or previous (-1) match of the needle after/before the cursor."""
        status = self.query_one("#source-status", Static)
        needle = self.needle
        if not needle:
            status.update(Text("按 / 输入要查找的文字。", style="dim"))
            return
        matches = [(r, c) for r, line in enumerate(self.lines) for c in _all(line, needle)]
        if not matches:
            status.update(Text(f"原文中没有“{safe(needle)}”。", style="bold"))
            return
        area = self.query_one(TextArea)
        start = tuple(area.selection.start)
        if step > 0:  # wraps around at the end of the text
            after = [m for m in matches if (m >= start if from_cursor else m > start)]
            target = after[0] if after else matches[0]
        else:
            before = [m for m in matches if m < start]
            target = before[-1] if before else matches[-1]
        r, c = target
        area.selection = Selection((r, c), (r, c + len(needle)))
        area.scroll_cursor_visible(center=True)
        status.update(Text(f"“{safe(needle)}”：第 {matches.index(target) + 1}/{len(matches)} 处，第 {r + 1} 行"
                           " · n 下一处 · N 上一处"))

    def action_find_next(self) -> None:
        self.find(1)

    def action_find_prev(self) -> None:
        self.find(-1)

    def action_back(self) -> None:
        box = self.query_one("#source-search", Input)
        if box.display:
            self._close_search()
            return
        self.leave()


def _all(line: str, needle: str) -> list[int]:
    out, i = [], line.find(needle)
    while i >= 0:
        out.append(i)
        i = line.find(needle, i + 1)
    return out


class VersionsScreen(XxgkScreen):
    """Every version one agency submitted for one year (withdrawn ones too); Enter opens one."""

    SCREEN_ID = "versions"
    BINDINGS = bindings_for("versions")

    def __init__(self, versions: list[ReportRow], current_id: int) -> None:
        super().__init__()
        self.versions = versions
        self.current_id = current_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("同一机关同一年度报送的各个版本（计入统计的是“现行”版本；已撤回的保留在这里）", classes="title")
        yield DataTable(id="versions", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        rows: list[list[Text | str]] = []
        for v in self.versions:
            state = version_words(v)
            note = f"{local_time_text(v.withdrawn_at)} {v.withdrawn_reason or ''}".strip() if v.withdrawn else ""
            rows.append([Text(str(v.version), justify="right"), safe_text(local_time_text(v.imported_at)),
                         safe_text(v.source_name), Text(str(v.n_strict_fail), justify="right"),
                         Text(state, style="bold" if state == "现行" else "dim"), safe_text(note)])
        fill_table(table, ("版本", f"导入时间（{zone_label()}）", "来源文件", "不符", "状态", "撤回说明"), rows)
        for i, v in enumerate(self.versions):
            if v.id == self.current_id:
                table.move_cursor(row=i)
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        v = self.versions[table.cursor_row]
        if self.leave() and v.id != self.current_id:
            self.host.open_report(v.id)
