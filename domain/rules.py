"""Every identity by its Chinese name (``docs/identities.md``): how a reviewer chooses rules (the failures
screen's rule list) instead of typing codes. 表三 and 表四 are checked under ``A`` (2021 form) and ``B``
(2019 trial form) with the same meaning: one name covers both."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RuleName:
    rules: tuple[str, ...]  # the rule ids it covers (``A3.1``, ``B3.1``)
    table: str  # 表二, 表三, 表四, 正文, 统计表, 跨年度
    name: str

    @property
    def query(self) -> str:
        """The rule filter of ``workflows.checking.findings``: alternatives joined by ``|``."""
        return "|".join(self.rules)

    @property
    def label(self) -> str:
        return f"{self.table} {self.name}"


def _both(n: str) -> tuple[str, ...]:
    return (f"A{n}", f"B{n}")


RULE_NAMES: tuple[RuleName, ...] = (  # short enough for a list at 80 columns (≤ 36 cells)
    RuleName(("A2.1",), "表二", "制发不超过现行有效加废止"),
    RuleName(("A2.2",), "表二", "数据为非负数"),
    RuleName(("B2.1",), "表二", "新公开不超过公开总数（2019版）"),
    RuleName(("B2.2",), "表二", "新公开不超过本年制作（2019版）"),
    RuleName(("B2.3",), "表二", "上年加增减不为负（2019版）"),
    RuleName(("B2.4",), "表二", "集中采购数据非负（2019版）"),
    RuleName(_both("3.1"), "表三", "申请数平衡"),
    RuleName(_both("3.2"), "表三", "办理结果总计等于各项之和"),
    RuleName(_both("3.3"), "表三", "总计等于各类申请人之和"),
    RuleName(_both("3.4"), "表三", "数据为非负整数"),
    RuleName(_both("3.5"), "表三", "办理结果不超过申请总量"),
    RuleName(_both("3.6"), "表三", "小计等于其各项之和"),
    RuleName(_both("4.1"), "表四", "行政复议总计等于各项之和"),
    RuleName(_both("4.2"), "表四", "直接起诉总计等于各项之和"),
    RuleName(_both("4.3"), "表四", "复议后起诉总计等于各项之和"),
    RuleName(_both("4.4"), "表四", "数据为非负整数"),
    RuleName(("AX.1", "C16"), "正文", "正文数字与表格一致"),
    RuleName(("C1",), "统计表", "收到申请数等于各渠道之和"),
    RuleName(("C2",), "统计表", "办结数等于按时加延期"),
    RuleName(("C3",), "统计表", "申请答复数等于各类答复之和"),
    RuleName(("C4",), "统计表", "不同意公开数等于各项理由之和"),
    RuleName(("C5",), "统计表", "行政复议数等于各类结果之和"),
    RuleName(("C6",), "统计表", "行政诉讼数等于各类结果之和"),
    RuleName(("C7",), "统计表", "工作人员数等于专职加兼职"),
    RuleName(("C8",), "统计表", "各渠道之和不少于公开总数"),
    RuleName(("C9",), "统计表", "各渠道不超过公开总数"),
    RuleName(("C10",), "统计表", "其中项不超过其总数"),
    RuleName(("C11",), "统计表", "公开规范性文件不超过制发数"),
    RuleName(("C12",), "统计表", "答复数、办结数与收到数相符"),
    RuleName(("C13",), "统计表", "回应热点不超过回应渠道之和"),
    RuleName(("C14",), "统计表", "征求意见与解读数之和相符"),
    RuleName(("C15",), "统计表", "数据为非负数"),
    RuleName(("X1",), "跨年度", "上年结转等于上年结转下年度"),
    RuleName(("X2",), "跨年度", "上年结转约等于上年收到减办结"),
    RuleName(("X3",), "跨年度", "现行有效件数衔接"),
    RuleName(("X4",), "跨年度", "上一年项目数衔接（2019版）"),
    RuleName(("X5",), "跨年度", "公开总数不减少（2019版）"),
    RuleName(("X6",), "跨年度", "历年累计数衔接"),
)

BY_RULE = {rule: entry for entry in RULE_NAMES for rule in entry.rules}


def rule_name(rule: str) -> str:
    """``A3.1`` → ``表三 申请数平衡（…）``; an unknown id as it is."""
    entry = BY_RULE.get(rule.partition(":")[0])
    return entry.label if entry is not None else rule
