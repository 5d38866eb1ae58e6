"""Word documents: the grid their tables give (the same as HTML's), paragraphs, budgets, old .doc files.

The sample documents' values come from ``tests.importers.golden_values`` (typed by hand from the text
reports): the DOCX, HTML, PDF and text versions of one report must agree cell by cell. The small documents
below are written in the test with python-docx, the way Word stores what they exercise.
"""
from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from tests.conftest import SAMPLES
from tests.importers.golden_values import GOLDEN, HUAIAN_2024, SEED002, SEED002_HEADINGS
from tests.importers.test_html import grid_rows
from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes, parse_path
from xxgk.importers.docx import read_docx
from xxgk.importers.html import read_html

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def save(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def check_golden(rep, key: str) -> None:
    agency, year, template, expected = GOLDEN[key]
    assert (rep.agency, rep.year, rep.template) == (agency, year, template)
    got = rep.value_map()
    wrong = {k: (v, got.get(k, "MISSING")) for k, v in expected.items() if got.get(k, "MISSING") != v}
    assert not wrong, wrong
    if template != "pre2019":
        assert set(got) == set(expected)


# ------------------------------------------------------------------------------------------ samples
def test_libreoffice_docx_of_the_saved_page_gives_the_page_grid_and_values() -> None:
    """LibreOffice turned huaian_2024.html's rowspans/colspans into vMerge/gridSpan: the matcher sees the
    very grid the HTML page gives."""
    data = (SAMPLES / "huaian_2024.docx").read_bytes()
    doc = read_docx(data, "huaian_2024.docx")
    page = read_html((SAMPLES / "huaian_2024.html").read_bytes(), "huaian_2024.html")
    assert grid_rows(doc.cells) == grid_rows(page.cells)
    [rep] = parse_bytes(data, "huaian_2024.docx")
    assert rep.format == "docx"
    check_golden(rep, "huaian_2024.pdf.txt")
    assert rep.value_map() == HUAIAN_2024


def test_word_document_with_merged_cells_and_multi_paragraph_headers() -> None:
    [rep] = parse_path(SAMPLES / "hongze_2024.docx")
    check_golden(rep, "hongze_2024.pdf.txt")
    rows = grid_rows(read_docx((SAMPLES / "hongze_2024.docx").read_bytes(), "x").cells)
    assert ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] == rows[-3][:5]  # "结果" / "维持" paragraphs
    assert rows[-2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_nested_layout_table_and_pre2019_form() -> None:
    """Seed 002's old page saved as Word: the 统计表 is a table inside the layout table."""
    data = (SAMPLES / "kaifeng_zhijian_2018.docx").read_bytes()
    body = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert body.count("<w:tbl>") >= 2  # nested, as LibreOffice wrote it
    [rep] = parse_bytes(data, "kaifeng.docx")
    check_golden(rep, "002_b6ce9a87a66a1839.txt")
    assert len(rep.values) == 65 and all(rep.value_map()[k] == v for k, v in SEED002.items())
    heads = [(v.label, v.raw) for v in rep.values if v.note and v.note.startswith("section heading")]
    assert heads == SEED002_HEADINGS


# ------------------------------------------------------------------------------------ the grid itself
def test_vmerge_and_gridspan_are_html_spans() -> None:
    d = docx.Document()
    d.add_paragraph("前言")
    t = d.add_table(rows=3, cols=4)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "三、本年度办理结果"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "申请人情况"
    t.cell(1, 1).merge(t.cell(2, 1)).text = "7"  # a number merged over two rows: top position only
    for c, v in ((2, "1"), (3, "2")):
        t.cell(1, c).text = v
        t.cell(2, c).text = ""
    d.add_paragraph("后记")
    doc = read_docx(save(d), "t.docx")
    assert grid_rows(doc.cells) == [["三、本年度办理结果", "申请人情况", "申请人情况", "申请人情况"],
                                    ["三、本年度办理结果", "7", "1", "2"], ["三、本年度办理结果", "", "", ""]]
    narrative = [c.text for c in doc.cells if c.narrative]
    assert narrative == ["前言", "后记"]  # in document order around the table
    assert any("合并单元格" in w.message for w in doc.warnings)
    grid = [c for c in doc.cells if c.mode == "grid"]
    assert grid[0].where == "table 1 r1c1" and grid[3].row_end and not grid[2].row_end


def test_cell_paragraphs_hidden_deleted_and_field_text() -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=4)
    t.cell(0, 0).text = "社会公益"
    t.cell(0, 0).add_paragraph("组织")
    t.cell(0, 1).text = "3"
    t.cell(0, 1).add_paragraph("5")  # two numbers are not the number 35
    hidden = t.cell(0, 2).paragraphs[0].add_run("9")
    hidden.font.hidden = True
    t.cell(0, 2).paragraphs[0].add_run("4")
    p = t.cell(0, 3).paragraphs[0]
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>8</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:r {W}><w:instrText>PAGE 7</w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="x"><w:r><w:t>6</w:t></w:r></w:ins>'))
    doc = read_docx(save(d), "t.docx")
    assert grid_rows(doc.cells) == [["社会公益组织", "3；5", "4", "6"]]
    assert any("几个段落里各有一个数字" in w.message for w in doc.warnings)


def test_tab_stop_rows_and_grid_before() -> None:
    d = docx.Document()
    for line in ("信息内容\t本年处理决定数量", "行政许可\t97", "行政处罚\t3"):
        d.add_paragraph(line)
    t = d.add_table(rows=1, cols=2)
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {W} w:val="1"/>'))
    t.cell(0, 1).text = "x"
    doc = read_docx(save(d), "t.docx")
    rows = grid_rows(doc.cells)
    assert rows[:3] == [["信息内容", "本年处理决定数量"], ["行政许可", "97"], ["行政处罚", "3"]]
    assert rows[3][0] == ""  # the skipped grid column before the row's first cell


def test_report_pasted_into_word_as_plain_text() -> None:
    """No tables: the PDF-copied text of hongze 2024 pasted into Word, one paragraph per line."""
    d = docx.Document()
    for line in (SAMPLES / "hongze_2024.pdf.txt").read_text("utf-8").splitlines():
        d.add_paragraph(line)
    [rep] = parse_bytes(save(d), "pasted.docx")
    check_golden(rep, "hongze_2024.pdf.txt")


# ------------------------------------------------------------------------------------------ refusals
def test_zip_budget_is_checked_before_python_docx_loads(monkeypatch) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<" + b" " * (70 * 1024 * 1024) + b"/>")
    monkeypatch.setattr(docx, "Document", lambda *a, **k: pytest.fail("python-docx must not load it"))
    with pytest.raises(BadInput, match="word/document.xml") as exc:
        parse_bytes(buf.getvalue(), "bomb.docx")
    assert "\n" not in str(exc.value)


def test_damaged_docx_is_one_line() -> None:
    data = (SAMPLES / "huaian_2024.docx").read_bytes()
    with pytest.raises(BadInput, match="Word") as exc:
        parse_bytes(data[: len(data) // 2], "cut.docx")
    assert "\n" not in str(exc.value)


# --------------------------------------------------------------------------------- old .doc files
def test_old_doc_without_libreoffice_says_how_to_convert() -> None:
    with pytest.raises(BadInput) as exc:
        parse_path(SAMPLES / "huaian_2024.doc")
    assert "另存为 .docx" in str(exc.value) and "\n" not in str(exc.value)


def fake_soffice(tmp_path: Path, monkeypatch, result: Path | None) -> None:
    """A stand-in for LibreOffice on the PATH: writes ``result`` as input.docx into --outdir."""
    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    copy = f'cp "{result}" "$out/input.docx"' if result else "true"
    script.write_text('#!/bin/sh\nout=""\nwhile [ $# -gt 0 ]; do [ "$1" = "--outdir" ] && out="$2"; shift; done\n'
                      f"{copy}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ.get('PATH', '')}")


@pytest.mark.soffice
def test_old_doc_is_converted_by_libreoffice_when_it_is_there(tmp_path, monkeypatch) -> None:
    fake_soffice(tmp_path, monkeypatch, SAMPLES / "huaian_2024.docx")
    [rep] = parse_path(SAMPLES / "huaian_2024.doc")
    assert rep.format == "doc" and rep.value_map() == HUAIAN_2024
    assert any("LibreOffice" in w.message for w in rep.warnings)


@pytest.mark.soffice
def test_failed_conversion_is_one_line(tmp_path, monkeypatch) -> None:
    fake_soffice(tmp_path, monkeypatch, None)
    with pytest.raises(BadInput, match="LibreOffice 未能转换"):
        parse_path(SAMPLES / "huaian_2024.doc")


@pytest.mark.skipif(not (os.environ.get("XXGK_SOFFICE_TESTS") and __import__("shutil").which("soffice")),
                    reason="set XXGK_SOFFICE_TESTS=1 with LibreOffice installed to convert for real")
@pytest.mark.soffice
def test_old_doc_through_real_libreoffice() -> None:
    [rep] = parse_path(SAMPLES / "huaian_2024.doc")
    assert rep.value_map() == HUAIAN_2024
