"""The evaluators' checklist of one report as a panel (the report screen's ``e``): one row per item with
its mark and conclusion, and under it the evidence of the item under the cursor — the text quoted with its
line, the dates found, the figures. Report text is shown as ``Text``, never markup."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from xxgk.presentation.indicators import CHECKLIST_STATUS, readings_line
from xxgk.tui.common import STATUS_MARK, clip, safe, safe_text, style
from xxgk.tui.widgets.rows import RowTable

if TYPE_CHECKING:
    from xxgk.domain.checklist import Item
    from xxgk.workflows.checklist import ReportChecklist

TITLE_W, STATE_W = 18, 9


class ChecklistPanel(Vertical):
    DEFAULT_CSS = """
    ChecklistPanel { height: 1fr; display: none; border-top: solid $primary-darken-2; }
    ChecklistPanel.shown { display: block; }
    ChecklistPanel #checklist-title { height: auto; max-height: 2; padding: 0 1; }
    ChecklistPanel #checklist-items { height: auto; max-height: 10; }
    ChecklistPanel #checklist-evidence-scroll { height: 1fr; border-top: solid $primary-darken-2;
                                                scrollbar-size-vertical: 1; }
    ChecklistPanel #checklist-evidence { padding: 0 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result: ReportChecklist | None = None

    def compose(self) -> ComposeResult:
        yield Static("正在生成评估清单…", id="checklist-title")
        yield RowTable(id="checklist-items")
        with VerticalScroll(id="checklist-evidence-scroll"):
            yield Static("", id="checklist-evidence")

    def on_mount(self) -> None:
        table = self.query_one("#checklist-items", RowTable)
        # labels as Text: a str label is parsed as markup (and loads rich's table of emoji names)
        table.set_columns([Text(""), Text("项目"), Text("结论"), Text("说明")],
                          [2, TITLE_W, STATE_W, self._summary_width()])

    def _summary_width(self) -> int:
        return max(16, self.app.size.width - 2 - TITLE_W - STATE_W - 10)

    @property
    def items(self) -> list[Item]:
        return self.result.checklist.items if self.result is not None else []

    def show_checklist(self, result: ReportChecklist) -> None:
        self.result = result
        cl = result.checklist
        title = Text("评估清单", style="bold")
        if result.previous is not None:
            title.append(f" · 与 {result.previous.year} 年报告 #{result.previous.id} 比对重复")
        counts = cl.counts()
        title.append(" · ")
        for n, status in enumerate(("fail", "warn", "incomplete", "pass")):
            title.append(("、" if n else "") + f"{STATUS_MARK[status]}{CHECKLIST_STATUS[status]} {counts[status]}",
                         style(status) if counts[status] and status != "pass" else "")
        if result.indicators:
            title.append("\n" + clip("指标：" + readings_line(result.indicators), max(20, self.app.size.width - 2)), style("hint"))
        self.query_one("#checklist-title", Static).update(title)
        table = self.query_one("#checklist-items", RowTable)
        row = table.cursor_row
        width = self._summary_width()
        items = cl.items

        def cells(i: int) -> list[Text]:
            item = items[i]
            kind = style(item.status)
            return [Text(STATUS_MARK[item.status], style=kind), safe_text(item.title),
                    Text(CHECKLIST_STATUS[item.status], style=kind), safe_text(clip(safe(item.summary), width - 1))]

        table.set_rows(len(items), cells)
        if cl.items:
            table.move_cursor(row=min(row, len(cl.items) - 1) if row else 0)
            self.show_item(table.cursor_row)

    def show_item(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        item = self.items[index]
        text = Text()
        text.append(f"{STATUS_MARK[item.status]}{CHECKLIST_STATUS[item.status]} ", style(item.status))
        text.append(f"{item.title}：", "bold")
        text.append(safe(item.summary) + "\n")
        for e in item.evidence:
            head = "，".join(p for p in (f"第 {e.line} 行" if e.line else "", safe(e.note)) if p)
            text.append(f"  {head}：" if head else "  ", "dim")
            text.append(safe(e.text) + "\n")
        if not item.evidence:
            text.append("  （没有更多证据）\n", "dim")
        self.query_one("#checklist-evidence", Static).update(text)
        self.query_one("#checklist-evidence-scroll", VerticalScroll).scroll_home(animate=False)

    @on(RowTable.RowHighlighted, "#checklist-items")
    def _highlighted(self, event: RowTable.RowHighlighted) -> None:
        self.show_item(event.cursor_row)

    def focus_items(self) -> None:
        self.query_one("#checklist-items", RowTable).focus()
