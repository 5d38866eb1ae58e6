"""Indicators computed by hand from the printed tables of the real reports (the figures in the comments
are read off the PDFs' text), against ``domain.indicators``."""
from __future__ import annotations

import pytest

from tests.conftest import SAMPLES
from xxgk.domain.indicators import INDICATORS, Settings, find_indicator, rank, reading, readings
from xxgk.domain.summary import KeySum, sum_reports, value_map
from xxgk.importers import parse_path


def values_of(name: str) -> tuple[dict, str | None]:
    (parsed,) = parse_path(SAMPLES / name)
    return parsed.value_map(), parsed.template


def by_id(rs) -> dict:
    return {r.id: r for r in rs}


def test_every_indicator_has_one_written_definition():
    for ind in INDICATORS:
        assert ind.definition() and ind.forms
    assert find_indicator("公开率") is find_indicator("open_rate")


def test_huaian_2024_by_hand():
    values, template = values_of("huaian_2024.pdf.txt")
    r = by_id(readings(values, template, Settings()))
    # 表三 总计 column: 予以公开 1362, 部分公开 454, (七)总计 3050
    assert (r["open_rate"].numerator, r["open_rate"].denominator) == (1816, 3050)
    assert r["open_rate"].value == pytest.approx(0.5954, abs=1e-4) and r["open_rate"].state == "rated"
    # 不予公开 1–8: 2 + 31 + 5 + 6 + 8 + 12 + 9 + 105 = 178
    assert (r["refusal_rate"].numerator, r["refusal_rate"].denominator) == (178, 3050)
    # 行政复议 维持 72 纠正 64 其他 178 (尚未审结 37 is not concluded): 64 / 314
    assert (r["review_correction"].numerator, r["review_correction"].denominator) == (64, 314)
    assert r["review_correction"].value == pytest.approx(0.2038, abs=1e-4)
    assert r["review_correction"].flagged  # above the default 20 %
    # 直接起诉 13 4 8 (1 pending): 4 / 25, fewer than 30 cases: shown, not rated
    assert (r["suit_direct_correction"].numerator, r["suit_direct_correction"].denominator) == (4, 25)
    assert r["suit_direct_correction"].state == "few" and not r["suit_direct_correction"].flagged
    # 复议后起诉 12 1 1 (6 pending): 1 / 14; both kinds together 5 / 39
    assert (r["suit_after_review_correction"].numerator, r["suit_after_review_correction"].denominator) == (1, 14)
    assert (r["litigation_correction"].numerator, r["litigation_correction"].denominator) == (5, 39)
    assert r["litigation_correction"].state == "rated"
    assert r["applications"].value == 3119


def test_hongze_change_on_last_year():
    v23, t23 = values_of("hongze_2023.pdf.txt")
    v24, t24 = values_of("hongze_2024.pdf.txt")
    r = by_id(readings(v24, t24, Settings(), v23, t23))
    # 本年新收 2023: 21, 2024: 95 → +352.4 %, but last year had fewer than 30: not rated
    change = r["applications_change"]
    assert (change.numerator, change.denominator) == (95, 21)
    assert change.value == pytest.approx(74 / 21) and change.state == "few"
    # 2024: 予以公开 50 + 部分公开 9 of 95
    assert r["open_rate"].value == pytest.approx(59 / 95) and r["open_rate"].state == "rated"
    # 复议 维持 1 纠正 1: 1 / 2, far too few
    assert r["review_correction"].state == "few" and r["review_correction"].value == 0.5
    assert readings(v24, t24, Settings())[1].state == "incomplete"  # no last year: the change is not 0


def test_hongze_2023_review_uses_the_parts_not_the_printed_total():
    values, template = values_of("hongze_2023.pdf.txt")  # 表四 prints 总计 0 beside 10 + 1
    r = reading(find_indicator("review_correction"), values, template, Settings(min_cases=1))
    assert (r.numerator, r.denominator, r.state) == (1, 11, "rated")


def test_blank_inputs_make_an_indicator_incomplete_never_zero():
    values, template = values_of("000_7fa8abd7de6217fc.txt")  # 表三's applicant columns blank, 总计 0
    assert reading(find_indicator("open_rate"), values, template, Settings()).state == "none"  # 0 cases
    values = dict(values)
    values["t3.3.7.total"] = None
    r = reading(find_indicator("open_rate"), values, template, Settings())
    assert r.state == "incomplete" and r.value is None and "t3.3.7.total" in r.missing


def test_pre2019_definitions():
    values, template = values_of("003_5ca275e7fc674769.txt")  # 盘锦市 2015
    r = by_id(readings(values, template, Settings(min_cases=1)))
    # 复议: 维持 3, 纠错 2, 其他 0
    assert (r["review_correction"].numerator, r["review_correction"].denominator) == (2, 5)
    assert r["suit_direct_correction"].state == "absent"  # the 统计表 does not split litigation
    assert r["applications"].value == 103


def test_thresholds_and_min_cases_are_the_offices():
    values, template = values_of("huaian_2024.pdf.txt")
    strict = Settings(min_cases=10, thresholds={"review_correction": 0.25, "suit_direct_correction": 0.1})
    r = by_id(readings(values, template, strict))
    assert not r["review_correction"].flagged  # 20.4 % is under 25 %
    assert r["suit_direct_correction"].state == "rated" and r["suit_direct_correction"].flagged  # 16 % of 25
    off = Settings(thresholds={"review_correction": None})
    assert not by_id(readings(values, template, off))["review_correction"].flagged
    assert Settings.from_json(strict.to_json()) == strict


def test_region_indicator_is_on_the_sums_not_an_average():
    v24, t24 = values_of("hongze_2024.pdf.txt")
    vh, th = values_of("huaian_2024.pdf.txt")
    sums = sum_reports([("洪泽区", v24), ("淮安市", vh)])
    r = reading(find_indicator("open_rate"), value_map(sums), "2021", Settings())
    # (50 + 9 + 1362 + 454) / (95 + 3050) = 1875 / 3145 — not the mean of 62.1 % and 59.5 %
    assert (r.numerator, r.denominator) == (1875, 3145)


def test_ranking_worst_first():
    ind = find_indicator("open_rate")
    rows = [(name, reading(ind, {"t3.3.1.total": a, "t3.3.2.total": 0, "t3.3.7.total": b}, "2021", Settings()))
            for name, a, b in (("甲", 40, 100), ("乙", 10, 100), ("丙", 1, 2), ("丁", None, 100))]
    assert [n for n, _r in rank(rows)] == ["乙", "甲", "丙", "丁"]  # rated lowest first, then few, then none


def test_sums_count_blank_and_absent_apart():
    sums = sum_reports([("甲", {"a": 1, "b": None}), ("乙", {"a": 2.5, "b": 3, "c": 0.1}), ("丙", {"a": 0.2})])
    assert sums["a"] == KeySum("a", 3.7, 3)
    assert sums["a"].complete and sums["a"].value == 3.7
    assert sums["b"].total == 3 and sums["b"].blank_in == ["甲"] and sums["b"].absent_in == ["丙"]
    assert not sums["b"].complete and sums["b"].value is None and sums["b"].note() == "1 份空白（甲）；1 份无此项（丙）"
    assert sums["c"].total == 0.1 and sums["c"].absent_in == ["甲", "丙"]
