"""What a file is comes from its content: a PDF, a Word document or a workbook with a wrong extension is
read as what it is, and an article body saved as .txt is HTML."""
from __future__ import annotations

import io
import zipfile

import pytest

from tests.conftest import SAMPLES
from tests.importers.golden_values import HONGZE_2024, HUAIAN_2024
from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes, sniff

T3_ROW = "<tr><td>一、本年新收政府信息公开申请数量</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr>"


@pytest.mark.parametrize(("name", "kind"), [("huaian_2024.pdf", "pdf"), ("hongze_2024.lo.pdf", "pdf"),
                                            ("huaian_2024.docx", "docx"), ("hongze_2024.xlsx", "xlsx"),
                                            ("huaian_2024.doc", "doc"), ("huaian_2024.html", "html"),
                                            ("hongze_2024.pdf.txt", "text")])
def test_samples_are_sniffed_by_content(name: str, kind: str) -> None:
    assert sniff((SAMPLES / name).read_bytes()) == kind


def test_wrong_extensions_are_read_as_what_the_file_is() -> None:
    pdf = (SAMPLES / "huaian_2024.pdf").read_bytes()
    [rep] = parse_bytes(pdf, "报告.xlsx")
    assert rep.format == "pdf" and rep.value_map() == HUAIAN_2024
    [rep] = parse_bytes((SAMPLES / "hongze_2024.docx").read_bytes(), "报告.pdf")
    assert rep.format == "docx" and rep.value_map() == HONGZE_2024
    [rep] = parse_bytes((SAMPLES / "hongze_2024.xlsx").read_bytes(), "报告.docx")
    assert rep.format == "xlsx" and rep.value_map() == HONGZE_2024
    assert sniff(b"\n\n" + pdf) == "pdf"  # junk before the header, as some servers add


def test_article_body_saved_as_text_is_html() -> None:
    """A scraped article body: no <html>, the markup starts after 4 KB of prose."""
    prose = "<p>" + "根据《条例》要求，现将本机关政府信息公开工作情况报告如下。" * 120 + "</p>"
    body = prose + "<p>三、收到和处理政府信息公开申请情况</p><table border=1>" + T3_ROW + "</table>"
    data = body.encode("utf-8")
    assert data.index(b"<table") > 4096
    assert sniff(data) == "html"
    assert sniff(body.encode("utf-16")) == "html"
    assert sniff("<p>示范局</p><p>2023年报告</p><div>正文</div><br>".encode("gbk")) == "html"


def test_prose_with_angle_brackets_stays_text() -> None:
    assert sniff("办理时限<5个工作日，收费<100元的 3 件\n行政许可 97\n".encode()) == "text"
    assert sniff(b"a <b> c <i> d") == "text"  # two tags, no closing one: not a page


def test_other_zips_and_old_workbooks_are_named() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("报告/a.txt", "x")
    with pytest.raises(BadInput, match="压缩包"):
        parse_bytes(buf.getvalue(), "reports.zip")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le") + b"\0" * 100
    assert sniff(ole) == "xls"
    with pytest.raises(BadInput, match=r"另存为 \.xlsx"):
        parse_bytes(ole, "old.xls")
