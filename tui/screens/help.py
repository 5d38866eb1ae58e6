"""F1 / ?: every key of the current screen (from the action registry), what every mark means (drawn in
the style the screens draw it with, so it reads in every colour mode), the keys of every screen, then what
only the command palette reaches (once, under one heading)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from xxgk.presentation.status import APPROXIMATE_MARK, MISSING_MARK, STATUS_MARK
from xxgk.presentation.text import display_width
from xxgk.tui.actions import actions_for, bindings_for
from xxgk.tui.common import pad
from xxgk.tui.styles import style

SCREEN_NAMES = {"overview": "总览", "report": "报告", "compare": "年度比较", "failures": "问题清单",
                "import": "导入", "review": "待审核", "source": "原文", "versions": "版本", "summary": "汇总",
                "search": "查找原文", "global": "任何界面"}
KEY_W = 14

# (mark, style kind, what it means): every mark a screen draws. The screens that draw one come first.
MARKS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (f"{STATUS_MARK['fail']}n", "fail", "n 项勾稽关系不符（STRICT：必须成立的关系不成立）",
     ("overview",)),
    (f"{STATUS_MARK['warn']}n", "warn", "n 项提示（SOFT：通常成立，可能另有原因，请判断）", ("overview",)),
    (f"{STATUS_MARK['incomplete']}n", "incomplete", "n 项无法核对：参与核对的单元格有空白", ("overview",)),
    ("ok", "pass", "全部核对相符", ("overview",)),
    (MISSING_MARK, "missing", "该年度没有报告（机关首次报送之后）", ("overview",)),
    ("空白", "hint", "机关首次报送之前的年度：不算缺报", ("overview",)),
    ("◂ ▸", "hint", "左边或右边还有年度（←→ 移动）", ("overview",)),
    (STATUS_MARK["fail"], "fail", "单元格参与的核对不符；核对清单中的一项不符",
     ("report", "failures", "compare")),
    (STATUS_MARK["warn"], "warn", "提示：参与的核对可能有问题（SOFT）", ("report", "failures", "compare")),
    (STATUS_MARK["incomplete"], "incomplete", "不完整：核对用到的单元格为空白（空白不是 0）",
     ("report", "failures", "compare")),
    (">", "selected", "所选核对项读取的单元格", ("report",)),
    (APPROXIMATE_MARK, "hint", "跨格式近似对应（2019 年前后的表格不同）", ("compare",)),
    ("—", "hint", "该年度的表格没有这一项", ("compare",)),
)


def marks_text(screen_id: str) -> Text:
    """Every mark with its meaning, this screen's marks first."""
    text = Text()
    ordered = sorted(MARKS, key=lambda m: screen_id not in m[3])  # stable: the table's order otherwise
    for mark, kind, meaning, _screens in ordered:
        text.append(mark, style(kind))
        text.append(pad("", KEY_W - display_width(mark)) + meaning + "\n")
    return text


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
    text.append("\n标记\n\n", heading)
    text.append(marks_text(screen_id))
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
            yield Static("Esc / q 关闭 · ↑↓ PgUp PgDn 滚动", classes="hint")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
