#!/usr/bin/env python3
"""Build the DOCX, DOC and PDF samples in ``sample_reports/`` from the real text reports, with real tools.

The numbers are the hand-typed ones of ``scripts/build_samples.py`` (typed from ``huaian_2024.pdf.txt``,
``hongze_2024.pdf.txt`` and seed 002), never the parser's; the prose is the reports' own text. The files
are then made the way offices and their readers make them:

  huaian_2024.docx            LibreOffice opens the saved page huaian_2024.html and saves it as Word
                              (rowspan/colspan become vMerge/gridSpan)
  huaian_2024.doc             the same document saved by LibreOffice in the old binary Word format
  huaian_2024.offpage.pdf     LibreOffice prints huaian_2024.docx: its 表三/表四 are wider than the page,
                              so their last column runs off the right edge (the cells there must stay unread)
  huaian_2024.chrome.pdf      Chromium prints huaian_2024.html (with the browser's date/title header and
                              URL/page-number footer on every page)
  hongze_2024.docx            a Word document as an office writes it (python-docx: A4, merged cells,
                              表三's three header rows marked to repeat on every page)
  hongze_2024.lo.pdf          LibreOffice prints hongze_2024.docx: 表三 runs across a page break and its
                              header rows are repeated on the next page
  hongze_2024.chrome.pdf      Chromium prints the same report as a web page (表三's header in <thead>,
                              repeated by the browser on the next page)
  kaifeng_zhijian_2018.docx   LibreOffice saves the old table-layout page of seed 002 as Word (the
                              统计表 nested in a layout table)
  hongze_2024_scanned.pdf     a page of the real hongze_2024.pdf rendered to an image (pdftoppm) and
                              wrapped into a PDF (img2pdf): a scan, no text layer

    .venv/bin/python scripts/build_office_samples.py

Needs LibreOffice (soffice), Chromium, poppler-utils (pdftoppm) and img2pdf on the PATH; the tests and CI
need none of them (they read the committed files). Output depends on the tools' versions and fonts, so the
files are committed, not rebuilt by the tests.
"""
from __future__ import annotations

import importlib.util
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_reports"
FONT = "WenQuanYi Zen Hei"  # a TrueType CJK font: small embedded subsets


def _build_samples():
    spec = importlib.util.spec_from_file_location("build_samples", ROOT / "scripts" / "build_samples.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


BS = _build_samples()


# ============================================================================================ tools
def need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        sys.exit(f"{tool} is not on the PATH (apt-get install libreoffice-writer-nogui chromium poppler-utils img2pdf)")
    return path


def soffice(src: Path, target: str, outdir: Path) -> Path:
    """LibreOffice headless conversion (a fresh profile, so a running LibreOffice is not disturbed)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as profile:
        subprocess.run([need("soffice"), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--norestore", "--convert-to", target, "--outdir", str(outdir), str(src)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
    out = outdir / f"{src.stem}.{target.split(':')[0]}"
    assert out.exists(), out
    return out


def chromium_pdf(html: Path, out: Path) -> None:
    """Chromium's print to PDF, as a reader's browser does it (header and footer on)."""
    with tempfile.TemporaryDirectory(prefix="xxgk-chromium-") as profile:
        subprocess.run([need("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", f"--user-data-dir={profile}", f"--print-to-pdf={out}",
                        html.as_uri()], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=180)
    assert out.exists(), out


# ===================================================================== the report's prose, from its text
def sections(text_file: Path) -> dict[str, list[str]]:
    """The paragraphs of a PDF-copied text report, per part (title, intro, 一 … 六), page numbers dropped.

    Lines are joined; a paragraph starts at （一）…（九） or at the part headings."""
    lines = [ln.strip() for ln in text_file.read_text("utf-8").splitlines()]
    lines = [ln for ln in lines if ln and not re.match(r"^-\s*\d+\s*-$", ln)]
    parts: dict[str, list[str]] = {"title": lines[:2]}
    key, buf = "intro", []
    heads = {"一、总体情况": "1", "二、主动公开政府信息情况": "2", "五、存在的主要问题及改进情况": "5",
             "六、其他需要报告的事项": "6"}
    for ln in lines[2:]:
        if ln in heads:
            parts[key] = buf
            key, buf = heads[ln], []
            continue
        buf.append(ln)
    parts[key] = buf
    out: dict[str, list[str]] = {"title": parts["title"]}
    for k in ("intro", "1", "5", "6"):
        joined = "".join(parts[k])
        joined = re.sub(r"(?<=[\u4e00-\u9fff，。；、：）（])\s+|\s+(?=[\u4e00-\u9fff，。；、：（）])", "", joined)
        paras = re.split(r"(?=（[一二三四五六七八九]）)|(?<=。)(?=针对存在问题)", joined)
        out[k] = [p for p in paras if p]
    return out


HONGZE = sections(ROOT / "sample_reports" / "hongze_2024.pdf.txt")
HONGZE_TITLE = "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"


# ====================================================================================== a Word document
def hongze_docx(path: Path) -> None:
    """淮安市洪泽区人民政府 2024 as an office writes it in Word: A4, the official tables with merged cells."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.6)
    sec.top_margin = sec.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    props = doc.core_properties
    props.author, props.title = "xxgk scripts/build_office_samples.py", HONGZE_TITLE
    import datetime as dt
    props.created = props.modified = dt.datetime(2025, 1, 1)
    props.last_modified_by = "xxgk"

    def para(text: str, bold: bool = False, center: bool = False, size: float | None = None) -> None:
        p = doc.add_paragraph()
        r = p.add_run(text)
        r.bold = bold
        if size:
            r.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.paragraph_format.first_line_indent = Pt(24)

    def table(n_rows: int, widths: list[float]):
        t = doc.add_table(rows=n_rows, cols=len(widths))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for row in t.rows:
            for w, cell in zip(widths, row.cells, strict=True):
                cell.width = Cm(w)
        return t

    def put(t, r: int, c: int, text: object, rowspan: int = 1, colspan: int = 1) -> None:
        cell = t.cell(r, c)
        if rowspan > 1 or colspan > 1:
            cell = cell.merge(t.cell(r + rowspan - 1, c + colspan - 1))
        lines = "" if text is None else str(text)
        cell.text = ""
        first = True
        for ln in lines.split("\n"):  # a header broken over lines is several paragraphs, as typed in Word
            p = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(ln)
            run.font.size = Pt(9)

    def repeat_header(t, n: int) -> None:
        for row in t.rows[:n]:
            tr_pr = row._tr.get_or_add_trPr()
            el = OxmlElement("w:tblHeader")
            el.set(qn("w:val"), "true")
            tr_pr.append(el)

    a, b = HONGZE["title"]
    para(a, bold=True, center=True, size=16)
    para(b.replace(" ", ""), bold=True, center=True, size=16)
    for x in HONGZE["intro"]:
        para(x)
    para("一、总体情况", bold=True)
    for x in HONGZE["1"]:
        para(x)
    para("二、主动公开政府信息情况", bold=True)
    t2 = BS.HONGZE_T2
    t = table(14, [4.6, 3.4, 3.4, 3.4])
    put(t, 0, 0, "第二十条第（一）项", colspan=4)
    for i, h in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        put(t, 1, i, h)
    for r, key in ((2, "regulations"), (3, "normative")):
        label, vals = t2[key]
        put(t, r, 0, label)
        for i, v in enumerate(vals):
            put(t, r, 1 + i, v)
    r = 4
    for head, col, keys in (("第二十条第（五）项", "本年处理决定数量", ("licensing",)),
                            ("第二十条第（六）项", "本年处理决定数量", ("penalty", "coercion")),
                            ("第二十条第（八）项", "本年收费金额（单位：万元）", ("fees",))):
        put(t, r, 0, head, colspan=4)
        put(t, r + 1, 0, "信息内容")
        put(t, r + 1, 1, col, colspan=3)
        r += 2
        for key in keys:
            label, v = t2[key]
            put(t, r, 0, label)
            put(t, r, 1, v, colspan=3)
            r += 1
    para("三、收到和处理政府信息公开申请情况", bold=True)
    rows_spec = BS.t3_rows_2021(split_six=False)
    t = table(3 + len(rows_spec), [1.4, 2.1, 4.6] + [1.1] * 7)
    note, applicants, natural, org, total, _subs = BS.T3_HEAD
    put(t, 0, 0, note, rowspan=3, colspan=3)
    put(t, 0, 3, applicants, colspan=7)
    put(t, 1, 3, natural, rowspan=2)
    put(t, 1, 4, org, colspan=5)
    put(t, 1, 9, total, rowspan=2)
    for i, s in enumerate(("商业\n企业", "科研\n机构", "社会\n公益\n组织", "法律\n服务\n机构", "其他")):
        put(t, 2, 4 + i, s)
    for i, ((key, *_), labels) in enumerate(zip(rows_spec, BS.label_spans(rows_spec), strict=True)):
        for text, col, rs, cs in labels:
            put(t, 3 + i, col, text, rowspan=rs, colspan=cs)
        for j, v in enumerate(BS.HONGZE_T3[key]):
            put(t, 3 + i, 3 + j, v)
    repeat_header(t, 3)
    para("四、政府信息公开行政复议、行政诉讼情况", bold=True)
    t = table(4, [1.05] * 15)
    put(t, 0, 0, "行政复议", colspan=5)
    put(t, 0, 5, "行政诉讼", colspan=10)
    for i, s in enumerate(BS.T4_SUB):
        put(t, 1, i, BS.T4_BROKEN.get(s, s), rowspan=2)
    put(t, 1, 5, "未经复议直接起诉", colspan=5)
    put(t, 1, 10, "复议后起诉", colspan=5)
    for i, s in enumerate(BS.T4_SUB * 2):
        put(t, 2, 5 + i, BS.T4_BROKEN.get(s, s))
    for i, v in enumerate(BS.HONGZE_T4):
        put(t, 3, i, v)
    para("五、存在的主要问题及改进情况", bold=True)
    for x in HONGZE["5"]:
        para(x)
    para("六、其他需要报告的事项", bold=True)
    for x in HONGZE["6"]:
        para(x)
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))


def _deterministic_zip(data: bytes) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info))
    return out.getvalue()


# ============================================================================================ web pages
def hongze_html() -> str:
    """The same report as an agency's web page: 表三's header rows in <thead> (a browser repeats them)."""
    t3 = BS.html_t3(BS.t3_rows_2021(split_six=False), BS.HONGZE_T3)
    rows = t3.split("</tr>")
    t3 = "</tr>".join(rows[:3]).replace("<tbody>", "<thead>") + "</tr>\n</thead>\n<tbody>" + "</tr>".join(rows[3:])
    a, b = HONGZE["title"]
    body = [f"<h1>{BS.esc(a)}<br>{BS.esc(b.replace(' ', ''))}</h1>", *(BS.p(x) for x in HONGZE["intro"]),
            "<h2>一、总体情况</h2>", *(BS.p(x) for x in HONGZE["1"]),
            "<h2>二、主动公开政府信息情况</h2>", BS.html_t2(BS.HONGZE_T2),
            "<h2>三、收到和处理政府信息公开申请情况</h2>", t3,
            "<h2>四、政府信息公开行政复议、行政诉讼情况</h2>", BS.html_t4(BS.HONGZE_T4),
            "<h2>五、存在的主要问题及改进情况</h2>", *(BS.p(x) for x in HONGZE["5"]),
            "<h2>六、其他需要报告的事项</h2>", *(BS.p(x) for x in HONGZE["6"])]
    style = (f"body{{font-family:'{FONT}';font-size:15px;line-height:1.8;margin:0 40px}} "
             "h1{font-size:22px;text-align:center} h2{font-size:16px} td{padding:3px;text-align:center} "
             "td p{margin:0}")
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            f"<title>{HONGZE_TITLE}_淮安市洪泽区人民政府</title><style>{style}</style></head>\n<body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def huaian_print_html(src: bytes) -> str:
    """huaian_2024.html as the browser shows it, with a CJK font that embeds small."""
    text = src.decode("gbk").replace('<meta charset="gbk">', '<meta charset="utf-8">')
    return text.replace("<style>", f"<style>body{{font-family:'{FONT}'}} ", 1)


# ================================================================================================ main
def scanned_pdf(out: Path, tmp: Path) -> None:
    src = OUT / "hongze_2024.pdf"  # the agency's own PDF
    subprocess.run([need("pdftoppm"), "-r", "60", "-gray", "-png", "-f", "3", "-l", "3", str(src),
                    str(tmp / "scan")], check=True)
    [png] = sorted(tmp.glob("scan*.png"))
    subprocess.run([need("img2pdf"), "--pagesize", "A4", "-o", str(out), str(png)], check=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-samples-") as tmpdir:
        tmp = Path(tmpdir)
        # 淮安: the saved page through LibreOffice (Word, old Word, PDF) and through the browser
        page = tmp / "huaian_2024.html"
        page.write_bytes((OUT / "huaian_2024.html").read_bytes())
        docx = soffice(page, "docx:MS Word 2007 XML", tmp)
        shutil.copy(docx, OUT / "huaian_2024.docx")
        shutil.copy(soffice(docx, "doc:MS Word 97", tmp), OUT / "huaian_2024.doc")
        shutil.copy(soffice(docx, "pdf", tmp), OUT / "huaian_2024.offpage.pdf")
        shown = tmp / "huaian_2024_print.html"
        shown.write_text(huaian_print_html((OUT / "huaian_2024.html").read_bytes()), "utf-8")
        chromium_pdf(shown, OUT / "huaian_2024.chrome.pdf")
        # 洪泽: a Word document printed by LibreOffice, and the web page printed by the browser
        hongze_docx(OUT / "hongze_2024.docx")
        word = tmp / "hongze_2024.docx"
        shutil.copy(OUT / "hongze_2024.docx", word)
        shutil.copy(soffice(word, "pdf", tmp), OUT / "hongze_2024.lo.pdf")
        web = tmp / "hongze_2024.html"
        web.write_text(hongze_html(), "utf-8")
        chromium_pdf(web, OUT / "hongze_2024.chrome.pdf")
        # 开封 (seed 002): the table-layout page saved as Word by LibreOffice
        old = tmp / "kaifeng_zhijian_2018.htm"
        old.write_bytes((OUT / "kaifeng_zhijian_2018.htm").read_bytes())
        shutil.copy(soffice(old, "docx:MS Word 2007 XML", tmp), OUT / "kaifeng_zhijian_2018.docx")
        scanned_pdf(OUT / "hongze_2024_scanned.pdf", tmp)
    for name in ("huaian_2024.docx", "huaian_2024.doc", "huaian_2024.offpage.pdf", "huaian_2024.chrome.pdf",
                 "hongze_2024.docx", "hongze_2024.lo.pdf", "hongze_2024.chrome.pdf", "kaifeng_zhijian_2018.docx",
                 "hongze_2024_scanned.pdf"):
        print(f"wrote sample_reports/{name} ({(OUT / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
