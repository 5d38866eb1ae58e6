"""Agencies in pinyin order: the table built from pypinyin reads real agency names as pypinyin's
phrase-aware ``lazy_pinyin`` does, and the order is the one a Chinese reader expects."""
from __future__ import annotations

import pytest

from xxgk.presentation.collation import agency_key, by_agency, pinyin_text

pypinyin = pytest.importorskip("pypinyin")

# Agency and place names as offices write them (the samples' agencies, and names with characters of
# several readings: 长 重 厦 朝 行 乐 六 蚌 番 单).
NAMES = ["淮安市洪泽区人民政府", "淮安市人民政府", "开封市质量技术监督局", "盘锦市", "盘锦市商务局", "盘锦检验检测中心",
         "东风区应急管理局", "长沙市人民政府", "长春市教育局", "长宁区财政局", "重庆市人民政府", "厦门市人民政府",
         "朝阳区人民政府", "中国人民银行淮安市中心支行", "乐山市人民政府", "六安市人民政府", "蚌埠市人民政府",
         "番禺区人民政府", "单县人民政府", "行政审批局", "安平县农业农村局", "西安市人民政府", "先锋镇人民政府"]


# Where pypinyin 0.55 misreads a place name, the reading typed by hand (长宁区 Chángníng, 单县 Shànxiàn).
BY_HAND = {"长宁区财政局": "chang ning qu cai zheng ju ", "单县人民政府": "shan xian ren min zheng fu "}


def test_readings_agree_with_pypinyin_on_agency_names():
    for name in NAMES:
        want = BY_HAND.get(name) or " ".join(pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL)) + " "
        assert pinyin_text(name) == want, name


def test_the_table_is_pypinyins_first_reading():
    """The generated table holds, for every character, pypinyin's own first toneless reading (so a new
    pypinyin needs ``scripts/build_pinyin_table.py`` run again)."""
    from xxgk.presentation.pinyin_table import FIRST, READINGS

    readings = READINGS.split(" ")
    for ch in "一东开淮盘安洪泽政府局厅委办处室站所":
        got = pypinyin.pinyin(ch, style=pypinyin.Style.NORMAL, heteronym=False)[0][0]
        assert readings[ord(ch) - FIRST] == got, ch


def test_order_is_by_pinyin_not_code_point():
    names = ["淮安市人民政府", "东风区应急管理局", "开封市质量技术监督局", "盘锦市", "安平县", "长沙市", "重庆市"]
    assert sorted(names) != by_agency(names, str)  # code points would put 东 before 安
    assert by_agency(names, str) == ["安平县", "长沙市", "重庆市", "东风区应急管理局", "淮安市人民政府",
                                     "开封市质量技术监督局", "盘锦市"]


def test_prefix_first_and_ties_by_name():
    assert by_agency(["盘锦市商务局", "盘锦市"], str) == ["盘锦市", "盘锦市商务局"]
    # same syllables, different characters: a total order (by the name itself)
    assert agency_key("石家庄") < agency_key("实家庄") or agency_key("实家庄") < agency_key("石家庄")
    assert by_agency(["安平县", "ABC局", "2号楼管理处"], str) == ["2号楼管理处", "ABC局", "安平县"]
