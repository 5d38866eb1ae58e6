"""The evaluators' checklist of one report (pure): what third-party evaluators deduct points for —
lateness, missing or misnamed sections, the wrong form, an empty 问题及改进, a copied report — each item a
status with the evidence a reviewer can check (the text quoted with its line, the date found, the figure).

Statuses are those of the identities: ``pass``; ``fail`` (the report does not meet the item); ``warn``
(worth a look: a variant heading, a thin section); ``incomplete`` (cannot be decided from what the report
prints: no date found is ``incomplete``, never a pass).

Items (``CODES``):

* ``timely`` 按时公开 — 条例 第四十九条: 县级以上人民政府部门 by 31 January, 县级以上地方人民政府 by 31 March of
  the year after the reporting year. The date is the one the report prints (``domain.dates``: 发布日期 first,
  then the signature date, then 成文日期, then a bare 时间 in the page header). Department or government
  is decided from the agency's name (``agency_kind``);
* ``sections`` 六个部分 — the six sections of the 2019/2021 forms present, in order, under their official
  headings (``domain.sections``); pre-2019 reports: the six contents of 条例 (2007) 第三十二条, each in a
  heading or, for the four the 统计表 states, in the 统计表;
* ``form`` 表格格式 — the form generation right for the year: the 2019 trial form for 2019–2020 reports,
  the 2021 form from 2021 on, the 统计表 before 2019; a table printed in the other generation warns;
* ``problems`` 问题及改进 — section 五 (pre-2019: the heading about 问题) neither empty nor perfunctory;
* ``other_year`` 年份 — the text stating its own work under another reporting year (a copied report);
* ``repetition`` 与上年重复 — each section's running text against last year's report
  (``domain.similarity.section_repetition``), above ``REPEAT_LIMIT`` is a fail, with the longest passages;
* ``narrative`` 正文与表格 — the SOFT identities AX.1/C16 (numbers of the running text vs the tables);
* ``blanks`` 空白单元格 — blank cells (and cells the form has but the report does not print) by table.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xxgk.domain import templates as T
from xxgk.domain.dates import PUBLISHED, SIGNED, FoundDate, best_date, find_dates
from xxgk.domain.model import CheckResult, Status, Value
from xxgk.domain.sections import BY_NUMBER, OFFICIAL, TOPICS_2007, Outline, Section, outline, topic_headings
from xxgk.domain.similarity import Repetition, plain_sentences, section_repetition

REPEAT_LIMIT = 0.5  # a section repeating more than half of its text from last year fails
MIN_JUDGED = 100  # characters a section needs before its repetition is judged (shorter: shown only)
MIN_PROBLEMS = 100  # characters of 问题及改进 below which it is thin (warn)
STATUS_RANK = {"fail": 0, "warn": 1, "incomplete": 2, "pass": 3}

TITLES = {
    "timely": "按时公开", "sections": "六个部分及标题", "form": "表格格式与年度相符", "problems": "问题及改进不空泛",
    "other_year": "无他年表述（抄袭）", "repetition": "与上年重复不过半", "narrative": "正文数字与表格一致",
    "blanks": "表格无空白",
    "region": "与下级报告之和一致（汇总报告）",  # only for a 汇总 report of an agency with children (domain.hierarchy)
}
CODES = tuple(TITLES)


@dataclass(frozen=True)
class Evidence:
    """What the reviewer can check: text quoted from the report (with its line), a date, a figure."""

    text: str
    line: int | None = None  # 1-based line of the report's text it was read from
    note: str = ""  # what it is ("发布日期", "2023 年", "表三")

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "line": self.line, "note": self.note}


@dataclass
class Item:
    code: str  # one of CODES
    status: Status
    summary: str  # one sentence in Chinese
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def title(self) -> str:
        return TITLES[self.code]

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "title": self.title, "status": self.status, "summary": self.summary,
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass
class Checklist:
    items: list[Item]
    repetition: Repetition | None = None  # the per-section measure behind the ``repetition`` item

    def item(self, code: str) -> Item:
        return next(i for i in self.items if i.code == code)

    def counts(self) -> Counter[str]:
        return Counter(i.status for i in self.items)

    @property
    def status(self) -> Status:
        """The worst status of the items (``fail`` > ``warn`` > ``incomplete`` > ``pass``)."""
        return min((i.status for i in self.items), key=lambda s: STATUS_RANK[s], default="pass")

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "items": [i.to_json() for i in self.items]}


@dataclass
class ReportInput:
    """What the checklist reads of one report (archived or parsed) and of last year's."""

    text: str
    agency: str | None
    year: int | None
    template: str | None
    table_templates: Mapping[str, str] = field(default_factory=dict)
    values: Sequence[Value] = ()
    checks: Sequence[CheckResult] = ()
    format: str = "text"
    previous_text: str | None = None  # last year's report of the same agency, None when not archived
    previous_year: int | None = None


# ---------------------------------------------------------------- department or government

GOVERNMENT, DEPARTMENT, TOWNSHIP = "government", "department", "township"
KIND_NAMES = {GOVERNMENT: "县级以上地方人民政府", DEPARTMENT: "县级以上人民政府部门", TOWNSHIP: "乡镇人民政府或街道"}
_TOWNSHIP = re.compile(r"(?:镇|乡|苏木)(?:人民)?政府$|街道(?:办事处|办)?$|(?:镇|乡)$")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,16}?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|旗|盟)$")


def agency_kind(name: str | None) -> tuple[str | None, str]:
    """Whether the agency is a government or a department, and why (a sentence for the evidence).

    From the name: ending in ``人民政府``/``政府`` (not ``政府办公室``, ``政府办``: the government's office is a
    department) is a government; a bare place name (``盘锦市``: the region's report) is a government;
    ``镇/乡人民政府`` and ``街道办事处`` are townships, which 条例 第四十九条 does not set a date for: they report
    to the county with its departments, by 31 January; anything else (局、委、办、中心、管委会 …) a department."""
    if not name:
        return None, "机关未知"
    if _TOWNSHIP.search(name):
        return TOWNSHIP, f"“{name}”为乡镇或街道：条例第四十九条未规定期限，按随县级部门报送计（1 月 31 日）"
    if name.endswith(("人民政府", "政府")):
        return GOVERNMENT, f"“{name}”名称以“人民政府/政府”结尾：县级以上地方人民政府"
    if _PLACE.match(name):
        return GOVERNMENT, f"“{name}”为地名（本地区政府的报告）：县级以上地方人民政府"
    return DEPARTMENT, f"“{name}”不是人民政府：县级以上人民政府部门"


def deadline(kind: str, year: int) -> dt.date:
    """The last day to publish the report of ``year`` (条例 第四十九条)."""
    return dt.date(year + 1, 3, 31) if kind == GOVERNMENT else dt.date(year + 1, 1, 31)


def _date_text(d: dt.date) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def check_timely(inp: ReportInput, ol: Outline) -> Item:
    found = find_dates(inp.text, ol.lines, ol.appendix)
    evidence = [Evidence(f.text, f.line, f"{f.source} {_date_text(f.date)}") for f in found]
    best = best_date(found)
    if best is None:
        return Item("timely", "incomplete", "报告中没有找到发布日期、落款日期或成文日期，无法判断是否按时公开", evidence)
    if inp.year is None:
        return Item("timely", "incomplete", f"找到{best.source} {_date_text(best.date)}，但报告年度未知", evidence)
    kind, why = agency_kind(inp.agency)
    evidence.append(Evidence(why, note="机关类别"))
    if kind is None:
        early, late = deadline(DEPARTMENT, inp.year), deadline(GOVERNMENT, inp.year)
        if best.date <= early:
            return Item("timely", "pass", f"{best.source} {_date_text(best.date)}，早于任何期限（{_date_text(early)}）",
                        evidence)
        if best.date > late:
            return Item("timely", "fail", f"{best.source} {_date_text(best.date)}，晚于任何期限（{_date_text(late)}）",
                        evidence)
        return Item("timely", "incomplete", f"{best.source} {_date_text(best.date)}：机关未知，不能确定期限"
                                           f"（部门 {_date_text(early)}，政府 {_date_text(late)}）", evidence)
    limit = deadline(kind, inp.year)
    evidence.append(Evidence(f"期限 {_date_text(limit)}（条例第四十九条）", note="期限"))
    if best.date < dt.date(inp.year, 12, 31) and best.source in (PUBLISHED, SIGNED):
        return Item("timely", "warn", f"{best.source} {_date_text(best.date)} 早于 {inp.year} 年度结束，请核对日期",
                    evidence)
    if best.date > limit:
        days = (best.date - limit).days
        return Item("timely", "fail", f"{best.source} {_date_text(best.date)}，晚于期限 {_date_text(limit)} {days} 天",
                    evidence)
    note = f"（共找到 {len(found)} 个日期，见证据）" if len(found) > 1 else ""
    return Item("timely", "pass", f"{best.source} {_date_text(best.date)}，未晚于期限 {_date_text(limit)}{note}", evidence)


# ---------------------------------------------------------------- sections

def _no_narrative(inp: ReportInput, ol: Outline) -> str | None:
    """Why the text has no report body to read, or None."""
    own = [s for s in ol.sections if s.heading.official in (1, 5, 6)]
    if inp.format == "xlsx" and not own:
        return "工作簿只含统计表，没有报告正文，无法核对"
    if not ol.headings and not any(ln and "|" not in ln for ln in ol.lines):
        return "没有报告正文，无法核对"
    return None


def check_sections(inp: ReportInput, ol: Outline, gen: str | None) -> Item:
    if (reason := _no_narrative(inp, ol)) is not None:
        return Item("sections", "incomplete", reason)
    if gen == T.GEN_C:
        return _check_topics(inp, ol)
    evidence: list[Evidence] = []
    missing, variants, differ, misnumbered = [], [], [], []
    positions: list[tuple[int, int]] = []
    for o in OFFICIAL:
        s = ol.official(o.number)
        if s is None:
            missing.append(o.heading)
            evidence.append(Evidence(f"缺少“{o.heading}”", note=f"第 {o.number} 部分"))
            continue
        h = s.heading
        positions.append((h.line, o.number))
        note = {"official": "规定标题", "variant": "可接受的写法", "differs": "与规定标题不同"}[h.match]
        if h.number != o.number:
            misnumbered.append(h.printed)
            note += f"，编号应为“{o.heading.split('、')[0]}、”"
        evidence.append(Evidence(h.printed, h.line, note))
        if h.match == "variant":
            variants.append(h.printed)
        elif h.match == "differs":
            differ.append(h.printed)
    order = [n for _line, n in sorted(positions)]
    out_of_order = order != sorted(order)
    if missing or out_of_order:
        parts = []
        if missing:
            parts.append("缺少 " + "、".join(missing))
        if out_of_order:
            parts.append("顺序不对（" + "→".join(BY_NUMBER[n].heading.split("、")[0] for n in order) + "）")
        return Item("sections", "fail", "；".join(parts), evidence)
    if differ or misnumbered:
        parts = []
        if differ:
            parts.append("标题与规定不同：" + "、".join(differ))
        if misnumbered:
            parts.append("编号不对：" + "、".join(misnumbered))
        return Item("sections", "warn", "六个部分齐全且顺序正确；" + "；".join(parts), evidence)
    tail = f"（{len(variants)} 个标题为可接受的写法）" if variants else ""
    return Item("sections", "pass", f"六个部分齐全，顺序和标题符合规定{tail}", evidence)


def _check_topics(inp: ReportInput, ol: Outline) -> Item:
    found = topic_headings(ol)
    keys = [v.key for v in inp.values]
    evidence: list[Evidence] = []
    missing: list[str] = []
    optional: list[str] = []
    for t in TOPICS_2007:
        h = found.get(t.number)
        if h is not None:
            evidence.append(Evidence(h.printed, h.line, t.name))
            continue
        if t.table_prefixes and any(k.startswith(t.table_prefixes) for k in keys):
            evidence.append(Evidence("统计表中有此项", None, t.name))
            continue
        (missing if t.required else optional).append(t.name)
        evidence.append(Evidence("未找到", None, t.name))
    head = "2019 年以前的报告按条例（2007 年版）第三十二条的六项内容核对"
    if missing:
        return Item("sections", "fail", f"{head}：缺少 " + "、".join(missing), evidence)
    if optional:
        return Item("sections", "warn", f"{head}：没有“" + "、".join(optional) + "”", evidence)
    return Item("sections", "pass", f"{head}：六项内容齐全", evidence)


# ---------------------------------------------------------------- the form generation

def expected_generation(year: int) -> str:
    return T.GEN_A if year >= 2021 else T.GEN_B if year >= 2019 else T.GEN_C


def check_form(inp: ReportInput) -> Item:
    if inp.year is None:
        return Item("form", "incomplete", "报告年度未知，无法核对表格格式")
    if inp.template is None:
        return Item("form", "incomplete", "没有识别出统计表，无法核对表格格式")
    want = expected_generation(inp.year)
    got = inp.template
    evidence = [Evidence(T.GEN_NAMES.get(got, got), note="报告所用格式"),
                Evidence(T.GEN_NAMES[want], note=f"{inp.year} 年度应使用")]
    if got != want:
        return Item("form", "fail", f"{inp.year} 年度应使用 {T.GEN_NAMES[want]}，报告使用 {T.GEN_NAMES.get(got, got)}",
                    evidence)
    names = {"t2": "表二", "t3": "表三", "t4": "表四"}
    other = [(t, g) for t, g in sorted((inp.table_templates or {}).items())
             if t in names and g in T.GEN_NAMES and g != want]  # "" : the table reads the same in both
    if other:
        for t, g in other:
            what = "（“（六）其他处理”印为一行）" if t == "t3" and g == T.GEN_B else ""
            evidence.append(Evidence(f"{names[t]}按 {T.GEN_NAMES.get(g, g)}{what}", note=names[t]))
        return Item("form", "warn", f"使用 {T.GEN_NAMES[want]}，但" + "、".join(
            f"{names[t]}按 {T.GEN_NAMES.get(g, g)}" for t, g in other), evidence)
    return Item("form", "pass", f"使用 {T.GEN_NAMES[want]}，与 {inp.year} 年度相符", evidence)


# ---------------------------------------------------------------- 问题及改进

_EMPTY_WORDS = re.compile(r"^(?:无|暂无|没有|无问题|无其他|本机关无|我局无|我单位无)?[。.]?$")
_PROBLEM_WORDS = re.compile(r"问题|不足|差距|短板|薄弱|有待|仍需|还需|尚需|不够|不高|欠缺|不到位|不完善|不强|不规范|滞后|还可进一步")
_PLAN_WORDS = re.compile(r"改进|措施|下一步|今后|将|计划|加强|进一步")


def _problems_section(ol: Outline, gen: str | None) -> Section | None:
    s = ol.official(5)
    if s is None and gen == T.GEN_C:
        h = topic_headings(ol).get(5)
        if h is not None:
            s = next((x for x in ol.sections if x.heading.line == h.line), None)
    return s


def check_problems(inp: ReportInput, ol: Outline, gen: str | None) -> Item:
    if (reason := _no_narrative(inp, ol)) is not None:
        return Item("problems", "incomplete", reason)
    s = _problems_section(ol, gen)
    if s is None:
        return Item("problems", "fail", "没有“存在的主要问题及改进情况”部分")
    body = "".join(plain_sentences(s.lines))
    h = s.heading
    evidence = [Evidence(h.printed, h.line, "标题")]
    quoted = body if len(body) <= 120 else body[:120] + "…"
    if body:
        evidence.append(Evidence(quoted, s.first, f"{len(body)} 字"))
    if _EMPTY_WORDS.match(body):
        return Item("problems", "fail", f"“{h.printed}”下{'只写了“' + body + '”' if body else '没有内容'}", evidence)
    lacking = []
    if not _PROBLEM_WORDS.search(body):
        lacking.append("没有写出问题")
    if not _PLAN_WORDS.search(body):
        lacking.append("没有写出改进措施")
    if len(body) < MIN_PROBLEMS or lacking:
        why = "、".join([f"只有 {len(body)} 字"] * (len(body) < MIN_PROBLEMS) + lacking)
        return Item("problems", "warn", f"“{h.printed}”内容单薄：{why}", evidence)
    return Item("problems", "pass", f"写有问题和改进措施（{len(body)} 字）", evidence)


# ---------------------------------------------------------------- another year

_PERIOD_YEAR = re.compile(r"统计(?:期限|时限|时间|区间)[^。]{0,12}?((?:19|20)\d{2})年")
_SELF_YEAR = re.compile(r"((?:19|20)\d{2})年度?(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?报告")
_LEAD_YEAR = re.compile(r"^(?:\([一二三四五六七八九十]\)|[一二三四五六七八九十]、|\d[.、])?((?:19|20)\d{2})年(?:度)?[,，、]?(?!\d)")
_AS_OF = re.compile(r"截(?:至|止)(?:到)?((?:19|20)\d{2})年")
_FUTURE = re.compile(r"将|计划|拟|力争|预计|下一步|目标|争取|要")
_COMPARE = re.compile(r"同比|相比|比上|较上|较去|上年|上一年|去年|环比|持平|增长|下降")
_BOOK = re.compile(r"《[^》]*》|〔[^〕]*〕|\[[^\]]*\]")


def _narrative_sentences(ol: Outline) -> list[tuple[str, int]]:
    """The running text's sentences (whitespace removed) with the line each starts on; tables left out."""
    out: list[tuple[str, int]] = []
    for numbered in [ol.preamble()] + [s.numbered for s in ol.sections]:
        text, starts = "", []
        for line_no, ln in numbered:
            if "|" in ln or re.fullmatch(r"[\d\s.,\-—–]+", ln):
                continue
            starts.append((len(text), line_no))
            text += "".join(ln.split())
        for m in re.finditer(r"[^。!?;]+[。!?;]?", text):
            line = next((n for off, n in reversed(starts) if off <= m.start()), 0)
            out.append((m.group(), line))
    return out


def check_other_year(inp: ReportInput, ol: Outline) -> Item:
    if (reason := _no_narrative(inp, ol)) is not None:
        return Item("other_year", "incomplete", reason)
    if inp.year is None:
        return Item("other_year", "incomplete", "报告年度未知，无法核对")
    year = inp.year
    strong: list[Evidence] = []
    weak: list[Evidence] = []
    for sentence, line in _narrative_sentences(ol):
        plain = _BOOK.sub("", sentence)
        quoted = sentence if len(sentence) <= 80 else sentence[:80] + "…"
        m = _PERIOD_YEAR.search(plain)
        if m and int(m.group(1)) != year:
            strong.append(Evidence(quoted, line, f"统计期限为 {m.group(1)} 年"))
            continue
        m = _SELF_YEAR.search(plain)
        if m and int(m.group(1)) != year:
            strong.append(Evidence(quoted, line, f"称本报告为 {m.group(1)} 年度报告"))
            continue
        m = _LEAD_YEAR.match(plain)
        if m and (y := int(m.group(1))) != year:
            if not (y > year and _FUTURE.search(plain)) and not (y < year and _COMPARE.search(plain)):
                weak.append(Evidence(quoted, line, f"以 {y} 年陈述工作"))
                continue
        m = _AS_OF.search(plain)
        if m and int(m.group(1)) < year and not _FUTURE.search(plain):
            weak.append(Evidence(quoted, line, f"截至 {m.group(1)} 年"))
    evidence = strong + weak
    if strong or len(weak) >= 2:
        return Item("other_year", "fail", f"正文有 {len(evidence)} 处以其他年度陈述本年工作，疑似沿用旧报告", evidence)
    if weak:
        return Item("other_year", "warn", "正文有 1 处以其他年度开头的陈述，请核对", evidence)
    return Item("other_year", "pass", f"正文陈述工作均为 {year} 年（展望下一年、与上年比较的句子除外）")


# ---------------------------------------------------------------- repetition

def _measured_sections(ol: Outline, gen: str | None) -> list[Section]:
    """The sections whose running text is the report's own: 一、五、六 of the 2019/2021 forms (二–四 are
    the forms' tables, whose labels every report prints); every section of a pre-2019 report."""
    if gen == T.GEN_C:
        return list(ol.sections)
    return [s for s in ol.sections if s.heading.official in (1, 5, 6) or s.heading.official is None]


def check_repetition(inp: ReportInput, ol: Outline, gen: str | None) -> tuple[Item, Repetition | None]:
    if (reason := _no_narrative(inp, ol)) is not None:
        return Item("repetition", "incomplete", reason), None
    if inp.previous_text is None:
        prev = f"{inp.year - 1} 年" if inp.year is not None else "上一年度"
        return Item("repetition", "incomplete", f"档案中没有该机关 {prev}的报告，无法比对"), None
    sections = _measured_sections(ol, gen)
    if not sections:
        return Item("repetition", "incomplete", "没有找到各部分标题，无法分部分比对"), None
    rep = section_repetition([(s.heading.printed, s.lines) for s in sections], inp.previous_text)
    prev = f"{inp.previous_year} 年" if inp.previous_year else "上年"
    evidence = []
    over = []
    for s, part in zip(sections, rep.sections, strict=True):
        judged = part.chars >= MIN_JUDGED
        note = f"{part.share:.0%}（{part.repeated}/{part.chars} 字）" + ("" if judged else "，篇幅短，不评判")
        evidence.append(Evidence(part.section, s.heading.line, note))
        if judged and part.share > REPEAT_LIMIT:
            over.append(f"{part.section} {part.share:.0%}")
    for p in rep.passages:
        text = p.text if len(p.text) <= 80 else p.text[:80] + "…"
        evidence.append(Evidence(text, None, f"重复段落（{len(p.text)} 字，{p.section.split('、')[0]}、）"))
    if over:
        return Item("repetition", "fail", f"与 {prev}报告重复超过一半：" + "；".join(over), evidence), rep
    judged_parts = [p for p in rep.sections if p.chars >= MIN_JUDGED]
    top = max(judged_parts, key=lambda p: p.share, default=None)
    most = f"，最高 {top.section} {top.share:.0%}" if top else ""
    return Item("repetition", "pass", f"各部分与 {prev}报告重复均未超过一半（全文 {rep.share:.0%}{most}）",
                evidence), rep


# ---------------------------------------------------------------- narrative vs tables, blank cells

def check_narrative(inp: ReportInput) -> Item:
    found = [c for c in inp.checks if c.rule in ("AX.1", "C16")]
    if not found:
        return Item("narrative", "incomplete", "正文中没有找到可与表格核对的数字（收到申请、行政复议、行政诉讼件数）")
    evidence = [Evidence(c.message, note=f"{c.rule}:{c.scope}" if c.scope else c.rule) for c in found]
    status = min((c.status for c in found), key=lambda s: STATUS_RANK[s])
    n_bad = sum(c.status in ("fail", "warn") for c in found)
    if status in ("fail", "warn"):
        return Item("narrative", "warn", f"正文与表格 {n_bad} 处数字不一致（口径可能不同，请核对）", evidence)
    if status == "incomplete":
        return Item("narrative", "incomplete", "正文所述数字对应的表格单元格为空白，无法核对", evidence)
    return Item("narrative", "pass", f"正文所述 {len(found)} 个数字与表格一致", evidence)


TABLE_NAMES = {"t2": "表二", "t3": "表三", "t4": "表四", "c": "统计表"}


def expected_keys(template: str | None, table_templates: Mapping[str, str] | None) -> dict[str, list[str]]:
    """The cells the report's form prints, by table (2019/2021 forms; the 统计表 has no fixed list)."""
    if template not in (T.GEN_A, T.GEN_B):
        return {}
    out: dict[str, list[str]] = {}
    g2 = T.table_generation("t2", template, table_templates)
    out["t2"] = [f"t2.{r.key}.{c.key}" for r in T.t2_rows(g2) for c in r.columns]
    g3 = T.table_generation("t3", template, table_templates)
    out["t3"] = [f"t3.{r.key}.{c.key}" for r in T.T3_ROWS if g3 in r.gens and r.key not in ("3.3", "3.4", "3.5")
                 for c in T.T3_COLUMNS]
    out["t4"] = list(T.T4_KEYS)
    return out


def check_blanks(inp: ReportInput) -> Item:
    if not inp.values:
        return Item("blanks", "incomplete", "没有识别出统计表的数值")
    present = {v.key for v in inp.values}
    blank: Counter[str] = Counter()
    dash: Counter[str] = Counter()
    where: dict[str, str] = {}
    for v in inp.values:
        if v.value is not None or v.key.endswith(T.CUMULATIVE) or "section heading" in (v.note or ""):
            continue
        table = T.table_of(v.key)
        (dash if v.raw.strip() else blank)[table] += 1
        where.setdefault(table, f"{v.label}（{v.where}）" if v.where else v.label)
    absent = {t: [k for k in keys if k not in present]
              for t, keys in expected_keys(inp.template, inp.table_templates).items()}
    evidence = []
    tables = sorted(set(blank) | set(dash) | {t for t, ks in absent.items() if ks},
                    key=lambda t: list(TABLE_NAMES).index(t) if t in TABLE_NAMES else 9)
    parts = []
    for t in tables:
        name = TABLE_NAMES.get(t, t)
        bits = []
        if blank[t]:
            bits.append(f"空白 {blank[t]} 格")
        if dash[t]:
            bits.append(f"印“—”等非数字 {dash[t]} 格")
        if absent.get(t):
            bits.append(f"未印出 {len(absent[t])} 格")
        parts.append(f"{name}{'、'.join(bits)}")
        evidence.append(Evidence("、".join(bits), note=name))
        if t in where:
            evidence.append(Evidence(f"首个：{where[t]}", note=name))
    if not parts:
        return Item("blanks", "pass", f"表格 {len(inp.values)} 格全部填有数字")
    return Item("blanks", "warn", "；".join(parts) + "（空白不计为 0）", evidence)


# ---------------------------------------------------------------- the checklist

def build_checklist(inp: ReportInput) -> Checklist:
    """Every item of the checklist of one report."""
    ol = outline(inp.text)
    gen = inp.template or (expected_generation(inp.year) if inp.year is not None else None)
    repetition, rep = check_repetition(inp, ol, gen)
    items = [check_timely(inp, ol), check_sections(inp, ol, gen), check_form(inp), check_problems(inp, ol, gen),
             check_other_year(inp, ol), repetition, check_narrative(inp), check_blanks(inp)]
    return Checklist(items, rep)


def dates_found(text: str) -> list[FoundDate]:
    """The dates the report prints about itself (for ``xxgk show`` and tests)."""
    ol = outline(text)
    return find_dates(text, ol.lines, ol.appendix)
