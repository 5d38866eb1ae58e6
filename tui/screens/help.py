"""F1 / ?: every key of the current screen (from the action registry), then the keys of every screen."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from xxgk.tui.actions import actions_for, bindings_for
from xxgk.tui.common import pad

SCREEN_NAMES = {"overview": "总览", "report": "报告", "compare": "年度比较", "failures": "问题清单",
                "import": "导入", "review": "待审核", "source": "原文", "versions": "版本", "global": "任何界面"}


def help_text(screen_id: str, read_only: bool) -> Text:
    text = Text()
    text.append(f"{SCREEN_NAMES.get(screen_id, screen_id)} 界面的按键\n\n", "bold underline")
    for action in actions_for(screen_id, read_only, include_global=False):
        text.append(pad(action.key_text(), 14), "bold")
        text.append(action.description + "\n")
    text.append(f"\n{SCREEN_NAMES['global']}\n\n", "bold underline")
    for action in actions_for("global", read_only, include_global=False):
        text.append(pad(action.key_text() or "Ctrl+P", 14), "bold")
        text.append(action.description + "\n")
    text.append("\n没有按键的操作都可以在命令面板（Ctrl+P）中输入名称找到。\n", "dim")
    if read_only:
        text.append("档案以只读方式打开：导入和指定机关/年度不可用。\n", "yellow")
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
            yield Static("Esc / q 关闭", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
