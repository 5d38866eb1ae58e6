"""Pre-2019 统计表 with two value columns (本年 / 历年累计, the Fujian form; issue 9 item 5).

The year's column is read under the row's key, the all-time column under ``<key>.cumulative``; X6 (SOFT)
chains the all-time column across years. The fixture is seed 003's 统计表 laid that way
(scripts/build_layout_fixtures.py); the values are typed in golden_values.PANJIN_2015_TWO_COLUMNS.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.golden_values import PANJIN_2015_TWO_COLUMNS
from xxgk.domain import templates as T
from xxgk.domain.identities import check_cross_year
from xxgk.importers import parse_bytes, parse_path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "layouts" / "panjin_2015_cumulative.txt"


def _expected() -> dict[str, object]:
    out: dict[str, object] = {}
    for key, (year, cum) in PANJIN_2015_TWO_COLUMNS.items():
        out[key] = year
        out[f"{key}.cumulative"] = cum
    return out


def _relaid(text: str, how: str) -> str:
    """The same table as F1 (one cell per line) or as PDF lines (`label unit value cumulative`)."""
    out = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.split("|")[:-1]]
        if how == "f1":
            out.extend(f"{c} |" if c else "|" for c in cells)
        else:
            out.append(" ".join(c for c in cells if c))
    return "\n".join(out)


def test_both_columns_every_row() -> None:
    [rep] = parse_path(FIXTURE)
    assert (rep.agency, rep.year, rep.template) == ("盘锦市", 2015, "pre2019")
    got = {k: v for k, v in rep.value_map().items() if not k.startswith("c.x.")}
    assert got == _expected()
    assert not [w for w in rep.warnings if "未读取" in w.message]  # no second column left as a warning
    cum = next(v for v in rep.values if v.key == "c.req.received.cumulative")
    assert cum.raw == "655" and cum.label == "(一)收到申请数 · 历年累计" and cum.unit == "件"
    heads = [v for v in rep.values if v.key.startswith("c.x.")]
    assert len(heads) == 6 and all(v.value is None and v.note == "section heading" for v in heads)


def test_the_year_column_alone_feeds_the_identities() -> None:
    [rep] = parse_path(FIXTURE)
    c1 = next(c for c in rep.checks if c.rule == "C1")
    assert c1.status == "pass" and c1.actual == 103 and "c.req.received.cumulative" not in c1.keys


@pytest.mark.parametrize("how", ["f1", "pdf"])
def test_other_layouts_of_the_same_table(how: str) -> None:
    text = _relaid(FIXTURE.read_text("utf-8"), how)
    [rep] = parse_bytes(text.encode(), f"two_columns.{how}.txt")
    got = {k: v for k, v in rep.value_map().items() if not k.startswith("c.x.")}
    expected = _expected()
    if how == "pdf":
        # PDF text drops blank cells: a row printing one number under two columns cannot be placed
        one_number = [k for k, (_y, cum) in PANJIN_2015_TWO_COLUMNS.items() if cum is None and k != "c.complaints"]
        for k in one_number:
            expected[k] = expected[f"{k}.cumulative"] = None
        assert sum("本年和历年累计两列只有一个数" in w.message for w in rep.warnings) == len(one_number)
    assert got == expected


def test_a_second_column_of_the_year_is_still_not_read() -> None:
    """本期实际 | 本年累计 (定西) is not all-time: its second column stays a warning (unchanged)."""
    text = FIXTURE.read_text("utf-8").replace("2015年度 | 历年累计", "本期实际 | 本年累计")
    [rep] = parse_bytes(text.encode(), "dingxi.txt")
    assert not any(k.endswith(".cumulative") for k in rep.value_map())
    assert any("不在“单位 | 统计数”两列中" in w.message for w in rep.warnings)


def test_cumulative_keys_are_known() -> None:
    ki = T.info("c.req.received.cumulative")
    assert ki is not None and ki.label == "(一)收到申请数 · 历年累计" and ki.table == "c"
    assert T.order_of("c.req.received") < T.order_of("c.req.received.cumulative") < T.order_of("c.req.in_person")
    assert T.info("t3.1.total.cumulative") is None


def _year_before(text: str) -> str:
    """The 2014 report of the same office: its 历年累计 is 2015's minus 2015's year (typed), one row off."""
    text = text.replace("2015年度", "2014年度").replace("盘锦市2015", "盘锦市2014").replace("2016年3月8日", "2015年3月6日")
    for old, new in (("| 件 | 103 | 655 |", "| 件 | 88 | 552 |"),  # 收到申请数: 552 + 103 = 655
                     ("| 件 | 5 | 23 |", "| 件 | 4 | 18 |"),  # 行政复议数量: 18 + 5 = 23
                     ("| 件 | 0 | 6 |", "| 件 | 2 | 7 |"),  # 行政诉讼数量: 7 + 0 ≠ 6
                     ("| 件 | 93 | 630 |", "| 件 | 80 |  |")):  # 按时办结数: 2014 all-time blank
        assert old in text
        text = text.replace(old, new)
    return text


def test_cross_year_chain_of_the_cumulative_column() -> None:
    text = FIXTURE.read_text("utf-8")
    [now] = parse_bytes(text.encode(), "2015.txt")
    [before] = parse_bytes(_year_before(text).encode(), "2014.txt")
    assert (before.year, now.year) == (2014, 2015)
    x6 = {c.scope: c for c in check_cross_year(before, now) if c.rule == "X6"}
    assert x6["c.req.received"].status == "pass" and x6["c.req.received"].expected == 655
    assert x6["c.review.total"].status == "pass"
    lit = x6["c.lit.total"]
    assert lit.status == "warn" and not lit.strict and lit.expected == 7 and lit.actual == 6 and lit.difference == -1
    assert lit.inputs == {"2014:c.lit.total.cumulative": 7, "2015:c.lit.total": 0, "2015:c.lit.total.cumulative": 6}
    assert "相差 -1" in lit.message
    assert x6["c.req.closed_on_time"].status == "incomplete"
    assert "c.ans.granted" not in x6  # no all-time figure in either year: nothing to chain
    assert not any(k.startswith("c.x.") for k in x6)  # headings print nothing to chain


def test_no_chain_without_the_column() -> None:
    [a] = parse_path(Path(__file__).resolve().parents[2] / "sample_reports" / "003_5ca275e7fc674769.txt")
    [b] = parse_bytes(FIXTURE.read_text("utf-8").replace("2015", "2016").encode(), "2016.txt")
    assert (a.year, b.year) == (2015, 2016)
    assert not [c for c in check_cross_year(a, b) if c.rule == "X6"]
