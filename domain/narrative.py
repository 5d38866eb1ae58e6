"""AX.1 / C16 (SOFT): numbers stated in the report's running text agree with its tables.

Only a few unambiguous sentences are read ("受理…申请N件", "行政复议N件", "行政诉讼N件"); a mismatch is a
warning, never a failure: the narrative often has another scope (hongze 2024: 区政府办 17 件 vs 全区 95).
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from xxgk.domain.model import CheckFields, CheckResult, Number
from xxgk.domain.normalise import nfkc

_APPS = re.compile(r"(?:受理|收到|接收|共收到|共受理)[^。；;，,|]{0,16}?申请\s*(?:共|共计|合计|总计)?\s*(\d{1,7})\s*(?:件|份|个|条)")
_REVIEW = re.compile(r"(?:发生|收到|办理|涉及|被申请)?行政复议(?:案件|申请)?\s*(?:共|共计)?\s*(\d{1,5})\s*(?:件|起)")
_SUIT = re.compile(r"(?:发生|收到|涉及)?行政诉讼(?:案件)?\s*(?:共|共计)?\s*(\d{1,5})\s*(?:件|起)")

TOPICS = (
    ("applications", "正文所述收到申请数与表格一致", _APPS, ("t3.1.total", "c.req.received")),
    ("review", "正文所述行政复议数与表格一致", _REVIEW, ("t4.review.total", "c.review.total")),
    ("litigation", "正文所述行政诉讼数与表格一致", _SUIT, ("t4.suit_direct.total+t4.suit_after_review.total",
                                                       "c.lit.total")),
)
# The word every match of a pattern holds, and how many characters before it a match may start: a pattern
# that starts with an optional group is tried by ``re`` at every position of the text; trying it only just
# before each occurrence of its word finds the same (leftmost) match several times faster.
_ANCHORS = {_REVIEW: ("行政复议", 3), _SUIT: ("行政诉讼", 2)}


def _search(pat: re.Pattern[str], body: str) -> re.Match[str] | None:
    """``pat.search(body)``: the same match, found from the occurrences of the pattern's word."""
    anchor = _ANCHORS.get(pat)
    if anchor is None:
        return pat.search(body)
    word, back = anchor
    q = body.find(word)
    while q >= 0:
        for start in range(max(0, q - back), q + 1):  # in increasing order: the first match is the leftmost
            m = pat.match(body, start)
            if m:
                return m
        q = body.find(word, q + 1)
    return None


_NUMBERS_ONLY = re.compile(r"[\d\s.,\-—]+")
_NUMBER_STARTS = frozenset(".,-—")  # _NUMBERS_ONLY's characters that are neither \d (str.isdecimal) nor \s


def _running_lines(text: str, normalized: bool) -> list[str]:
    """The stripped lines that are running text: table cells (pipes, tabs, number rows) are not."""
    numbers_only = _NUMBERS_ONLY.fullmatch
    # one comprehension over the stripped lines (C-level strip): this runs over every line of a report
    # (a line of numbers starts with one of its characters: most lines are told by their first, no regex)
    return [s for s in map(str.strip, (text if normalized else nfkc(text)).splitlines())
            if s and "|" not in s and "\t" not in s
            and not ((s[0] in _NUMBER_STARTS or s[0].isdecimal()) and numbers_only(s))]


def narrative_lines(text: str, normalized: bool = False) -> list[str]:
    """Running text only, each line without whitespace. ``normalized``: the text is already in NFKC form (the
    importers normalise a report's text once for every stage)."""
    return ["".join(s.split()) for s in _running_lines(text, normalized)]  # str.split's whitespace is re's \s


def narrative_body(text: str, normalized: bool = False) -> str:
    """``"".join(narrative_lines(text, normalized))``: the running-text lines joined, then made compact by one
    whitespace split of them all (a line's whitespace is removed either way; one split, not one a line)."""
    return "".join("".join(_running_lines(text, normalized)).split())


def narrative_checks(text: str, values: Mapping[str, Number | None], pre2019: bool,
                     normalized: bool = False) -> list[CheckResult]:
    body = narrative_body(text, normalized)
    rule = "C16" if pre2019 else "AX.1"
    out: list[CheckResult] = []
    for scope, title, pat, keys in TOPICS:
        m = _search(pat, body)
        if not m:
            continue
        key = keys[1] if pre2019 else keys[0]
        parts = key.split("+")
        if not all(p in values for p in parts):
            continue
        table_vals = [values.get(p) for p in parts]
        stated = int(m.group(1))
        snippet = body[max(0, m.start() - 8): m.end()]
        base = CheckFields(rule=rule, keys=parts, title=title, strict=False, scope=scope,
                           formula="正文数字 = 表格数字", inputs={p: values.get(p) for p in parts})
        if any(v is None for v in table_vals):
            out.append(CheckResult(status="incomplete", message=f"{title}：表格数字为空白，无法核对（正文：“{snippet}”）",
                                   **base))
            continue
        table = sum(table_vals)  # type: ignore[arg-type]
        if table == stated:
            out.append(CheckResult(status="pass", message=f"{title}：正文 {stated}，表格 {table}", expected=table,
                                   actual=stated, difference=0, **base))
        else:
            out.append(CheckResult(status="warn", expected=table, actual=stated, difference=stated - table,
                                   message=f"{title}：正文“{snippet}”为 {stated}，表格为 {table}（口径可能不同）", **base))
    return out
