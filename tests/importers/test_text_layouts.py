"""Every text layout (spec §7), encoding and number notation; bad input is one clear error."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.golden_values import SEED000, SEED001, SEED002
from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes, parse_path, sniff

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_reports"
FIXTURES = ROOT / "tests" / "fixtures" / "text"


def _text(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


def _f2_cells(line: str) -> list[str]:
    cells = [c.strip() for c in line.split("|")[:-1]]
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def _relayout(text: str, joiner: str) -> str:
    """Seed 001 (one row per line) re-laid out by hand rules: tab rows, or one cell per line (F3)."""
    out: list[str] = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(line)
        elif joiner == "tab":
            out.append("\t".join(_f2_cells(line)))
        else:
            out.extend(_f2_cells(line))
    return ("\n\n" if joiner == "f3" else "\n").join(out)


@pytest.mark.parametrize("layout", ["tab", "f3"])
def test_seed001_in_other_layouts(layout: str) -> None:
    [rep] = parse_bytes(_relayout(_text("001_f2d57d5ded702b88.txt"), layout).encode(), f"001.{layout}")
    assert rep.value_map() == SEED001


def test_pdf_layout_of_a_pre2019_table() -> None:
    """Seed 002's 统计表 as PDF-copied lines: `label unit value` with spaces."""
    lines = _text("002_b6ce9a87a66a1839.txt").split("\n")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("统 计 指 标"))
    cells = [ln.rstrip("|").strip() for ln in lines[start + 3:]]
    rows = [" ".join(c for c in cells[k:k + 3] if c) for k in range(0, len(cells) - 2, 3)]
    text = "\n".join(lines[:start] + ["统 计 指 标 单位 统计数"] + rows)
    [rep] = parse_bytes(text.encode(), "002.pdf.txt")
    got = rep.value_map()
    assert {k: got.get(k) for k in SEED002} == SEED002


@pytest.mark.parametrize(("name", "encoding"), [
    ("002_b6ce9a87a66a1839.txt", "gb18030"), ("002_b6ce9a87a66a1839.txt", "gbk"),
    ("004_028b26371201af45.txt", "utf-16"), ("004_028b26371201af45.txt", "utf-16-le"),
    ("000_7fa8abd7de6217fc.txt", "big5"), ("000_7fa8abd7de6217fc.txt", "utf-8-sig"),
])
def test_encodings(name: str, encoding: str) -> None:
    data = _text(name).encode(encoding)
    [rep] = parse_bytes(data, name)
    [ref] = parse_path(SAMPLES / name)
    assert rep.value_map() == ref.value_map()
    assert (rep.agency, rep.year) == (ref.agency, ref.year)


def test_traditional_seed_values_and_agency() -> None:
    [rep] = parse_path(SAMPLES / "000_7fa8abd7de6217fc.txt")
    assert rep.value_map() == SEED000
    assert rep.agency == "盘锦检验检测中心"


def test_fullwidth_digits_and_thousands() -> None:
    text = _text("001_f2d57d5ded702b88.txt").replace("行政许可 | 14 |", "行政许可 | １,０３０ |")
    [rep] = parse_bytes(text.encode(), "fw")
    v = next(v for v in rep.values if v.key == "t2.licensing.decisions")
    assert v.value == 1030 and v.raw == "１,０３０"


def test_dashes_are_null_not_zero() -> None:
    text = _text("001_f2d57d5ded702b88.txt").replace("行政处罚 | 6 |", "行政处罚 | — |")
    [rep] = parse_bytes(text.encode(), "dash")
    v = next(v for v in rep.values if v.key == "t2.penalty.decisions")
    assert v.value is None and v.raw == "—" and v.note == "dash"


def test_b_form_2019_every_cell() -> None:
    [rep] = parse_path(FIXTURES / "b_form_2019.txt")
    assert (rep.agency, rep.year, rep.template) == ("示范市人民政府", 2019, "2019")
    got = rep.value_map()
    assert {k: got[k] for k in got if k.startswith("t2.")} == {
        "t2.regulations.made": 13, "t2.regulations.published": 13, "t2.regulations.total": 289,
        "t2.normative.made": 60, "t2.normative.published": 60, "t2.normative.total": 1030,
        "t2.licensing.prev": 2245, "t2.licensing.change": 1036, "t2.licensing.decisions": 15602,
        "t2.other_services.prev": 121, "t2.other_services.change": -3, "t2.other_services.decisions": 880,
        "t2.penalty.prev": 3300, "t2.penalty.change": 0, "t2.penalty.decisions": 10210,
        "t2.coercion.prev": 120, "t2.coercion.change": None, "t2.coercion.decisions": 96,
        "t2.fees.prev": 56, "t2.fees.change": -4, "t2.procurement.items": 12, "t2.procurement.amount": 251000}
    amount = next(v for v in rep.values if v.key == "t2.procurement.amount")
    assert amount.unit == "元" and amount.raw == "251000元"
    assert got["t3.3.6.natural"] == 600 and "t3.3.6.1.natural" not in got
    assert got["t3.3.7.total"] == 13810 and got["t3.3.1.total"] is None  # Shanghai style: leaf 总计 blank
    assert got["t4.suit_after_review.total"] == 156
    statuses = {(c.rule, c.scope): c.status for c in rep.checks}
    assert statuses[("B3.1", "natural")] == "pass" and statuses[("B3.1", "total")] == "pass"
    assert statuses[("B3.2", "natural")] == "pass"
    assert statuses[("B3.2", "total")] == "incomplete"  # never "fail" when the leaf totals are blank
    assert statuses[("B3.3", "3.1")] == "incomplete"
    assert all(s != "fail" for s in statuses.values())


def test_markup_in_a_label_is_just_text() -> None:
    text = _text("001_f2d57d5ded702b88.txt").replace("我局认真执行", "收入[/][bold]我局认真执行")
    [rep] = parse_bytes(text.encode(), "markup")
    assert "收入[/][bold]" in rep.text


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "文件是空的"),
    (b"   \n\n  ", "文件是空的"),
    (bytes(range(256)) * 40, "二进制文件"),
    ("这是一份没有任何统计表的说明文字。\n第二段。".encode(), "没有找到年度报告的统计表"),
    (b"\x81\x30\x81\x30" + bytes([0x80, 0xff, 0xfe, 0x00, 0x01]) * 300, "二进制文件"),
    (bytes([0x80, 0x81, 0xfe, 0xff, 0xa0]) * 400, "无法作为文本读取"),
], ids=["empty", "whitespace", "all-bytes", "no-table", "nul-garbage", "undecodable"])
def test_bad_input_is_one_clear_error(data: bytes, problem: str) -> None:
    with pytest.raises(BadInput) as exc:
        parse_bytes(data, "bad.txt")
    msg = str(exc.value)
    assert msg.startswith("bad.txt: ") and "\n" not in msg
    assert problem in msg


def test_missing_file_and_folder() -> None:
    with pytest.raises(BadInput, match="文件不存在"):
        parse_path(ROOT / "nope.txt")
    with pytest.raises(BadInput, match="是文件夹"):
        parse_path(SAMPLES)


def test_sniff_by_content_not_extension() -> None:
    assert sniff(b"<!DOCTYPE html><html><body><table></table>") == "html"
    assert sniff(b"PK\x03\x04rest") == "xlsx"
    assert sniff("第二十条第(一)项 |".encode()) == "text"


def test_group_subtotals_are_read_and_checked() -> None:
    """Non-official subtotals on （三）/（五） group rows (spec A3.6): stored under t3.3.3.* / t3.3.5.*, checked."""
    text = _text("hongze_2024.pdf.txt")
    text = text.replace("（三）不予公开\n", "（三）不予公开 3 0 0 0 0 0 3\n").replace(
        "（五）不予处理\n", "（五）不予处理 2 0 0 0 0 0 2\n")
    [rep] = parse_bytes(text.encode(), "subtotals.txt")
    got = rep.value_map()
    assert got["t3.3.3.natural"] == 3 and got["t3.3.3.total"] == 3
    assert got["t3.3.3.3.total"] == 1 and got["t3.3.4.1.total"] == 31  # neighbours unchanged
    a36 = {c.scope: c.status for c in rep.checks if c.rule == "A3.6"}
    assert a36["3.3:total"] == "pass"
    assert a36["3.5:natural"] == "fail"  # printed 2, sub-items sum to 1
    a32 = next(c for c in rep.checks if c.rule == "A3.2" and c.scope == "total")
    assert a32.status == "pass"  # subtotals never count twice in the result sum


def test_values_that_cannot_be_placed_are_warnings_not_guesses() -> None:
    """PDF text that drops blank cells, or prints a column's numbers in one run: nothing is placed."""
    text = _text("hongze_2023.pdf.txt")
    text = text.replace("一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21", "一、本年新收政府信息公开申请数量 21 21")
    text = text.replace("二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0", "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0 0 0 0 0")
    [rep] = parse_bytes(text.encode(), "broken.pdf.txt")
    got = rep.value_map()
    assert all(got[f"t3.1.{c}"] is None for c in ("natural", "total"))
    assert all(got[f"t3.2.{c}"] is None for c in ("natural", "total"))
    msgs = [w.message for w in rep.warnings]
    assert any("7 列只印了 2 个数" in m for m in msgs)
    assert any("应有 7 列，却有 11 个单元格" in m for m in msgs)
    a31 = next(c for c in rep.checks if c.rule == "A3.1" and c.scope == "total")
    assert a31.status == "incomplete"
    assert got["t3.3.2.total"] == 4  # the rows around are unaffected


def test_blank_group_row_of_six_is_not_the_2019_leaf() -> None:
    """A 2021 table 三 whose （六）其他处理 group row is drawn with 7 empty cells before its sub-items."""
    text = _text("001_f2d57d5ded702b88.txt").replace(
        "(六)其他处理 | 1.申请人无正当理由",
        "(六)其他处理 | | | | | | | |\n1.申请人无正当理由")
    [rep] = parse_bytes(text.encode(), "six.txt")
    got = rep.value_map()
    assert "t3.3.6.natural" not in got and got["t3.3.6.1.natural"] == 0
    assert set(got) == set(SEED001)


def test_pre2014_form_with_code_and_two_value_columns() -> None:
    """定西-style 统计表 (spec §4.3): the 代码 column is never a value; a second value column is flagged."""
    text = "\n".join([
        "示范市2012年政府信息公开工作年度报告",
        "指 标 名 称 | 计量单位 | 代码 | 本期实际 | 本年累计 |",
        "(一)收到申请数 | 件 | 01 | 12 | 30 |",
        "1.当面申请数 | 件 | 02 | 2 | 5 |",
        "2.传真申请数 | 件 | 03 | 0 | 0 |",
        "3.网络申请数 | 件 | 04 | 10 | 25 |",
        "4.信函申请数 | 件 | 05 | 0 | 0 |",
    ] + ["正文。"] * 12)
    [rep] = parse_bytes(text.encode(), "dingxi.txt")
    got = rep.value_map()
    assert got["c.req.received"] == 12 and got["c.req.in_person"] == 2 and got["c.req.online"] == 10
    assert next(c for c in rep.checks if c.rule == "C1").status == "pass"
    stray = [w for w in rep.warnings if "不在“单位 | 统计数”两列中" in w.message]
    assert len(stray) == 5 and "30" in stray[0].message


def test_short_row_labels_seen_on_agency_sites() -> None:
    text = _text("001_f2d57d5ded702b88.txt").replace("一、本年新收政府信息公开申请数量", "一、本年新收申请数量").replace(
        "二、上年结转政府信息公开申请数量", "二、上年结转申请数量")
    [rep] = parse_bytes(text.encode(), "short.txt")
    assert rep.value_map() == SEED001
