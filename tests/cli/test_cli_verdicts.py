"""``xxgk verdict`` and ``--open`` on an archive of the real 洪泽区 and 淮安市 reports.

洪泽区 2023 fails two STRICT identities (A4.1:review 0 against 10 + 1, A4.3:suit_after_review 0 against 5),
so ``check`` exits 1; once both are 已排除 ``check --open`` exits 0 and ``check`` still 1.
"""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from tests.conftest import SAMPLES

HONGZE = "淮安市洪泽区人民政府"


@pytest.fixture
def filed(run, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_USER", "张审核")
    for name in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "huaian_2024.pdf.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    code, _out, err = run("import", *(tmp_path / n for n in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt",
                                                              "huaian_2024.pdf.txt")))
    assert code == 0, err
    return run


def test_set_list_history_and_clear(filed):
    run = filed
    code, out, err = run("verdict", "set", HONGZE, "2023", "A4.1", "已排除", "--reason", "口径不同", "--note", "另表统计")
    assert code == 0 and "已记录判定" in out and "A4.1:review" in out and "已排除（口径不同）：另表统计 · 张审核" in out
    code, out, _ = run("verdict", "set", "1", "A4.3", "确认有误", "--by", "李科长")
    assert code == 0 and "确认有误 · 李科长" in out
    code, out, _ = run("verdict", "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["机关", "年度", "规则", "判定", "理由", "判定人", "时间（北京时间）", "现状",
                                                "报告", "备注"]
    assert [line.split()[:5] for line in lines[2:4]] == [[HONGZE, "2023", "A4.1:review", "已排除", "口径不同"],
                                                       [HONGZE, "2023", "A4.3:suit_after_review", "确认有误", "李科长"]]
    assert "共 2 项判定" in out
    code, out, _ = run("verdict", "clear", "1", "A4.3", "--note", "改由区里核实")
    assert code == 0 and "已撤销判定" in out
    code, out, _ = run("verdict", "history", "--format", "json")
    steps = [json.loads(line.rstrip(",")) for line in out.splitlines()[1:-1]]
    assert [(s["rule"], s["status"], s["by"]) for s in steps] == [
        ("A4.1", "excluded", "张审核"), ("A4.3", "confirmed", "李科长"), ("A4.3", "cleared", "张审核")]
    code, out, _ = run("verdict", "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rule"], r["status"], r["state"]) for r in rows] == [("A4.1", "excluded", "applied")]


def test_check_open_counts_only_what_is_not_excluded(filed):
    run = filed
    code, out, _ = run("check")
    assert code == 1 and "不符 2 项" in out
    for rule in ("A4.1", "A4.3"):
        assert run("verdict", "set", "1", rule, "已排除", "--reason", "原表如此，已核实")[0] == 0
    code, out, _ = run("check")  # without --open every finding still counts, with its verdict shown
    assert code == 1 and "判定：已排除 2" in out and out.count("已排除") >= 2
    code, out, _ = run("check", "--open")
    assert code == 0 and "A4.1" not in out and "只计未排除的问题：2 项已排除，未计入" in out
    code, out, _ = run("failures", "--open", "--format", "json")
    assert code == 0 and [json.loads(line.rstrip(","))["rule"] for line in out.splitlines()[1:-1]] == ["AX.1"]
    code, out, _ = run("failures", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rule"], r["verdict"], r["verdict_reason"]) for r in rows] == [
        ("A4.1", "excluded", "原表如此，已核实"), ("A4.3", "excluded", "原表如此，已核实"), ("AX.1", "", "")]
    code, out, _ = run("list", "--open")
    assert code == 0 and "只计未排除的问题：2 项已排除，未计入" in out
    (line,) = [x for x in out.splitlines() if x.startswith(HONGZE)]
    assert line.split()[-2:] == ["ok", "~1"]  # 2023 has nothing open left; 2024 its 提示
    code, out, _ = run("show", "1")
    assert "判定：" in out and "A4.1:review：已排除（原表如此，已核实） · 张审核" in out


def test_a_changed_report_shows_the_verdict_as_stale(filed, tmp_path):
    run = filed
    run("verdict", "set", "1", "A4.1", "已排除", "--reason", "口径不同")
    text = (SAMPLES / "hongze_2023.pdf.txt").read_text(encoding="utf-8")
    changed = tmp_path / "hongze_2023_v2.txt"
    changed.write_text(text.replace("10 1 0 0 0 0 0 0 0 0 5 0 0 0 0", "10 2 0 0 0 0 0 0 0 0 5 0 0 0 0"), encoding="utf-8")
    assert run("import", changed)[0] == 0
    code, out, _ = run("verdict", "list", "--stale")
    assert code == 0 and "已过期" in out and "A4.1:review" in out
    code, out, _ = run("check", "--open")
    assert code == 1 and "A4.1:review" in out and "已过期" in out


def test_bad_verdicts_are_one_line_and_change_nothing(filed):
    run = filed
    for argv, message in ((("verdict", "set", "1", "A4.1", "已排除"), "已排除需要写明理由"),
                          (("verdict", "set", "1", "A4", "待核"), "是否指：A4.1:review、A4.3:suit_after_review"),
                          (("verdict", "set", "1", "A4.1", "不知道"), "不是判定"),
                          (("verdict", "set", "1", "A4.1"), "请给出报告编号"),
                          (("verdict", "set", "99", "A4.1", "待核"), "没有报告 #99")):
        code, out, err = run(*argv)
        assert code == 2 and out == "" and message in err and len(err.splitlines()) == 1, (argv, err)
    assert run("verdict", "history")[1].strip() == "没有判定记录"
    code, _out, err = run("--read-only", "verdict", "set", "1", "A4.1", "待核")
    assert code == 2 and "--read-only" in err
