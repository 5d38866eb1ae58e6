"""The sections of a report's text: its headings, where each section starts and ends, and which of the
official sections each heading is (pure, no I/O).

The 2019 trial form and the 2021 form (国办公开办函〔2021〕30号) prescribe six sections with fixed headings:

    一、总体情况                          四、政府信息公开行政复议、行政诉讼情况
    二、主动公开政府信息情况              五、存在的主要问题及改进情况
    三、收到和处理政府信息公开申请情况    六、其他需要报告的事项

A heading is a line of its own that starts with a Chinese numeral and ``、`` (``一、``…``十、``), is short
(at most ``MAX_HEADING`` characters), is not a table cell (no ``|``, no trailing figure, not one of table
三's own numbered rows such as ``一、本年新收…``). Each heading is matched to an official section by its
words: ``official`` when it is the official heading (ignoring spaces, ``的``, ``和``/``及``/``与``/``、``),
``variant`` when it contains the official heading's core (``二、主动公开政府信息的情况`` in 盘锦市商务局 2022,
``五、政府信息公开工作存在的主要问题及改进情况``), ``differs`` when only its key words match (shown, and
warned about). Text is read in NFKC form and Simplified (盘锦检验检测中心 2021 is in Traditional).

Pre-2019 reports (条例 2007 年版 第三十二条) had no prescribed headings but six required contents: 主动公开,
依申请公开和不予公开, 收费及减免, 复议和诉讼, 问题及改进, 其他需要报告的事项. ``topic_headings`` finds them in
the headings of both levels (``二、…`` and ``（七）…``), which those reports used freely.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from xxgk.domain.normalise import nfkc, to_simplified

MAX_HEADING = 40
NUMERALS = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^([{NUMERALS}]{{1,3}})\s*[、.,]\s*(.+?)[。.]?$")
_LEVEL2 = re.compile(rf"^[(]([{NUMERALS}]{{1,3}})[)]\s*([^。]{{2,40}}?)(?:[。.:]|$)")
_PAGE = re.compile(r"^[-—\s]*(?:第\s*)?\d{1,3}\s*(?:页|/\s*\d{1,3})?[-—\s]*$")  # "- 3 -", "第 2 页", "2/5"
_FOOTER = re.compile(r"版权所有|主办单位[:：]|承办单位[:：]|网站标识码|ICP备|公网安备|技术支持(?:单位)?[:：]|网站地图")
_ATTACHMENT = re.compile(r"^附件\s*\d*\s*[:：]?")
_APPENDIX_TITLE = re.compile(r"^附件\s*\d*\s*[:：]?\s*$")
# 表三's numbered rows and the pre-2019 统计表's sections look like headings
_TABLE_ROWS = ("本年新收", "上年结转", "本年度办理结果", "结转下年度", "申请人情况")
_FILLER = re.compile(r"[\s的和及与、,，·]")


@dataclass(frozen=True)
class Official:
    number: int
    heading: str  # the official wording, with its numeral
    core: str  # what a tolerated variant must contain (filler-free)
    words: tuple[str, ...]  # any of these marks a heading about this section (filler-free)

    @property
    def plain(self) -> str:
        return _plain(self.heading.split("、", 1)[1])


OFFICIAL: tuple[Official, ...] = (
    Official(1, "一、总体情况", "总体情况", ("总体", "概述", "概况", "基本情况")),
    Official(2, "二、主动公开政府信息情况", "主动公开政府信息情况", ("主动公开",)),
    Official(3, "三、收到和处理政府信息公开申请情况", "收到处理政府信息公开申请情况", ("依申请", "公开申请", "收到处理")),
    Official(4, "四、政府信息公开行政复议、行政诉讼情况", "行政复议行政诉讼情况", ("复议", "诉讼")),
    Official(5, "五、存在的主要问题及改进情况", "存在主要问题改进情况", ("问题", "不足", "改进", "整改")),
    Official(6, "六、其他需要报告的事项", "其他需要报告事项", ("其他需要报告", "其他需报告", "其他事项")),
)
BY_NUMBER = {o.number: o for o in OFFICIAL}


def _plain(text: str) -> str:
    return _FILLER.sub("", text)


@lru_cache(maxsize=64)
def numeral_value(numeral: str) -> int:
    """一 → 1 … 十 → 10, 十一 → 11, 二十 → 20 (headings never go further)."""
    digits = {c: i for i, c in enumerate(NUMERALS, start=1)}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.get(numeral[1], 0)
    if numeral.endswith("十"):
        return digits.get(numeral[0], 0) * 10
    if "十" in numeral:
        a, b = numeral.split("十", 1)
        return digits.get(a, 0) * 10 + digits.get(b, 0)
    return digits.get(numeral, 0)


@dataclass
class Heading:
    line: int  # 1-based line of the report's text
    number: int  # its numeral's value
    printed: str  # the heading as printed (NFKC, Simplified, spaces removed)
    level: int = 1  # 1: 一、…  2: （一）…
    official: int | None = None  # the official section it is (2019/2021 forms)
    match: str = ""  # "official" | "variant" | "differs" | ""


@dataclass
class Section:
    heading: Heading
    first: int  # first line after the heading (1-based)
    last: int  # last line of the section
    numbered: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of its non-empty lines

    @property
    def lines(self) -> list[str]:
        return [text for _n, text in self.numbered]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Outline:
    lines: list[str]  # every line of the text, NFKC and Simplified, stripped (index 0 is line 1)
    headings: list[Heading]  # level-1 headings in reading order
    sections: list[Section]  # one per level-1 heading
    end: int  # the last line of the report's body (before a footer or the attachments)

    def official(self, number: int) -> Section | None:
        """The first section whose heading is the official section ``number``."""
        for s in self.sections:
            if s.heading.official == number:
                return s
        return None

    @property
    def appendix(self) -> int:
        """The line where the attachments proper begin (``附件1`` on a line of its own), after the body and
        the list of attachments that may follow it (with the signature after the list); the last line if none."""
        for i in range(self.end, len(self.lines)):
            if _APPENDIX_TITLE.match(self.lines[i]):
                return i
        return len(self.lines)

    def preamble(self) -> list[tuple[int, str]]:
        """The (line, text) before the first heading (title, the 编制 sentence)."""
        first = self.headings[0].line - 1 if self.headings else self.end
        return [(i + 1, ln) for i, ln in enumerate(self.lines[:first]) if ln and not is_noise(ln)]


def text_lines(text: str) -> list[str]:
    """The lines of ``text`` as the app's source view numbers them, NFKC and Simplified, stripped."""
    flat = text.replace("\r\n", "\n").replace("\r", "\n")
    return [ln.strip() for ln in to_simplified(nfkc(flat)).split("\n")]


def is_table_line(line: str) -> bool:
    """A cell or row of a table: a ``|`` inside, or only figures."""
    return "|" in line.strip().strip("|") or bool(re.fullmatch(r"[\d\s.,\-—–|]+", line))


def is_noise(line: str) -> bool:
    """A page number or a site footer line."""
    return bool(_PAGE.fullmatch(line) or _FOOTER.search(line))


def _heading(line: str) -> tuple[str, str] | None:
    if "|" in line:  # a table cell (F1 layouts end every cell with "|")
        return None
    raw = line
    m = _LEVEL1.match(raw)
    if not m:
        return None
    body = "".join(m.group(2).split())
    if not (2 <= len(body) <= MAX_HEADING) or re.search(r"[\d—\-]$", body) or any(w in body for w in _TABLE_ROWS):
        return None
    if "。" in body or body.count(",") > 1:  # a sentence, not a heading
        return None
    return m.group(1), body


def classify(printed: str) -> tuple[int | None, str]:
    """The official section a heading is, and how well it matches (see the module docstring)."""
    plain = _plain(printed)
    for o in OFFICIAL:
        if plain == o.plain:
            return o.number, "official"
    for o in OFFICIAL:
        if o.core in plain:
            return o.number, "variant"
    for o in OFFICIAL:
        if any(w in plain for w in o.words):
            return o.number, "differs"
    return None, ""


def outline(text: str) -> Outline:
    """The report's level-1 headings and sections (2019/2021 forms and pre-2019 reports alike)."""
    lines = text_lines(text)
    end = len(lines)
    headings: list[Heading] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if headings and (_FOOTER.search(line) or _ATTACHMENT.match(line)):  # the site footer or the
            end = i  # attachments (a pre-2019 统计表, whose sections look like headings) end the body
            break
        found = _heading(line)
        if found is None:
            continue
        numeral, body = found
        official, match = classify(body)
        headings.append(Heading(i + 1, numeral_value(numeral), f"{numeral}、{body}", 1, official, match))
    headings = _drop_contents_list(headings, lines)
    sections = []
    for n, h in enumerate(headings):
        last = (headings[n + 1].line - 1) if n + 1 < len(headings) else end
        numbered = [(j + 1, lines[j]) for j in range(h.line, last) if lines[j] and not is_noise(lines[j])]
        sections.append(Section(h, h.line + 1, last, numbered))
    return Outline(lines, headings, sections, end)


def _drop_contents_list(headings: list[Heading], lines: Sequence[str]) -> list[Heading]:
    """A table of contents prints the headings one after the other: keep only the headings with text
    under them when the same heading appears twice."""
    seen: dict[str, int] = {}
    for h in headings:
        seen[h.printed] = seen.get(h.printed, 0) + 1
    if all(n == 1 for n in seen.values()):
        return headings
    out = []
    for i, h in enumerate(headings):
        nxt = headings[i + 1].line if i + 1 < len(headings) else len(lines) + 1
        has_body = any(lines[j] for j in range(h.line, nxt - 1))
        if seen[h.printed] > 1 and not has_body:
            continue
        out.append(h)
    return out


# ---------------------------------------------------------------- pre-2019 reports

@dataclass(frozen=True)
class Topic:
    number: int
    name: str  # as 条例 (2007) 第三十二条 lists it
    words: tuple[str, ...]
    table_prefixes: tuple[str, ...]  # statistics-table keys that state it
    required: bool = True


TOPICS_2007: tuple[Topic, ...] = (
    Topic(1, "主动公开政府信息的情况", ("主动公开", "五公开"), ("c.pro.", "c.ch.")),
    Topic(2, "依申请公开政府信息和不予公开政府信息的情况", ("依申请", "申请公开", "不予公开"), ("c.req.", "c.ans.")),
    Topic(3, "政府信息公开的收费及减免情况", ("收费", "减免", "费用"), ("c.fees",)),
    Topic(4, "因政府信息公开申请行政复议、提起行政诉讼的情况", ("复议", "诉讼"), ("c.review.", "c.lit.")),
    Topic(5, "政府信息公开工作存在的主要问题及改进情况", ("问题", "不足"), ()),
    Topic(6, "其他需要报告的事项", ("其他需要报告", "其他需报告", "其他事项"), (), required=False),
)


def all_headings(ol: Outline) -> list[Heading]:
    """Level-1 headings and the ``（一）…`` headings under them, in reading order."""
    out = list(ol.headings)
    for i, line in enumerate(ol.lines[: ol.end]):
        if "|" in line:
            continue
        m = _LEVEL2.match(line)
        if m:
            body = "".join(m.group(2).split())
            out.append(Heading(i + 1, numeral_value(m.group(1)), f"({m.group(1)}){body}", 2))
    out.sort(key=lambda h: h.line)
    return out


def topic_headings(ol: Outline) -> dict[int, Heading]:
    """For each topic of 条例 (2007) 第三十二条, the first heading about it (level 1 before level 2)."""
    found: dict[int, Heading] = {}
    for h in sorted(all_headings(ol), key=lambda h: h.level):
        plain = _plain(h.printed)
        for t in TOPICS_2007:
            if t.number not in found and any(w in plain for w in t.words):
                found[t.number] = h
    return found
