from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.normalise import match_form, nfkc, printed_form, strip_enumerator
from xxgk.domain.numbers import CellValue, _is_value_token, _parse, parse_cell


@pytest.mark.parametrize(("text", "kind", "value", "unit"), [
    ("0", "number", 0, None), ("", "blank", None, None), ("  ", "blank", None, None), ("\u00a0", "blank", None, None),
    ("—", "dash", None, None), ("——", "dash", None, None), ("-", "dash", None, None), ("/", "dash", None, None),
    ("无", "dash", None, None), ("1,030", "number", 1030, None), ("1 030", "number", 1030, None),
    ("１０３０", "number", 1030, None), ("12.5", "number", 12.5, None), ("0.00", "number", 0.0, None),
    ("251000元", "number", 251000, "元"), ("+1036", "number", 1036, None), ("-3", "number", -3, None),
    ("3件", "number", 3, "件"), ("1.2万", "number", 12000, None), ("约100", "number", 100, None),
    # a printed unit 万元 is recorded, never rescaled (spec: keep the unit written in the cell)
    ("12.5万元", "number", 12.5, "万元"), ("3万元", "number", 3, "万元"), ("12.5万余元", "number", 12.5, "万元"),
    ("规章", "text", None, None), ("2015年7月28日", "text", None, None),
])
def test_parse_cell(text, kind, value, unit) -> None:
    cv = parse_cell(text)
    assert (cv.kind, cv.value, cv.unit) == (kind, value, unit)


def test_blank_and_zero_differ() -> None:
    assert parse_cell("").value is None and parse_cell("0").value == 0


def test_approximate_flagged() -> None:
    assert parse_cell("100余").note == "approximate"
    assert parse_cell("1.2万").note == "approximate"


@pytest.mark.parametrize(("raw", "form"), [
    ("3.危及“三安全一穩定”", "3.危及三安全一稳定"), ("(三) 不予公開", "(三)不予公开"), ("商業 企業", "商业企业"),
    ("1、属于国家秘密", "1.属于国家秘密"), ("（二）部分公开", "(二)部分公开"), ("本年收費金額(單位:萬元)", "本年收费金额(单位:万元)"),
])
def test_match_form(raw, form) -> None:
    assert match_form(raw) == form


@pytest.mark.parametrize(("form", "core"), [
    ("(三)不予公开", "不予公开"), ("1.属于国家秘密", "属于国家秘密"), ("三、本年度办理结果", "本年度办理结果"),
    ("其中:主动公开规范性文件数", "主动公开规范性文件数"), ("6公开国有企业负责人职务变动及招聘信息数", "公开国有企业负责人职务变动及招聘信息数"),
])
def test_strip_enumerator(form, core) -> None:
    assert strip_enumerator(form) == core


def test_printed_form() -> None:
    assert printed_form("社會公 益組織") == "社会公益组织"


@pytest.mark.parametrize("text", ["9999999999999999", "-99999999999999999999", "1" * 5000, "１" * 16,
                                  "9999999999999999.5", "9999999999999999万元"])
def test_a_number_longer_than_any_report_holds_has_no_value(text):
    """More than 15 digits before the point: kept as printed, no value (SQLite stops at 19 digits, int() at
    4,300; no report count comes near)."""
    assert parse_cell(text) == CellValue("dash", note="out-of-range")


def test_fifteen_digits_are_still_a_number():
    assert parse_cell("999999999999999") == CellValue("number", 999_999_999_999_999)


@pytest.mark.parametrize(("text", "kind", "value", "note"), [
    # every ideograph a value may hold, next to the running text that holds others (spec §9): the scan that
    # sends running text past the value patterns must let these through
    ("共计12件", "number", 12, None), ("近3人次", "number", 3, "approximate"), ("100多篇", "number", 100, "approximate"),
    ("2万余条", "number", 20000, "approximate"), ("暂无", "dash", None, "none-word"), ("不适用", "dash", None, "none-word"),
    ("無", "dash", None, "none-word"), ("空", "dash", None, "none-word"), ("5个", "number", 5, None),
    ("12 家", "number", 12, None), ("３户", "number", 3, None),
    ("本年新收申请 12 件", "text", None, None), ("12件（其中依申请3件）", "text", None, None), ("行政复议", "text", None, None),
])
def test_parse_cell_ideographs(text, kind, value, note) -> None:
    cv = parse_cell(text)
    assert (cv.kind, cv.value, cv.note) == (kind, value, note)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("“”„‟「」『』‘’‚‛\"'`a1 中文，（）\u3000")), max_size=20))
def test_quotes_deleted_by_the_regex_as_by_the_translate_table(s: str) -> None:
    """match_form deletes quotes with one regex pass (``_QUOTE_CHARS``); it was ``str.translate(_QUOTES)``."""
    from xxgk.domain.normalise import _QUOTE_CHARS, _QUOTES

    assert _QUOTE_CHARS.sub("", s) == s.translate(_QUOTES)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=18) | st.integers(0, 10**16).map(str))
def test_parse_cell_count_fast_path_is_the_full_reading(text: str) -> None:
    """A plain ASCII count skips the full reading (NFKC, the value patterns): it gives what that gives."""
    assert parse_cell.__wrapped__(text) == _parse(text)
    assert type(parse_cell.__wrapped__(text).value) is type(_parse(text).value)
    assert _is_value_token.__wrapped__(text)  # (is_value_token tells ASCII digits without it: the same answer)


# Compatibility characters (full-width, enclosed, half-width katakana with voicing marks, Hangul jamo,
# ligatures, CJK compatibility ideographs), combining marks that compose or reorder, and plain text.
_NFKC_ALPHABET = ("（），：；　\u00a0…①㈠Ⅳ²½﹑︰ＡＢ１２ｶﾞﾟ\uff9e\uff9f가\u1100\u1161\u11a8ﬁ\uf900\ufa10"
                  "e\u0301\u0323\u0308\u0300\u3099\u309aaAz09 \n|本年新收申请，。")


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_NFKC_ALPHABET), max_size=30) | st.text(max_size=20))
def test_nfkc_is_unicodedata_nfkc(text: str) -> None:
    """nfkc maps compatibility characters one by one and checks the result: always NFKC itself."""
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_str_split_whitespace_is_re_whitespace() -> None:
    """match_form drops whitespace by str.split (re's \\s+ scan is several times slower): the same set."""
    ws = re.compile(r"\s")
    assert [c for c in map(chr, range(0x110000)) if c.isspace()] == [
        c for c in map(chr, range(0x110000)) if ws.match(c)]
    assert match_form("（一）本年 新收\u3000申请\xa0数\t") == "(一)本年新收申请数"
