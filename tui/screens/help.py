"""F1 / ?: every key of the current screen (from the action registry), then the keys of every screen, then
what only the command palette reaches (once, under one heading)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from xxgk.tui.actions import actions_for, bindings_for
from xxgk.tui.common import pad
from xxgk.tui.styles import style

SCREEN_NAMES = {"overview": "总览", "report": "报告", "compare": "年度比较", "failures": "问题清单",
                "import": "导入", "review": "待审核", "source": "原文", "versions": "版本", "summary": "汇总",
                "global": "任何界面"}
KEY_W = 14


def help_text(screen_id: str, read_only: bool) -> Text:
    text = Text()
    heading = style("notice") + " underline" if style("notice") else "underline"
    text.append(f"{SCREEN_NAMES.get(screen_id, screen_id)} 界面的按键\n\n", heading)
    palette_only = []
    for action in actions_for(screen_id, read_only, include_global=False):
        if not action.keys and not action.key_display:
            palette_only.append(action)
            continue
        text.append(pad(action.key_text(), KEY_W), style("notice"))
        text.append(action.description + "\n")
    text.append(f"\n{SCREEN_NAMES['global']}\n\n", heading)
    for action in actions_for("global", read_only, include_global=False):
        if not action.keys:
            palette_only.append(action)
            continue
        text.append(pad(action.key_text(), KEY_W), style("notice"))
        text.append(action.description + "\n")
    if palette_only:
        text.append("\n命令面板（Ctrl+P，输入中文名称查找）中还有\n\n", heading)
        for action in palette_only:
            text.append(" " * KEY_W + action.description + "\n")
    if read_only:
        text.append("\n档案以只读方式打开：导入和指定机关/年度不可用。\n", style("notice"))
    return text


class HelpScreen(ModalScreen[None]):
    SCREEN_ID = "help"
    BINDINGS = bindings_for("help")

    def __init__(self, screen_id: str) -> None:
        super().__init__()
        self.for_screen = screen_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            with VerticalScroll():
                yield Static(help_text(self.for_screen, getattr(self.app, "read_only", False)), id="help-body")
            yield Static("Esc / q 关闭 · ↑↓ 滚动", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
