"""The evaluators' checklist on the real reports: every expected value below was read off the report by a
person (line numbers as the source view numbers them, dates as printed, headings as printed)."""
from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import SAMPLES
from xxgk.domain.checklist import (
    DEPARTMENT,
    GOVERNMENT,
    TOWNSHIP,
    ReportInput,
    agency_kind,
    build_checklist,
    check_other_year,
    deadline,
    expected_generation,
)
from xxgk.domain.dates import find_dates, parse_date
from xxgk.domain.model import CheckResult, Value
from xxgk.domain.sections import outline, topic_headings
from xxgk.importers import parse_path

HONGZE = "淮安市洪泽区人民政府"


def text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def report_input(name: str, previous: str | None = None, **kw) -> ReportInput:
    (parsed,) = parse_path(SAMPLES / name)
    return ReportInput(text=parsed.text, agency=kw.pop("agency", parsed.agency), year=kw.pop("year", parsed.year),
                       template=parsed.template, table_templates=parsed.table_templates, values=parsed.values,
                       checks=parsed.checks, format=parsed.format,
                       previous_text=text(previous) if previous else None,
                       previous_year=kw.pop("previous_year", None), **kw)


# ---------------------------------------------------------------- headings and sections

def test_headings_of_hongze_2023_as_printed():
    ol = outline(text("hongze_2023.pdf.txt"))
    assert [(h.line, h.printed, h.official, h.match) for h in ol.headings] == [
        (11, "一、总体情况", 1, "official"),
        (40, "二、主动公开政府信息情况", 2, "official"),
        (56, "三、收到和处理政府信息公开申请情况", 3, "official"),
        (112, "四、政府信息公开行政复议、行政诉讼情况", 4, "official"),
        (132, "五、存在的主要问题及改进情况", 5, "official"),
        (145, "六、其他需要报告的事项", 6, "official"),
    ]  # 表三's own rows (line 74 一、本年新收…, line 111 四、结转下年度…) are not headings


def test_traditional_report_without_its_second_heading():
    ol = outline(text("000_7fa8abd7de6217fc.txt"))  # 盤錦檢驗檢測中心 2021: no 二、主动公开 heading
    assert [(h.line, h.official) for h in ol.headings] == [(3, 1), (55, 3), (299, 4), (337, 5), (339, 6)]
    assert ol.official(2) is None
    assert ol.official(6).lines == ["(无)"]  # 六 says only "（無）"; the site footer after it is not the report


def test_variant_heading_with_de_is_accepted():
    ol = outline(text("004_028b26371201af45.txt"))  # 二、主动公开政府信息的情况 (盘锦市商务局 2022)
    two = ol.official(2)
    assert two is not None and two.heading.line == 13 and two.heading.printed == "二、主动公开政府信息的情况"
    assert two.heading.match == "official"  # the official heading but for its 的


def test_pre2019_body_ends_at_the_attachments():
    ol = outline(text("002_b6ce9a87a66a1839.txt"))  # 开封市质量技术监督局 2018: the 统计表 follows 附件:
    assert [h.printed for h in ol.headings] == ["一、基本情况概述", "二、信息公开工作情况", "三、存在的主要问题和改进措施"]
    topics = {n: h.printed for n, h in topic_headings(ol).items()}
    assert topics == {1: "(一)推进“五公开”情况", 3: "(八)政府信息公开的收费及减免情况",
                      4: "(七)行政复议、行政诉讼情况", 5: "三、存在的主要问题和改进措施"}


# ---------------------------------------------------------------- dates

def test_dates_printed_by_the_pre2019_city_report():
    found = find_dates(text("003_5ca275e7fc674769.txt"), end=None)
    assert [(f.date, f.source, f.line) for f in found] == [
        (dt.date(2016, 3, 7), "发布日期", 5),  # "发文字号: | 发布日期: | 2016-03-07 |" (the page's metadata)
        (dt.date(2016, 3, 8), "落款日期", 51),  # "盘锦市政府信息公开办公室 / 2016年3月8日", before the attachments
    ]


def test_the_statistics_period_is_not_a_date_of_the_report():
    for name in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt", "004_028b26371201af45.txt"):
        assert find_dates(text(name)) == [], name  # none of them prints a date of its own


@pytest.mark.parametrize(("printed", "date"), [
    ("二〇二四年一月二十日", dt.date(2024, 1, 20)),
    ("二○二三年十二月三十一日", dt.date(2023, 12, 31)),
    ("2025/3/7", dt.date(2025, 3, 7)),
    ("2023年2月30日", None),  # no such day
])
def test_date_notations(printed, date):
    assert parse_date(printed) == date


def test_signature_in_chinese_numerals():
    body = "一、总体情况\n2024年，我局……。\n六、其他需要报告的事项\n无。\n示范县财政局\n二〇二五年二月三日\n"
    (found,) = find_dates(body)
    assert (found.date, found.source, found.line) == (dt.date(2025, 2, 3), "落款日期", 6)


# ---------------------------------------------------------------- the items on the real reports

def test_agency_kinds():
    assert agency_kind(HONGZE)[0] == GOVERNMENT
    assert agency_kind("盘锦市")[0] == GOVERNMENT  # 盘锦市 2015: the city's own report (发文机关 盘锦市政府)
    assert agency_kind("盘锦市商务局")[0] == DEPARTMENT
    assert agency_kind("淮安市人民政府办公室")[0] == DEPARTMENT  # the government's office is a department
    assert agency_kind("盘锦检验检测中心")[0] == DEPARTMENT
    assert agency_kind("洪泽区岔河镇人民政府")[0] == TOWNSHIP
    assert agency_kind(None)[0] is None
    assert deadline(GOVERNMENT, 2024) == dt.date(2025, 3, 31)
    assert deadline(DEPARTMENT, 2024) == dt.date(2025, 1, 31)


def test_kaifeng_page_published_after_the_departments_deadline():
    cl = build_checklist(report_input("kaifeng_zhijian_2018.htm"))  # 发布时间：2019-03-28, a 局
    item = cl.item("timely")
    assert item.status == "fail"
    assert "2019 年 3 月 28 日" in item.summary and "2019 年 1 月 31 日" in item.summary and "56 天" in item.summary


def test_huaian_page_published_before_the_governments_deadline():
    item = build_checklist(report_input("huaian_2024.html")).item("timely")  # 发布日期：2025-01-20
    assert item.status == "pass" and "2025 年 1 月 20 日" in item.summary and "2025 年 3 月 31 日" in item.summary


def test_city_report_of_2015_on_time_by_its_publication_date():
    item = build_checklist(report_input("003_5ca275e7fc674769.txt")).item("timely")
    assert item.status == "pass" and "2016 年 3 月 7 日" in item.summary
    assert [e.line for e in item.evidence if e.line] == [5, 51]


def test_no_date_is_incomplete_never_a_pass():
    for name in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt", "000_7fa8abd7de6217fc.txt"):
        assert build_checklist(report_input(name)).item("timely").status == "incomplete", name


def test_sections_of_each_real_report():
    expect = {
        "000_7fa8abd7de6217fc.txt": "fail",  # no 二、主动公开政府信息情况
        "001_f2d57d5ded702b88.txt": "pass",
        "004_028b26371201af45.txt": "pass",
        "hongze_2023.pdf.txt": "pass",
        "hongze_2024.pdf.txt": "pass",
        "huaian_2024.pdf.txt": "pass",
        "002_b6ce9a87a66a1839.txt": "warn",  # pre-2019: no 其他需要报告的事项
        "003_5ca275e7fc674769.txt": "warn",  # pre-2019: no 其他需要报告的事项
    }
    for name, status in expect.items():
        item = build_checklist(report_input(name)).item("sections")
        assert item.status == status, (name, item.summary)
    item = build_checklist(report_input("000_7fa8abd7de6217fc.txt")).item("sections")
    assert item.summary == "缺少 二、主动公开政府信息情况"


def test_form_generation_for_the_year():
    assert expected_generation(2020) == "2019" and expected_generation(2021) == "2021"
    assert expected_generation(2018) == "pre2019"
    item = build_checklist(report_input("hongze_2024.pdf.txt")).item("form")
    assert item.status == "warn" and "表三按 2019 年试行格式" in item.summary  # （六）其他处理 as one row
    assert build_checklist(report_input("huaian_2024.pdf.txt")).item("form").status == "pass"
    assert build_checklist(report_input("002_b6ce9a87a66a1839.txt")).item("form").status == "pass"
    wrong = build_checklist(report_input("huaian_2024.pdf.txt", year=2020)).item("form")
    assert wrong.status == "fail" and "2019 年试行格式" in wrong.summary


def test_problems_section():
    thin = build_checklist(report_input("000_7fa8abd7de6217fc.txt")).item("problems")
    # 五 of 盘锦检验检测中心 2021 is two sentences of praise (79 characters, no problem named)
    assert thin.status == "warn" and "79 字" in thin.summary
    assert build_checklist(report_input("001_f2d57d5ded702b88.txt")).item("problems").status == "pass"
    assert build_checklist(report_input("hongze_2024.pdf.txt")).item("problems").status == "pass"
    only_none = "一、总体情况\n2024年，我局认真贯彻条例。\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
    item = build_checklist(ReportInput(only_none, "示范县财政局", 2024, "2021")).item("problems")
    assert item.status == "fail" and "只写了“无。”" in item.summary


def test_no_real_report_states_its_work_under_another_year():
    for name in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt", "002_b6ce9a87a66a1839.txt",
                 "003_5ca275e7fc674769.txt", "004_028b26371201af45.txt", "000_7fa8abd7de6217fc.txt"):
        # hongze 2024's "2025 年我们将切实抓好…" and 盘锦市 2015's "2016年我们将…" are plans, not copies
        assert build_checklist(report_input(name)).item("other_year").status == "pass", name


def test_last_years_report_filed_as_this_years_is_caught():
    old = text("hongze_2023.pdf.txt")
    copied = old.replace("2023 年政府信息公开工作年度报告", "2024 年政府信息公开工作年度报告", 1)  # only the title changed
    inp = ReportInput(copied, HONGZE, 2024, "2021", previous_text=old, previous_year=2023)
    cl = build_checklist(inp)
    other = cl.item("other_year")
    assert other.status == "fail"
    lines = {e.line: e.note for e in other.evidence}
    assert lines[6] == "统计期限为 2023 年"  # "报告中所列数据统计期限自 2023 年 1 月 1 日" (line 6)
    assert lines[12] == "以 2023 年陈述工作"  # "2023 年，洪泽区人民政府坚持…"
    assert lines[18] == "以 2023 年陈述工作"  # "2023 年，我区在政府网站平台主动公开政府信息 1136 条"
    rep = cl.item("repetition")
    assert rep.status == "fail" and cl.repetition is not None and cl.repetition.share == 1.0


def test_one_lead_year_sentence_only_warns():
    ol = outline("一、总体情况\n2022年，我局获评先进单位。\n2023年，我局认真落实条例。\n")
    item = check_other_year(ReportInput("", "示范局", 2023, "2021"), ol)
    assert item.status == "warn" and item.evidence[0].line == 2


def test_repetition_between_hongze_2023_and_2024():
    cl = build_checklist(report_input("hongze_2024.pdf.txt", previous="hongze_2023.pdf.txt", previous_year=2023))
    rep = cl.repetition
    assert rep is not None
    shares = {s.section: s for s in rep.sections}
    # read side by side: 总体情况's (三) and (四) paragraphs and its first (一) sentence are copied, the
    # rest is new; 五 copies two of its three measures; 六 is the same sentence with a new year.
    assert 0.3 < shares["一、总体情况"].share < 0.5
    assert 0.25 < shares["五、存在的主要问题及改进情况"].share < 0.5
    assert shares["六、其他需要报告的事项"].share > 0.9 and shares["六、其他需要报告的事项"].chars < 100
    assert cl.item("repetition").status == "pass"  # no section long enough to judge repeats more than half
    passages = [p.text for p in rep.passages]
    assert any("一是扎实推进依申请公开工作,全面梳理和优化工作流程、健全工作机制、强化部门协同配合" in p for p in passages)
    assert any("从严从实把好政治关、法律关、政策关、保密关、文字关" in p for p in passages)


def test_repetition_needs_last_years_report():
    item = build_checklist(report_input("huaian_2024.pdf.txt")).item("repetition")
    assert item.status == "incomplete" and "2023 年" in item.summary


def test_narrative_and_blank_items():
    hongze = build_checklist(report_input("hongze_2024.pdf.txt"))
    assert hongze.item("narrative").status == "warn"  # 17 件 (区政府办) vs 95 (全区): another scope
    assert hongze.item("blanks").status == "pass"
    assert build_checklist(report_input("huaian_2024.pdf.txt")).item("narrative").status == "pass"
    blanks = build_checklist(report_input("000_7fa8abd7de6217fc.txt")).item("blanks")
    # 表三's six applicant columns are blank in all 25 rows of the 2021 form: 150 cells
    assert blanks.status == "warn" and blanks.summary.startswith("表三空白 150 格")
    shangwu = build_checklist(report_input("004_028b26371201af45.txt")).item("blanks")
    assert shangwu.summary.startswith("表二空白 2 格")  # 现行有效件数 of 规章 and 规范性文件


def test_workbook_without_a_body_is_incomplete_not_failed():
    cl = build_checklist(report_input("hongze_2024.xlsx"))
    for code in ("sections", "problems", "other_year", "repetition"):
        assert cl.item(code).status == "incomplete", code
    assert cl.item("form").status == "warn"


def test_checklist_is_data_in_json():
    inp = ReportInput("一、总体情况\n收入[/]。\n", "示范局", 2024, "2021",
                      values=[Value("t4.review.total", "行政复议", None, "")],
                      checks=[CheckResult("AX.1", "warn", "x", [], strict=False)])
    data = build_checklist(inp).to_json()
    assert {i["code"] for i in data["items"]} == {"timely", "sections", "form", "problems", "other_year",
                                                   "repetition", "narrative", "blanks"}
    assert data["status"] == "fail"
