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
  panjin_2015_cumulative.txt  seed 003's 统计表 (盘锦市 2015) laid the Fujian way, ``指标名称 | 计量单位 |
                              2015年度 | 历年累计``: sections 一, 四–七 with their 2015 values, and an all-time
                              column typed here (CUMULATIVE; a blank where none is given)
  pingtan_caijin_2016.txt     seed 002 (a 2018 统计表 report) as 平潭综合实验区财政金融局's 2016 report whose
                              title uses the short form 财金局; the site footer names the zone's committee
  pingtan_gwh_2016.htm        the kaifeng 2018 page as the zone committee's 2016 page: ``管委会…`` in the page
                              title and heading, the region (平潭综合实验区管委会) in the body, the footer
                              naming 平潭综合实验区管理委员会 (GB2312 like the original)
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


# 历年累计 typed for the rows of seed 003 kept in the two-column table (plausible all-time totals; the
# channel splits add up, like the year's column).
CUMULATIVE = {
    "(一)主动公开政府信息数(不同渠道和方式公开相同信息计1条)": "121000", "其中:主动公开规范性文件数": "41",
    "制发规范性文件总数": "45", "1.政府公报公开政府信息数": "1210", "2.政府网站公开政府信息数": "15230",
    "3.政务微博公开政府信息数": "85", "4.政务微信公开政府信息数": "76", "5.其他方式公开政府信息数": "104400",
    "(一)收到申请数": "655", "1.当面申请数": "71", "2.传真申请数": "19", "3.网络申请数": "38", "4.信函申请数": "527",
    "(二)申请办结数": "652", "1.按时办结数": "630", "2.延期办结数": "22", "(三)申请答复数": "652",
    "五、行政复议数量": "23", "1.维持具体行政行为数": "17", "2.被依法纠错数": "4", "3.其他情形数": "2",
    "六、行政诉讼数量": "6", "1.维持具体行政行为或驳回诉讼请求数": "5", "七、举报投诉数量": "—",
}


def cumulative() -> str:
    lines = _read("003_5ca275e7fc674769.txt").split("\n")
    start = lines.index("统 计 指 标 |")
    cells = [ln.strip() for ln in lines[start + 4:]]
    rows = [[c.rstrip("|").strip() for c in cells[k:k + 4]] for k in range(0, len(cells) - 3, 4)]
    keep, section = [], ""
    for label, unit, value, _note in rows:
        if label[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"):
            section = label[:2]
        if section not in ("一、", "四、", "五、", "六、", "七、"):
            continue
        if section == "一、" and label.startswith("二、"):
            break
        dup = label in ("2.被依法纠错数", "3.其他情形数") and section == "六、"  # the litigation rows repeat labels
        cum = "—" if unit == "—" else ("1" if dup and label.startswith("2.") else "0" if dup else CUMULATIVE.get(label, ""))
        keep.append(f"{label} | {unit} | {value} | {cum} |")
    head = ["盘锦市2015年度政府信息公开工作报告", "（正文略）", "附件", "盘锦市政府信息公开情况统计表", "（2015年度）",
            "指 标 名 称 | 计量单位 | 2015年度 | 历年累计 |"]
    return "\n".join(head + keep + ["盘锦市政府信息公开办公室", "2016年3月8日"]) + "\n"


def _years_back(text: str) -> str:
    return text.replace("2019", "2017").replace("2018", "2016").replace("2017-2016", "2015-2016")


def caijin() -> str:
    text = _years_back(_read("002_b6ce9a87a66a1839.txt")).replace("开封市质量技术监督局", "平潭综合实验区财政金融局")
    footer = "版权所有：平潭综合实验区管理委员会 主办单位：平潭综合实验区管委会办公室"
    return "财金局2016年政府信息公开工作年度报告\n" + text.rstrip("\n") + "\n" + footer + "\n"


def gwh() -> bytes:
    page = _years_back((SAMPLES / "kaifeng_zhijian_2018.htm").read_bytes().decode("gb18030"))
    page = page.replace("<title>开封市质量技术监督局", "<title>管委会").replace("<h2>开封市质量技术监督局", "<h2>管委会")
    page = page.replace("版权所有：开封市质量技术监督局", "版权所有：平潭综合实验区管理委员会")
    page = page.replace("开封市质量技术监督局", "平潭综合实验区管委会")
    return page.encode("gb18030")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, build in (("b_form_lone_pipes.txt", lone_pipes), ("hongze_2024_pipe_page.txt", pipe_page),
                        ("huaian_2024_short_labels.txt", short_labels), ("hongze_2024_t4_stacked.txt", t4_stacked),
                        ("huaian_2024_page5.txt", page5), ("panjin_2015_cumulative.txt", cumulative)):
        (OUT / name).write_text(build(), "utf-8")
        print("wrote", OUT / name)
    (OUT / "pingtan_caijin_2016.txt").write_text(caijin(), "utf-8")
    (OUT / "pingtan_gwh_2016.htm").write_bytes(gwh())
    print("wrote", OUT / "pingtan_caijin_2016.txt", OUT / "pingtan_gwh_2016.htm")


if __name__ == "__main__":
    main()
