"""Agency name and reporting year from a report's text (spec §8), in order of reliability.

Never from the site footer (版权所有/主办单位 name the website owner); never guessed: when nothing
states it, the result is None and the report is marked "needs review".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress, repeat

from xxgk.domain.names import is_distinctive
from xxgk.domain.normalise import nfkc, to_simplified

YEAR = r"((?:19|20)\d{2})"
ORG_SUFFIX = re.compile(r"(人民政府|政府|委员会|委|局|厅|办公室|办|中心|院|所|馆|站|队|署|会|部|处|室|街道|街道办事处|镇|乡|"
                        r"管委会|管理委员会|集团|公司|学校|大学|医院|市|区|县|州|盟|旗|省)$")
TITLE = re.compile(rf"^(?P<agency>.*?)(?:关于)?{YEAR}\s*年\s*(?:度)?\s*(?:的)?\s*(?:政府信息公开|政务公开|信息公开)\s*(?:工作)?\s*(?:年度)?\s*报告"
                   r"\s*(?:[\(（].*[\)）])?$")
_REPORT = r"(?:政府信息公开|政务公开|信息公开)\s*(?:工作)?\s*(?:年度)?\s*报告"
TITLE_YEAR_FIRST = re.compile(rf"^{YEAR}\s*年\s*(?:度)?\s*(?P<agency>.+?){_REPORT}$")
TITLE_YEAR_LAST = re.compile(rf"^(?P<agency>.+?){_REPORT}\s*[\(（]\s*{YEAR}\s*年?\s*度?\s*[\)）]$")
PERIOD = re.compile(rf"统计(?:期限|时限|时间|区间)[^\d。]{{0,8}}{YEAR}\s*年\s*0?1\s*月\s*0?1\s*日")
STAT_TITLE = re.compile(rf"^(?P<agency>.*?){YEAR}?\s*年?\s*(?:度)?\s*政府信息公开(?:工作)?情况统计(?:报)?表$")
YEAR_PAREN = re.compile(rf"^[\(（]\s*{YEAR}\s*年\s*度?\s*[\)）]$")
COMPILED = re.compile(r"由(?P<agency>[^，,。；;（(《》\s]{2,40}?)(?:根据|依据|按照|依照)[^。]{0,80}?编制")
COMPILED2 = re.compile(r"由(?P<agency>[^，,。；;（(《》\s]{2,40}?)编制")
META_ISSUER = re.compile(r"^(?:发文机关|发布机构|发布机关|信息来源|来源单位|公开责任部门|责任部门|所属机构)\s*[:：]\s*$")
META_TITLE = re.compile(r"^(?:标题|名称|文件名称)\s*[:：]\s*$")
META_DATE = re.compile(r"^(?:发布日期|成文日期|公开日期|生成日期)\s*[:：]\s*$")
FIRST_SENTENCE = re.compile(rf"^{YEAR}\s*年(?:度)?\s*[,，]")
CRUMB = re.compile(rf"(?:>|›|»)\s*{YEAR}\s*年?\s*(?:>|›|»)")
FOOTER = re.compile(r"版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|技术支持|网站地图|联系我们")
AGGREGATE = re.compile(r"全(?:市|区|县|省|州)(?:各级|范围内)|全(?:市|区|县)政府系统|各县[\(（]区[\)）]")
SIGN_DATE = re.compile(rf"^{YEAR}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日$")
# Every cell the three patterns above accept (a compact cell: no whitespace), looked up before them.
_META_LABELS = frozenset(w + colon for pat in (META_ISSUER, META_TITLE, META_DATE)
                         for w in pat.pattern[len("^(?:"):pat.pattern.index(")")].split("|") for colon in ("", ":", "："))
# A character every one of those labels holds (its word's last): a line without any holds no label
_LABEL_CHARS = re.compile("[" + "".join(sorted({w.rstrip(":：")[-1] for w in _META_LABELS})) + "]")
# Compiled once (``re.match(pattern, …)`` looks its pattern up in re's cache on every call: per line here)
_NOT_NAME_CHARS = re.compile(r"[，,。；;：:!?！？、“”\"]")
_BAD_NAME_START = re.compile(r"^[\d\W]")
_ISO_DATE = re.compile(rf"^{YEAR}-\d{{1,2}}-\d{{1,2}}$")
_META_LINE = re.compile(r"^(发文机关|发布机构|发布机关|公开责任部门|责任部门|所属机构|来源单位)[:：](.+)$")
_PLACE_END = re.compile(r"(市|省|自治区|区|县|州)$")


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    agency_source: str | None = None
    year_source: str | None = None
    scope: str | None = None
    aliases: list[str] = field(default_factory=list)  # the short form the title used, when a fuller one won


def _clean_lines(text: str, normalized: bool = False) -> list[str]:
    text = to_simplified(text if normalized else nfkc(text))
    # ln.strip().strip("|").strip() for every line, as C-level passes (this runs over every line of a report)
    lines = map(str.strip, text.replace("\r", "\n").split("\n"))
    if "|" not in text:  # (no pipe to strip: the second and third strips would change nothing)
        return list(filter(None, lines))
    return list(filter(None, map(str.strip, map(str.strip, lines, repeat("|")))))


def _compact(s: str) -> str:
    return "".join(s.split())  # str.split and re's \s agree on what is whitespace


def _plausible_agency(s: str) -> bool:
    s = s.strip()
    if not (2 <= len(s) <= 40):
        return False
    if _NOT_NAME_CHARS.search(s) or FOOTER.search(s):
        return False
    if _BAD_NAME_START.match(s) and not s.startswith(("（", "(")):
        return False
    return bool(ORG_SUFFIX.search(s))


def _strip_office(name: str) -> str:
    """`开封市质量技术监督局办公室` compiled the report of `开封市质量技术监督局`."""
    for tail in ("政府信息公开办公室", "政务公开办公室", "办公室", "办公厅"):
        if name.endswith(tail):
            head = name[: -len(tail)]
            if _plausible_agency(head) and not head.endswith(("市", "区", "县", "省")) or head.endswith("人民政府"):
                return head
    return name


_NAME_START = r"(?:^|(?<=[，,。；;、：:（(）)\s由是为年度]))"  # where a name stated in a sentence begins


def _is_abbreviation(short: str, full: str) -> bool:
    """``short`` is ``full`` with characters left out (财金局 / 财政金融局, 管委会 / 管理委员会): its characters in
    order, the same last one, and not simply a tail of it (a dropped place prefix is the rule above)."""
    if len(full) <= len(short) or full[-1] != short[-1] or full.endswith(short):
        return False
    pos = 0
    for ch in short:
        pos = full.find(ch, pos) + 1
        if not pos:
            return False
    return True


def _names_in_full(short: str, full: str) -> bool:
    """``full`` is the official name of the short form ``short``: an abbreviation of it, or — for a bare
    管委会 (a zone's committee is named by its zone: the title says …管委会, the body the region) — the
    region's name before it."""
    # the cheap tests on the two strings first: most candidates a sentence gives are no abbreviation at all
    if not (_is_abbreviation(short, full)
            or (short.endswith(("管委会", "管理委员会")) and not is_distinctive(short) and full.endswith(short)
                and len(full) > len(short) and is_distinctive(full))):
        return False
    return _plausible_agency(full)


def _official_name(short: str, others: list[str], lines: list[str]) -> str | None:
    """The one official name the text states for the short form ``short``: first among the other
    candidates (编制 sentence, metadata, signature, 统计表 title), else among the names sentences start
    with. None when there is none, or more than one (never a guess); never from a footer line."""
    found = {o for o in others if _names_in_full(short, o)}
    if not found:
        pat = re.compile(_NAME_START + "([\u4e00-\u9fff]{2,30}?" + re.escape(short[-1]) + ")", re.M)
        # The lines holding every character of the short name (C-level passes pick them), less footer
        # lines: a name the pattern finds lies within one line, and a full name (an abbreviation's or a
        # 管委会's) holds every character of the short one; the other lines give only names dropped below.
        holding = lines[:200]
        for ch in dict.fromkeys(short[::-1]):  # (its last character first: the pattern's own)
            holding = list(compress(holding, map(str.__contains__, holding, repeat(ch))))
        text = "\n".join(_without_footers(holding))
        found = {n for n in pat.findall(text) if _names_in_full(short, n)}
    if len(found) > 1:  # the same name with and without a leading part: the longest states it in full
        longest = max(found, key=len)
        if all(longest.endswith(f) for f in found):
            found = {longest}
    return found.pop() if len(found) == 1 else None


def _without_footers(lines: list[str]) -> list[str]:
    """``[s for s in lines if not FOOTER.search(s)]`` for lines without a line break: one scan of the lines
    joined (a footer word holds no line break: a match never spans two lines)."""
    joined = "\n".join(lines)
    starts = [m.start() for m in FOOTER.finditer(joined)]
    if not starts:
        return list(lines)
    bad = {joined.count("\n", 0, p) for p in starts}
    return [s for i, s in enumerate(lines) if i not in bad]


def find_meta(text: str, title_hint: str | None = None, normalized: bool = False) -> Meta:
    """Agency, year and scope of a report. ``normalized``: ``text`` is already in NFKC form (the importers
    normalise a report's text once for every stage)."""
    lines = _clean_lines(text, normalized)
    # The lines without whitespace (_compact), every line once: the first and last 60 are read line by line,
    # the rest only as the one body text, unless the text has a 统计表 title (then every line, see 3.)
    compact = ["".join(x.split()) for x in lines]
    cl = compact[:60]
    cl_tail = compact[-60:]
    body = "".join(compact)  # == "".join("".join(lines).split())
    m = Meta()
    agency_cands: list[tuple[str, str]] = []  # (name, source) in order of reliability
    year_cands: list[tuple[int, str]] = []

    def title_match(s: str, source: str, prev: str | None = None) -> None:
        t = TITLE.match(s) or TITLE_YEAR_LAST.match(s)
        if not t:
            t2 = TITLE_YEAR_FIRST.match(s)
            if t2:
                year_cands.append((int(t2.group(1)), source))
                if _plausible_agency(t2.group("agency")):
                    agency_cands.append((t2.group("agency"), source))
            return
        year_cands.append((int(t.group(2)), source))
        ag = t.group("agency").strip()
        if ag and _plausible_agency(ag):
            agency_cands.append((ag, source))
        elif not ag and prev and _plausible_agency(prev):
            agency_cands.append((prev, source))

    if title_hint:
        hint = _compact(to_simplified(nfkc(title_hint)))
        title_match(hint, "title")
        if not agency_cands and _plausible_agency(hint):
            agency_cands.append((hint, "sheet title"))
    # 1. the title line (maybe split over two lines: agency / "2023 年政府信息公开工作年度报告")
    for i, s in enumerate(cl[:40]):
        if "报告" not in s or FOOTER.search(s):  # every title pattern ends in 报告 (maybe with a note after)
            continue
        title_match(s, "title", cl[i - 1] if i else None)
        if year_cands and year_cands[-1][1] == "title":
            break
    # 5. metadata header rows: "发文机关: | 盘锦市政府", "标 题: | …" (an empty value shifts the pairing)
    for raw in lines[:40]:
        if "|" not in raw or not _LABEL_CHARS.search(raw):  # one cell: no pair; or no label in any cell
            continue
        cells = [_compact(c) for c in raw.split("|")]
        for j, c in enumerate(cells[:-1]):
            val = cells[j + 1]
            if not val or val.endswith((":", "：")) or c not in _META_LABELS:
                continue
            if META_TITLE.match(c + ":") or META_TITLE.match(c):
                title_match(val, "metadata title")
            elif META_ISSUER.match(c) or META_ISSUER.match(c + ":"):
                if _plausible_agency(val):
                    agency_cands.append((val, "metadata"))
            elif (META_DATE.match(c) or META_DATE.match(c + ":")) and _ISO_DATE.match(val):
                year_cands.append((int(val[:4]) - 1, "publication date − 1"))
    for s_ in cl[:40]:  # the same metadata as plain "发布机构：XX局" lines
        if ":" not in s_ and "：" not in s_:  # (the pattern's colon: most lines are told by it, no regex)
            continue
        kv = _META_LINE.match(s_)
        if kv and _plausible_agency(kv.group(2)):
            agency_cands.append((kv.group(2), "metadata"))
    # 2. 统计期限 sentence
    p = PERIOD.search(body)
    if p:
        year_cands.append((int(p.group(1)), "统计期限"))
    # 3. attachment title: <agency> / 政府信息公开情况统计表 / (2018年度)
    if "情况统计" in body:  # (body holds every line's text)
        cl = compact
    for i, s in enumerate(cl if "情况统计" in body else ()):
        st = STAT_TITLE.match(s) if "情况统计" in s else None
        if not st:
            continue
        if st.group(2):
            year_cands.append((int(st.group(2)), "统计表 title"))
        if i + 1 < len(cl) and (paren := YEAR_PAREN.match(cl[i + 1])):
            year_cands.append((int(paren.group(1)), "统计表 title"))
        ag = st.group("agency")
        if ag and _plausible_agency(ag):
            agency_cands.append((ag, "统计表 title"))
        elif i > 0 and _plausible_agency(cl[i - 1]) and not cl[i - 1].startswith("附件"):
            agency_cands.append((cl[i - 1], "统计表 title"))
    # 4. 编制 sentence
    for pat in (COMPILED, COMPILED2):
        sentence = pat.search(body[:3000])
        if sentence:
            name = _strip_office(sentence.group("agency"))
            if _plausible_agency(name):
                agency_cands.append((name, "编制 sentence"))
                break
    # 6. signature at the end: an organisation line followed by a date line
    # (a date line ends in 日: only those lines are tried, in order, by one C-level pass over the tail; and
    # the footers are looked for only when a line after the first ends so, as in most reports none does)
    tail = _without_footers(cl_tail) if any(map(str.endswith, cl_tail[1:], repeat("日"))) else []
    for i in compress(range(len(tail) - 1), map(str.endswith, tail[1:], repeat("日"))):
        if (date := SIGN_DATE.match(tail[i + 1])) and _plausible_agency(tail[i]) and not tail[i].startswith("附件"):
            agency_cands.append((_strip_office(tail[i]), "signature"))
            year_cands.append((int(date.group(1)) - 1, "signature date − 1"))
    # 7. first sentence of 总体情况: "2021年度,我局…"
    for s in cl[:60]:
        f = FIRST_SENTENCE.match(s)
        if f:
            year_cands.append((int(f.group(1)), "first sentence"))
            break
    # 8. breadcrumbs
    for s in lines[:5]:
        b = CRUMB.search(s)
        if b:
            year_cands.append((int(b.group(1)), "breadcrumb"))
    if agency_cands:
        name, src = agency_cands[0]
        stated = name
        # A fuller form of the same name stated elsewhere wins (洪泽区人民政府 → 淮安市洪泽区人民政府).
        for other, _osrc in agency_cands[1:]:
            if other != name and other.endswith(name) and len(other) - len(name) <= 8 and \
                    _PLACE_END.search(other[: len(other) - len(name)]):
                name = other
                break
        else:  # a short form (财金局, …管委会) whose official name the text states (平潭综合实验区财政金融局)
            # (every compact line: _official_name reads only the first 200 that hold each of the name's
            # characters, its last one first)
            name = _official_name(name, [c for c, _ in agency_cands[1:]], compact) or name
        m.agency, m.agency_source = name, src
        if name != stated:
            m.aliases = [stated]
    if year_cands:
        m.year, m.year_source = year_cands[0]
    if AGGREGATE.search(body[:6000]):
        m.scope = "汇总"
    return m
