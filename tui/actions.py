"""The one registry of the app's actions: bindings, footer, help screen and command palette all read it.

An ``Action`` names a Textual action string (run on the screen it belongs to, or ``app.…``), the keys
bound to it, a description staff read (Chinese), and the screen it belongs to (``"global"`` = every
screen). ``writes=True`` actions change the archive and are hidden when the archive is read-only.

The footer (``xxgk.tui.widgets.footer``) shows what fits the width by ``rank`` (0 first: at 80 columns
the overview always keeps ``i 导入``, ``F1 帮助`` and ``q 退出``); help lists every key of the screen; the
palette finds an action by the words of its description and ``keywords`` (never by its internal id).
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Action:
    id: str
    keys: str  # comma separated Textual key names ("" = palette only)
    description: str
    screen: str  # "global", "overview", "report", "compare", "failures", "import", "review", "summary", "help"
    action: str = ""  # Textual action string; defaults to the id
    show: bool = True  # in the footer
    writes: bool = False  # changes the archive: hidden in read-only mode
    bind: bool = True  # False: the key is handled by a widget (listed in help only)
    key_display: str | None = None
    short: str = ""  # footer text when the description is long
    rank: int = 5  # footer priority: 0 is dropped last when the footer is too narrow
    keywords: str = ""  # more words the palette finds it by (比较 / 对比, 导出 / XLSX …)

    @property
    def footer(self) -> str:
        return self.short or self.description.split("（")[0]

    @property
    def action_name(self) -> str:
        return self.action or self.id

    def key_text(self) -> str:
        """Every key, as a person reads it: ``F1 / ?``, ``Ctrl+R``, ``Esc / q``."""
        if self.key_display:
            return self.key_display
        return " / ".join(key_name(k) for k in self.keys.split(",") if k.strip())

    @property
    def footer_key(self) -> str:
        """The first key only (the footer has no room for alternatives)."""
        first = self.key_display.split(" / ")[0] if self.key_display else self.keys.split(",")[0]
        return key_name(first) if not self.key_display else first

    def is_available(self, read_only: bool) -> bool:
        return not (self.writes and read_only)


_KEY_NAMES = {"escape": "Esc", "enter": "Enter", "question_mark": "?", "slash": "/", "left_square_bracket": "[",
              "right_square_bracket": "]", "tab": "Tab", "up": "↑", "down": "↓", "left": "←", "right": "→",
              "pageup": "PgUp", "pagedown": "PgDn", "home": "Home", "end": "End", "space": "空格",
              "backspace": "Backspace", "delete": "Del"}


def key_name(key: str) -> str:
    """A Textual key name as printed on a keyboard: ``ctrl+r`` → ``Ctrl+R``, ``f1`` → ``F1``, ``escape`` → ``Esc``."""
    key = key.strip()
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    *mods, base = key.split("+")
    base = _KEY_NAMES.get(base, base)
    if len(base) > 1 and base[0] == "f" and base[1:].isdigit():
        base = base.upper()
    elif mods and len(base) == 1:
        base = base.upper()
    return "+".join([*(m.capitalize() for m in mods), base])


ACTIONS: tuple[Action, ...] = (
    # every screen
    Action("help", "f1,question_mark", "帮助（本屏按键）", "global", "app.help", key_display="F1 / ?", rank=0,
           short="帮助", keywords="按键 说明"),
    Action("command_palette", "ctrl+p", "命令面板（全部操作）", "global", "app.command_palette", bind=False, rank=4,
           short="命令"),
    Action("quit", "ctrl+q", "退出（立即）", "global", "app.quit", rank=1, short="退出", keywords="关闭 结束"),
    Action("goto_overview", "", "转到：总览（机关 × 年度）", "global", "app.goto('overview')", show=False,
           keywords="首页 主界面"),
    Action("goto_failures", "", "转到：问题清单（全部不符/提示）", "global", "app.goto('failures')", show=False,
           keywords="失败 错误 勾稽"),
    Action("goto_review", "", "转到：待审核报告（缺机关或年度）", "global", "app.goto('review')", show=False),
    Action("goto_import", "", "转到：导入文件", "global", "app.goto('import')", show=False, writes=True,
           keywords="文件夹 报告"),
    Action("goto_summary", "", "转到：汇总（全区合计、指标排名）", "global", "app.goto('summary')", show=False,
           keywords="合计 指标 排名"),
    Action("goto_search", "ctrl+f", "查找原文（全部报告的正文）", "global", "app.goto('search')", show=False,
           key_display="Ctrl+F", keywords="搜索 全文 原文 查找"),
    Action("refresh", "ctrl+r", "重新读取档案", "global", "app.refresh_screen", show=False, keywords="刷新"),
    Action("export_all", "", "导出：全部机关两年比较汇总（XLSX / CSV）", "global", "export_all", show=False,
           keywords="汇总 XLSX Excel 表格 上报"),
    Action("export_failures_all", "", "导出：问题清单（全部年度、全部机关）", "global", "export_failures", show=False,
           keywords="不符 XLSX Excel 表格 上报"),
    # overview
    Action("open", "enter", "打开报告", "overview", "open_cell", short="打开", rank=2),
    Action("filter", "slash", "筛选机关（也可直接输入中文）", "overview", "focus_filter", key_display="/", short="筛选",
           rank=2, keywords="查找 搜索"),
    Action("sort", "s", "排序：名称（拼音） / 不符数 / 缺报数", "overview", "cycle_sort", short="排序", rank=4),
    Action("missing", "m", "只看所选年度未报送的机关", "overview", "toggle_missing", short="未报送", rank=4,
           keywords="缺报"),
    Action("compare", "c", "比较该机关两个年度", "overview", "compare", short="比较", rank=3, keywords="对比 年度"),
    Action("failures", "f", "问题清单", "overview", "app.goto('failures')", rank=2, keywords="不符 失败 错误"),
    Action("review", "r", "待审核报告", "overview", "app.goto('review')", rank=3, short="待审核"),
    Action("summary", "h", "汇总（全区合计、指标排名）", "overview", "app.goto('summary')", short="汇总", rank=3,
           keywords="合计 指标 排名"),
    Action("import", "i", "导入文件", "overview", "app.goto('import')", writes=True, short="导入", rank=0,
           keywords="文件夹 报告"),
    Action("overview_open_only", "o", "只计未排除的问题（已排除的不计入）", "overview", "toggle_open", show=False,
           keywords="判定 已排除"),
    Action("set_parent", "p", "设置上级机关（地区政府 → 部门、乡镇）", "overview", "set_parent", writes=True, short="上级",
           keywords="上下级 层级 汇总 下级"),
    Action("quit_main", "q", "退出（先确认）", "overview", "confirm_quit", short="退出", rank=0),
    Action("overview_export_all", "x", "导出全部机关两年比较汇总（XLSX / CSV）", "overview", "export_all",
           short="导出汇总", show=False, keywords="汇总 XLSX Excel 上报"),
    Action("move", "up,down,left,right", "移动（PgUp/PgDn/Home/End 翻页）", "overview", bind=False, show=False,
           key_display="↑↓←→"),
    # report
    Action("next_fail", "n", "下一个不符/提示", "report", "next_problem", short="下一处", rank=2),
    Action("prev_fail", "p", "上一个不符/提示", "report", "prev_problem", show=False),
    Action("source", "t", "原文（光标所在单元格的那一行）", "report", "show_source", short="原文", rank=2),
    Action("full_form", "z", "表格占满屏幕 / 恢复核对清单", "report", "toggle_full", short="全屏", rank=3),
    Action("warnings", "w", "解析提示（逐条定位到单元格）", "report", "show_warnings", short="解析提示", rank=3),
    Action("report_withdraw", "W", "撤回此版本（写明理由；保留在历史中）", "report", "withdraw", writes=True,
           show=False, key_display="Shift+W", keywords="误报 删除"),
    Action("form_move", "up,down,left,right", "在表格中逐格移动光标（PgUp/PgDn 翻页；Tab 切换到表格）", "report",
           "focus_form", bind=False, show=False, key_display="↑↓←→"),
    Action("versions", "v", "版本（重复报送）", "report", "show_versions"),
    Action("report_compare", "c", "与上一年比较", "report", "compare", short="比较", keywords="对比"),
    Action("report_assign", "a", "指定机关和年度", "report", "assign", writes=True, short="指定"),
    Action("report_decide", "d", "判定：确认有误 / 已排除 / 待核", "report", "decide", writes=True, short="判定", rank=2),
    Action("report_checklist", "e", "评估清单（按时公开、六个部分、格式、抄袭、重复、空白）", "report", "toggle_checklist",
           short="评估", rank=2, keywords="按时 抄袭 重复 评估"),
    Action("report_kind", "k", "报告类型：汇总 / 本级 / 自动（汇总报告与下级之和比对）", "report", "cycle_kind",
           writes=True, short="类型", keywords="本级 汇总 上下级"),
    Action("report_trends", "g", "历年趋势（每个单元格的迷你图）/ 返回表格", "report", "toggle_trends", short="趋势", rank=3),
    Action("switch_focus", "tab", "表格 / 核对清单 切换", "report", bind=False, show=False),
    Action("report_back", "escape,q", "返回", "report", "back", key_display="Esc / q", rank=1),
    # compare
    Action("hide_equal", "e", "隐藏相同或均为零的行", "compare", "toggle_equal", short="隐藏相同"),
    Action("earlier", "left_square_bracket", "往前一年", "compare", "shift(-1)", key_display="["),
    Action("later", "right_square_bracket", "往后一年", "compare", "shift(1)", key_display="]"),
    Action("years", "y", "选择年度", "compare", "choose_years"),
    Action("export_comparison", "x", "导出本机关两年比较（XLSX / CSV）", "compare", "export_comparison", short="导出",
           rank=2, keywords="XLSX Excel 表格 上报"),
    Action("compare_export_all", "X", "导出全部机关这两年的汇总（XLSX / CSV）", "compare", "export_all",
           short="导出汇总", key_display="Shift+X", keywords="汇总 XLSX Excel 上报"),
    Action("compare_open", "enter", "打开该年报告（B 年）", "compare", "open_report", bind=False),
    Action("compare_back", "escape,q", "返回", "compare", "back", key_display="Esc / q", rank=1),
    # failures
    Action("failure_open", "enter", "打开报告并标出单元格", "failures", "open_failure", bind=False, short="打开"),
    Action("failure_filter", "slash", "筛选（年度 / 机关 / 规则）", "failures", "focus_filter", key_display="/", short="筛选"),
    Action("failure_warn", "w", "包括/排除提示（SOFT）", "failures", "toggle_warn", short="提示开关"),
    Action("failure_decide", "d", "判定：确认有误 / 已排除 / 待核", "failures", "decide", writes=True, short="判定", rank=2),
    Action("failure_open_only", "o", "只看未排除的问题（已排除的不列出）", "failures", "toggle_open", short="未排除"),
    Action("failure_export", "x", "导出问题清单（按当前筛选；XLSX / CSV）", "failures", "export_failures", short="导出",
           rank=2, keywords="XLSX Excel 表格 上报"),
    Action("failure_next_page", "right_square_bracket", "下一页", "failures", "page(1)", short="下一页"),
    Action("failure_prev_page", "left_square_bracket", "上一页", "failures", "page(-1)", show=False),
    Action("failures_back", "escape,q", "返回", "failures", "back", key_display="Esc / q", rank=1),
    # summary (汇总)
    Action("summary_earlier", "left_square_bracket", "往前一年", "summary", "shift(-1)", key_display="["),
    Action("summary_later", "right_square_bracket", "往后一年", "summary", "shift(1)", key_display="]"),
    Action("summary_year", "y", "选择年度", "summary", "choose_year", short="年度"),
    Action("summary_ranking", "l", "汇总表 / 指标排名 切换", "summary", "toggle_ranking", short="排名"),
    Action("summary_indicator", "i", "排名：下一个指标", "summary", "next_indicator", short="指标"),
    Action("summary_scope", "a", "选择机关（默认全部）", "summary", "choose_agencies", short="机关"),
    Action("summary_export", "x", "导出汇总（XLSX）", "summary", "export_summary", short="导出"),
    Action("summary_open", "enter", "排名中：打开该机关的报告", "summary", "open_report", bind=False),
    Action("summary_back", "escape,q", "返回", "summary", "back", key_display="Esc / q", rank=1),
    # import
    Action("import_start", "enter", "在路径框中按 Enter 开始导入", "import", bind=False, short="开始导入"),
    Action("import_complete", "tab", "路径补全（接受建议）", "import", bind=False, show=False),
    Action("import_assign", "a", "为待审核报告指定机关和年度", "import", "assign", writes=True, short="指定"),
    Action("import_open", "o", "打开所选报告", "import", "open_report", short="打开"),
    Action("import_results", "down", "进入结果列表（输入 / 回到路径框）", "import", "focus_results", bind=False,
           show=False, key_display="↓"),
    Action("import_back", "escape", "返回（在结果列表中：回到路径框）", "import", "back", key_display="Esc", short="返回",
           rank=1),
    # review list
    Action("review_open", "enter", "打开报告", "review", "open_report", bind=False, short="打开"),
    Action("review_assign", "a", "指定机关和年度", "review", "assign", writes=True, short="指定"),
    Action("review_back", "escape,q", "返回", "review", "back", key_display="Esc / q", rank=1),
    # source text and versions (from a report)
    # search
    Action("search_open", "enter", "打开原文的那一行", "search", "open_hit", bind=False, short="打开", rank=2),
    Action("search_focus", "slash", "改查找词", "search", "focus_input", key_display="/", short="查找", rank=2),
    Action("search_back", "escape", "返回（在输入框中：回到结果）", "search", "back", key_display="Esc", short="返回",
           rank=1),
    Action("source_search", "slash", "查找原文中的文字", "source", "search", key_display="/", short="查找", rank=2),
    Action("source_next", "n", "下一处", "source", "find_next", rank=2),
    Action("source_prev", "N", "上一处", "source", "find_prev", key_display="Shift+N"),
    Action("source_back", "escape,q", "返回", "source", "back", key_display="Esc / q", rank=1),
    Action("versions_open", "enter", "打开该版本", "versions", "open", bind=False, short="打开"),
    Action("versions_back", "escape,q", "返回", "versions", "back", key_display="Esc / q", rank=1),
    # help
    Action("help_close", "escape,q,f1,question_mark", "关闭帮助", "help", "dismiss", key_display="Esc / q", rank=1),
)

BY_ID = {a.id: a for a in ACTIONS}
assert len(BY_ID) == len(ACTIONS), "duplicate action id"


def footer_actions(screen: str, read_only: bool, width: int) -> list[Action]:
    """What the footer of ``screen`` shows at ``width`` cells: the screen's actions then the global ones,
    in registry order, as many as fit by ``rank`` (a screen key hides a global one with the same words)."""
    candidates = [a for a in actions_for(screen, read_only) if a.show and a.keys]
    screen_words = {a.footer for a in candidates if a.screen != "global"}
    candidates = [a for a in candidates if a.screen != "global" or a.footer not in screen_words]
    chosen: set[str] = set()
    used = 0
    for action in sorted(candidates, key=lambda a: a.rank):  # stable: registry order within a rank
        cost = footer_width(action) + (2 if chosen else 0)
        if used + cost <= width:
            chosen.add(action.id)
            used += cost
    return [a for a in candidates if a.id in chosen]


def footer_width(action: Action) -> int:
    return cell_len(action.footer_key) + 1 + cell_len(action.footer)


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
