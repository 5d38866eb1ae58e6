"""How a reviewer's verdict on a finding reads, the same in the app, the CLI and the exports.

Names are the reviewers' own words: 确认有误 (sent back to the agency), 已排除 (not an error, with the reason),
待核 (to be checked). A stale verdict (the finding's values changed since it was given) is shown as
``已过期`` with the old decision, and never counts as one: it is not applied.
"""
from __future__ import annotations

from xxgk.domain.verdicts import DECISIONS, VerdictMark
from xxgk.presentation.times import local_time_text

VERDICT_NAME = {"confirmed": "确认有误", "excluded": "已排除", "pending": "待核", "cleared": "撤销判定"}
VERDICT_SHORT = {"confirmed": "确认", "excluded": "已排除", "pending": "待核", "cleared": ""}  # 6 cells at most
STALE_NAME = "已过期"
# Rich styles: 已排除 recedes, 确认有误 stands out, a stale verdict is flagged (all readable without colour)
VERDICT_STYLE = {"confirmed": "bold reverse red", "excluded": "dim", "pending": "bold yellow", "cleared": ""}
STALE_STYLE = "bold reverse magenta"
# Reasons offered for 已排除 (any other text may be typed)
EXCLUDE_REASONS = ("口径不同", "原表如此，已核实", "统计口径调整", "跨年度结转口径不同", "下级机关未报送")

# What a reviewer may type for a status (CLI arguments, the app's dialog)
_ALIASES = {"confirmed": "confirmed", "确认有误": "confirmed", "确认": "confirmed", "有误": "confirmed",
            "excluded": "excluded", "已排除": "excluded", "排除": "excluded",
            "pending": "pending", "待核": "pending", "待核实": "pending",
            "cleared": "cleared", "clear": "cleared", "撤销": "cleared", "撤销判定": "cleared"}


def parse_status(text: str) -> str | None:
    """The status ``text`` names (``已排除``, ``excluded`` …), or None."""
    return _ALIASES.get(text.strip().lower()) if text else None


def status_choices() -> str:
    """``确认有误（confirmed）、已排除（excluded）、待核（pending）`` for help and error messages."""
    return "、".join(f"{VERDICT_NAME[s]}（{s}）" for s in DECISIONS)


def verdict_label(mark: VerdictMark | None) -> str:
    """A short cell: ``已排除``, ``确认``, ``待核``, ``已过期``, or ``""`` without a verdict."""
    if mark is None:
        return ""
    return STALE_NAME if mark.stale else VERDICT_SHORT.get(mark.status, "")


def verdict_style(mark: VerdictMark | None) -> str:
    if mark is None:
        return ""
    return STALE_STYLE if mark.stale else VERDICT_STYLE.get(mark.status, "")


def verdict_text(mark: VerdictMark | None, *, who: bool = True) -> str:
    """One line: ``已排除（口径不同）：备注 · 张三 2025-01-15 17:00``; a stale one says so first."""
    if mark is None:
        return ""
    v = mark.verdict
    text = VERDICT_NAME.get(v.status, v.status)
    if v.reason:
        text += f"（{v.reason}）"
    if v.note:
        text += f"：{v.note}"
    if who:
        text += f" · {v.by} {local_time_text(v.at)}"
    if mark.stale:
        text = f"{STALE_NAME}（数值已变，原判定不再适用）：{text}"
    return text
