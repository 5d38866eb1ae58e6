"""HTML pages: the cell grid they produce, charsets, page noise, and golden values of the sample pages.

Expected values are typed by hand: the sample pages' values come from ``tests.importers.golden_values``
(typed from the text reports), so the HTML and text versions of one report must agree cell by cell.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.importers.golden_values import HUAIAN_2024, SEED002, SEED002_HEADINGS
from xxgk.importers import parse_path, sniff
from xxgk.importers.cells import Cell
from xxgk.importers.html import decode_html, looks_numeric, read_html, report_title

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "grid"


def grid_rows(cells: list[Cell]) -> list[list[str]]:
    """Grid cells as rows of texts (narrative lines left out)."""
    rows: list[list[str]] = []
    cur: list[str] = []
    for c in cells:
        if c.mode != "grid":
            continue
        cur.append(c.text)
        if c.row_end:
            rows.append(cur)
            cur = []
    assert not cur, "a grid row without row_end"
    return rows


def page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


# ------------------------------------------------------------------------------------------ the grid
T3_HEAD = """
<table>
<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研<br/>机构</td><td>社会公益
组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>3</td><td>0</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="1">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>"""


def test_spans_carry_labels_into_every_position() -> None:
    doc = read_html(page(T3_HEAD), "t.html")
    rows = grid_rows(doc.cells)
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    assert rows[0] == [note] * 3 + ["申请人情况"] * 7
    assert rows[1] == [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert rows[2] == [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益 组织", "法律服务机构", "其他", "总计"]
    assert rows[3] == ["一、本年新收政府信息公开申请数量"] * 3 + ["3", "0", "", "0", "0", "0", "3"]
    assert rows[4] == ["三、本年度办理结果", "（一）予以公开", "（一）予以公开", "1", "0", "0", "0", "0", "0", "1"]
    assert rows[5] == ["三、本年度办理结果", "（三）不予公开", "1.属于国家秘密"] + ["0"] * 7


def test_where_and_row_end() -> None:
    doc = read_html(page("<p>前言</p>" + T3_HEAD), "t.html")
    grid = [c for c in doc.cells if c.mode == "grid"]
    assert grid[0].where == "table 1 r1c1"
    assert grid[9].where == "table 1 r1c10" and grid[9].row_end
    assert sum(c.row_end for c in grid) == 6
    blank = [c for c in grid if c.where == "table 1 r4c6"]
    assert blank[0].text == ""  # &nbsp; is a blank, kept as an empty cell


def test_number_in_rowspan_stays_in_top_left_with_warning() -> None:
    html = ("<table><tr><td>行政复议</td><td>结果维持</td></tr>"
            "<tr><td>甲</td><td rowspan=\"2\">5</td></tr><tr><td>乙</td></tr></table>")
    doc = read_html(page(html), "t.html")
    assert grid_rows(doc.cells) == [["行政复议", "结果维持"], ["甲", "5"], ["乙", ""]]
    [w] = [w for w in doc.warnings if "合并单元格" in w.message]
    assert "r2c2 (5, 2×1)" in w.message and w.where == "table 1"


def test_number_in_colspan_of_table_two_is_the_official_layout() -> None:
    html = "<table><tr><td>信息内容</td><td colspan=3>本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan=3>447228</td></tr></table>"
    doc = read_html(page(html), "t.html")
    assert grid_rows(doc.cells) == [["信息内容"] + ["本年处理决定数量"] * 3, ["行政许可", "447228", "", ""]]
    assert not [w for w in doc.warnings if "合并单元格" in w.message]


def test_text_outside_tables_is_narrative_in_document_order() -> None:
    body = ("<h2>三、收到和处理政府信息公开申请情况</h2>" + T3_HEAD
            + "<p>四、政府信息公开行政复议、行政诉讼情况</p><div>尾<span>声</span></div>")
    doc = read_html(page(body), "t.html")
    kinds = [(c.mode, c.text) for c in doc.cells if c.mode == "plain"]
    assert kinds == [("plain", "三、收到和处理政府信息公开申请情况"), ("plain", "四、政府信息公开行政复议、行政诉讼情况"),
                     ("plain", "尾声")]
    first = doc.cells[0]
    assert first.narrative and first.row_end and first.where == "text line 1"
    assert doc.cells[1].mode == "grid"  # the table follows its heading
    lines = doc.text.split("\n")
    assert lines[0] == "三、收到和处理政府信息公开申请情况"
    assert lines[4] == "一、本年新收政府信息公开申请数量 | 3 | 0 |  | 0 | 0 | 0 | 3"
    n = next(c for c in doc.cells if c.text == "尾声")
    assert lines[int(n.where.split()[-1]) - 1] == "尾声"  # "text line N" is line N of the text


def test_page_chrome_scripts_and_hidden_content_ignored() -> None:
    body = """
<header><div>某某网站 2020</div></header>
<nav>首页 &gt; 2019年</nav>
<script>var total = 3119; document.write("<table><tr><td>行政许可</td><td>999</td></tr></table>");</script>
<style>td { width: 12px }</style>
<noscript>2018</noscript>
<!-- <table><tr><td>注释里的表 123</td></tr></table> -->
<div style="display: none">浏览次数 4567</div>
<div hidden>8888</div>
<select><option>2017年</option></select>
<article><header><h1>XX局2023年政府信息公开工作年度报告</h1></header><p>正文</p>
<footer>XX局 2024年1月20日</footer></article>
<footer>版权所有 2024</footer>"""
    doc = read_html(page(body), "t.html")
    assert doc.text.split("\n") == ["XX局2023年政府信息公开工作年度报告", "正文", "XX局 2024年1月20日"]
    assert not [c for c in doc.cells if c.mode == "grid"]


def test_layout_table_is_flattened_and_inner_tables_are_grids() -> None:
    body = """<table width="980"><tr><td>网站横幅</td></tr><tr><td>
<p>附件:</p><p>政府信息公开情况统计表</p>
<table><tr><td>统 计 指 标</td><td>单位</td><td>统计数</td></tr>
<tr><td>(一)收到申请数</td><td>件</td><td>1</td></tr></table>
<p>以上</p></td></tr></table>"""
    doc = read_html(page(body), "t.html")
    seq = [(c.mode, c.text, c.where) for c in doc.cells]
    assert seq[:3] == [("plain", "网站横幅", "text line 1"), ("plain", "附件:", "text line 2"),
                       ("plain", "政府信息公开情况统计表", "text line 3")]
    assert grid_rows(doc.cells) == [["统 计 指 标", "单位", "统计数"], ["(一)收到申请数", "件", "1"]]
    assert seq[3][2] == "table 2 r1c1"  # tables are numbered in the order their tags open
    assert seq[-1][:2] == ("plain", "以上")


def test_unclosed_cells_and_rows() -> None:
    html = "<table><tr><td>规章<td>1<td>0<td>11<tr><td>行政规范性文件<td>8<td>26<td>66</table><p>后文"
    doc = read_html(page(html), "t.html")
    assert grid_rows(doc.cells) == [["规章", "1", "0", "11"], ["行政规范性文件", "8", "26", "66"]]
    assert doc.text.endswith("后文")


def test_labels_with_brackets_and_formula_like_text_survive() -> None:
    html = "<table><tr><td>收入[/]</td><td>=SUM(A1)</td><td>&lt;b&gt;</td></tr></table>"
    doc = read_html(page(html), "t.html")
    assert grid_rows(doc.cells) == [["收入[/]", "=SUM(A1)", "<b>"]]


def test_empty_rows_skipped() -> None:
    html = "<table><tr><td>a</td><td>1</td></tr><tr><td>&nbsp;</td><td> </td></tr><tr><td>b</td><td>2</td></tr></table>"
    doc = read_html(page(html), "t.html")
    assert grid_rows(doc.cells) == [["a", "1"], ["b", "2"]]
    assert [c.where for c in doc.cells if c.row_end] == ["table 1 r1c2", "table 1 r3c2"]


def test_looks_numeric() -> None:
    for t in ("0", "12", "1,030", "96171.6", "251000元", "+1036", "-3", "１０３０", "0.00"):
        assert looks_numeric(t), t
    for t in ("", "—", "1.属于国家秘密", "2024年", "无", "三、本年度办理结果", "=SUM(A1)"):
        assert not looks_numeric(t), t


def test_report_title_from_title_tag() -> None:
    assert report_title("淮安市人民政府2024年政府信息公开工作年度报告_淮安市人民政府", None) == \
        "淮安市人民政府2024年政府信息公开工作年度报告"
    assert report_title("淮安市人民政府门户网站", "XX局2023年政府信息公开工作年度报告") == "XX局2023年政府信息公开工作年度报告"
    assert report_title("淮安市人民政府", None) is None  # a bare site name is not the reporting agency


# --------------------------------------------------------------------------------------------- charset
def test_gbk_page_with_meta_charset() -> None:
    data = page("<p>淮安市人民政府2024年政府信息公开工作年度报告</p>", '<meta charset="gbk">')
    data = data.decode().encode("gbk")
    doc = read_html(data, "t.html")
    assert doc.encoding == "gb18030"
    assert doc.text == "淮安市人民政府2024年政府信息公开工作年度报告"


def test_http_equiv_gb2312_read_as_gb18030() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />'
    data = page("<p>镕䶮 政府信息公开</p>", head).decode().encode("gb18030")  # 镕 and 䶮 are not in GB2312
    text, enc, warnings = decode_html(data)
    assert enc == "gb18030" and "镕䶮 政府信息公开" in text and not warnings


def test_undeclared_charsets_are_guessed() -> None:
    body = "<p>本年新收政府信息公开申请数量</p><p>收到和处理政府信息公开申请情况，结转下年度继续办理</p>"
    gbk = page(body, "").decode().encode("gbk")
    text, enc, warnings = decode_html(gbk)
    assert enc == "gb18030" and "本年新收政府信息公开申请数量" in text
    assert warnings and "没有声明编码" in warnings[0].message
    big5 = page("<p>本年新收政府信息公開申請數量，結轉下年度繼續辦理，政府信息公開行政復議</p>", "").decode().encode("big5")
    text, enc, _ = decode_html(big5)
    assert enc == "big5" and "結轉下年度繼續辦理" in text


def test_bom_and_mislabelled_pages() -> None:
    data = b"\xef\xbb\xbf" + page("<p>报告</p>", '<meta charset="gbk">')  # the BOM wins over the meta
    assert decode_html(data)[:2] == (data[3:].decode(), "utf-8")
    data = page("<p>政府信息公开工作年度报告</p>", '<meta charset="utf-8">').decode().encode("gbk")
    text, enc, warnings = decode_html(data)
    assert enc == "gb18030" and "政府信息公开工作年度报告" in text
    assert "声明的编码是 utf-8，实际是 gb18030" in warnings[0].message


def test_page_source_saved_as_txt_is_read_as_html(tmp_path: Path) -> None:
    src = (FIXTURES / "page_source_saved_as.txt").read_bytes()
    assert sniff(src) == "html"
    f = tmp_path / "report.txt"
    f.write_bytes(src)
    [rep] = parse_path(f)
    assert rep.format == "html"
    assert rep.agency == "示范县人民政府" and rep.year == 2023
    got = rep.value_map()
    assert got["t4.review.total"] == 3 and got["t4.review.upheld"] == 2 and got["t4.suit_direct.total"] == 1
    assert got["t3.1.total"] == 2 and got["t3.3.1.natural"] == 1
    assert not any("999" in (v.raw or "") for v in rep.values)  # the numbers in <script> are not values


# -------------------------------------------------------------------------------------- golden samples
def _one(name: str):
    [rep] = parse_path(SAMPLES / name)
    return rep


def test_huaian_html_golden() -> None:
    t = time.perf_counter()
    rep = _one("huaian_2024.html")
    elapsed = time.perf_counter() - t
    assert elapsed < 2.0
    assert rep.format == "html" and rep.encoding == "gb18030"
    assert (rep.agency, rep.year, rep.template) == ("淮安市人民政府", 2024, "2021")
    got = rep.value_map()
    wrong = {k: (v, got.get(k, "MISSING")) for k, v in HUAIAN_2024.items() if got.get(k, "MISSING") != v}
    assert not wrong, wrong
    assert set(got) == set(HUAIAN_2024)  # nothing invented from the script/nav/footer noise
    for k, v in HUAIAN_2024.items():
        assert type(got[k]) is type(v), k
    assert {c.status for c in rep.checks} == {"pass"}
    # values point back to the page
    where = {v.key: v.where for v in rep.values}
    assert where["t2.licensing.decisions"] == "table 1 r7c2"
    assert where["t3.1.natural"] == "table 2 r4c4"
    assert where["t4.suit_after_review.total"] == "table 3 r4c15"


def test_huaian_html_agrees_with_the_text_version() -> None:
    html = _one("huaian_2024.html")
    text = _one("huaian_2024.pdf.txt")
    assert html.value_map() == text.value_map()
    assert (html.agency, html.year) == (text.agency, text.year)


def test_huaian_spot_values_typed_from_the_pdf_text() -> None:
    got = _one("huaian_2024.html").value_map()
    assert got["t2.licensing.decisions"] == 447228
    assert got["t2.penalty.decisions"] == 3985758
    assert got["t2.fees.amount"] == 96171.6
    assert got["t3.3.6.3.total"] == 110  # "3、其他" under （六）其他处理
    assert got["t3.3.3.3.natural"] == 5  # 3.危及“三安全一稳定”
    assert got["t3.3.7.total"] == 3050 and got["t3.4.total"] == 103
    assert got["t4.review.total"] == 351 and got["t4.suit_direct.total"] == 26


def test_kaifeng_pre2019_page_golden() -> None:
    rep = _one("kaifeng_zhijian_2018.htm")
    assert rep.format == "html" and rep.encoding == "gb18030"
    assert (rep.agency, rep.year, rep.template) == ("开封市质量技术监督局", 2018, "pre2019")
    got = rep.value_map()
    wrong = {k: (v, got.get(k, "MISSING")) for k, v in SEED002.items() if got.get(k, "MISSING") != v}
    assert not wrong, wrong
    headings = {v.label: v.raw for v in rep.values if v.note and v.note.startswith("section heading")}
    assert headings == dict(SEED002_HEADINGS)
    assert {c.status for c in rep.checks} <= {"pass", "warn"}


def test_kaifeng_page_agrees_with_seed_002() -> None:
    html = _one("kaifeng_zhijian_2018.htm").value_map()
    text = _one("002_b6ce9a87a66a1839.txt").value_map()
    assert {k: v for k, v in html.items() if k.startswith("c.") and not k.startswith("c.x.")} == \
        {k: v for k, v in text.items() if k.startswith("c.") and not k.startswith("c.x.")}


def test_sample_pages_rebuild_identically() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_samples", SAMPLES.parent / "scripts" / "build_samples.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    assert mod.huaian_html() == (SAMPLES / "huaian_2024.html").read_bytes()
    assert mod.kaifeng_htm() == (SAMPLES / "kaifeng_zhijian_2018.htm").read_bytes()


@pytest.mark.parametrize("name", ["huaian_2024.html", "kaifeng_zhijian_2018.htm"])
def test_every_grid_row_is_closed(name: str) -> None:
    doc = read_html((SAMPLES / name).read_bytes(), name)
    grid_rows(doc.cells)  # asserts every grid row ends with row_end
    assert all(c.row_end for c in doc.cells if c.mode == "plain")
