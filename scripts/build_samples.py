#!/usr/bin/env python3
"""Build the HTML and XLSX sample reports in ``sample_reports/`` from the real text reports.

Hand-written layout code, never the parser: the numbers below were typed from the text files
(``huaian_2024.pdf.txt``, ``hongze_2024.pdf.txt``, seed ``004_…txt``, seed ``002_…txt``) and the pages and
workbooks are laid out the way offices publish them (the official form's rowspans/colspans and merged
header cells, a site's navigation/script/footer noise, title rows and notes in workbooks). The golden
tests check that the HTML/XLSX versions give the same values as the text versions.

    python3 scripts/build_samples.py        (needs openpyxl: use .venv/bin/python)

Deterministic: rebuilding gives the same bytes (fixed workbook properties, fixed zip timestamps).

Outputs:
  huaian_2024.html           淮安市人民政府 2024, a saved GBK web page (2021 form)
  hongze_2024.xlsx           淮安市洪泽区人民政府 2024, one sheet per table (表二, 表三, 表四)
  departments_2022.xlsx      three departments, one whole 2021-form report per sheet
  kaifeng_zhijian_2018.htm   开封市质量技术监督局 2018 (seed 002), a pre-2019 统计表 in an old table-layout page
"""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "sample_reports"

# =============================================================================================== the form
# Table 三 rows: (row key, level-1 label, level-2 label, level-3 label). Spans are computed from runs of
# equal labels, exactly like the official form (三、本年度办理结果 rowspan 22, （三）不予公开 rowspan 8, ...).
G3 = "三、本年度办理结果"
T3_HEAD = ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", "自然人",
           "法人或其他组织", "总计", ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))


def t3_rows_2021(six: tuple[str, str, str] = ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                                              "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                              "3.其他"), split_six: bool = True):
    rows = [
        ("1", "一、本年新收政府信息公开申请数量", None, None),
        ("2", "二、上年结转政府信息公开申请数量", None, None),
        ("3.1", G3, "（一）予以公开", None),
        ("3.2", G3, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
        ("3.3.1", G3, "（三）不予公开", "1.属于国家秘密"),
        ("3.3.2", G3, "（三）不予公开", "2.其他法律行政法规禁止公开"),
        ("3.3.3", G3, "（三）不予公开", "3.危及“三安全一稳定”"),
        ("3.3.4", G3, "（三）不予公开", "4.保护第三方合法权益"),
        ("3.3.5", G3, "（三）不予公开", "5.属于三类内部事务信息"),
        ("3.3.6", G3, "（三）不予公开", "6.属于四类过程性信息"),
        ("3.3.7", G3, "（三）不予公开", "7.属于行政执法案卷"),
        ("3.3.8", G3, "（三）不予公开", "8.属于行政查询事项"),
        ("3.4.1", G3, "（四）无法提供", "1.本机关不掌握相关政府信息"),
        ("3.4.2", G3, "（四）无法提供", "2.没有现成信息需要另行制作"),
        ("3.4.3", G3, "（四）无法提供", "3.补正后申请内容仍不明确"),
        ("3.5.1", G3, "（五）不予处理", "1.信访举报投诉类申请"),
        ("3.5.2", G3, "（五）不予处理", "2.重复申请"),
        ("3.5.3", G3, "（五）不予处理", "3.要求提供公开出版物"),
        ("3.5.4", G3, "（五）不予处理", "4.无正当理由大量反复申请"),
        ("3.5.5", G3, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
    ]
    if split_six:
        rows += [("3.6.1", G3, "（六）其他处理", six[0]), ("3.6.2", G3, "（六）其他处理", six[1]),
                 ("3.6.3", G3, "（六）其他处理", six[2])]
    else:
        rows += [("3.6", G3, "（六）其他处理", None)]
    rows += [("3.7", G3, "（七）总计", None), ("4", "四、结转下年度继续办理", None, None)]
    return rows


def label_spans(rows):
    """For each row: [(text, first_col 0..2, rowspan, colspan)] of the label cells that start on that row."""
    out = []
    n = len(rows)
    for i, (_key, l1, l2, l3) in enumerate(rows):
        cells = []
        if l2 is None:
            cells.append((l1, 0, 1, 3))
        else:
            if i == 0 or rows[i - 1][1] != l1:
                span = 1
                while i + span < n and rows[i + span][1] == l1:
                    span += 1
                cells.append((l1, 0, span, 1))
            if l3 is None:
                cells.append((l2, 1, 1, 2))
            else:
                if i == 0 or rows[i - 1][2] != l2:
                    span = 1
                    while i + span < n and rows[i + span][2] == l2:
                        span += 1
                    cells.append((l2, 1, span, 1))
                cells.append((l3, 2, 1, 1))
        out.append(cells)
    return out


T4_SUB = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_BROKEN = {"结果维持": "结果\n维持", "结果纠正": "结果\n纠正", "其他结果": "其他\n结果", "尚未审结": "尚未\n审结"}

# ===================================================================== 淮安市人民政府 2024 (huaian_2024.pdf.txt)
HUAIAN_T2 = {  # label → values, as printed in the PDF
    "regulations": ("规章", (1, 0, 11)),
    "normative": ("行政规范性文件", (8, 26, 66)),
    "licensing": ("行政许可", 447228),
    "penalty": ("行政处罚", 3985758),
    "coercion": ("行政强制", 88283),
    "fees": ("行政事业性收费", "96171.6"),
}
HUAIAN_T3 = {
    "1": (3001, 53, 0, 0, 61, 4, 3119),
    "2": (34, 0, 0, 0, 0, 0, 34),
    "3.1": (1288, 21, 0, 0, 50, 3, 1362),
    "3.2": (447, 7, 0, 0, 0, 0, 454),
    "3.3.1": (2, 0, 0, 0, 0, 0, 2),
    "3.3.2": (30, 1, 0, 0, 0, 0, 31),
    "3.3.3": (5, 0, 0, 0, 0, 0, 5),
    "3.3.4": (6, 0, 0, 0, 0, 0, 6),
    "3.3.5": (7, 1, 0, 0, 0, 0, 8),
    "3.3.6": (12, 0, 0, 0, 0, 0, 12),
    "3.3.7": (9, 0, 0, 0, 0, 0, 9),
    "3.3.8": (105, 0, 0, 0, 0, 0, 105),
    "3.4.1": (746, 12, 0, 0, 10, 1, 769),
    "3.4.2": (11, 0, 0, 0, 0, 0, 11),
    "3.4.3": (1, 0, 0, 0, 0, 0, 1),
    "3.5.1": (56, 6, 0, 0, 0, 0, 62),
    "3.5.2": (25, 0, 0, 0, 0, 0, 25),
    "3.5.3": (0, 0, 0, 0, 0, 0, 0),
    "3.5.4": (0, 0, 0, 0, 0, 0, 0),
    "3.5.5": (1, 0, 0, 0, 0, 0, 1),
    "3.6.1": (67, 3, 0, 0, 1, 0, 71),
    "3.6.2": (6, 0, 0, 0, 0, 0, 6),
    "3.6.3": (108, 2, 0, 0, 0, 0, 110),
    "3.7": (2932, 53, 0, 0, 61, 4, 3050),
    "4": (103, 0, 0, 0, 0, 0, 103),
}
HUAIAN_T4 = (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)
HUAIAN_SIX = ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
              "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3、其他")

HUAIAN_INTRO = [
    "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第711号）（以下简称《条例》）规定编制。"
    "报告所列统计期限自2024年1月1日至2024年12月31日。如对本报告有疑问，请与淮安市人民政府办公室联系（地址：淮安市翔宇南道1号，"
    "邮编：223001，电话：0517-83605210，电子邮箱：hazwgkc@163.com）。",
]
HUAIAN_PART1 = [
    "2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精神，"
    "按照党中央国务院、省委省政府决策部署和市委工作要求，严格落实《中华人民共和国政府信息公开条例》各项规定，圆满完成了各项任务。",
    "（一）主动公开情况。2024年，市政府网站主动公开各类政府信息5500余条，全年新增公开市政府规章1件、市政府及市政府办政策性文件11件，"
    "通过文字、图片等形式制作政策解读21个，制作《淮安市人民政府公报》6期。紧紧围绕保障民生、深化改革、科技创新等工作主线，"
    "组织召开了“春节前后服务企业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流营商环境高质量推进产业发展”"
    "“加快建设长三角北部重要产业科技创新高地的若干政策”等新闻发布会12场，努力传递政府声音、宣传政策法规、回应舆论关切。",
    "（二）依申请公开情况。定期对政府信息公开申请集中的领域和热点问题进行研判，探索从源头上解决实际问题。着力强化与申请人的直接沟通，"
    "准确了解申请人诉求，提高答复的及时性和针对性。2024年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，"
    "另有103件顺延到下年度答复），均在法定期限内予以答复。政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，"
    "尚未审结37件；政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
    "（三）政府信息管理情况。在政府网站、政务新媒体、政府公报等公开平台发布信息时，坚持“先审查、后公开”“一事一审”工作原则，"
    "规范审查程序，建立健全重要事项公开保密审查协调机制，落实政府信息公开属性源头认定机制，加强政府信息源头管理工作。"
    "对政务公开平台已公开信息进行梳理，优化主动公开目录，着力为群众提供看得懂、找得到、用得上的政府信息公开服务。"
    "系统性排查全市各地各部门政务服务网办事指南、表格样表、在线申请等与群众密切相关服务事项，并不断修改完善，"
    "积极构建权威、便捷、高效的一体化互联网政务服务平台。",
    "（四）政府信息公开平台建设情况。进一步优化政务公开专栏设置，省市联动制作“全力巩固和增强经济回升向好态势”"
    "“推动大规模设备更新和消费品以旧换新”等专题专栏。在日常读网巡查的基础上，定期对政府信息公开栏目进行检查，"
    "将栏目不更新、政策解读不通俗易懂、互动咨询不回应等问题列入重点检查范围。深入开展防治政务新媒体“指尖上的形式主义”工作，"
    "聚焦解决政务新媒体开而少用、更新不及时、不互动不回应、表述不规范等新老问题。截至目前，全市在运维政务新媒体共计95个，"
    "在省办2024年四个季度政务新媒体检查抽查中，合格率均为100%。",
    "（五）政府信息公开监督保障情况。根据省政务公开年度和季度监测指标，全年组织4次政府信息公开栏目全覆盖检查，"
    "并出具各县区、各部门政务公开评估分报告。在日常巡查的基础上，按季度开展政务新媒体专项检查，针对突出问题和日常共性问题，"
    "及时督促整改。针对具体问题，创新开展调研式培训、过堂式培训，不断提高全市政务公开工作人员的工作能力和水平。",
]
HUAIAN_PART5 = [
    "对照上级新要求和公众新期待，还有一些需要加强和改进的地方。主要表现在：一是政策解读质量仍需提升，个别单位政策解读内容简单、"
    "形式单一；二是政务公开队伍建设还需进一步加强，个别单位存在人员配备不足、兼职多、流动性过快的问题。",
    "针对存在问题，下一步，我市将着力加强政策解读质效，重点提升解读的针对性和通俗化，探索建立政社合作、多元参与的政策宣传解读模式，"
    "开发更多可读、可视、可感的政策解读产品，积极回应企业和群众的实际需求；建立健全“传帮带”机制，对新上岗人员开展“面对面、手把手”指导，"
    "定期组织业务培训，全面提升政务公开工作队伍水平，同时加强先进典型宣传和正面激励，增强队伍凝聚力。",
]
HUAIAN_PART6 = ["2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"]

# ================================================================ 淮安市洪泽区人民政府 2024 (hongze_2024.pdf.txt)
HONGZE_T2 = {
    "regulations": ("规章", (0, 0, 0)),
    "normative": ("行政规范性文件", (3, 0, 8)),
    "licensing": ("行政许可", 9487),
    "penalty": ("行政处罚", 2776),
    "coercion": ("行政强制", 84),
    "fees": ("行政事业性收费", 7545),
}
_Z7 = (0, 0, 0, 0, 0, 0, 0)
HONGZE_T3 = {  # the report prints （六）其他处理 as one row (2019 layout) although the rest is the 2021 form
    "1": (95, 0, 0, 0, 0, 0, 95), "2": _Z7,
    "3.1": (50, 0, 0, 0, 0, 0, 50), "3.2": (9, 0, 0, 0, 0, 0, 9),
    "3.3.1": _Z7, "3.3.2": _Z7, "3.3.3": (1, 0, 0, 0, 0, 0, 1), "3.3.4": _Z7, "3.3.5": _Z7,
    "3.3.6": (1, 0, 0, 0, 0, 0, 1), "3.3.7": (1, 0, 0, 0, 0, 0, 1), "3.3.8": _Z7,
    "3.4.1": (31, 0, 0, 0, 0, 0, 31), "3.4.2": (1, 0, 0, 0, 0, 0, 1), "3.4.3": _Z7,
    "3.5.1": (1, 0, 0, 0, 0, 0, 1), "3.5.2": _Z7, "3.5.3": _Z7, "3.5.4": _Z7, "3.5.5": _Z7,
    "3.6": _Z7,
    "3.7": (95, 0, 0, 0, 0, 0, 95), "4": _Z7,
}
HONGZE_T4 = (1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3)

# ========================================================== departments_2022.xlsx: three 2021-form reports
# 盘锦市商务局 2022: seed 004 (现行有效件数 blank in both rows; 行政许可 99; everything else 0)
SHANGWU_T2 = {
    "regulations": ("规章", (0, 0, None)),
    "normative": ("规范性文件", (0, 0, None)),
    "licensing": ("行政许可", 99),
    "penalty": ("行政处罚", 0),
    "coercion": ("行政强制", 0),
    "fees": ("行政事业性收费", 0),
}
SHANGWU_T3 = {k: _Z7 for k, *_ in t3_rows_2021()}
SHANGWU_T4 = (0,) * 15

# 示范市财政局 2022 (fictional): STRICT failure on purpose — row （一）予以公开 prints 总计 7 while its parts
# sum to 6 (A3.3 on row 3.1 fails, and so does A3.2 on the 总计 column: leaves sum to 14, （七）总计 says 13).
CAIZHENG_T2 = {
    "regulations": ("规章", (0, 0, 0)),
    "normative": ("行政规范性文件", (4, 1, 23)),
    "licensing": ("行政许可", 0),
    "penalty": ("行政处罚", 0),
    "coercion": ("行政强制", 0),
    "fees": ("行政事业性收费", 12.5),
}
CAIZHENG_T3 = {k: _Z7 for k, *_ in t3_rows_2021()}
CAIZHENG_T3.update({
    "1": (10.0, 3, 0, 0, 1, 0, 14),  # 10.0: a float as Excel stores many numbers; must read "10"
    "2": (1, 0, 0, 0, 0, 0, 1),
    "3.1": (5, 1, 0, 0, 0, 0, 7),  # ← the deliberate error: 5 + 1 = 6
    "3.2": (1, 0, 0, 0, 0, 0, 1),
    "3.3.4": (1, 0, 0, 0, 0, 0, 1),
    "3.4.1": (2, 1, 0, 0, 1, 0, 4),
    "3.5.1": (1, 0, 0, 0, 0, 0, 1),
    "3.7": (10, 2, 0, 0, 1, 0, 13),
    "4": (1, 1, 0, 0, 0, 0, 2),
})
CAIZHENG_T4 = (1, 0, 0, 1, 2, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1)

# 示范市教育局 2022 (fictional): consistent, with one blank cell (3.3.4 法律服务机构) and one in 表四.
JIAOYU_T2 = {
    "regulations": ("规章", (0, 0, 0)),
    "normative": ("行政规范性文件", (2, 0, 15)),
    "licensing": ("行政许可", 35),
    "penalty": ("行政处罚", 3),
    "coercion": ("行政强制", 0),
    "fees": ("行政事业性收费", 0),
}
JIAOYU_T3 = {k: _Z7 for k, *_ in t3_rows_2021()}
JIAOYU_T3.update({
    "1": (20, 0, 0, 0, 0, 1, 21),
    "3.1": (12, 0, 0, 0, 0, 1, 13),
    "3.2": (2, 0, 0, 0, 0, 0, 2),
    "3.3.4": (0, 0, 0, 0, None, 0, 0),  # the blank cell
    "3.3.6": (1, 0, 0, 0, 0, 0, 1),
    "3.4.1": (3, 0, 0, 0, 0, 0, 3),
    "3.5.2": (1, 0, 0, 0, 0, 0, 1),
    "3.6.1": (1, 0, 0, 0, 0, 0, 1),
    "3.7": (20, 0, 0, 0, 0, 1, 21),
})
JIAOYU_T4 = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None, 0, 0)

# ====================================================== 开封市质量技术监督局 2018 (seed 002): 统计表 rows
KAIFENG_ROWS = [  # (统计指标, 单位, 统计数) exactly as printed
    ("一、主动公开情况", "——", "236"),
    ("(一)主动公开政府信息数", "条", "236"),
    ("其中:主动公开规范性文件数", "条", "0"),
    ("制发规范性文件总数", "件", "0"),
    ("(二)通过不同渠道和方式公开政府信息的情况", "——", ""),
    ("1.政府公报公开政府信息数", "条", "13"),
    ("2.政府网站公开政府信息数", "条", "98"),
    ("3.政务微博公开政府信息数", "条", "32"),
    ("4.政务微信公开政府信息数", "条", "122"),
    ("5.其他方式公开政府信息数", "条", "0"),
    ("二、回应解读情况", "——", ""),
    ("(一)回应公众关注热点或重大舆情数", "次", "0"),
    ("(二)通过不同渠道和方式回应解读的情况", "——", "0"),
    ("1.参加或举办新闻发布会总次数", "次", "0"),
    ("其中:主要负责同志参加新闻发布会次数", "次", "0"),
    ("2.政府网站在线访谈次数", "次", "0"),
    ("其中:主要负责同志参加政府网站在线访谈次数", "次", "0"),
    ("3.政策解读稿件发布数", "篇", "3"),
    ("4.微博微信回应事件数", "次", "5"),
    ("5.其他方式回应事件数", "次", "3"),
    ("三、依申请公开情况", "——", ""),
    ("(一)收到申请数", "件", "1"),
    ("1.当面申请数", "件", "1"),
    ("2.传真申请数", "件", "0"),
    ("3.网络申请数", "件", "0"),
    ("4.信函申请数", "件", "0"),
    ("(二)申请办结数", "件", "1"),
    ("1.按时办结数", "件", "1"),
    ("2.延期办结数", "件", "0"),
    ("(三)申请答复数", "件", "1"),
    ("1.属于已主动公开范围数", "件", "0"),
    ("2.同意公开答复数", "件", "1"),
    ("3.同意部分公开答复数", "件", "0"),
    ("4.不同意公开答复数", "件", "0"),
    ("其中:涉及国家秘密", "件", "0"),
    ("涉及商业秘密", "件", "0"),
    ("涉及个人隐私", "件", "0"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "0"),
    ("不是《条例》所指政府信息", "件", "0"),
    ("法律法规规定的其他情形", "件", "0"),
    ("5.不属于本行政机关公开数", "件", "0"),
    ("6.申请信息不存在数", "件", "0"),
    ("7.告知作出更改补充数", "件", "0"),
    ("8.告知通过其他途径办理数", "件", "0"),
    ("四、行政复议数量", "件", "0"),
    ("(一)维持具体行政行为数", "件", "0"),
    ("(二)被依法纠错数", "件", "0"),
    ("(三)其他情形数", "件", "0"),
    ("五、行政诉讼数量", "件", "0"),
    ("(一)维持具体行政行为或者驳回原告诉讼请求数", "件", "0"),
    ("(二)被依法纠错数", "件", "0"),
    ("(三)其他情形数", "件", "0"),
    ("六、举报投诉数量", "件", "0"),
    ("七、依申请公开信息收取的费用", "万元", "0"),
    ("八、机构建设和保障经费情况", "——", "0"),
    ("(一)政府信息公开工作专门机构数", "个", "1"),
    ("(二)设置政府信息公开查阅点数", "个", "1"),
    ("(三)从事政府信息公开工作人员数", "人", "29"),
    ("1.专职人员数(不包括政府公报及政府网站工作人员数)", "人", "1"),
    ("2.兼职人员数", "人", "28"),
    ("(四)政府信息公开专项经费(不包括用于政府公报编辑管理及政府网站建设维护等方面的经费)", "万元", "0"),
    ("九、政府信息公开会议和培训情况", "——", ""),
    ("(一)召开政府信息公开工作会议或专题会议数", "次", "3"),
    ("(二)举办各类培训班数", "次", "1"),
    ("(三)接受培训人员数", "人次", "62"),
]
KAIFENG_TEXT = [  # seed 002's paragraphs, as printed
    "本报告依据《中华人民共和国政府信息公开条例》(国务院令第492号)有关规定,由开封市质量技术监督局办公室编制。"
    "报告全文由基本情况概述,政务公开工作情况,主要问题和改进措施三部分组成。本年度报告中所列数据的统计期限为2018年1月1日至2018年12月31日。",
    "一、基本情况概述",
    "2018年,我局以学习贯彻十九大精神为统领,在市政务信息公开办公室的直接领导下,以建设“法制质监、创新质监、廉洁质监、和谐质监”为工作方针,"
    "通过创新公开形式,完善工作制度,展示更新内容,进一步提高了质监系统公信力,取得了明显成效。",
    "二、信息公开工作情况",
    "(一)推进“五公开”情况。根据市委市政府的相关要求,经市政府同意,面向社会修改并公开了权力清单和责任清单,“晒权力清单,打造法治质监”。"
    "2018年,市质监局主动公开政府信息236条,其中利用政府信息网站主动公开政务信息98条、质监信息13期、新浪微博32条,微信公众号122条。"
    "统一印制了《开封市质量技术监督局政府信息公开申请表》,广大群众在填写政府信息申请表后,可通过信函、电报、传真及政府信息网站、"
    "电子邮箱等形式向我局提出申请。同时,还利用本单位设置的档案室、信息公告栏等提供信息咨询服务,以及在行政服务大厅公布办理事项和承诺事项等。",
    "(二)探索政策解读情况。做好政策解读,让群众看得到、听得懂、接地气、有人气,才能让群众能参与,能监督。2018 年 7 月,受市政府委托,"
    "公布了实施 2017-2018 度开封市市长质量奖的公告进行了公布,并同时利用咨询电话 (0371-22783606/22783605)和网站对公告进行了解读,"
    "确 保公众对政策解读“不跑偏”。",
    "(七)行政复议、行政诉讼情况。市局全年无行政复议行政诉讼件。",
    "(八)政府信息公开的收费及减免情况。2018年度,未收取与政府信息公开相关的任何费用。",
    "(九)政府信息开会议和培训情况。2018年,市质监局召开政府信息公开工作会议或专题会议3次,对全市系统进行了政府信息公开业务培训1次,"
    "接受培训人次62人次。",
    "三、存在的主要问题和改进措施",
    "虽然我局的政务信息与政务公开工作取得了一些成绩,但是与上级的要求、群众的愿望,还存在有不少的差距。今后,我们将积极借鉴先进经验,"
    "进一步完善政务公开工作,认真把工作重点放在规范完善、深化提高上。",
]


# ============================================================================================== HTML
def esc(s: str) -> str:
    return html.escape(s, quote=False)


def td(text: object, rowspan: int = 1, colspan: int = 1, word: bool = True) -> str:
    """A cell the way Word-exported pages write it: <td ...><p><span>text</span></p></td>."""
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if text is None or text == "":
        body = "&nbsp;"
    else:
        body = esc(str(text)).replace("\n", "<br />")
    if word:
        body = f'<p style="text-align:center"><span style="font-size:14px">{body}</span></p>'
    return f'<td{attrs} style="border:1px solid #000">{body}</td>'


def html_t2(data: dict) -> str:
    rows = [
        td("第二十条第（一）项", colspan=4),
        td("信息内容") + td("本年制发件数") + td("本年废止件数") + td("现行有效件数"),
    ]
    for key in ("regulations", "normative"):
        label, vals = data[key]
        rows.append(td(label) + "".join(td(v) for v in vals))
    blocks = (("第二十条第（五）项", "本年处理决定数量", ("licensing",)),
              ("第二十条第（六）项", "本年处理决定数量", ("penalty", "coercion")),
              ("第二十条第（八）项", "本年收费金额（单位：万元）", ("fees",)))
    for head, col, keys in blocks:
        rows.append(td(head, colspan=4))
        rows.append(td("信息内容") + td(col, colspan=3))
        for key in keys:
            label, v = data[key]
            rows.append(td(label) + td(v, colspan=3))
    return _table(rows)


def html_t3(rows_spec, data: dict) -> str:
    note, applicants, natural, org, total, subs = T3_HEAD
    head_subs = ("商业\n企业", "科研\n机构", "社会公益\n组织", "法律服务\n机构", "其他")  # Word breaks in the cells
    assert len(head_subs) == len(subs)
    rows = [td(note, rowspan=3, colspan=3) + td(applicants, colspan=7),
            td(natural, rowspan=2) + td(org, colspan=5) + td(total, rowspan=2),
            "".join(td(s) for s in head_subs)]
    for (key, *_), labels in zip(rows_spec, label_spans(rows_spec), strict=True):
        rows.append("".join(td(t, rowspan=rs, colspan=cs) for t, _c, rs, cs in labels)
                    + "".join(td(v) for v in data[key]))
    return _table(rows)


def html_t4(values) -> str:
    rows = [td("行政复议", colspan=5) + td("行政诉讼", colspan=10),
            "".join(td(T4_BROKEN.get(s, s), rowspan=2) for s in T4_SUB)
            + td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5),
            "".join(td(s) for s in T4_SUB * 2),
            "".join(td(v) for v in values)]
    return _table(rows)


def _table(rows: list[str]) -> str:
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    return ('<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse;width:100%">\n'
            f"<tbody>\n{body}\n</tbody>\n</table>")


def p(text: str, indent: bool = True) -> str:
    style = ' style="text-indent:2em"' if indent else ""
    return f"<p{style}>{esc(text)}</p>"


def huaian_html() -> bytes:
    title = "淮安市人民政府2024年政府信息公开工作年度报告"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="gbk">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="ArticleTitle" content="淮安市人民政府2024年政府信息公开工作年度报告">',
        f"<title>{title}_淮安市人民政府</title>",
        '<link rel="stylesheet" href="/css/common.css">',
        "<style>.tab td{padding:4px 6px} .nav li{float:left;width:120px} .count{color:#c00}</style>",
        "<script>",
        "var _hmt = _hmt || []; var siteId = 3119; var pageSize = 3050, columnId = 20241231;",
        'document.write("<table><tr><td>行政许可</td><td>999999</td></tr></table>");',
        "</script>",
        "</head>",
        "<body>",
        '<header class="site-head"><div class="logo">淮安市人民政府</div>'
        "<div class=\"weather\">2025年1月20日 星期一</div></header>",
        '<nav class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/zwgk/ndbg/">政府信息公开年报</a></li><li><a href="/zwgk/ndbg/2023/">2023年</a></li>'
        '<li><a href="/zwgk/ndbg/2022/">2022年</a></li></ul></nav>',
        '<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政府信息公开年报</div>',
        '<div class="count" style="display:none">浏览次数：12345</div>',
        '<article class="article">',
        f"<h1>{title}</h1>",
        '<div class="info"><span>发布日期：2025-01-20</span> <span>来源：淮安市人民政府办公室</span></div>',
        '<div class="TRS_Editor">',
        *(p(x) for x in HUAIAN_INTRO),
        "<p>&nbsp;</p>",
        '<p style="text-indent:2em"><strong>一、总体情况</strong></p>',
        *(p(x) for x in HUAIAN_PART1),
        '<p style="text-indent:2em"><strong>二、主动公开政府信息情况</strong></p>',
        html_t2(HUAIAN_T2),
        '<p style="text-indent:2em"><strong>三、收到和处理政府信息公开申请情况</strong></p>',
        html_t3(t3_rows_2021(HUAIAN_SIX), HUAIAN_T3),
        '<p style="text-indent:2em"><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>',
        html_t4(HUAIAN_T4),
        '<p style="text-indent:2em"><strong>五、存在的主要问题及改进情况</strong></p>',
        *(p(x) for x in HUAIAN_PART5),
        '<p style="text-indent:2em"><strong>六、其他需要报告的事项</strong></p>',
        *(p(x) for x in HUAIAN_PART6),
        "</div>",
        "</article>",
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="javascript:window.print()">打印本页</a></div>',
        '<footer class="site-foot"><p>版权所有：淮安市人民政府 主办：淮安市人民政府办公室</p>'
        "<p>网站标识码：3208000001 苏ICP备05009045号 苏公网安备 32080202000156号</p></footer>",
        '<script src="/js/jquery.min.js"></script>',
        "<script>$(function(){ var n = 447228; $('.count').text(n + 88283); });</script>",
        "<noscript>您的浏览器不支持脚本 2024</noscript>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("gbk")


def kaifeng_htm() -> bytes:
    rows = [td("统 计 指 标", word=False) + td("单位", word=False) + td("统计数", word=False)]
    for label, unit, value in KAIFENG_ROWS:
        rows.append(f'<td style="text-align:left">{esc(label)}</td>' + td(unit, word=False) + td(value, word=False))
    stat = _table(rows)
    body = "\n".join(p(x) for x in KAIFENG_TEXT)
    parts = [
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
        '<html xmlns="http://www.w3.org/1999/xhtml">',
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />',
        "<title>开封市质量技术监督局2018年政府信息公开工作年度报告</title>",
        '<script type="text/javascript" src="/js/menu.js"></script>',
        "</head>",
        "<body>",
        "<!-- 页头 2017 -->",
        '<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">',
        '<tr><td><img src="/images/banner.jpg" alt="开封市质量技术监督局" /></td></tr>',
        '<tr><td class="menu"><a href="/">网站首页</a> | <a href="/gk/">政务公开</a> | <a href="/bs/">网上办事</a></td></tr>',
        "<tr><td>",
        '<div class="title"><h2>开封市质量技术监督局2018年政府信息公开工作年度报告</h2></div>',
        '<div class="date">发布时间：2019-03-28 &nbsp; 浏览次数：<script>document.write(1024)</script></div>',
        body,
        "<p>附件:</p>",
        '<p style="text-align:center">开封市质量技术监督局</p>',
        '<p style="text-align:center"><b>政府信息公开情况统计表</b></p>',
        '<p style="text-align:center">(2018年度)</p>',
        stat,
        "</td></tr>",
        '<tr><td class="foot">版权所有：开封市质量技术监督局 &nbsp; 地址：开封市 &nbsp; 豫ICP备05012345号</td></tr>',
        "</table>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("gb18030")


# ============================================================================================== XLSX
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "title": Font(name="宋体", size=16, bold=True),
        "head": Font(name="黑体", size=12),
    }


class SheetWriter:
    """Writes tables onto a sheet from a start column, keeping track of the next free row."""

    def __init__(self, ws, col: int = 1, row: int = 1) -> None:
        self.ws = ws
        self.col = col
        self.row = row
        self.st = _styles()

    def put(self, r: int, c: int, value, rowspan: int = 1, colspan: int = 1, border: bool = True) -> None:
        ws = self.ws
        cell = ws.cell(row=r, column=c)
        cell.value = value
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, not a formula
        cell.alignment = self.st["center"]
        if border:
            for dr in range(rowspan):
                for dc in range(colspan):
                    ws.cell(row=r + dr, column=c + dc).border = self.st["border"]
        if rowspan > 1 or colspan > 1:
            ws.merge_cells(start_row=r, start_column=c, end_row=r + rowspan - 1, end_column=c + colspan - 1)

    def line(self, text: str, width: int, font: str | None = None) -> None:
        self.put(self.row, self.col, text, colspan=width, border=False)
        if font:
            self.ws.cell(row=self.row, column=self.col).font = self.st[font]
        self.row += 1

    def blank(self, n: int = 1) -> None:
        self.row += n

    def t2(self, data: dict, first_block_header: bool = True) -> None:
        c, r = self.col, self.row
        if first_block_header:
            self.put(r, c, "第二十条第（一）项", colspan=4)
            r += 1
        for i, h in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
            self.put(r, c + i, h)
        r += 1
        for key in ("regulations", "normative"):
            label, vals = data[key]
            self.put(r, c, label)
            for i, v in enumerate(vals):
                self.put(r, c + 1 + i, v)
            r += 1
        blocks = (("第二十条第（五）项", "本年处理决定数量", ("licensing",)),
                  ("第二十条第（六）项", "本年处理决定数量", ("penalty", "coercion")),
                  ("第二十条第（八）项", "本年收费金额（单位：万元）", ("fees",)))
        for head, col, keys in blocks:
            self.put(r, c, head, colspan=4)
            self.put(r + 1, c, "信息内容")
            self.put(r + 1, c + 1, col, colspan=3)
            r += 2
            for key in keys:
                label, v = data[key]
                self.put(r, c, label)
                self.put(r, c + 1, v, colspan=3)
                r += 1
        self.row = r

    def t3(self, rows_spec, data: dict) -> None:
        c, r = self.col, self.row
        note, applicants, natural, org, total, subs = T3_HEAD
        self.put(r, c, note, rowspan=3, colspan=3)
        self.put(r, c + 3, applicants, colspan=7)
        self.put(r + 1, c + 3, natural, rowspan=2)
        self.put(r + 1, c + 4, org, colspan=5)
        self.put(r + 1, c + 9, total, rowspan=2)
        for i, s in enumerate(subs):
            self.put(r + 2, c + 4 + i, s.replace("企业", "\n企业") if s == "商业企业" else s)
        r += 3
        for (key, *_), labels in zip(rows_spec, label_spans(rows_spec), strict=True):
            for text, col, rs, cs in labels:
                self.put(r, c + col, text, rowspan=rs, colspan=cs)
            for i, v in enumerate(data[key]):
                self.put(r, c + 3 + i, v)
            r += 1
        self.row = r

    def t4(self, values) -> None:
        c, r = self.col, self.row
        self.put(r, c, "行政复议", colspan=5)
        self.put(r, c + 5, "行政诉讼", colspan=10)
        for i, s in enumerate(T4_SUB):
            self.put(r + 1, c + i, s, rowspan=2)
        self.put(r + 1, c + 5, "未经复议直接起诉", colspan=5)
        self.put(r + 1, c + 10, "复议后起诉", colspan=5)
        for i, s in enumerate(T4_SUB * 2):
            self.put(r + 2, c + 5 + i, s)
        for i, v in enumerate(values):
            self.put(r + 3, c + i, v)
        self.row = r + 4


def _widths(ws, first: int, widths: list[int]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(first + i)].width = w


def _new_workbook(title: str):
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "xxgk scripts/build_samples.py"
    wb.properties.lastModifiedBy = "xxgk scripts/build_samples.py"
    wb.properties.title = title
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def _save_deterministic(wb, path: Path) -> None:
    """openpyxl stamps 'modified' with the current time and the zip entries with the current time:
    rewrite both so that rebuilding gives the same bytes."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def hongze_xlsx(path: Path) -> None:
    wb = _new_workbook("淮安市洪泽区人民政府2024年政府信息公开工作年度报告")
    agency_title = "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
    note = "注：统计期限自2024年1月1日起至2024年12月31日止。"

    ws = wb.active
    ws.title = "表二"
    w = SheetWriter(ws, col=2, row=1)  # tables start in column B, as offices leave a margin column
    w.line(agency_title, 4, "title")
    w.line("二、主动公开政府信息情况", 4, "head")
    w.blank()
    w.t2(HONGZE_T2)
    w.blank()
    w.line(note, 4)
    _widths(ws, 1, [3, 22, 16, 16, 16])

    ws = wb.create_sheet("表三")
    w = SheetWriter(ws, col=2, row=1)
    w.line(agency_title, 10, "title")
    w.line("三、收到和处理政府信息公开申请情况", 10, "head")
    w.blank()
    w.t3(t3_rows_2021(split_six=False), HONGZE_T3)
    w.blank()
    w.line(note, 10)
    _widths(ws, 1, [3, 8, 16, 30] + [9] * 7)

    ws = wb.create_sheet("表四")
    w = SheetWriter(ws, col=2, row=1)
    w.line(agency_title, 15, "title")
    w.line("四、政府信息公开行政复议、行政诉讼情况", 15, "head")
    w.blank()
    w.t4(HONGZE_T4)
    w.blank()
    w.line(note, 15)
    w.line("编制单位：淮安市洪泽区人民政府办公室", 15)
    _widths(ws, 1, [3] + [8] * 15)
    _save_deterministic(wb, path)


def departments_xlsx(path: Path) -> None:
    wb = _new_workbook("2022年政府信息公开工作年度报告（部门汇编）")
    first = True
    for sheet, agency, t2, t3, t4, first_header in (
            ("市商务局", "盘锦市商务局", SHANGWU_T2, SHANGWU_T3, SHANGWU_T4, False),
            ("财政局", "示范市财政局", CAIZHENG_T2, CAIZHENG_T3, CAIZHENG_T4, True),
            ("教育局", "示范市教育局", JIAOYU_T2, JIAOYU_T3, JIAOYU_T4, True)):
        if first:
            ws = wb.active
            ws.title = sheet
            first = False
        else:
            ws = wb.create_sheet(sheet)
        w = SheetWriter(ws, col=1, row=1)
        w.line(f"{agency}2022年政府信息公开工作年度报告", 15, "title")
        w.line("（统计表部分）", 15)
        w.blank()
        w.line("二、主动公开政府信息情况", 4, "head")
        w.t2(t2, first_block_header=first_header)
        w.blank()
        w.line("三、收到和处理政府信息公开申请情况", 10, "head")
        w.t3(t3_rows_2021(), t3)
        w.blank()
        w.line("四、政府信息公开行政复议、行政诉讼情况", 15, "head")
        w.t4(t4)
        w.blank(2)
        w.line("注：统计期限为2022年1月1日至2022年12月31日；空白单元格表示未填报。", 15)
        _widths(ws, 1, [22, 16, 30] + [10] * 12)
    _save_deterministic(wb, path)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "huaian_2024.html").write_bytes(huaian_html())
    (OUT / "kaifeng_zhijian_2018.htm").write_bytes(kaifeng_htm())
    hongze_xlsx(OUT / "hongze_2024.xlsx")
    departments_xlsx(OUT / "departments_2022.xlsx")
    for name in ("huaian_2024.html", "kaifeng_zhijian_2018.htm", "hongze_2024.xlsx", "departments_2022.xlsx"):
        print(f"wrote sample_reports/{name} ({(OUT / name).stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
