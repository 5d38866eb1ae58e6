"""The one registry of the app's actions: bindings, footer, help screen and command palette all read it.

An ``Action`` names a Textual action string (run on the screen it belongs to, or ``app.…``), the keys
bound to it, a description staff read (Chinese), and the screen it belongs to (``"global"`` = every
screen). ``writes=True`` actions change the archive and are hidden when the archive is read-only.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    id: str
    keys: str  # comma separated Textual key names ("" = palette only)
    description: str
    screen: str  # "global", "overview", "report", "compare", "failures", "import", "review", "help"
    action: str = ""  # Textual action string; defaults to the id
    show: bool = True  # in the footer
    writes: bool = False  # changes the archive: hidden in read-only mode
    bind: bool = True  # False: the key is handled by a widget (listed in help only)
    key_display: str | None = None
    short: str = ""  # footer text when the description is long

    @property
    def footer(self) -> str:
        return self.short or self.description.split("（")[0]

    @property
    def action_name(self) -> str:
        return self.action or self.id

    def key_text(self) -> str:
        if self.key_display:
            return self.key_display
        return " / ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in self.keys.split(",") if k.strip())

    def is_available(self, read_only: bool) -> bool:
        return not (self.writes and read_only)


_KEY_NAMES = {"escape": "Esc", "enter": "Enter", "question_mark": "?", "slash": "/", "f1": "F1",
              "ctrl+q": "Ctrl+Q", "ctrl+p": "Ctrl+P", "left_square_bracket": "[", "right_square_bracket": "]",
              "tab": "Tab", "shift+tab": "Shift+Tab", "up,down": "↑↓", "pageup": "PgUp", "pagedown": "PgDn"}


ACTIONS: tuple[Action, ...] = (
    # every screen
    Action("help", "f1,question_mark", "帮助（本屏按键）", "global", "app.help", key_display="F1 / ?"),
    Action("command_palette", "ctrl+p", "命令面板（全部操作）", "global", "app.command_palette", show=False, bind=False),
    Action("quit", "ctrl+q", "退出", "global", "app.quit", show=False),
    Action("goto_overview", "", "转到：总览（机关 × 年度）", "global", "app.goto('overview')", show=False),
    Action("goto_failures", "", "转到：问题清单（全部不符/提示）", "global", "app.goto('failures')", show=False),
    Action("goto_review", "", "转到：待审核报告（缺机关或年度）", "global", "app.goto('review')", show=False),
    Action("goto_import", "", "转到：导入文件", "global", "app.goto('import')", show=False, writes=True),
    Action("refresh", "ctrl+r", "重新读取档案", "global", "app.refresh_screen", show=False),
    # overview
    Action("open", "enter", "打开报告", "overview", "open_cell", short="打开"),
    Action("filter", "slash", "筛选机关（也可直接输入中文）", "overview", "focus_filter", key_display="/", short="筛选"),
    Action("sort", "s", "排序：名称 / 不符数 / 缺报数", "overview", "cycle_sort", short="排序"),
    Action("missing", "m", "只看所选年度未报送的机关", "overview", "toggle_missing", short="未报送"),
    Action("compare", "c", "比较该机关两个年度", "overview", "compare", short="比较"),
    Action("failures", "f", "问题清单", "overview", "app.goto('failures')"),
    Action("review", "r", "待审核报告", "overview", "app.goto('review')"),
    Action("import", "i", "导入文件", "overview", "app.goto('import')", writes=True),
    Action("quit_main", "q", "退出", "overview", "app.quit"),
    Action("move", "up,down,left,right", "移动（PgUp/PgDn/Home/End 翻页）", "overview", bind=False, show=False,
           key_display="↑↓←→"),
    # report
    Action("next_fail", "n", "下一个不符/提示", "report", "next_problem", short="下一处"),
    Action("prev_fail", "p", "上一个不符/提示", "report", "prev_problem", show=False),
    Action("source", "t", "原文", "report", "show_source"),
    Action("versions", "v", "版本（重复报送）", "report", "show_versions"),
    Action("report_compare", "c", "与上一年比较", "report", "compare", short="比较"),
    Action("report_assign", "a", "指定机关和年度", "report", "assign", writes=True, short="指定"),
    Action("switch_focus", "tab", "表格 / 核对清单 切换", "report", bind=False, show=False),
    Action("report_back", "escape,q", "返回", "report", "back", key_display="Esc / q"),
    # compare
    Action("hide_equal", "e", "隐藏相同或均为零的行", "compare", "toggle_equal", short="隐藏相同"),
    Action("earlier", "left_square_bracket", "往前一年", "compare", "shift(-1)", key_display="["),
    Action("later", "right_square_bracket", "往后一年", "compare", "shift(1)", key_display="]"),
    Action("years", "y", "选择年度", "compare", "choose_years"),
    Action("export_comparison", "x", "导出比较（XLSX）", "compare", "export_comparison", short="导出"),
    Action("compare_open", "enter", "打开该年报告（B 年）", "compare", "open_report", bind=False),
    Action("compare_back", "escape,q", "返回", "compare", "back", key_display="Esc / q"),
    # failures
    Action("failure_open", "enter", "打开报告并标出单元格", "failures", "open_failure", bind=False),
    Action("failure_filter", "slash", "筛选（年度 / 机关 / 规则）", "failures", "focus_filter", key_display="/", short="筛选"),
    Action("failure_warn", "w", "包括/排除提示（SOFT）", "failures", "toggle_warn", short="提示开关"),
    Action("failure_next_page", "right_square_bracket", "下一页（每页 500 项）", "failures", "page(1)", short="下一页"),
    Action("failure_prev_page", "left_square_bracket", "上一页", "failures", "page(-1)", show=False),
    Action("failures_back", "escape,q", "返回", "failures", "back", key_display="Esc / q"),
    # import
    Action("import_start", "enter", "在路径框中按 Enter 开始导入", "import", bind=False),
    Action("import_complete", "tab", "路径补全（接受建议）", "import", bind=False, show=False),
    Action("import_assign", "a", "为待审核报告指定机关和年度", "import", "assign", writes=True, short="指定"),
    Action("import_open", "o", "打开所选报告", "import", "open_report", short="打开"),
    Action("import_back", "escape", "返回", "import", "back", key_display="Esc"),
    # review list
    Action("review_open", "enter", "打开报告", "review", "open_report", bind=False),
    Action("review_assign", "a", "指定机关和年度", "review", "assign", writes=True),
    Action("review_back", "escape,q", "返回", "review", "back", key_display="Esc / q"),
    # source text and versions (from a report)
    Action("source_back", "escape,q", "返回", "source", "back", key_display="Esc / q"),
    Action("versions_open", "enter", "打开该版本", "versions", "open", bind=False),
    Action("versions_back", "escape,q", "返回", "versions", "back", key_display="Esc / q"),
    # help
    Action("help_close", "escape,q,f1,question_mark", "关闭帮助", "help", "dismiss", key_display="Esc / q"),
)

BY_ID = {a.id: a for a in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "duplicate action id"


def actions_for(screen: str, read_only: bool = False, include_global: bool = True) -> list[Action]:
    out = [a for a in ACTIONS if a.screen == screen and a.is_available(read_only)]
    if include_global:
        out += [a for a in ACTIONS if a.screen == "global" and a.is_available(read_only)]
    return out


def bindings_for(screen: str) -> list[BindingType]:
    """Textual bindings for one screen (class attribute ``BINDINGS``). Availability is decided at run
    time by the screen's ``check_action`` (read-only archives)."""
    out: list[BindingType] = []
    for a in ACTIONS:
        if a.screen != screen or not a.bind or not a.keys:
            continue
        out.append(Binding(a.keys, a.action_name, a.footer, show=a.show,
                           key_display=a.key_display, id=a.id))
    return out


def app_bindings() -> list[BindingType]:
    """The bindings of every screen (``XxgkApp.BINDINGS``)."""
    out: list[BindingType] = []
    for a in ACTIONS:
        if a.screen == "global" and a.bind and a.keys:
            out.append(Binding(a.keys, a.action_name.removeprefix("app."), a.footer,
                               show=a.show, key_display=a.key_display, priority=a.id == "quit", id=a.id))
    return out


def writes_action_names(screen: str) -> set[str]:
    """Action names (without namespace) on ``screen`` that write to the archive."""
    return {a.action_name.split("(")[0] for a in ACTIONS if a.screen == screen and a.writes}
