"""One agency, two years side by side: rows aligned by key (``workflows.comparing.compare``), the
cross-year identities, and how much of the text is repeated from the other year."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from xxgk.domain.templates import info
from xxgk.presentation.checks import outcome_text
from xxgk.presentation.status import check_status_text
from xxgk.tui.actions import bindings_for
from xxgk.tui.common import STATUS_MARK, STATUS_STYLE, clip, fmt_delta, fmt_number, fmt_pct, safe
from xxgk.tui.dialogs import PromptModal
from xxgk.tui.exporting import agency_export, ask_export
from xxgk.tui.loading import ArchiveOpener, load, read_early
from xxgk.tui.messages import ComparisonLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.rows import RowTable
from xxgk.workflows.comparing import compare
from xxgk.workflows.years import shift_pair

if TYPE_CHECKING:
    from concurrent.futures import Future

    from xxgk.domain.compare import CompareRow
    from xxgk.domain.findings import CellMark
    from xxgk.domain.model import Number
    from xxgk.workflows.comparing import Comparison
    from xxgk.workflows.records import Archive

REPEAT_LIMIT = 0.5  # evaluators penalise a report that repeats more than half of last year's text


def short_label(row: CompareRow, width: int) -> str:
    """Row label clipped so that the column part (自然人, 总计, 本年制发件数 …) always stays visible."""
    ki = info(row.key_b or row.key_a or "")
    if ki is None or not ki.col_label or "（" in row.label:
        return clip(safe(row.label), width)
    row_label = re.sub(r"\(区分处理的.*?\)|\(单位.*?\)", "", ki.row_label)
    if ki.group and ki.table == "t3":
        row_label = f"{ki.group}{row_label}"
    col = " · " + re.sub(r"\(单位.*?\)", "", ki.col_label)
    return clip(safe(row_label), max(6, width - cell_len(col))) + col


def comparison_of(archive: Archive, agency: str, year_a: int, year_b: int) -> ComparisonLoaded:
    comparison = compare(archive, agency, year_a, year_b)
    return ComparisonLoaded(comparison, sorted(archive.agency(comparison.agency).years), (agency, year_a, year_b))


class CompareScreen(XxgkScreen):
    SCREEN_ID = "compare"
    STATUS_ID = "#compare-title"
    BINDINGS = bindings_for("compare")
    STYLED = (RowTable, VerticalScroll)

    def __init__(self, agency: str, year_a: int, year_b: int, early: Future[ComparisonLoaded] | None = None) -> None:
        super().__init__()
        self._start(agency, year_a, year_b, early)

    @classmethod
    def reading(cls, app: ArchiveOpener, agency: str, year_a: int, year_b: int) -> CompareScreen:
        """A new compare screen whose comparison is read from now on, in a thread, while the screen is composed
        and styled."""
        year_a, year_b = sorted((year_a, year_b))
        return cls(agency, year_a, year_b, early=read_early(app, lambda archive: comparison_of(archive, agency, year_a,
                                                                                            year_b)))

    def _start(self, agency: str, year_a: int, year_b: int, early: Future[ComparisonLoaded] | None) -> None:
        self.agency = agency
        self.year_a, self.year_b = sorted((year_a, year_b))
        self.early = early  # the comparison, read since the key that opened the screen (``reading``)
        self.comparison: Comparison | None = None
        self.years: list[int] = []
        self.hide_equal = False
        self.shown_rows: list[int] = []  # the table's rows: indexes into the comparison's rows (``e`` hides some)

    def open(self, agency: str, year_a: int, year_b: int) -> None:
        """This screen again, for another pair (the app reuses one compare screen rather than building one per
        comparison): as a new screen shows it, nothing of the comparison shown before is left."""
        self._start(agency, year_a, year_b, None)
        self.stale = False
        self.query_one("#compare-title", Static).update("正在比较…")
        table = self.query_one(RowTable)
        table.clear()
        self.query_one("#cross", Static).update("")
        self.query_one("#cross-scroll", VerticalScroll).scroll_home(animate=False)
        table.focus()
        self.reload()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在比较…", id="compare-title")
        yield RowTable(id="compare-table")
        with VerticalScroll(id="cross-scroll"):
            yield Static("", id="cross")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RowTable).focus()
        self.reload()

    def reload(self) -> None:
        agency, year_a, year_b, early = self.agency, self.year_a, self.year_b, self.early
        self.early = None  # read once: a reload reads the archive again
        if early is not None and early.done() and early.exception() is None:
            self.on_comparison_loaded(early.result())  # read while the screen was built: in its first frame
            return
        load(self, lambda archive: early.result() if early is not None else comparison_of(archive, agency, year_a, year_b),
             group="compare", failure="无法比较")

    def on_comparison_loaded(self, message: ComparisonLoaded) -> None:
        if message.asked != (self.agency, self.year_a, self.year_b):  # for the pair shown before
            return
        self.comparison = message.comparison
        self.years = message.years
        self.show()

    def show(self) -> None:
        c = self.comparison
        if c is None:
            return
        title = Text()
        title.append(safe(c.agency), "bold")
        title.append(f"  {c.year_a} → {c.year_b}")
        share = c.repeated_share
        if share is not None:
            over = share > REPEAT_LIMIT
            title.append(" · 文字与上年重复 ")
            title.append(("~" if over else "") + f"{share * 100:.0f}%", STATUS_STYLE["warn"] if over else "")
            if over:
                title.append("（超过 50%）", STATUS_STYLE["warn"])
        if self.hide_equal:
            title.append(" · 已隐藏相同/均为零的行", "bold")
        if any(r.approximate for r in c.rows):
            title.append(" · ≈ 跨格式近似对应", "dim")
        self.query_one("#compare-title", Static).update(title)

        table = self.query_one(RowTable)
        keep = table.cursor_row
        width = self.app.size.width
        num_w = 9
        label_w = max(20, width - 4 * (num_w + 2) - 6)
        # labels as Text: a str label is parsed as markup
        table.set_columns([Text("项目"), Text(str(c.year_a)), Text(str(c.year_b)), Text("增减"), Text("增减%")],
                          [label_w, num_w, num_w, num_w, num_w - 1])
        self.shown_rows = [i for i, row in enumerate(c.rows) if not (self.hide_equal and row.equal_or_zero)]
        rows, shown = c.rows, self.shown_rows

        def cells(i: int) -> list[Text]:  # made when row i is first drawn: the rows below the screen cost nothing
            row = rows[shown[i]]
            label = Text()
            if row.approximate:
                label.append("≈ ", "bold cyan")
            label.append(short_label(row, label_w - (2 if row.approximate else 0)))
            return [label, self._value(row.value_a, row.raw_a, row.mark_a, row.present_a),
                    self._value(row.value_b, row.raw_b, row.mark_b, row.present_b),
                    Text(fmt_delta(row.delta), justify="right", style="bold" if row.delta not in (None, 0) else ""),
                    Text(fmt_pct(row.delta_pct), justify="right")]

        if shown:
            table.set_rows(len(shown), cells)
        else:
            table.set_rows(1, lambda i: [Text("（两年数值全部相同或为零）", style="dim"), Text(), Text(), Text(), Text()])
        table.move_cursor(row=keep if keep < table.row_count else 0)
        self.query_one("#cross", Static).update(self._cross_text())

    @staticmethod
    def _value(value: Number | None, raw: str | None, mark: CellMark | None, present: bool) -> Text:
        if not present:
            return Text("—", justify="right", style="dim")
        shown = fmt_number(value, raw)
        if mark is not None:  # a SOFT identity (the narrative's 17 vs 95) reads ~, never like a STRICT !
            return Text(STATUS_MARK[mark.kind] + shown, justify="right", style=STATUS_STYLE[mark.kind])
        return Text(shown, justify="right")

    def _cross_text(self) -> Text:
        c = self.comparison
        text = Text()
        if c is None:
            return text
        if abs(c.year_b - c.year_a) != 1:
            text.append("跨年度核对（上年结转 = 上年结转下年度、现行有效件数衔接）只适用于相邻两年。", "dim")
            return text
        if not c.cross_year:
            text.append("这两年之间没有可做的跨年度核对（格式不同或缺少相关数据）。", "dim")
            return text
        counts = {s: 0 for s in ("pass", "fail", "warn", "incomplete")}
        for x in c.cross_year:
            counts["warn" if x.status == "fail" and not x.strict else x.status] += 1
        text.append(f"跨年度核对 {len(c.cross_year)} 项：", "bold")
        text.append(f"相符 {counts['pass']} · ")
        text.append(f"!不符 {counts['fail']}", STATUS_STYLE["fail"] if counts["fail"] else "")
        text.append(f" · ~提示 {counts['warn']} · ?不完整 {counts['incomplete']}\n")
        order = {"fail": 0, "warn": 1, "incomplete": 2, "pass": 3}
        for check in sorted(c.cross_year, key=lambda x: order.get(x.status, 9)):
            kind = "warn" if check.status == "fail" and not check.strict else check.status
            text.append(f"{STATUS_MARK.get(kind, '?'):>2} ", STATUS_STYLE.get(kind, ""))
            text.append(f"{safe(check.rule_id)} ", "bold")
            text.append(safe(check.title or check.formula))
            if check.expected is not None or check.actual is not None:
                text.append(f"：{outcome_text(check)}")
            if check.status == "pass" and (check.expected is not None or check.actual is not None):
                text.append("\n")  # the outcome ends in 相符 already (its repeat wrapped every line at 80 columns)
            else:
                text.append(f"  {check_status_text(check.status, check.strict)}\n", STATUS_STYLE.get(kind, ""))
        return text

    # -- actions --------------------------------------------------------------------------------------

    def action_toggle_equal(self) -> None:
        self.hide_equal = not self.hide_equal
        self.show()

    def action_shift(self, step: int) -> None:
        """``[`` / ``]``: the pair of years one present year earlier or later."""
        if len(self.years) < 2:
            return
        pair = shift_pair(self.years, (self.year_a, self.year_b), step)
        if pair is None:
            if self.year_a in self.years and self.year_b in self.years:
                self.notify("没有更" + ("早" if step < 0 else "晚") + "的年度了。")
            return
        self.year_a, self.year_b = pair
        self.reload()

    def action_choose_years(self) -> None:
        def done(value: str | None) -> None:
            if not value:
                return
            found = [int(x) for x in re.findall(r"\d{4}", value)]
            if len(found) != 2 or any(y not in self.years for y in found) or found[0] == found[1]:
                self.notify(f"请输入两个已有的年度（{'、'.join(map(str, self.years))}）。", severity="warning")
                return
            self.year_a, self.year_b = sorted(found)
            self.reload()

        self.app.push_screen(PromptModal(f"比较哪两年？已有：{'、'.join(map(str, self.years))}",
                                         f"{self.year_a} {self.year_b}"), done)

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        self.action_open_report()

    def action_open_report(self) -> None:
        if self.comparison is not None and self.comparison.report_b is not None:
            self.host.open_report(self.comparison.report_b.id)

    # -- export ---------------------------------------------------------------------------------------

    def export_years(self) -> tuple[int, int] | None:
        return (self.year_a, self.year_b)

    def action_export_comparison(self) -> None:
        """This agency's two years (what ``e`` hides is left out too): path, overwrite check, worker."""
        if self.comparison is None:
            return
        ask_export(self, agency_export(self.comparison.agency, self.year_a, self.year_b, self.hide_equal))
