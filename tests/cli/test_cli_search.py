"""``xxgk search`` on an archive of the real reports (盘锦市 2015 prints 依申请公开信息收取的费用 on line 639)."""
from __future__ import annotations

import json
import shutil

from tests.conftest import SAMPLES


def test_search_lists_agency_year_report_and_line(run, tmp_path):
    shutil.copy(SAMPLES / "003_5ca275e7fc674769.txt", tmp_path / "panjin.txt")
    assert run("import", tmp_path / "panjin.txt")[0] == 0
    code, out, _ = run("search", "依申请", "费用")
    assert code == 0
    assert "盘锦市" in out and "639" in out and "(四)依申请公开信息收取的费用" in out and "共 1 行" in out
    code, out, _ = run("search", "依申请", "费用", "--format", "json")
    (hit,) = json.loads(out)
    assert (hit["agency"], hit["year"], hit["line"]) == ("盘锦市", 2015, 639)
    code, out, _ = run("search", "没有这样的词语")
    assert code == 0 and "没有找到" in out


def test_bad_searches_are_one_line(run, tmp_path):
    shutil.copy(SAMPLES / "003_5ca275e7fc674769.txt", tmp_path / "panjin.txt")
    run("import", tmp_path / "panjin.txt")
    code, out, err = run("search", " ")
    assert code == 2 and err.count("\n") == 1 and "请给出要查找的文字" in err
    code, out, err = run("search", "收费", "--limit", "0")
    assert code == 2 and "Traceback" not in err


def test_a_hit_opens_at_its_line(run, tmp_path):
    shutil.copy(SAMPLES / "003_5ca275e7fc674769.txt", tmp_path / "panjin.txt")
    run("import", tmp_path / "panjin.txt")
    (hit,) = json.loads(run("search", "依申请", "费用", "--format", "json")[1])
    code, out, _ = run("text", hit["report_id"], "--line", hit["line"], "--context", "1")
    assert code == 0
    assert out.splitlines() == [" 638  |", ">639  (四)依申请公开信息收取的费用 |", " 640  万元 |"]
    code, _, err = run("text", hit["report_id"], "--line", "100000")
    assert code == 2 and "没有第 100000 行" in err
