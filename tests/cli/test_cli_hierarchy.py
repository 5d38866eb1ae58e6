"""``xxgk hierarchy`` on the real 淮安市 and 洪泽区 2024 reports (行政许可: 淮安市 447228, 洪泽区 9487)."""
from __future__ import annotations

import json
import shutil

from tests.conftest import SAMPLES

HUAIAN, HONGZE = "淮安市人民政府", "淮安市洪泽区人民政府"


def test_parent_kind_and_check(run, tmp_path, monkeypatch):
    monkeypatch.setenv("XXGK_USER", "李审核")
    for name in ("huaian_2024.pdf.txt", "hongze_2024.pdf.txt"):
        shutil.copy(SAMPLES / name, tmp_path / name)
    assert run("import", tmp_path / "huaian_2024.pdf.txt", tmp_path / "hongze_2024.pdf.txt")[0] == 0
    code, out, _ = run("hierarchy", "set", HUAIAN, HONGZE)
    assert code == 0 and HONGZE in out
    code, out, _ = run("hierarchy", "show", "--format", "json")
    assert {n["agency"]: n["parent"] for n in json.loads(out)} == {HUAIAN: None, HONGZE: HUAIAN}
    code, out, _ = run("hierarchy", "check", HUAIAN, "2024")
    assert code == 0 and "无法判断" in out and "hierarchy kind" in out  # the report does not say 汇总
    code, out, _ = run("hierarchy", "kind", HUAIAN, "2024", "汇总")
    assert code == 0 and "汇总（由 李审核 指定）" in out
    code, out, _ = run("hierarchy", "check", HUAIAN, "2024")
    assert "行政许可 · 本年处理决定数量：汇总报告 447228，下级之和 9487（差 +437741）" in out
    code, out, _ = run("checklist", HUAIAN, "2024")
    assert "与下级报告之和一致（汇总报告）" in out
    code, out, _ = run("checklist", HONGZE, "2024")  # its own indicators: 公开率 (50 予以公开 + 9 部分公开) ÷ 95
    assert "公开率 62.1%" in out and "与下级报告之和" not in out
    code, out, _ = run("hierarchy", "kind", HUAIAN, "2024", "本级")
    code, out, _ = run("hierarchy", "check", HUAIAN, "2024")
    assert "本级报告，不与下级之和比对" in out


def test_bad_input_is_one_line_and_changes_nothing(run, tmp_path):
    shutil.copy(SAMPLES / "hongze_2024.pdf.txt", tmp_path / "h.txt")
    run("import", tmp_path / "h.txt")
    code, _, err = run("hierarchy", "set", HONGZE, HONGZE)
    assert code == 2 and err.count("\n") == 1
    code, _, err = run("hierarchy", "set", "没有这个机关", HONGZE)
    assert code == 2 and "没有名为" in err
    code, _, err = run("hierarchy", "kind", HONGZE, "2024", "全市")
    assert code == 2 and "不是报告类型" in err
    code, out, _ = run("hierarchy", "show")
    assert "还没有上下级关系" in out
