"""Agency and year (spec §8): the reliable sources win, the site footer never does, nothing is guessed."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.importers import meta
from xxgk.importers.meta import FOOTER, _without_footers, find_meta


@pytest.mark.parametrize(("text", "agency", "year"), [
    ("盘锦市商务局2022年政府信息公开工作年度报告\n一、总体情况", "盘锦市商务局", 2022),
    ("盤錦檢驗檢測中心2021年度政府信息公開工作報告\n正文", "盘锦检验检测中心", 2021),
    ("- 1 -\n洪泽区人民政府\n2023 年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室根据《条例》要求编制此报告。",
     "淮安市洪泽区人民政府", 2023),
    ("2023年度淮安市商务局政府信息公开工作年度报告\n正文", "淮安市商务局", 2023),
    ("淮安市商务局政府信息公开工作年度报告（2023年度）\n正文", "淮安市商务局", 2023),
    ("本报告由开封市质量技术监督局办公室编制。统计期限为2018年1月1日至2018年12月31日。", "开封市质量技术监督局", 2018),
    ("标 题: | 盘锦市2015年度政府信息公开工作报告 | ||\n发文机关: | 盘锦市政府 | 成文日期: | |", "盘锦市", 2015),
    ("一、总体情况\n2021年度,我局认真执行条例。\n版权所有:盘锦市人民政府 主办单位:盘锦市人民政府办公室", None, 2021),
    ("发布机构：示范县教育局\n2024年政府信息公开工作年度报告\n正文", "示范县教育局", 2024),
    ("正文没有年份也没有机关。\n版权所有:某某市人民政府", None, None),
])
def test_find_meta(text: str, agency: str | None, year: int | None) -> None:
    m = find_meta(text)
    assert (m.agency, m.year) == (agency, year)


def test_other_years_do_not_win_over_the_title() -> None:
    text = ("示范市2020年政府信息公开工作年度报告\n根据国办发〔2021〕12号文件，2021年我们将进一步改进。"
            "第十五届“5·15政务公开日”。发布日期：2021-03-01")
    assert find_meta(text).year == 2020


def test_attachment_title_gives_agency_and_year() -> None:
    text = "正文……\n附件:\n开封市质量技术监督局\n政府信息公开情况统计表\n(2018年度)\n统 计 指 标 |"
    m = find_meta(text)
    assert (m.agency, m.year) == ("开封市质量技术监督局", 2018)


def test_signature_at_the_end() -> None:
    m = find_meta("正文没有标题。\n……\n示范市民政局\n2020年1月15日")
    assert (m.agency, m.year) == ("示范市民政局", 2019)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("版权所有主办单位技术支持ICP备网站地图联系我们局县"), max_size=12), max_size=8))
def test_without_footers_is_the_line_by_line_filter(lines: list[str]) -> None:
    assert _without_footers(lines) == [s for s in lines if not FOOTER.search(s)]


def _official_name_reference(short: str, others: list[str], lines: list[str]) -> str | None:
    """meta._official_name as it was: the pattern run over every line holding the name's last character."""
    found = {o for o in others if meta._names_in_full(short, o)}
    if not found:
        pat = re.compile(meta._NAME_START + "([\u4e00-\u9fff]{2,30}?" + re.escape(short[-1]) + ")", re.M)
        text = "\n".join(s for s in lines[:200] if short[-1] in s and not FOOTER.search(s))
        found = {n for n in pat.findall(text) if meta._names_in_full(short, n)}
    if len(found) > 1:
        longest = max(found, key=len)
        if all(longest.endswith(f) for f in found):
            found = {longest}
    return found.pop() if len(found) == 1 else None


_NAME_CHARS = "平潭综合实验区财政金融局管委会理员示范县由是，。版权所有"


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["财金局", "管委会", "金融局", "示范县局"]),
       st.lists(st.text(alphabet=st.sampled_from(_NAME_CHARS), max_size=30)
                | st.sampled_from(["由平潭综合实验区财政金融局编制", "示范县金融局，是示范县财政金融局", "平潭管委会"]),
                max_size=12))
def test_official_name_reads_what_it_read(short: str, lines: list[str]) -> None:
    assert meta._official_name(short, [], lines) == _official_name_reference(short, [], lines)
    # find_meta gives it every compact line (it gave "" for each line without the name's last character)
    blanked = [s if short[-1] in s else "" for s in lines]
    assert meta._official_name(short, [], blanked) == meta._official_name(short, [], lines)


_MIXED = st.text(alphabet=st.sampled_from(" \t\u3000\x0b\x85\u2028|\r\n报告局年月日:：2023甲"), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_clean_lines_without_pipes_is_the_three_strips(text: str) -> None:
    # a text without a pipe is stripped once: the same lines as strip, strip("|"), strip
    text = text.replace("|", "")
    lines = map(str.strip, text.replace("\r", "\n").split("\n"))
    assert meta._clean_lines(text, normalized=True) == [
        s for s in (ln.strip("|").strip() for ln in lines) if s]


@settings(max_examples=400, deadline=None)
@given(st.lists(_MIXED, max_size=8))
def test_body_is_the_compact_lines_joined(lines: list[str]) -> None:
    assert "".join("".join(x.split()) for x in lines) == "".join("".join(lines).split())


@settings(max_examples=400, deadline=None)
@given(st.one_of(_MIXED, st.from_regex(meta.SIGN_DATE), st.from_regex(meta._META_LINE)))
def test_only_lines_the_prefilters_keep_can_match(s: str) -> None:
    # (compact lines, as find_meta reads them) the signature's date line ends in 日; a metadata line holds a
    # colon: the other lines are not tried
    s = "".join(s.split())
    if meta.SIGN_DATE.match(s):
        assert s.endswith("日")
    if meta._META_LINE.match(s):
        assert ":" in s or "：" in s


def test_signature_date_lines_found_among_footers() -> None:
    text = "正文\n示范县教育局\n版权所有:示范县\n2024年1月5日\n示范县财政局\n2024年2月1日"
    m = find_meta(text)
    assert (m.agency, m.agency_source, m.year) == ("示范县教育局", "signature", 2023)


def test_every_metadata_label_holds_a_label_character() -> None:
    # a line is read for metadata pairs only when it holds one: a cell that is a label once made compact
    # holds every character of the label
    assert all(meta._LABEL_CHARS.search(w) for w in meta._META_LABELS)
    assert all(meta._LABEL_CHARS.search(w) for pat in (meta.META_ISSUER, meta.META_TITLE, meta.META_DATE)
               for w in pat.pattern[len("^(?:"):pat.pattern.index(")")].split("|"))
    assert find_meta("正文\n发文 机关: | 示范县教育局 |\n正文").agency == "示范县教育局"


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["2024年1月5日", "版权所有", "示范县教育局", "主办单位示范县", "正文日", ""]), max_size=10))
def test_no_date_line_after_the_first_none_once_the_footers_are_gone(lines: list[str]) -> None:
    # find_meta drops the footers of the tail only when a line after its first ends in 日: the lines left
    # after the first are among those, so without one they hold no date line either
    tail = _without_footers(lines)
    if not any(s.endswith("日") for s in lines[1:]):
        assert not any(s.endswith("日") for s in tail[1:])
