"""Commands over the archive: check (exit 1 on a STRICT failure), list, compare, show, versions, text,
assign; damaged archives; the app entry point; no Textual for plain commands. Everything a reviewer reads
is Chinese (JSON and CSV field names stay as they are)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import types

import pytest

from tests.conftest import ROOT, SAMPLES
from xxgk import importers

SEED_003 = SAMPLES / "003_5ca275e7fc674769.txt"  # 盘锦市 2015: C3 申请答复数 103 vs 203 (STRICT fail)
SEED_004 = SAMPLES / "004_028b26371201af45.txt"  # 盘锦市商务局 2022: no STRICT failure
HONGZE = [SAMPLES / "hongze_2023.pdf.txt", SAMPLES / "hongze_2024.pdf.txt"]


def test_check_exits_1_on_strict_failure(run):
    assert run("import", SEED_003)[0] == 0
    code, out, err = run("check")
    assert (code, err) == (1, "")
    [line] = [x for x in out.splitlines() if "C3" in x]
    assert "盘锦市" in line and "2015" in line and "不符" in line and "103" in line and "203" in line
    assert out.splitlines()[-1] == "1 份报告中 1 份有不符；不符 1 项、提示 0 项"
    code, out, _ = run("check", "--format", "json")
    data = json.loads(out)
    assert code == 1 and [(f["rule"], f["expected"], f["actual"]) for f in data] == [("C3", 203, 103)]


def test_check_exits_0_without_strict_failure(run):
    run("import", SEED_004)
    code, out, _ = run("check")
    assert code == 0 and out.splitlines()[-1].startswith("1 份报告中 0 份有不符；不符 0 项、")
    code, out, _ = run("check", "--all", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and {r["status"] for r in rows} >= {"pass"}


def test_check_filters(run):
    run("import", SEED_003, SEED_004)
    assert run("check", "--agency", "盘锦市商务局")[0] == 0
    assert run("check", "--year", "2015")[0] == 1
    code, _, err = run("check", "--agency", "不存在的局")
    assert code == 2 and err.count("\n") == 1 and "档案中没有名为“不存在的局”的机关" in err


def test_failures_by_rule(run):
    run("import", SEED_003, SEED_004)
    code, out, _ = run("failures", "--rule", "C3", "--format", "json")
    assert code == 0 and [f["rule"] for f in json.loads(out)] == ["C3"]


def test_list_formats(run):
    run("import", SEED_003, SEED_004)
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["机关", *map(str, range(2015, 2023))]
    row = next(x for x in lines if x.startswith("盘锦市 "))
    assert row.split()[1:3] == ["!1", "?1"] or row.split()[1] == "!1"  # the app's marks: ! STRICT, ? incomplete
    assert row.split().count("缺") == 7  # the missing years 2016–2022 are visible
    later = next(x for x in lines if x.startswith("盘锦市商务局 "))
    assert len(later.split()) == 2  # nothing before an agency's first report (2022)
    grid = json.loads(run("list", "--format", "json")[1])
    assert grid["years"] == list(range(2015, 2023))
    [pj] = [a for a in grid["agencies"] if a["agency"] == "盘锦市"]
    assert pj["cells"]["2015"]["status"] == "fail" and pj["cells"]["2016"] is None
    rows = list(csv.DictReader(io.StringIO(run("list", "--format", "csv")[1])))
    assert len(rows) == 2 * 8 and {r["year"] for r in rows if r["report_id"]} == {"2015", "2022"}


def test_list_orders_agencies_by_pinyin_in_every_format(run):
    """Like the app: 淮安市 (huai) before 开封市 (kai) before 盘锦市 (pan); by code point 开 came first."""
    run("import", SEED_003, SEED_004, *HONGZE, SAMPLES / "002_b6ce9a87a66a1839.txt")
    want = ["淮安市洪泽区人民政府", "开封市质量技术监督局", "盘锦市", "盘锦市商务局"]
    table = [line.split()[0] for line in run("list")[1].splitlines()[1:] if line.split()
             and line.split()[0] in want]
    assert table == want
    assert [a["agency"] for a in json.loads(run("list", "--format", "json")[1])["agencies"]] == want
    rows = csv.DictReader(io.StringIO(run("list", "--format", "csv")[1]))
    assert list(dict.fromkeys(r["agency"] for r in rows)) == want


def test_empty_archive(run, db):
    from xxgk.store import Archive

    Archive(db).close()
    code, out, _ = run("list")
    assert code == 0 and "档案是空的" in out
    assert run("check")[0] == 0


@pytest.mark.parametrize("command", [["list"], ["check"], ["failures"], ["show", "1"], ["agencies"], ["review"],
                                     ["compare", "A", "2023", "2024"], ["versions", "A", "2023"], ["text", "1"]])
def test_read_commands_never_create_an_archive(run, db, command):
    """A mistyped --db is an error, never a new empty archive that then "passes"."""
    code, out, err = run(*command)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and str(db) in err
    assert not db.exists()


@pytest.mark.parametrize("command", [["assign", "1", "--agency", "某局", "--year", "2023"],
                                     ["withdraw", "1", "--reason", "误报"]])
def test_filing_commands_need_an_existing_archive(run, db, command):
    code, out, err = run(*command)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "这里没有档案" in err
    assert not db.exists()


def test_compare(run):
    run("import", *HONGZE)
    code, out, err = run("compare", "洪泽区人民政府", "2023", "2024")
    assert (code, err) == (0, "")
    assert out.startswith("淮安市洪泽区人民政府：2023 年（#1，2021 年版格式，hongze_2023.pdf.txt，")
    assert "跨年度勾稽关系：" in out and "X1" in out
    assert "2024 年正文逐字重复 2023 年的比例：" in out
    hidden = run("compare", "淮安市洪泽区人民政府", "2023", "2024", "--hide-equal")[1]
    assert "行数值相同的项目" in hidden and len(hidden.splitlines()) < len(out.splitlines())
    data = json.loads(run("compare", "淮安市洪泽区人民政府", "2023", "2024", "--format", "json")[1])
    assert {"rows", "cross_year", "repeated_share", "report_a", "report_b"} <= set(data)
    assert 0 <= data["repeated_share"] <= 1
    assert {c["rule"] for c in data["cross_year"]} >= {"X1"}
    code, _, err = run("compare", "淮安市洪泽区人民政府", "2023", "2019")
    assert code == 2 and "档案中没有 淮安市洪泽区人民政府 2019 年的报告" in err and err.count("\n") == 1


def test_show_versions_text(run, tmp_path):
    run("import", SEED_004)
    copy = tmp_path / "004_copy.txt"
    copy.write_bytes(SEED_004.read_bytes() + "\n附:另一份\n".encode())
    code, out, _ = run("import", copy)
    assert code == 0 and "新版本" in out
    code, out, _ = run("versions", "盘锦市商务局", "2022")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4 and lines[-1].rstrip().endswith("现行")
    assert lines[2].rstrip().endswith("已被 #2 取代")
    code, out, _ = run("show", "盘锦市商务局", "2022")
    assert code == 0 and out.startswith("报告 #2：盘锦市商务局 2022 年 · 第 2 版（共 2 版） · 现行\n")
    assert "t3.1.natural" in out
    code, out, _ = run("show", "1", "--format", "json")
    assert code == 0 and json.loads(out)["report"]["superseded_by"] == 2
    code, out, _ = run("text", "1")
    text = importers.parse_path(SEED_004)[0].text
    assert code == 0 and out.rstrip("\n") == text.rstrip("\n") and "盘锦市商务局" in out
    for argv in (("show", "99"), ("show", "x"), ("text", "abc"), ("show", "盘锦市商务局", "1999")):
        code, out, err = run(*argv)
        assert code == 2 and out == "" and err.count("\n") == 1, argv


def test_assign(run):
    run("import", SAMPLES / "001_f2d57d5ded702b88.txt")
    code, out, _ = run("review")
    assert code == 0 and "001_f2d57d5ded702b88.txt" in out
    report_id = out.splitlines()[2].split()[0]
    code, out, _ = run("assign", report_id, "--agency", "盘锦市某某局", "--year", "2021")
    assert code == 0 and out.startswith("新导入") and "已归入 盘锦市某某局 2021" in out
    assert "盘锦市某某局" in run("list")[1]
    code, _, err = run("--read-only", "assign", report_id, "--agency", "x局", "--year", "2021")
    assert code == 2 and "read-only" in err


def test_damaged_archive_is_one_line(run, db):
    db.write_bytes(b"definitely not a database" * 200)
    code, out, err = run("list")
    assert code == 2 and out == "" and err.count("\n") == 1 and str(db) in err


def test_read_only_without_archive(run, db):
    code, _, err = run("--read-only", "list")
    assert code == 2 and "这里没有档案" in err and not db.exists()


def test_usage_errors(run):
    for argv in (("list", "--bogus"), ("compare", "x", "2020"), ("import",), ("check", "--year", "20x1")):
        code, out, err = run(*argv)
        assert code == 2 and err.count("\n") == 1 and err.startswith("xxgk: "), argv


def test_help_and_global_options_after_the_command(run, db):
    code, out, _ = run("--help")
    assert code == 0 and "import" in out and "compare" in out
    other = db.parent / "other.sqlite"
    code, _, _ = run("import", SEED_004, "--db", other)
    assert code == 0 and other.exists()


def test_db_from_environment(tmp_path, monkeypatch, capsys):
    from xxgk.cli import main

    path = tmp_path / "env.sqlite"
    monkeypatch.setenv("XXGK_DB", str(path))
    assert main(["import", str(SEED_004), "--quiet"]) == 0
    assert path.exists()


def test_no_command_opens_the_app(db, monkeypatch):
    from xxgk.cli import main

    calls = []
    fake = types.ModuleType("xxgk.tui.app")
    fake.run = lambda path, read_only=False: calls.append((path, read_only))
    monkeypatch.setitem(sys.modules, "xxgk.tui.app", fake)
    assert main(["--db", str(db), "--read-only"]) == 0
    assert calls == [(db, True)]

    def refuse(path, read_only=False):
        raise SystemExit(2)

    fake.run = refuse
    assert main(["--db", str(db)]) == 2


def test_commands_do_not_import_textual(tmp_path):
    code = ("import sys; from xxgk.cli import build_parser, main; build_parser(); "
            "main(['--db', sys.argv[1], 'list']); "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')], 'textual imported'")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.sqlite")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_times_are_the_offices_local_time(run, monkeypatch):
    """Stored UTC, shown in 北京时间: an import at 23:30 UTC is the next morning in the office."""
    from xxgk.store import archive as store_archive

    monkeypatch.delenv("XXGK_TZ", raising=False)
    monkeypatch.setattr(store_archive, "_now", lambda: "2024-02-29T23:30:00+00:00")
    run("import", SEED_004)
    out = run("show", "1")[1]
    assert "导入于 2024-03-01 07:30（北京时间）" in out
    lines = run("versions", "盘锦市商务局", "2022")[1].splitlines()
    assert "导入时间（北京时间）" in lines[0] and "2024-03-01 07:30" in lines[2]
    assert json.loads(run("show", "1", "--format", "json")[1])["report"]["imported_at"] == "2024-02-29T23:30:00+00:00"


def test_show_lists_the_cross_year_checks_and_names_each_tables_form(run):
    """洪泽区 2023→2024: 上年结转 = 结转下年度 holds in all seven columns (0 = 0), and 现行有效 chains for
    规章 (0 = 0 + 0 − 0) and 行政规范性文件 (8 = 5 + 3 − 0): nine cross-year checks, all 相符."""
    run("import", *HONGZE)
    code, out, _ = run("show", "2")
    assert code == 0
    assert "格式：  2021 年版格式（表二 2021 年版格式，" in out and "{" not in out  # no Python dict
    assert "\n跨年度勾稽关系（9 项）：相符 9、不符 0、提示 0、不完整 0\n" in out
    rows = [x for x in out.splitlines() if x.startswith("2023->2024")]
    assert len(rows) == 9 and {r.split()[1].split(":")[0] for r in rows} == {"X1", "X3"}
    assert all(r.split()[2] == "相符" for r in rows)
