"""The region's summary (汇总) of a year: every cell summed as the official form lays it out (a sum with a
blank or a missing cell carries ``?`` and is listed with what it lacks), the reports included, missing
and incomplete, the region's indicators, and (``l``) each indicator's ranked list of agencies."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from xxgk.domain.indicators import INDICATORS
from xxgk.domain.model import Value
from xxgk.domain.templates import GEN_NAMES, label_for
from xxgk.presentation.filenames import safe_filename
from xxgk.presentation.indicators import LEGEND, fraction_text, reading_note, reading_text
from xxgk.tui.actions import bindings_for
from xxgk.tui.common import clip, pad, safe, safe_text, style, wrap_cells
from xxgk.tui.dialogs import ConfirmModal, PromptModal
from xxgk.tui.form import DIM, TITLE, Form, render_form
from xxgk.tui.loading import JobError, load
from xxgk.tui.messages import Exported, SummaryLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.formview import FormView
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.paths import PathSuggester
from xxgk.workflows.summary import region_summary

if TYPE_CHECKING:
    from xxgk.domain.model import ParseWarning
    from xxgk.workflows.records import Archive
    from xxgk.workflows.summary import RegionSummary


@dataclass
class _Report:
    template: str | None
    table_templates: dict[str, str] = field(default_factory=dict)


@dataclass
class SumsAsReport:
    """The region's sums as the form renderer reads a report (``tui.form.render_form``)."""

    report: _Report
    values: list[Value]
    warnings: list[ParseWarning] = field(default_factory=list)


def sums_form(s: RegionSummary, width: int) -> Form:
    """The sums as the official form, then the incomplete sums with what they lack, then the indicators."""
    values = [Value(k.key, label_for(k.key), k.total, "") for k in s.sums.values()]
    marks = {k.key: "incomplete" for k in s.sums.values() if not k.complete}
    form = render_form(SumsAsReport(_Report(s.template), values), width, marks)  # type: ignore[arg-type]
    lines = list(form.lines)
    head = Form()
    for part in wrap_cells(f"? = 合计不完整：有报告该项空白或没有该项（不是全区总数，空白不计为 0）；"
                           f"按 {GEN_NAMES.get(s.template or '', '')}汇总", width - 1):
        head.add(Text(part, style=DIM))
    out = Form(head.lines + lines, {k: v + len(head.lines) for k, v in form.anchors.items()})
    incomplete = s.incomplete_sums
    out.add(f"不完整的合计（{len(incomplete)} 项）", TITLE)
    for k in incomplete:
        for i, part in enumerate(wrap_cells(f"{label_for(k.key)}：{k.note() or '没有报告填写'}", width - 3)):
            out.add(Text(("? " if i == 0 else "  ") + part, style=style("incomplete") if i == 0 else ""))
    out.add()
    out.add("全区指标（按合计计算，不是各机关比率的平均）", TITLE)
    for r in s.readings:
        line = Text(pad(safe(r.indicator.name), 24) + pad(reading_text(r), 10, "right") + "  ",
                    style=style("fail") if r.flagged else "")
        line.append(pad(fraction_text(r), 12) + " " + reading_note(r, s.settings), style=DIM)
        out.add(line)
    for part in wrap_cells(LEGEND, width - 1):
        out.add(Text(part, style=DIM))
    for text in out.lines:
        text.no_wrap = True
        text.truncate(width)
    return out


class SummaryScreen(XxgkScreen):
    SCREEN_ID = "summary"
    STATUS_ID = "#summary-title"
    BINDINGS = bindings_for("summary")
    CSS = """
    #summary-title { height: auto; max-height: 3; padding: 0 1; }
    #summary-form { height: 1fr; border-top: solid $primary-darken-2; }
    #summary-ranking { height: 1fr; display: none; border-top: solid $primary-darken-2; }
    #summary-detail { height: auto; max-height: 3; padding: 0 1; background: $boost; }
    """

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.years: list[int] = []
        self.agencies: list[str] = []  # empty: every agency
        self.summary: RegionSummary | None = None
        self.ranking = False
        self.indicator = 0  # index into INDICATORS for the ranked list
        self.ranked: list[str] = []  # agency names in the ranked list's order

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("正在汇总…", id="summary-title")
        yield FormView(id="summary-form")
        yield DataTable(id="summary-ranking", cursor_type="row")
        yield Static("", id="summary-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(FormView).focus()
        self.reload()

    def reload(self) -> None:
        year, agencies = self.year, list(self.agencies)

        def summary_of(archive: Archive) -> SummaryLoaded:
            years = archive.years()
            if not years:
                raise JobError("档案中还没有报告")
            chosen = year if year is not None else years[-1]
            return SummaryLoaded(region_summary(archive, chosen, agencies=agencies), years)

        load(self, summary_of, group="summary", failure="汇总失败")

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        self.summary = message.summary
        self.years = message.years
        self.year = message.summary.year
        self.show()

    # -- drawing ----------------------------------------------------------------------------------------

    def show(self) -> None:
        s = self.summary
        if s is None:
            return
        title = Text()
        title.append(f"{s.year} 年汇总", "bold")
        title.append(f" · {safe(s.scope.label)} · {s.counts_text()}")
        if s.missing:
            names = "、".join(safe(ln.agency) for ln in s.missing)
            title.append("\n未报送：" + clip(names, max(10, self.app.size.width - 12)), style("missing"))
        self.query_one("#summary-title", Static).update(title)
        self.query_one(FormView).display = not self.ranking
        self.query_one("#summary-ranking", DataTable).display = self.ranking
        if self.ranking:
            self.show_ranking()
            self.query_one("#summary-ranking", DataTable).focus()
        else:
            view = self.query_one(FormView)
            width = view.line_width or (self.app.size.width - 1)
            view.set_lines(sums_form(s, max(40, width)).lines)
            view.focus()
            self.query_one("#summary-detail", Static).update(Text(
                "l 指标排名 · [ ] 换年度 · a 选择机关 · x 导出 XLSX", style="dim"))

    def show_ranking(self) -> None:
        s = self.summary
        assert s is not None
        ind = INDICATORS[self.indicator]
        table = self.query_one("#summary-ranking", DataTable)
        table.clear(columns=True)
        width = self.app.size.width
        name_w = max(12, width - 4 - 10 - 12 - 22 - 10)
        table.add_column("名次", width=4, key="place")
        table.add_column("机关", width=name_w, key="agency")
        table.add_column("数值", width=10, key="value")
        table.add_column("计算", width=12, key="fraction")
        table.add_column("说明", width=22, key="note")
        ranked = s.ranking(ind.id)
        self.ranked = [name for name, _r in ranked]
        place = 0
        for name, r in ranked:
            place += r.state == "rated"
            flagged = style("fail") if r.flagged else ""
            table.add_row(Text(str(place) if r.state == "rated" else "", justify="right"),
                          safe_text(clip(safe(name), name_w - 1)),
                          Text(reading_text(r), justify="right", style=flagged), Text(fraction_text(r), justify="right"),
                          safe_text(clip(reading_note(r, s.settings), 21)))
        if not ranked:
            table.add_row("", Text("（没有报告）", style="dim"), "", "", "")
        region = next(r for r in s.readings if r.id == ind.id)
        detail = Text()
        detail.append(f"{ind.name}（i 换指标，{self.indicator + 1}/{len(INDICATORS)}）", "bold")
        detail.append(f"  全区 {reading_text(region)} {fraction_text(region)}\n")
        detail.append(safe(ind.definition()), "dim")
        self.query_one("#summary-detail", Static).update(detail)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show)

    # -- actions ----------------------------------------------------------------------------------------

    def action_toggle_ranking(self) -> None:
        self.ranking = not self.ranking
        self.show()

    def action_next_indicator(self) -> None:
        self.indicator = (self.indicator + 1) % len(INDICATORS)
        if not self.ranking:
            self.ranking = True
        self.show()

    def action_shift(self, step: int) -> None:
        if self.year is None or not self.years:
            return
        later = [y for y in self.years if (y > self.year if step > 0 else y < self.year)]
        if not later:
            self.notify("没有更" + ("晚" if step > 0 else "早") + "的年度了。")
            return
        self.year = min(later) if step > 0 else max(later)
        self.reload()

    def action_choose_year(self) -> None:
        def done(value: str | None) -> None:
            found = [int(x) for x in re.findall(r"\d{4}", value or "")]
            if not value:
                return
            if len(found) != 1 or found[0] not in self.years:
                self.notify(f"请输入一个已有的年度（{'、'.join(map(str, self.years))}）。", severity="warning")
                return
            self.year = found[0]
            self.reload()

        self.app.push_screen(PromptModal(f"汇总哪一年？已有：{'、'.join(map(str, self.years))}", str(self.year or "")),
                             done)

    def action_choose_agencies(self) -> None:
        def done(value: str | None) -> None:
            if value is None:
                return
            self.agencies = [p for p in re.split(r"[\s、,，;；]+", value) if p]
            self.reload()

        self.app.push_screen(PromptModal("汇总哪些机关？用空格或顿号分开；留空为全部机关", " ".join(self.agencies)), done)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_report()

    def action_open_report(self) -> None:
        s = self.summary
        if s is None or not self.ranking:
            return
        row = self.query_one("#summary-ranking", DataTable).cursor_row
        if not 0 <= row < len(self.ranked):
            return
        line = next((ln for ln in s.included if ln.agency == self.ranked[row]), None)
        if line is not None and line.report is not None:
            self.host.open_report(line.report.id)

    # -- export -----------------------------------------------------------------------------------------

    def action_export_summary(self) -> None:
        s = self.summary
        if s is None:
            return
        default = str(Path.cwd() / safe_filename(f"{s.scope.label}_{s.year}_汇总.xlsx"))

        def chosen(value: str | None) -> None:
            if not value:
                return
            path = Path(value).expanduser()
            if path.suffix.lower() != ".xlsx":
                path = path.with_suffix(path.suffix + ".xlsx") if path.suffix else path.with_suffix(".xlsx")
            if path.exists():
                self.app.push_screen(ConfirmModal(f"{path} 已存在，覆盖吗？"),
                                     lambda yes: self.export_to(path) if yes else None)
            else:
                self.export_to(path)

        self.app.push_screen(PromptModal("导出汇总到 XLSX 文件：", default, suggester=PathSuggester()), chosen)

    def export_to(self, path: Path) -> None:
        year, agencies = self.year, list(self.agencies)
        assert year is not None

        def export(archive: Archive) -> Exported:
            # openpyxl only when exporting, never on the way to the first frame (as the compare screen)
            from xxgk.exporters import ExportError
            from xxgk.exporters.summary import export_summary_xlsx

            try:
                export_summary_xlsx(archive, year, path, agencies=agencies, force=True)
            except ExportError as exc:
                raise JobError(str(exc)) from None
            return Exported(path)

        load(self, export, group="export", failure="导出失败", notify=True, latest_only=False)

    def on_exported(self, message: Exported) -> None:
        self.notify(f"已导出到 {message.path}", title="导出完成")
