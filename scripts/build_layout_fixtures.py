#!/usr/bin/env python3
"""Build the page fragments in ``tests/fixtures/layouts/`` from the real text reports (issue 9, item 4).

Each fragment is a real report's text re-laid by a hand rule the way the layout is seen on agencies'
pages; the rules are below, one function per fragment. Hand-written text manipulation, never the parser.
The expected values are the hand-typed golden values of the source report (tests/importers/golden_values.py).

    python3 scripts/build_layout_fixtures.py

Outputs:
  b_form_lone_pipes.txt       the 2019-form fixture, every table row laid one cell per line with a lone
                              ``|`` between cells (a blank cell: two pipes with nothing between)
  hongze_2024_pipe_page.txt   hongze 2024 as a web page: 表三 in ``a | b |`` rows, 表二 and 表四 left as
                              the PDF lines they were pasted from (``行政许可 9487``, 15 numbers on one line)
  huaian_2024_short_labels.txt  huaian 2024 (PDF text) with 表三 row labels cut short (``（二）部分公开``,
                              ``1.本机关不掌握``, ``1、申请人无正当理由逾期不补正``, …) on one line with their values
  hongze_2024_t4_stacked.txt  hongze 2024 with 表四's heading lost and its header printed one character per
                              line above the 15 numbers
  huaian_2024_page5.txt       huaian 2024 from page 5 on (``- 5 -``): the page starts inside 表三, without its
                              heading or column headers
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reports"
OUT = ROOT / "tests" / "fixtures" / "layouts"


def _read(name: str) -> str:
    return (SAMPLES / name).read_text("utf-8")


def lone_pipes() -> str:
    text = (ROOT / "tests" / "fixtures" / "text" / "b_form_2019.txt").read_text("utf-8")
    out = []
    for line in text.split("\n"):
        if "|" not in line:
            out.append(line)
            continue
        cells = [c.strip() for c in line.split("|")[:-1]]  # the text after the last pipe is padding
        while cells and cells[-1] == "":
            cells.pop()
        out.append("\n|\n".join(cells))  # a blank cell is an empty line between two pipes
    return "\n".join(out)


def pipe_page() -> str:
    text = _read("hongze_2024.pdf.txt")
    lines = text.split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况")
    end = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    out = lines[:start]
    for line in lines[start:end]:
        m = re.match(r"^(.*?)((?:\s+\d+){7})$", line)
        if m:
            out.append(" | ".join([m.group(1).strip(), *m.group(2).split()]) + " |")
        else:
            out.append(line)
    return "\n".join(out + lines[end:])


def short_labels() -> str:
    text = _read("huaian_2024.pdf.txt")
    for full, short in (
        ("（二）部分公开（区分处理的，只计这一情\n形，不计其他情形） 447", "（二）部分公开 447"),
        ("（四）无 1.本机关不掌握相关政府信息 746", "（四）无 1.本机关不掌握 746"),
        ("1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信\n息公开申请\n67", "1、申请人无正当理由逾期不补正 67"),
        ("2、申请人逾期未按收费通知要\n求缴纳费用、行政机关不再处理\n其政府信息公开申请\n6", "2、申请人逾期未按收费通知要求缴纳费用 6"),
    ):
        assert full in text, full
        text = text.replace(full, short)
    return text


def t4_stacked() -> str:
    text = _read("hongze_2024.pdf.txt")
    lines = text.split("\n")
    start = lines.index("四、政府信息公开行政复议、行政诉讼情况")
    numbers = next(i for i in range(start, len(lines)) if re.fullmatch(r"(\d+ ){14}\d+", lines[i]))
    header = "行政复议行政诉讼" + "结果维持结果纠正其他结果尚未审结总计" + "未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2
    return "\n".join(lines[:start] + list(header) + lines[numbers:])


def page5() -> str:
    text = _read("huaian_2024.pdf.txt")
    return text[text.index("- 5 -\n"):]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("b_form_lone_pipes.txt", lone_pipes), ("hongze_2024_pipe_page.txt", pipe_page),
                        ("huaian_2024_short_labels.txt", short_labels), ("hongze_2024_t4_stacked.txt", t4_stacked),
                        ("huaian_2024_page5.txt", page5)):
        (OUT / name).write_text(build(), "utf-8")
        print("wrote", OUT / name)


if __name__ == "__main__":
    main()
