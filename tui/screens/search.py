"""Search the archive's text (``workflows.search``): type words, Enter lists the lines of current reports
that contain them all; Enter on a hit opens the report's text at that line."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from xxgk.tui.actions import bindings_for
from xxgk.tui.common import clip, safe, safe_text, style
from xxgk.tui.loading import load
from xxgk.tui.messages import SearchLoaded
from xxgk.tui.screens.base import XxgkScreen
from xxgk.tui.widgets.footer import KeyFooter
from xxgk.tui.widgets.header import Header
from xxgk.tui.widgets.table import fill_table
from xxgk.workflows.search import excerpt, search

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive

COLUMNS = ("机关", "年度", "行", "内容")
AGENCY_W = 20  # cells: a long agency name is clipped, the text gets the rest of the width


class SearchScreen(XxgkScreen):
    SCREEN_ID = "search"
    STATUS_ID = "#search-status"
    BINDINGS = bindings_for("search")

    def __init__(self) -> None:
        super().__init__()
        self.result: SearchLoaded | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        # select_on_focus=False: an input method commits one character at a time
        yield Input(placeholder="查找原文：输入词语（空格分开，如 依申请 收费），Enter 查找", id="search-input",
                    select_on_focus=False)
        yield Static("在全部现行报告的原文中查找含有全部词语的行；在结果上按 Enter 打开原文的那一行。",
                     id="search-status")
        yield DataTable(id="search-hits", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.query_one(Input).focus()

    @on(Input.Submitted, "#search-input")
    def run_search(self) -> None:
        words = self.query_one(Input).value.strip()
        if not words:
            return

        def job(archive: Archive) -> SearchLoaded:
            result = search(archive, words)
            return SearchLoaded(result, {rid: archive.report(rid) for rid in {h.report_id for h in result.hits}})

        self.query_one("#search-status", Static).update(Text("正在查找…", style=style("hint")))
        load(self, job, group="search", failure="查找失败")

    def reload(self) -> None:
        if self.result is not None:
            self.run_search()

    def on_search_loaded(self, message: SearchLoaded) -> None:
        self.result = message
        r = message.result
        table = self.query_one(DataTable)
        cells = max(20, self.app.size.width - AGENCY_W - 4 - 5 - 10)  # the text's column, in terminal cells
        rows: list[list[Text | str]] = []
        for hit in r.hits:
            piece, _ = excerpt(hit.text, r.terms, max(10, cells // 2))  # characters: most are double width
            text = safe_text(clip(safe(piece), cells))
            text.highlight_words([safe(t) for t in r.terms], style=style("selected"))
            agency = hit.agency or f"（待审核）{hit.source_name}"
            rows.append([safe_text(clip(safe(agency), AGENCY_W)), Text(str(hit.year or "")),
                         Text(str(hit.line), justify="right"), text])
        fill_table(table, COLUMNS, rows or [["", "", "", Text("没有找到。", style=style("hint"))]])
        status = Text()
        status.append(f"“{safe(' '.join(r.terms))}”：共 {r.total} 行", style("notice"))
        if r.more:
            status.append(f"，列出前 {len(r.hits)} 行", style("hint"))
        status.append(" · Enter 打开原文的那一行 · / 改查找词", style("hint"))
        self.query_one("#search-status", Static).update(status)
        if r.hits:
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_hit()

    def action_open_hit(self) -> None:
        if self.result is None:
            return
        hits = self.result.result.hits
        row = self.query_one(DataTable).cursor_row
        if 0 <= row < len(hits):
            hit = hits[row]
            self.host.open_source(self.result.reports[hit.report_id], line=hit.line)

    def action_focus_input(self) -> None:
        self.query_one(Input).focus()

    def action_back(self) -> None:
        if self.app.focused is self.query_one(Input) and self.result is not None:
            self.query_one(DataTable).focus()
            return
        self.leave()
