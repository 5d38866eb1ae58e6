"""The verdict on a finding, in the app: the small dialog (``d`` on the report screen's check list and on the
failures list), the mark a finding's row shows, and the mixin screens use to record a verdict.

The dialog asks only (status, reason, note); ``VerdictDeciding.decide_finding`` saves it in a worker
(``workflows.verdicts.decide``) and every screen reloads, since a verdict changes the open counts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from xxgk.domain.verdicts import DECISIONS, VerdictMark
from xxgk.presentation.status import check_status_text
from xxgk.presentation.verdicts import (
    EXCLUDE_REASONS,
    VERDICT_NAME,
    verdict_label,
    verdict_style,
    verdict_text,
)
from xxgk.tui.closing import close
from xxgk.tui.common import clip, safe, style
from xxgk.tui.loading import load
from xxgk.tui.messages import VerdictSaved
from xxgk.tui.screens.base import XxgkScreen
from xxgk.workflows.verdicts import decide

if TYPE_CHECKING:
    from xxgk.workflows.records import Archive

# The choices, in the order of their keys 1, 2, 3 (0: withdraw the verdict in force)
CHOICES = {"confirmed": "确认有误（退回机关）", "excluded": "已排除（不是错误，须写理由）", "pending": "待核",
           "cleared": "撤销判定"}
Answer = tuple[str, str, str]  # status, reason, note


@dataclass
class VerdictTarget:
    """The finding a verdict is about, as the dialog shows it."""

    report_id: int
    rule_id: str  # rule with its scope: what ``workflows.verdicts.decide`` is given
    title: str
    message: str
    status: str
    strict: bool
    where: str  # agency and year, for the dialog's heading
    mark: VerdictMark | None


def verdict_cell(mark: VerdictMark | None) -> Text:
    """The 判定 column of a finding's row: 确认 emphasised, 已排除 dimmed, 已过期 flagged."""
    return Text(verdict_label(mark), style=verdict_style(mark), no_wrap=True)


def row_style(mark: VerdictMark | None) -> str:
    """The rest of the row: dimmed when 已排除 applies (the finding is not open)."""
    return "dim" if mark is not None and mark.excluded else ""


def verdict_line(mark: VerdictMark | None) -> Text:
    """The verdict as one line of a detail panel (empty without one)."""
    if mark is None:
        return Text("")
    return Text("判定：" + safe(verdict_text(mark)), style=style("warn") if mark.stale else "")


class VerdictModal(ModalScreen[Answer | None]):
    """判定 for one finding: 1 确认有误 · 2 已排除 (a reason) · 3 待核 · 0 撤销; reason and note; Enter saves.

    The choice is marked ``[x]`` in text (it reads without colour); keys 1/2/3/0 choose directly, ↑↓ and
    Enter too. Enter in the note box saves."""

    DEFAULT_CSS = """
    VerdictModal #verdict-status { border: none; height: auto; max-height: 4; padding: 0 0; margin: 0 0 1 0; }
    VerdictModal #verdict-status:focus { border: none; }
    VerdictModal .field { height: 1; margin: 0 0; }
    VerdictModal .field Label { width: 6; }
    VerdictModal .field Input { border: none; height: 1; width: 1fr; padding: 0 1; margin: 0 0; }
    VerdictModal .field Input:focus { background: $accent 30%; }
    VerdictModal #verdict-error { height: auto; }
    """
    BINDINGS = [("escape", "cancel", "取消"), ("1", "pick('confirmed')", "确认有误"),
                ("2", "pick('excluded')", "已排除"), ("3", "pick('pending')", "待核"), ("0", "pick('cleared')", "撤销")]

    def __init__(self, target: VerdictTarget) -> None:
        super().__init__()
        self.target = target
        self.choices: list[str] = [*DECISIONS, *(("cleared",) if target.mark is not None else ())]
        mark = target.mark
        self.status: str | None = mark.status if mark is not None and not mark.stale else None

    def _prompt(self, status: str) -> Text:
        key = "0" if status == "cleared" else str(self.choices.index(status) + 1)
        chosen = status == self.status
        return Text(f"[{'x' if chosen else ' '}] {key} {CHOICES[status]}", style="bold" if chosen else "")

    def compose(self) -> ComposeResult:
        t = self.target
        mark = t.mark
        with Vertical(classes="dialog"):
            yield Static(Text(f"判定：{safe(t.rule_id)} {safe(t.title)}", style="bold"))
            yield Static(Text(f"{safe(t.where)} · {check_status_text(t.status, t.strict)}：" + clip(safe(t.message), 100)))
            if mark is not None:
                yield Static(verdict_line(mark))
            yield OptionList(*(Option(self._prompt(s), id=s) for s in self.choices), id="verdict-status")
            with Horizontal(classes="field"):
                yield Label("理由")
                yield Input(value=mark.verdict.reason if mark else "", id="verdict-reason",
                            placeholder="已排除必填，如 口径不同", suggester=SuggestFromList(EXCLUDE_REASONS))
            with Horizontal(classes="field"):
                yield Label("备注")
                yield Input(value=mark.verdict.note if mark else "", id="verdict-note", placeholder="可不填")
            yield Static("1/2/3 选择 · 0 撤销 · 备注中 Enter 保存 · Esc 取消", classes="hint")
            yield Static("", id="verdict-error")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.status in self.choices:
            options.highlighted = self.choices.index(self.status)
        options.focus()

    def chosen(self) -> str | None:
        return self.status

    def action_pick(self, status: str) -> None:
        if status not in self.choices:
            return
        self._choose(status)

    @on(OptionList.OptionSelected, "#verdict-status")
    def option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._choose(event.option.id)

    def _choose(self, status: str) -> None:
        self.status = status
        options = self.query_one(OptionList)
        for i, s in enumerate(self.choices):
            options.replace_option_prompt_at_index(i, self._prompt(s))
        options.highlighted = self.choices.index(status)
        self.query_one("#verdict-error", Static).update("")
        self.query_one("#verdict-reason" if status == "excluded" else "#verdict-note", Input).focus()

    @on(Input.Submitted, "#verdict-reason")
    def reason_done(self) -> None:
        self.query_one("#verdict-note", Input).focus()

    @on(Input.Submitted, "#verdict-note")
    def submit(self) -> None:
        status = self.status
        reason = " ".join(self.query_one("#verdict-reason", Input).value.split())
        note = self.query_one("#verdict-note", Input).value.strip()
        error = self.query_one("#verdict-error", Static)
        if status is None:
            error.update(Text("请先选择判定：1 确认有误、2 已排除、3 待核。", style=style("error")))
            self.query_one(OptionList).focus()
            return
        if status == "excluded" and not reason:
            error.update(Text("已排除须写明理由（如 口径不同）。", style=style("error")))
            self.query_one("#verdict-reason", Input).focus()
            return
        close(self, (status, reason, note))

    def action_cancel(self) -> None:
        close(self)


class VerdictDeciding(XxgkScreen):
    """For screens listing findings: ``decide_finding(target)`` asks and records a verdict."""

    def decide_finding(self, target: VerdictTarget | None) -> None:
        if target is None or self.refuse_if_read_only():
            return
        if target.status not in ("fail", "warn"):
            self.notify("只有不符或提示才需要判定。", severity="warning")
            return

        def answered(answer: Answer | None) -> None:
            if answer is None:
                return
            status, reason, note = answer

            def save(archive: Archive) -> VerdictSaved:
                return VerdictSaved(decide(archive, target.report_id, target.rule_id, status, reason=reason,
                                           note=note))

            load(self, save, group="verdict", failure="未能记下判定", notify=True, latest_only=False)

        self.app.push_screen(VerdictModal(target), answered)

    def on_verdict_saved(self, message: VerdictSaved) -> None:
        done = message.decided
        v = done.verdict
        what = f"{safe(v.agency)} {v.year} {safe(v.rule_id)}"
        if v.status == "cleared":
            self.notify(f"已撤销判定：{what}", title="判定")
        else:
            self.notify(f"{what}：{VERDICT_NAME.get(v.status, v.status)}" + (f"（{safe(v.reason)}）" if v.reason else ""),
                        title="已记下判定")
        self.host.reload_screens()
