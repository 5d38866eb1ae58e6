"""PDF files: the real reports, PDFs printed by LibreOffice and Chromium, scans, tables cut by the page edge.

Expected values are typed by hand: the real and printed reports' values come from
``tests.importers.golden_values`` (typed from the text reports and checked against the PDF pages), so the
PDF, text, HTML, XLSX and DOCX versions of one report must agree cell by cell. The synthetic pages at the
end are laid out in the test (characters and ruling lines at known positions): they pin the geometry.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.importers.golden_values import GOLDEN, HUAIAN_2024
from tests.importers.test_html import grid_rows
from xxgk.domain.model import BadInput
from xxgk.domain.normalise import printed_form
from xxgk.importers import parse_bytes, parse_path
from xxgk.importers.pdf import SCANNED, Ch, Page, pages_to_doc, read_pdf
from xxgk.importers.report import build_report


def real(name: str) -> Path:
    """One of the agencies' own PDFs (originals in sample_reports/)."""
    return SAMPLES / name


def check_golden(rep, golden_key: str) -> None:
    agency, year, template, expected = GOLDEN[golden_key]
    assert (rep.agency, rep.year, rep.template) == (agency, year, template)
    got = rep.value_map()
    wrong = {k: (v, got.get(k, "MISSING")) for k, v in expected.items() if got.get(k, "MISSING") != v}
    assert not wrong, wrong
    assert set(got) == set(expected)
    for k, v in expected.items():
        if isinstance(v, int):
            assert type(got[k]) is int, k


# ------------------------------------------------------------------------------------ the real PDFs
@pytest.mark.parametrize("report", ["hongze_2023", "hongze_2024", "huaian_2024"])
def test_real_pdfs_give_the_values_of_their_text(report: str) -> None:
    """WPS-made PDFs of three real reports: every printed cell as in the hand-typed golden values."""
    [rep] = parse_path(real(f"{report}.pdf"))
    assert rep.format == "pdf"
    check_golden(rep, f"{report}.pdf.txt")
    assert not [w for w in rep.warnings if "未采用" in w.message or "对不上表格的任何一行" in w.message]


def test_real_pdf_tables_are_true_grids() -> None:
    doc = read_pdf(real("hongze_2024.pdf").read_bytes(), "hongze_2024.pdf")
    grid = [c for c in doc.cells if c.mode == "grid"]
    assert grid and all(c.where.startswith("page ") and " table " in c.where for c in grid)
    rows = grid_rows(doc.cells)
    assert ["行政许可", "9487"] == rows[6][:2]  # 表二 on page 2 (the number spans the three value columns)
    t3 = [r for r in rows if r[-7:] == ["95", "0", "0", "0", "0", "0", "95"]]
    assert t3[0][0] == "一、本年新收政府信息公开申请数量"
    four = next(r for r in rows if r[:2] == ["1", "1"])
    assert four == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    # page numbers (- 3 -) are not text
    assert "- 3 -" not in doc.text and "- 4 -" not in doc.text


def test_typo_in_a_leaf_label_under_a_merged_group_label() -> None:
    """hongze prints 2.其他法律行政止公开 (sic): read as 3.3.2, not as the merged （三）不予公开 group row."""
    [rep] = parse_path(real("hongze_2023.pdf"))
    got = rep.value_map()
    assert got["t3.3.3.2.total"] == 0 and "t3.3.3.total" not in got
    label = next(v.label for v in rep.values if v.key == "t3.3.3.2.natural")
    assert label.endswith(printed_form("2.其他法律行政止公开"))


# ------------------------------------------------------------------------------ printed by LibreOffice
def test_libreoffice_from_word_with_a_row_split_by_the_page_break() -> None:
    """hongze_2024.docx printed by LibreOffice: 表三 runs onto the next page, its three header rows are
    repeated there, and the row 2.没有现成信息需要另行制作 is cut in two by the page break (制 | 作)."""
    data = (SAMPLES / "hongze_2024.lo.pdf").read_bytes()
    [rep] = parse_bytes(data, "hongze_2024.lo.pdf")
    check_golden(rep, "hongze_2024.pdf.txt")
    v = next(x for x in rep.values if x.key == "t3.3.4.2.total")
    assert v.label.endswith(printed_form("2.没有现成信息需要另行制作")) and v.where.startswith("page 2 ")
    doc = read_pdf(data, "x.pdf")
    pages = {c.where.split(" table")[0] for c in doc.cells if c.text == "申请人情况"}
    assert pages == {"page 2", "page 3"}  # the header row, repeated on the next page
    assert not any(c.text == "作" for c in doc.cells)  # the row's tail joined its head


def test_table_running_off_the_right_page_edge_is_never_guessed() -> None:
    """huaian_2024.docx printed by LibreOffice: 表三 and 表四 are wider than the page; the 总计 column of
    表三 and the last column of 表四 (复议后起诉 总计) lie beyond the right edge (seen on the rendered pages).
    They are NULL with a warning; every other cell is exact."""
    [rep] = parse_path(SAMPLES / "huaian_2024.offpage.pdf")
    got = rep.value_map()
    cut = {f"t3.{r}.total" for r in ("1", "2", "3.1", "3.2", "3.3.1", "3.3.2", "3.3.3", "3.3.4", "3.3.5", "3.3.6",
                                      "3.3.7", "3.3.8", "3.4.1", "3.4.2", "3.4.3", "3.5.1", "3.5.2", "3.5.3",
                                      "3.5.4", "3.5.5", "3.6.1", "3.6.2", "3.6.3", "3.7", "4")}
    cut.add("t4.suit_after_review.total")
    assert {k for k in HUAIAN_2024 if got.get(k) is None} == cut
    assert {k: got[k] for k in HUAIAN_2024 if k not in cut} == {k: v for k, v in HUAIAN_2024.items() if k not in cut}
    assert sum("超出页面边缘" in w.message for w in rep.warnings) >= 2
    a31 = next(c for c in rep.checks if c.rule == "A3.1" and c.scope == "total")
    assert a31.status == "incomplete"


# ------------------------------------------------------------------------------- printed by Chromium
def test_chromium_print_of_the_saved_page() -> None:
    """huaian_2024.html printed by Chromium, with its date/title header and URL/page footer on each page."""
    data = (SAMPLES / "huaian_2024.chrome.pdf").read_bytes()
    [rep] = parse_bytes(data, "huaian_2024.chrome.pdf")
    check_golden(rep, "huaian_2024.pdf.txt")
    text = read_pdf(data, "x.pdf").text
    assert "file://" not in text and "_淮安市人民政府" not in text  # the browser's footer and header
    assert {c.status for c in rep.checks} == {"pass"}


def test_chromium_print_with_the_header_repeated_on_the_next_page() -> None:
    data = (SAMPLES / "hongze_2024.chrome.pdf").read_bytes()
    [rep] = parse_bytes(data, "hongze_2024.chrome.pdf")
    check_golden(rep, "hongze_2024.pdf.txt")
    doc = read_pdf(data, "x.pdf")
    heads = [c.where for c in doc.cells if c.text == "申请人情况"]
    assert len({w.split(" table")[0] for w in heads}) == 2  # <thead> printed again on the next page


# ------------------------------------------------------------------------------------------ refusals
def test_scanned_pdf_is_refused_in_one_line() -> None:
    with pytest.raises(BadInput) as exc:
        parse_path(SAMPLES / "hongze_2024_scanned.pdf")
    assert SCANNED in str(exc.value) and "\n" not in str(exc.value)


def test_damaged_pdf_is_refused_in_one_line() -> None:
    data = (SAMPLES / "hongze_2024.lo.pdf").read_bytes()
    for broken in (b"%PDF-1.7\n%garbage only\n", data[:2000]):
        with pytest.raises(BadInput, match="PDF") as exc:
            parse_bytes(broken, "cut.pdf")
        assert "\n" not in str(exc.value)


def test_pdf_with_a_wrong_extension_is_read_as_pdf(tmp_path: Path) -> None:
    f = tmp_path / "report.txt"
    f.write_bytes(real("huaian_2024.pdf").read_bytes())
    [rep] = parse_path(f)
    assert rep.format == "pdf" and rep.value_map() == HUAIAN_2024


# ------------------------------------------------------------------------------ synthetic page geometry
T3 = [["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "自然人", "商业企业", "科研机构", "社会公益组织",
       "法律服务机构", "其他", "总计"]]
ROW = {"1": "一、本年新收政府信息公开申请数量", "2": "二、上年结转政府信息公开申请数量", "3.1": "（一）予以公开",
       "3.2": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}


def chars(text: str, x: float, base: float, size: float = 10.0) -> list[Ch]:
    out = []
    for c in text:
        w = size if ord(c) > 0x2000 else size / 2
        if c != " ":
            out.append(Ch(c, x, x + w, base - 0.88 * size, base + 0.12 * size, base))
        x += w
    return out


def table(rows: list[list[str]], xs: list[float], top: float, h: float = 24.0, size: float = 8.0):
    """Characters and ruling lines of a table with every cell ruled (no merges)."""
    out: list[Ch] = []
    ys = [top + i * h for i in range(len(rows) + 1)]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            out += chars(text, xs[c] + 2, ys[r] + h * 0.6, size)
    hs = [(y, xs[0], xs[-1], False) for y in ys]
    vs = [(x, ys[0], ys[-1]) for x in xs]
    return out, hs, vs


def page(number: int, parts: list, width: float = 595.0, height: float = 842.0) -> Page:
    cs: list[Ch] = []
    hs: list = []
    vs: list = []
    for part in parts:
        if isinstance(part, tuple):
            c, h, v = part
            cs += c
            hs += h
            vs += v
        else:
            cs += part
    on = [c for c in cs if c.x0 >= -0.5 and c.x1 <= width + 0.5]
    off = [c for c in cs if c not in on]
    hs = [(y, max(a, 0.0), min(b, width), b > width + 0.5) for y, a, b, _ in hs]
    vs = [e for e in vs if e[0] <= width + 0.5]
    return Page(number, width, height, on, off, hs, vs, 0.0)


XS = [40.0, 240.0] + [240.0 + 40 * i for i in range(1, 8)]  # label column + 7 value columns (ends at 520)
HEAD = [["申请人情况", "自然人", "商业", "科研", "公益", "法律", "其他", "总计"]]  # header cells that fit their columns


def report(pages: list[Page]):
    doc = pages_to_doc(pages, "synthetic.pdf")
    return doc, build_report(doc.cells, doc.text, file="synthetic.pdf", sha256="0" * 64, format="pdf",
                             extra_warnings=doc.warnings)


def test_a_number_cut_by_the_page_edge_is_not_read() -> None:
    """The table is wider than the page: 总计 3119 is printed from x 562, the page ends at 572, so only
    "31" is visible (and all of 34, whose cell still runs off the page). None of them may be read."""
    xs = [40.0, 260.0] + [260.0 + 50 * i for i in range(1, 8)]  # 总计's column runs 560–610
    rows = T3 + [[ROW["1"], "3001", "53", "0", "0", "61", "4", "3119"],
                 [ROW["2"], "34", "0", "0", "0", "0", "0", "34"]]
    p = page(1, [chars("三、收到和处理政府信息公开申请情况", 40, 80), table(rows, xs, 100, size=9.0)], width=572.0)
    assert [c.c for c in p.chars if c.x0 > 560] == ["总", "3", "1", "3", "4"]  # visible parts of the 总计 column
    doc, rep = report([p])
    got = rep.value_map()
    assert got["t3.1.natural"] == 3001 and got["t3.1.other"] == 4 and got["t3.2.natural"] == 34
    assert got["t3.1.total"] is None and got["t3.2.total"] is None
    assert not any(v.raw in ("31", "3", "3119") for v in rep.values)
    assert any("超出页面边缘" in w.message for w in rep.warnings)


def test_row_split_by_a_page_break_with_its_numbers_on_the_second_page() -> None:
    """A tall row cut by the page break: the first line of its label at the foot of page 1, the rest of the
    label and the numbers on page 2 under the repeated header rows."""
    p1 = page(1, [chars("三、收到和处理政府信息公开申请情况", 40, 80),
                  table(HEAD + [[ROW["1"], "5", "0", "0", "0", "0", "0", "5"],
                                ["（二）部分公开（区分处理的，只计", "", "", "", "", "", "", ""]], XS, 700)])
    p2 = page(2, [table(HEAD + [["这一情形，不计其他情形）", "2", "0", "0", "0", "0", "1", "3"],
                                [ROW["3.1"], "1", "0", "0", "0", "0", "0", "1"]], XS, 60)])
    doc, rep = report([p1, p2])
    got = rep.value_map()
    assert [got[f"t3.3.2.{c}"] for c in ("natural", "other", "total")] == [2, 1, 3]
    assert got["t3.3.1.total"] == 1 and got["t3.1.total"] == 5
    label = next(v.label for v in rep.values if v.key == "t3.3.2.natural")
    assert label.endswith(printed_form("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"))


def test_a_new_row_at_the_top_of_the_next_page_is_not_joined() -> None:
    p1 = page(1, [chars("三、收到和处理政府信息公开申请情况", 40, 80),
                  table(HEAD + [[ROW["1"], "5", "0", "0", "0", "0", "0", "5"]], XS, 700)])
    p2 = page(2, [table([[ROW["2"], "1", "0", "0", "0", "0", "0", "1"]], XS, 60)])
    doc, rep = report([p1, p2])
    got = rep.value_map()
    assert got["t3.1.total"] == 5 and got["t3.2.total"] == 1


def test_page_numbers_and_running_headers_are_not_text() -> None:
    """A browser's header (date, title) and footer (URL, n/N), a Word header "Page n - …" and "- n -"
    page numbers on every page; the table goes on across the page break untouched."""
    def furniture(n: int) -> list[Ch]:
        return (chars(f"2025/1/2{n} 10:3{n}", 20, 20) + chars("示范县人民政府2023年政府信息公开工作年度报告", 200, 20)
                + chars(f"Page {n} - 年度报告", 20, 40) + chars(f"file:///tmp/report.html {n}/2", 20, 830)
                + chars(f"- {n} -", 290, 810))
    p1 = page(1, [furniture(1), chars("三、收到和处理政府信息公开申请情况", 40, 80),
                  table(T3 + [[ROW["1"], "5", "0", "0", "0", "0", "0", "5"]], XS, 600)])
    p2 = page(2, [furniture(2), table([[ROW["2"], "1", "0", "0", "0", "0", "0", "1"]], XS, 90)])
    doc, rep = report([p1, p2])
    for junk in ("file:", "Page", "10:3", "- 1 -", "- 2 -", "1/2", "2/2", "示范县"):
        assert junk not in doc.text, junk
    got = rep.value_map()
    assert got["t3.1.total"] == 5 and got["t3.2.total"] == 1


def test_cells_are_a_true_grid_and_rows_end() -> None:
    p = page(1, [table([["甲", "1", "2"], ["乙", "", "3"]], [40.0, 140.0, 200.0, 260.0], 100)])
    doc = pages_to_doc([p], "t.pdf")
    assert grid_rows(doc.cells) == [["甲", "1", "2"], ["乙", "", "3"]]
    grid = [c for c in doc.cells if c.mode == "grid"]
    assert [c.where for c in grid][:3] == ["page 1 table 1 r1c1", "page 1 table 1 r1c2", "page 1 table 1 r1c3"]
    assert [c.row_end for c in grid] == [False, False, True, False, False, True]


def test_merged_cells_are_read_like_html_spans() -> None:
    """A label merged over two rows (no line between them) and a header merged over two columns."""
    cs = chars("（三）不予公开", 42, 140) + chars("申请人", 150, 114) + chars("1.甲", 142, 134) + chars("7", 210, 134)
    cs += chars("2.乙", 142, 158) + chars("8", 210, 158)
    hs = [(100.0, 40.0, 260.0, False), (120.0, 140.0, 260.0, False), (145.0, 140.0, 260.0, False),
          (170.0, 40.0, 260.0, False)]
    vs = [(40.0, 100.0, 170.0), (140.0, 100.0, 170.0), (200.0, 120.0, 170.0), (260.0, 100.0, 170.0)]
    doc = pages_to_doc([page(1, [(cs, hs, vs)])], "t.pdf")
    assert grid_rows(doc.cells) == [["（三）不予公开", "申请人", "申请人"], ["（三）不予公开", "1.甲", "7"],
                                    ["（三）不予公开", "2.乙", "8"]]


def test_one_column_frame_is_text_not_a_table() -> None:
    """A box drawn around a paragraph (or a single-column list) is not a table: its lines are text."""
    cs = chars("行政许可 97", 50, 120) + chars("行政处罚 3", 50, 140)
    hs = [(100.0, 40.0, 300.0, False), (150.0, 40.0, 300.0, False)]
    vs = [(40.0, 100.0, 150.0), (300.0, 100.0, 150.0)]
    doc = pages_to_doc([page(1, [(cs, hs, vs)])], "t.pdf")
    assert not [c for c in doc.cells if c.mode == "grid"]
    assert doc.text.splitlines() == ["行政许可 97", "行政处罚 3"]
    assert [c.text for c in doc.cells] == ["行政许可", "97", "行政处罚", "3"]  # the text importer's PDF words


def test_blank_pages_and_an_empty_pdf() -> None:
    blank = Page(1, 595, 842, [], [], [], [], 0.0)
    p = page(2, [chars("三、收到和处理政府信息公开申请情况", 40, 80), table(T3 + [[ROW["1"], "5", "0", "0", "0", "0", "0", "5"]], XS, 100)])
    doc, rep = report([blank, p, Page(3, 595, 842, [], [], [], [], 0.0)])
    assert rep.value_map()["t3.1.total"] == 5
    with pytest.raises(BadInput, match=SCANNED):
        pages_to_doc([blank], "empty.pdf")
    scan = Page(2, 595, 842, [], [], [], [], 0.95)
    with pytest.raises(BadInput, match="第 2 页是扫描图片"):
        pages_to_doc([p, scan], "half.pdf")


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_pages_shown_rotated_are_read_the_way_the_text_runs(rotation: int) -> None:
    """/Rotate set on pages whose text is written upright (a viewer shows them turned): read upright."""
    import io

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument((SAMPLES / "hongze_2024.lo.pdf").read_bytes())
    for i in range(len(pdf)):
        pdf[i].set_rotation(rotation)
    buf = io.BytesIO()
    pdf.save(buf)
    [rep] = parse_bytes(buf.getvalue(), "rotated.pdf")
    check_golden(rep, "hongze_2024.pdf.txt")
