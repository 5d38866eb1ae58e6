"""``xxgk checklist``, ``indicators``, ``thresholds``, ``summary`` and ``trend`` on the real text samples."""
from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook

HONGZE = "淮安市洪泽区人民政府"


def imported(run, text_folder):
    code, _out, err = run("import", text_folder)
    assert code == 0, err
    return run


def test_checklist_table_and_json(run, text_folder):
    imported(run, text_folder)
    code, out, _ = run("checklist", HONGZE, "2024")
    assert code == 0
    assert "评估清单；与 2023 年报告" in out
    assert "?无法判断  按时公开" in out  # no date printed in the report
    assert "第 148 行，92%（45/49 字），篇幅短，不评判：六、其他需要报告的事项" in out
    code, out, _ = run("checklist", "盘锦市", "2015", "--format", "json")
    data = json.loads(out)
    timely = next(i for i in data["items"] if i["code"] == "timely")
    assert timely["status"] == "pass" and [e["line"] for e in timely["evidence"] if e["line"]] == [5, 51]


def test_checklist_of_an_unknown_report_is_one_line(run, text_folder):
    imported(run, text_folder)
    code, out, err = run("checklist", "9999")
    assert code == 2 and out == "" and err.count("\n") == 1


def test_summary_table_json_csv_and_xlsx(run, text_folder, tmp_path):
    imported(run, text_folder)
    code, out, _ = run("summary", "2024")
    assert code == 0
    assert out.startswith("2024 年汇总 · 全部机关 · ")
    line = next(ln for ln in out.splitlines() if ln.startswith("t3.1.total "))
    assert line.split()[-4:] == ["3214", "2", "0", "0"]  # 95 + 3119, 2 reports with a value
    six = next(ln for ln in out.splitlines() if ln.startswith("t3.3.6.1.total "))
    assert "?" in six and "无此项" in six  # hongze prints （六） as one row
    code, out, _ = run("summary", "2024", "--format", "json")
    data = json.loads(out)
    assert data["included"] == 2 and "淮安市洪泽区人民政府" not in data["missing"]
    sums = {s["key"]: s for s in data["sums"]}
    assert sums["t4.review.total"]["total"] == 353 and sums["t4.review.total"]["complete"]
    code, out, _ = run("summary", "2024", "--format", "csv", "--agency", HONGZE)
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["t3.1.total"]["total"] == "95" and rows["t3.1.total"]["complete"] == "True"
    target = tmp_path / "s.xlsx"
    code, out, err = run("summary", "2024", "-o", target)
    assert code == 0, err
    wb = load_workbook(target)
    assert wb.sheetnames == ["汇总表", "报告清单", "指标排名", "数据"] and wb["数据"].sheet_state == "hidden"
    code, _out, err = run("summary", "2024", "-o", target)
    assert code == 2 and "--force" in err


def test_summary_errors(run, text_folder):
    imported(run, text_folder)
    code, out, err = run("summary", "2019")
    assert code == 2 and "2019" in err and out == ""
    code, out, err = run("summary", "2024", "--agency", "没有这个局")
    assert code == 2 and "没有这个局" in err
    code, out, err = run("summary", "2024", "--parent", HONGZE)
    assert code == 2 and err.count("\n") == 1


def test_indicators_and_thresholds(run, text_folder):
    imported(run, text_folder)
    code, out, _ = run("indicators", "2024", "--rank", "复议纠错率")
    assert code == 0
    lines = out.splitlines()
    huaian = next(ln for ln in lines if ln.startswith("淮安市人民政府"))
    assert "!20.4%" in huaian and "59.5%" in huaian  # 64/314 above 20 %; (1362 + 454) / 3050
    assert lines.index(huaian) < lines.index(next(ln for ln in lines if ln.startswith(HONGZE)))
    code, out, _ = run("thresholds", "--set", "复议纠错率=25%", "--min-cases", "2")
    assert code == 0 and "已保存" in out and "高于 25.0% 标记" in out
    code, out, _ = run("indicators", "2024")
    huaian = next(ln for ln in out.splitlines() if ln.startswith("淮安市人民政府"))
    assert "!20.4%" not in huaian and "20.4%" in huaian
    hongze = next(ln for ln in out.splitlines() if ln.startswith(HONGZE))
    assert "!50.0%" in hongze  # 1 of 2 is now rated (min 2 cases) and above 25 %
    code, out, _ = run("thresholds", "--clear", "复议纠错率", "--format", "json")
    data = json.loads(out)
    assert data["min_cases"] == 2 and "review_correction" not in data["thresholds"]
    code, _out, err = run("--read-only", "thresholds", "--set", "公开率=10%")
    assert code == 2 and "--read-only" in err
    code, _out, err = run("thresholds", "--set", "公开率=很多")
    assert code == 2 and "不是阈值" in err


def test_trend(run, text_folder, tmp_path):
    imported(run, text_folder)
    code, out, _ = run("trend", HONGZE, "--key", "t3.1.total", "--key", "t2.licensing.decisions")
    assert code == 0
    row = next(ln for ln in out.splitlines() if ln.startswith("t3.1.total"))
    assert row.split()[-3:] == ["⣤⣿", "21", "95"]
    code, out, _ = run("trend", HONGZE, "--format", "csv")
    rows = {r["key"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows["t2.licensing.decisions"]["2023"] == "550" and rows["t2.licensing.decisions"]["2024"] == "9487"
    target = tmp_path / "t.xlsx"
    code, _out, err = run("trend", HONGZE, "-o", target)
    assert code == 0, err
    assert load_workbook(target).sheetnames == ["趋势"]
