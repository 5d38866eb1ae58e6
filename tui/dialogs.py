"""Small dialogs every screen may open: assign an agency and year, ask for a text (a path), confirm.

They only ask; what is done with the answer is the calling screen's (through ``xxgk.tui.loading``)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester, SuggestFromList
from textual.widgets import Input, Label, Static

from xxgk.tui.closing import close
from xxgk.tui.common import safe, style

if TYPE_CHECKING:
    from xxgk.workflows.records import ReportRow


class AssignModal(ModalScreen[tuple[str, int] | None]):
    """Agency and year for a report waiting for review. Enter in the year box submits, Esc cancels."""

    BINDINGS = [("escape", "cancel", "取消")]

    def __init__(self, report: ReportRow, agencies: list[str] | None = None) -> None:
        super().__init__()
        self.report = report
        self.agencies = agencies or []

    def compose(self) -> ComposeResult:
        r = self.report
        with Vertical(classes="dialog"):
            yield Static(Text(f"为报告 #{r.id}（{safe(r.source_name)}）指定机关和年度", style="bold"))
            yield Label("机关名称")
            yield Input(value=safe(r.agency or r.agency_name or ""), id="agency", placeholder="如 淮安市洪泽区人民政府",
                        suggester=SuggestFromList(self.agencies) if self.agencies else None)
            yield Label("年度")
            yield Input(value=str(r.year) if r.year else "", id="year", placeholder="如 2021", type="integer",
                        max_length=4)
            yield Static("Enter 确定 · Esc 取消", classes="hint")
            yield Static("", id="error")

    def on_mount(self) -> None:
        self.query_one("#agency" if not self.query_one("#agency", Input).value else "#year", Input).focus()

    @on(Input.Submitted, "#agency")
    def agency_done(self) -> None:
        self.query_one("#year", Input).focus()

    @on(Input.Submitted, "#year")
    def submit(self) -> None:
        agency = self.query_one("#agency", Input).value.strip()
        year_text = self.query_one("#year", Input).value.strip()
        error = self.query_one("#error", Static)
        if not agency:
            error.update(Text("请填写机关名称。", style=style("error")))
            self.query_one("#agency", Input).focus()
            return
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            error.update(Text("年度应为四位数字，如 2021。", style=style("error")))
            return
        close(self, (agency, int(year_text)))

    def action_cancel(self) -> None:
        close(self)


class PromptModal(ModalScreen[str | None]):
    BINDINGS = [("escape", "cancel", "取消")]

    def __init__(self, title: str, value: str = "", placeholder: str = "",
                 suggester: Suggester | None = None, required: bool = False) -> None:
        super().__init__()
        self.required = required  # an empty answer keeps the prompt open (a withdrawal's reason)
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.suggester = suggester

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.title_text, style="bold"))
            yield Input(value=self.value, placeholder=self.placeholder, suggester=self.suggester, id="value")
            yield Static("Enter 确定 · Esc 取消", classes="hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        if not answer and self.required:
            self.notify("请填写后再按 Enter（Esc 取消）。", severity="warning")
            return
        close(self, answer or None)

    def action_cancel(self) -> None:
        close(self)


class ConfirmModal(ModalScreen[bool]):
    BINDINGS = [("y", "answer(True)", "是"), ("n,escape", "answer(False)", "否")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"))
            yield Static("y 是 · n / Esc 否", classes="hint")

    def action_answer(self, yes: bool) -> None:
        close(self, yes)
