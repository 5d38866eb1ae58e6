"""The dates a report prints about itself (pure): when it was published, signed or written.

Read from the report's own lines (``sections.text_lines``: NFKC, Simplified), never from the 统计期限
sentence or any date inside a sentence:

* ``发布日期``: a labelled date of publication — ``发布日期：2016-03-07`` (a page's metadata row, also
  ``发布日期: | 2016-03-07`` as copied from a table), ``发布时间``, ``公开日期``, ``公开时间``;
* ``落款日期``: the signature date at the end — a line that is only a date (``2016年3月8日``,
  ``二〇二四年一月二十日``), or an organisation followed by a date on one line;
* ``成文日期``: a labelled date of writing (``成文日期``, ``印发日期``, ``签发日期``);
* ``时间``: a bare ``时间：…``/``日期：…`` label in the first lines of the text (a page header).

Dates are ISO-like (``2016-03-07``, ``2016/3/7``, ``2016.3.7``, ``2016年3月7日``) or in Chinese numerals
(``〇``/``○``/``O``/``零`` for zero). An impossible date (``2023年2月30日``) is not a date.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xxgk.domain.sections import is_table_line, text_lines

_ZERO = "〇○OoＯ零"
_CN_DIGITS = {**{c: 0 for c in _ZERO}, **{c: i for i, c in enumerate("一二三四五六七八九", start=1)}}
_NUM_DATE = r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_CN_DATE = rf"([{_ZERO}一二三四五六七八九]{{4}})\s*年\s*([一二三四五六七八九十]{{1,3}})\s*月\s*([一二三四五六七八九十]{{1,3}})\s*日"
DATE = rf"(?:{_NUM_DATE}|{_CN_DATE})"
_DATE_RE = re.compile(DATE)

PUBLISHED, SIGNED, WRITTEN, LABELLED = "发布日期", "落款日期", "成文日期", "时间"
# the order a date is trusted in to say when the report was published
PRIORITY = (PUBLISHED, SIGNED, WRITTEN, LABELLED)

_LABELS = (
    (PUBLISHED, r"发布日期|发布时间|公开日期|公开时间|发布于|上网时间|上网日期"),
    (WRITTEN, r"成文日期|成文时间|印发日期|签发日期|发文日期"),
    (LABELLED, r"(?<!统计)(?<!办理)(?<!受理)(?:时间|日期)"),
)
_LABEL_RE = [(source, re.compile(rf"(?:{words})\s*[:：]?\s*(?:\|\s*)?{DATE}")) for source, words in _LABELS]
_DATE_LINE = re.compile(rf"^\s*{DATE}\s*$")
_LABEL_ONLY = [(source, re.compile(rf"^(?:{words})\s*[:：]?\s*\|?\s*$")) for source, words in _LABELS]
_ORG_DATE_LINE = re.compile(rf"^[\u4e00-\u9fff()（）]{{4,40}}(?:人民政府|政府|办公室|办公厅|局|委员会|委|办|中心|院|所|"
                            rf"馆|处|站|队|署|会|厅|街道办事处|街道|镇|乡|管委会)\s+{DATE}\s*$")
HEAD_LINES = 15  # a bare 时间/日期 label counts only in the page header


@dataclass(frozen=True)
class FoundDate:
    date: dt.date
    source: str  # PUBLISHED | SIGNED | WRITTEN | LABELLED
    text: str  # the line it was read from
    line: int  # 1-based line of the report's text


def _cn_number(text: str) -> int:
    """一 … 九, 十, 十二, 二十, 二十八, 三十一."""
    if "十" not in text:
        return _CN_DIGITS.get(text, -1)
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS.get(tens, -1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, -1) if ones else 0)


def _date(m: re.Match[str], offset: int = 0) -> dt.date | None:
    g = m.groups()[offset: offset + 6]
    try:
        if g[0]:
            return dt.date(int(g[0]), int(g[1]), int(g[2]))
        year = int("".join(str(_CN_DIGITS.get(c, 0)) for c in g[3]))
        return dt.date(year, _cn_number(g[4]), _cn_number(g[5]))
    except (ValueError, TypeError):
        return None


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (``2016-03-07``, ``2016年3月8日``, ``二〇二四年一月二十日``), or None."""
    m = _DATE_RE.search(text)
    return _date(m) if m else None


def find_dates(text: str, lines: list[str] | None = None, end: int | None = None) -> list[FoundDate]:
    """Every date the report prints about itself, in reading order (see the module docstring).
    ``lines``: ``sections.text_lines(text)`` when the caller has them already; ``end``: the last line of
    the report's body (a signature date is looked for up to there, not in the attachments)."""
    lines = text_lines(text) if lines is None else lines
    end = len(lines) if end is None else end
    out: list[FoundDate] = []
    label: str | None = None  # a label alone on its line (a table copied one cell per line): its date follows
    for i, line in enumerate(lines):
        if not line or "统计期限" in line or "统计时限" in line:
            continue
        if label is not None:
            source, label = label, None
            m = re.match(rf"^\s*{DATE}\s*\|?\s*$", line)
            if m and (d := _date(m)) is not None:
                out.append(FoundDate(d, source, line, i + 1))
                continue
        for source, only in _LABEL_ONLY:
            if (source != LABELLED or i < HEAD_LINES) and only.match(line):
                label = source
                break
        compact = "".join(line.split()) if len(line) < 200 else line
        found = False
        for source, pattern in _LABEL_RE:
            if source == LABELLED and i >= HEAD_LINES:
                continue
            m = pattern.search(compact)
            if m and (d := _date(m)) is not None:
                out.append(FoundDate(d, source, line, i + 1))
                found = True
                break
        if found or i >= end:
            continue
        m = _DATE_LINE.match(line) or (None if is_table_line(line) else _ORG_DATE_LINE.match(line))
        if m and (d := _date(m)) is not None:
            out.append(FoundDate(d, SIGNED, line, i + 1))
    return out


def best_date(found: list[FoundDate]) -> FoundDate | None:
    """The date that says when the report was published: a 发布日期 first, then the last 落款日期 (the
    signature is at the end), then a 成文日期, then a bare 时间."""
    for source in PRIORITY:
        of_kind = [f for f in found if f.source == source]
        if of_kind:
            return of_kind[-1] if source == SIGNED else of_kind[0]
    return None
