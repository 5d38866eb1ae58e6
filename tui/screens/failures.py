"""Every failing (and, optionally, warning) identity across the archive, a page at a time from the store;
the selected finding's whole message on the line below; Enter opens the report at its cells; ``x``
exports the filtered list.

Filters: a year, a part of the agency's name, and a rule chosen from a list by its Chinese name
(``domain.rules``). Each change asks the store for the first page (``workflows.checking.findings_page``,
walked in index order) and, once that page is drawn, in a second worker for the counts: a page is on
screen before the archive is counted, and nothing of the archive but one page is ever held. The agency
names the agency filter suggests are read when that filter is first focused (at 100,000 reports they cost
more than the page).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static
from textual.widgets._select import SelectCurrent, SelectOverlay

from xxgk.domain.rules import RULE_NAMES, rule_name
from xxgk.presentation.checks import check_op, difference_text, outcome_text
from xxgk.presentation.status import check_status_text
from xxgk.presentation.text import display_width, plain_line
from xxgk.tui.actions import bindings_for
from xxgk.tui.common import STATUS_MARK, STATUS_STYLE, clip, safe, safe_text, style
from xxgk.tui.exporting import ask_export, failures_export
from xxgk.tui.loading import ArchiveOpener, load, read_early
from xxgk.tui.messages import AgencyNamesLoaded, FailureCountsLoaded, FailuresLoaded
from xxgk.tui.verdict_dialog import VerdictDeciding, VerdictTarget, row_style, verdict_cell, verdict_line
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.rows import RowTable
from xxgk.workflows.checking import FindingsQuery, count_query, findings_page

if TYPE_CHECKING:
    from concurrent.futures import Future

    from xxgk.workflows.records import Archive, Failure

PAGE_SIZE = 200  # rows read from the store at a time ([ and ] turn pages); only the lines on screen are drawn
COLUMNS = ("mark", "agency", "year", "rule", "verdict", "title", "diff")
HEADS = {"mark": "", "agency": "机关", "year": "年度", "rule": "规则", "verdict": "判定", "title": "核对", "diff": "差"}


def finding_kind(f: Failure) -> str:
    """A SOFT identity that fails is a 提示 (``~``), never marked like a STRICT ``!``."""
    return "warn" if f.status == "fail" and not f.strict else f.status


def column_widths(rows: list[Failure], width: int) -> dict[str, int]:
    """Columns sized to what they hold at ``width`` cells: the agency at most a third of what the fixed
    columns leave (16 cells at 80 columns), the rule at most 12, the difference as wide as its widest;
    every cell left goes to the description."""
    room = width - 2 * len(COLUMNS) - 2  # cell padding, the scrollbar
    agency = max((display_width(safe(f.agency or f"（待审核）{f.source_name}")) for f in rows), default=4)
    rule = max((display_width(_rule_text(f)) for f in rows), default=4)
    diff = max((display_width(difference_text(f)) for f in rows), default=2)
    out = {"mark": 1, "year": 4, "agency": max(4, min(agency, max(10, (width - 38) // 3))),
           "rule": max(4, min(rule, 12)), "verdict": 6, "diff": max(2, min(diff, 9))}
    out["title"] = max(12, room - sum(out.values()))
    return out


def _rule_text(f: Failure) -> str:
    return safe(f.rule_id + (f"↔{f.other_year}" if f.other_report_id else ""))


def finding_cells(f: Failure, widths: dict[str, int]) -> list[Text]:
    """One row of the list: every cell ``Text`` (untrusted names and titles never markup)."""
    kind = finding_kind(f)
    dim = row_style(f.verdict)
    return [Text(STATUS_MARK.get(kind, "?"), style=STATUS_STYLE.get(kind, "")),
            safe_text(clip(safe(f.agency or f"（待审核）{f.source_name}"), widths["agency"]), dim),
            Text(str(f.year or ""), justify="right", style=dim),
            safe_text(clip(_rule_text(f), widths["rule"]), dim), verdict_cell(f.verdict),
            safe_text(clip(safe(f.title or f.message), widths["title"]), dim),
            Text(difference_text(f), justify="right", style=dim)]


def first_page(archive: Archive, query: FindingsQuery, page: int) -> FailuresLoaded:
    """Page ``page`` of ``query``, and one more row (is there a next page?)."""
    rows = findings_page(archive, query, page, PAGE_SIZE, ahead=1)
    if not rows and page:  # the filters shrank the list under this page: its last page instead
        return FailuresLoaded([], page=page, query=query)
    return FailuresLoaded(rows, page=page, query=query)


class FailuresScreen(VerdictDeciding):
    SCREEN_ID = "failures"
    STATUS_ID = "#failure-status"
    BINDINGS = bindings_for("failures")
    STYLED = (RowTable, Horizontal, Select, SelectCurrent, SelectOverlay)

    def __init__(self, early: Future[FailuresLoaded] | None = None) -> None:
        super().__init__()
        self._start(early)
        self.agencies: list[str] = []

    @classmethod
    def reading(cls, app: ArchiveOpener) -> FailuresScreen:
        """A new failures screen whose first page (no filter yet) is read from now on, in a thread, while the
        screen is composed and styled."""
        return cls(early=read_early(app, lambda archive: first_page(archive, FindingsQuery(), 0)))

    def _start(self, early: Future[FailuresLoaded] | None) -> None:
        self.early = early  # the first page of the unfiltered list, read since the key (``reading``)
        self.with_warnings = True
        self.open_only = False  # o: hide the findings a verdict 已排除 applies to
        self.shown: list[Failure] = []
        self.page_no = 0
        self.has_next = False
        self.total: int | None = None  # None until counted
        self.counts_text = Text()
        self.counts_wanted = False  # the counts of the query are read once its page is drawn
        self.names_wanted = False  # the agency filter was focused: its suggestions are read (again on reload)

    def open(self) -> None:
        """This screen again (the app reuses one failures screen rather than building it again): as a new
        screen opens, with no filter, on the first page, nothing of the list shown before is left."""
        self._start(None)
        self.stale = False
        for box in ("#f-year", "#f-agency"):
            widget = self.query_one(box, Input)
            with widget.prevent(Input.Changed):  # cleared here: no change to answer
                widget.value = ""
        select = self.query_one("#f-rule", Select)
        with select.prevent(Select.Changed):
            select.clear()
        table = self.query_one(RowTable)
        table.clear()
        self.query_one("#failure-status", Static).update("正在读取…")
        self.query_one("#failure-detail", Static).update("")
        table.focus()
        self.reload()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="failure-filters"):
            yield Input(placeholder="年度", id="f-year", type="integer", max_length=4)
            yield Input(placeholder="机关（部分名称）", id="f-agency")
            yield Select([(Text(entry.label, no_wrap=True, overflow="ellipsis"), entry.query) for entry in RULE_NAMES],
                         prompt="全部规则（按名称选择）", id="f-rule", allow_blank=True)
        yield Static("正在读取…", id="failure-status")
        yield RowTable(id="failures")
        yield Static("", id="failure-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(RowTable)
        widths = column_widths([], self.app.size.width)
        table.set_columns([Text(HEADS[key]) for key in COLUMNS], [widths[key] for key in COLUMNS])  # Text: no markup
        table.focus()
        self.reload()

    # -- the query --------------------------------------------------------------------------------------

    def current_query(self) -> FindingsQuery:
        year_text = self.query_one("#f-year", Input).value.strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        agency = self.query_one("#f-agency", Input).value.strip() or None
        rule = self.query_one("#f-rule", Select).value
        statuses = ("fail", "warn") if self.with_warnings else ("fail",)
        return FindingsQuery(year=year, agency_like=agency, rule=rule if isinstance(rule, str) else None,
                             statuses=statuses, open_only=self.open_only)

    def reload(self) -> None:
        """The current page again, then the counts (a filter changed, or the archive did)."""
        self.total = None
        self.counts_wanted = True
        self.load_page()
        if self.names_wanted:
            self.load_names()

    def load_counts(self) -> None:
        query = self.current_query()
        load(self, lambda archive: FailureCountsLoaded(count_query(archive, query)), group="failures-count",
             failure="统计失败")

    def load_names(self) -> None:
        load(self, lambda archive: AgencyNamesLoaded([a.name for a in archive.agencies()]), group="failures-names",
             failure="读取机关失败")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "f-agency" and not self.names_wanted:
            self.names_wanted = True
            self.load_names()

    def load_page(self) -> None:
        query, page, early = self.current_query(), self.page_no, self.early
        self.early = None  # read once: any other page, or this one again, is read from the archive
        if early is not None and (query, page) != (FindingsQuery(), 0):
            early = None  # a filter was typed before the first page was shown
        if early is not None and early.done() and early.exception() is None:
            self.on_failures_loaded(early.result())  # read while the screen was built: in its first frame
            return
        load(self, lambda archive: early.result() if early is not None else first_page(archive, query, page),
             group="failures", failure="读取失败")

    def on_failures_loaded(self, message: FailuresLoaded) -> None:
        if message.query is not None and message.query != self.current_query():
            return  # the page of a query no longer asked (the filters shown before the screen was reused)
        if not message.failures and message.page:
            self.page_no = max(0, message.page - 1)
            self.load_page()
            return
        self.page_no = message.page
        self.has_next = len(message.failures) > PAGE_SIZE
        self.shown = message.failures[:PAGE_SIZE]
        self.show()
        if self.counts_wanted:  # after this page's frame: counting must not hold it back
            self.counts_wanted = False
            self.call_after_refresh(self.load_counts)

    def on_agency_names_loaded(self, message: AgencyNamesLoaded) -> None:
        if message.agencies != self.agencies:
            self.agencies = message.agencies
            self.query_one("#f-agency", Input).suggester = SuggestFromList(self.agencies)

    def on_failure_counts_loaded(self, message: FailureCountsLoaded) -> None:
        totals = message.totals
        self.total = totals.total
        text = Text()
        text.append(f"{STATUS_MARK['fail']}不符 {totals.strict}", STATUS_STYLE["fail"] if totals.strict else "")
        if self.with_warnings:
            text.append(f" · {STATUS_MARK['warn']}提示 {totals.soft}", STATUS_STYLE["warn"] if totals.soft else "")
        else:
            text.append(" · 提示已排除（w 切换）")
        text.append(f" · 共 {totals.total} 项")
        if totals.verdicts:
            text.append(f" · 判定：{totals.verdicts}")
        if self.open_only:
            text.append(" · 只看未排除（o 切换）", style("notice"))
        self.counts_text = text
        self.show_status()

    def show(self) -> None:
        table = self.query_one(RowTable)
        keep = table.cursor_row
        widths = column_widths(self.shown, self.app.size.width)
        shown = self.shown

        def cells(i: int) -> list[Text]:  # made when row i is first drawn: a page's other rows cost nothing
            return finding_cells(shown[i], widths)

        table.set_rows(len(shown), cells, [widths[key] for key in COLUMNS])
        if not self.shown:
            self.query_one("#failure-detail", Static).update(Text("没有符合条件的不符或提示。", style="dim"))
        else:
            table.move_cursor(row=min(keep, len(self.shown) - 1))
            self.show_detail(table.cursor_row)
        self.show_status()

    def show_status(self) -> None:
        text = Text()
        text.append_text(self.counts_text if self.total is not None else Text("正在统计…", style="dim"))
        if self.page_no or self.has_next:
            first = self.page_no * PAGE_SIZE + 1
            pages = f"/{-(-self.total // PAGE_SIZE)}" if self.total else ""
            text.append(f" · 第 {self.page_no + 1}{pages} 页（{first}–{first + len(self.shown) - 1}，[ ] 翻页）",
                        "bold")
        self.query_one("#failure-status", Static).update(text)

    def show_detail(self, index: int) -> None:
        detail = self.query_one("#failure-detail", Static)
        if not 0 <= index < len(self.shown):
            detail.update("")
            return
        f = self.shown[index]
        kind = finding_kind(f)
        text = Text()
        text.append(f"{STATUS_MARK.get(kind, '?')} {check_status_text(f.status, f.strict)} ", STATUS_STYLE.get(kind, ""))
        text.append(safe(rule_name(f.rule)), "bold")
        text.append(f"（{safe(f.rule_id)}）· {safe(f.agency or '（待审核）')} ")
        text.append(f"{f.other_year}→{f.year}" if f.other_report_id and f.other_year else str(f.year or ""))
        text.append("\n")
        message = f.message or f.title
        if check_op(f) != "=" and f.expected is not None:
            message = f"{f.title}：{outcome_text(f)}" if f.title else outcome_text(f)
        text.append(plain_line(message))  # our wording, its punctuation kept; no control character
        if f.verdict is not None:
            text.append("\n")
            text.append_text(verdict_line(f.verdict))
        text.append(f"\n来源：{safe(f.source_name)} · Enter 打开报告并标出单元格 · d 判定", "dim")
        detail.update(text)

    @on(RowTable.RowHighlighted, "#failures")
    def row_highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def action_page(self, step: int) -> None:
        if step > 0 and not self.has_next:
            self.notify("已是最后一页。")
            return
        if step < 0 and not self.page_no:
            return
        self.page_no = max(0, self.page_no + step)
        self.query_one(RowTable).move_cursor(row=0)
        self.load_page()

    @on(Input.Changed, "#f-agency")
    @on(Input.Changed, "#f-year")
    @on(Select.Changed, "#f-rule")
    def query_changed(self) -> None:
        self.page_no = 0
        self.reload()

    @on(Input.Submitted)
    def filter_done(self) -> None:
        self.query_one(RowTable).focus()

    @on(RowTable.RowSelected, "#failures")
    def row_selected(self, event: RowTable.RowSelected) -> None:
        self.action_open_failure()

    def action_open_failure(self) -> None:
        table = self.query_one(RowTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return
        f = self.shown[table.cursor_row]
        self.host.open_report(f.report_id, focus=(f.rule, f.scope))

    def action_focus_filter(self) -> None:
        self.query_one("#f-year", Input).focus()

    def action_decide(self) -> None:
        """``d``: a verdict on the selected finding."""
        table = self.query_one(RowTable)
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
        self.page_no = 0
        self.reload()

    def action_toggle_warn(self) -> None:
        self.with_warnings = not self.with_warnings
        self.page_no = 0
        self.reload()

    def action_export_failures(self) -> None:
        """``x``: the list as filtered now (every page), to XLSX or CSV."""
        q = self.current_query()
        ask_export(self, failures_export(q.year, q.agency_like, q.rule, q.statuses, q.open_only))

    def action_back(self) -> None:
        if isinstance(self.focused, Input | Select):
            self.query_one(RowTable).focus()
        else:
            super().action_back()
