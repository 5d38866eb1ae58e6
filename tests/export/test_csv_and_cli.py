"""CSV exports (round trip) and the ``xxgk export`` command (formats, --force, one-line errors in Chinese)."""
from __future__ import annotations

import csv

import pytest

from tests.export.conftest import HONGZE, HUAIAN, data_rows, open_wb, rows_by_key, shown
from xxgk.cli import main
from xxgk.exporters import export_agency_xlsx, export_all_csv, export_comparison_csv
from xxgk.presentation.numbers import percent_number_text, percent_text
from xxgk.workflows.comparing import compare


def read_csv(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _num(text: str):
    if text == "":
        return None
    f = float(text)
    return int(f) if f.is_integer() and "." not in text else f


def test_csv_round_trip_equals_the_archive(archive, tmp_path):
    path = export_comparison_csv(archive, HONGZE, 2023, 2024, tmp_path / "hz.csv")
    rows = read_csv(path)
    comp = compare(archive, HONGZE, 2023, 2024)
    assert [r["代码"] for r in rows] == [c.key for c in comp.rows]
    for r, c in zip(rows, comp.rows, strict=True):
        assert r["项目"] == c.label
        assert _num(r["2023年"]) == c.value_a and _num(r["2024年"]) == c.value_b and _num(r["增减"]) == c.delta
        assert (float(r["增减%"]) if r["增减%"] else None) == c.delta_pct
        assert r["增减%"] == percent_number_text(c.delta_pct)  # one decimal: "60.0", "-2.4", "0.0"
    by_key = {r["代码"]: r for r in rows}
    assert by_key["t4.review.total"]["2023年标记"] == "!" and by_key["t4.review.total"]["2024年标记"] == ""
    assert by_key["t3.1.total"]["2024年标记"] == "~"  # a SOFT warning
    assert by_key["t2.fees.amount"]["2023年"] == "7730.28"
    assert by_key["t2.normative.in_force"]["增减%"] == "60.0"  # 5 → 8


def test_the_percentage_convention_is_one_everywhere(archive, tmp_path):
    """Δ% is stored and shown in percent: the CSV's 60.0, the XLSX's 60.0 shown +60.0%, the app's text."""
    csv_rows = {r["代码"]: r for r in read_csv(export_comparison_csv(archive, HONGZE, 2023, 2024, tmp_path / "a.csv"))}
    wb = open_wb(export_agency_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "a.xlsx"))
    xlsx_rows = rows_by_key(wb)
    comp = compare(archive, HONGZE, 2023, 2024)
    checked = 0
    for r in comp.rows:
        if r.delta_pct is None:
            assert csv_rows[r.key]["增减%"] == "" and xlsx_rows[r.key]["增减%"].value is None
            continue
        cell = xlsx_rows[r.key]["增减%"]
        assert cell.value == float(csv_rows[r.key]["增减%"]) == r.delta_pct
        assert shown(cell) == percent_text(r.delta_pct)
        checked += 1
    assert checked >= 5
    assert shown(xlsx_rows["t2.normative.in_force"]["增减%"]) == "+60.0%" == percent_text(60.0)


def test_csv_and_the_xlsx_data_sheet_hold_the_same_rows(archive, tmp_path):
    csv_rows = read_csv(export_all_csv(archive, 2023, 2024, tmp_path / "all.csv"))
    from xxgk.exporters import export_all_xlsx

    xlsx = data_rows(open_wb(export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx")))
    assert len(csv_rows) == len(xlsx)
    for c, x in zip(csv_rows, xlsx, strict=True):
        assert list(c) == list(x)
        for name in c:
            value = x[name].value
            if isinstance(value, int | float):
                assert _num(c[name]) == pytest.approx(value), (name, c["代码"])
            else:
                assert c[name] == ("" if value is None else value), (name, c["代码"])


def test_csv_blanks_are_empty_fields(archive, tmp_path):
    path = export_all_csv(archive, 2021, 2022, tmp_path / "all.csv")
    rows = [r for r in read_csv(path) if r["机关"] == "盘锦检验检测中心"]
    blank = next(r for r in rows if r["代码"] == "t3.1.natural")
    assert blank["2021年"] == "" and blank["2022年标记"] == "缺"


def test_csv_all_has_an_agency_column_and_marks_missing(archive, tmp_path):
    path = export_all_csv(archive, 2023, 2024, tmp_path / "all.csv")
    rows = read_csv(path)
    assert list(rows[0])[0] == "机关"
    assert {r["机关"] for r in rows} == {HONGZE, HUAIAN}
    huaian = [r for r in rows if r["机关"] == HUAIAN]
    assert all(r["2023年"] == "" and r["2023年标记"] == "缺" and "2023 年未报送" in r["备注"] for r in huaian)
    hz = [r for r in rows if r["机关"] == HONGZE]
    assert len(hz) == len(compare(archive, HONGZE, 2023, 2024).rows)


@pytest.fixture
def run(sample_db, capsys, monkeypatch):
    monkeypatch.delenv("XXGK_DB", raising=False)

    def _run(*argv):
        code = main(["--db", str(sample_db), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_cli_export_one_and_force(run, tmp_path):
    target = tmp_path / "hz.xlsx"
    code, out, err = run("export", HONGZE, 2023, 2024, "-o", target)
    assert code == 0 and str(target) in out and err == ""
    assert data_rows(open_wb(target))
    before = target.read_bytes()
    code, out, err = run("export", HONGZE, 2023, 2024, "-o", target)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--force" in err and "文件已存在" in err and "Traceback" not in err
    assert target.read_bytes() == before
    code, _out, err = run("export", HONGZE, 2023, 2024, "-o", target, "--force")
    assert code == 0 and err == ""


def test_cli_export_all_csv_by_suffix_and_format(run, tmp_path):
    code, _out, err = run("export", "--all", 2023, 2024, "-o", tmp_path / "all.csv")
    assert code == 0, err
    assert read_csv(tmp_path / "all.csv")[0]["机关"]
    code, _out, err = run("export", "--all", 2023, 2024, "--format", "csv", "-o", tmp_path / "all.txt")
    assert code == 0, err
    assert (tmp_path / "all.txt").read_bytes().startswith(b"\xef\xbb\xbf")
    code, _out, err = run("export", "--all", 2023, 2024, "-o", tmp_path / "all.xlsx")
    assert code == 0 and open_wb(tmp_path / "all.xlsx").sheetnames[0] == "汇总"


def test_cli_default_name_is_sanitised_and_in_the_current_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _err = run("export", HONGZE, 2023, 2024)
    assert code == 0
    assert (tmp_path / f"{HONGZE}_2023-2024_对比.xlsx").exists()


@pytest.mark.parametrize("argv, words", [
    (("export", "没有这个机关", 2023, 2024), "档案中没有名为“没有这个机关”的机关"),
    (("export", HONGZE, 2023, 2022), "档案中没有 淮安市洪泽区人民政府 2022 年的报告"),
    (("export", HONGZE, 2023, 2023), "两个年度相同"),
    (("export", HONGZE, 2023), "需要机关和两个年度"),
    (("export", "--all", 2023), "需要两个年度"),
    (("export", "--all", 2023, "abc"), "“abc”不是年份"),
    (("export", "--all", 1999, 2000), "档案中没有任何机关有 1999 或 2000 年的报告"),
])
def test_cli_export_user_errors_are_one_line(run, tmp_path, argv, words):
    code, out, err = run(*argv, "-o", tmp_path / "x.xlsx")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export_missing_folder_and_archive(run, sample_db, tmp_path, capsys):
    code, _out, err = run("export", HONGZE, 2023, 2024, "-o", tmp_path / "nope" / "x.xlsx")
    assert code == 2 and "不存在" in err and err.count("\n") == 1
    code = main(["--db", str(tmp_path / "missing.sqlite"), "export", "--all", "2023", "2024", "-o",
                 str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "这里没有档案" in err and not (tmp_path / "missing.sqlite").exists()


def test_cli_export_failures_list(run, tmp_path):
    """`xxgk export --failures`: the failures list the app exports, with the same filters as `failures`."""
    code, out, err = run("export", "--failures", "--year", 2023, "--agency", "洪泽区人民政府", "-o",
                         tmp_path / "f.csv")
    assert (code, err) == (0, "") and out == f"已写入 {tmp_path / 'f.csv'}\n"
    rows = read_csv(tmp_path / "f.csv")
    # typed from the 2023 report: 行政复议总计 0 ≠ 11 (A4.1), 复议后起诉总计 0 ≠ 5 (A4.3), both STRICT
    assert {(r["机关"], r["年度"], r["规则"], r["状态"]) for r in rows} >= {
        (HONGZE, "2023", "A4.1", "不符"), (HONGZE, "2023", "A4.3", "不符")}
    assert {r["年度"] for r in rows} == {"2023"}
    code, out, err = run("export", "--failures", "--year", 2023, "--rule", "A4", "-o", tmp_path / "f.xlsx")
    assert code == 0 and (tmp_path / "f.xlsx").exists()


def test_cli_export_summary_and_hide_equal(run, tmp_path):
    code, _out, err = run("export", "--all", 2023, 2024, "--summary", "-o", tmp_path / "s.csv")
    assert code == 0, err
    summary = read_csv(tmp_path / "s.csv")  # one row per agency
    assert sorted(r["机关"] for r in summary) == sorted([HONGZE, HUAIAN])
    run("export", HONGZE, 2023, 2024, "-o", tmp_path / "all_rows.csv")
    run("export", HONGZE, 2023, 2024, "--hide-equal", "-o", tmp_path / "changed.csv")
    every, changed = read_csv(tmp_path / "all_rows.csv"), read_csv(tmp_path / "changed.csv")
    assert 0 < len(changed) < len(every)


@pytest.mark.parametrize("argv, words", [
    (("export", HONGZE, 2023, 2024, "--year", 2023), "--year 只用于 --failures"),
    (("export", HONGZE, 2023, 2024, "--summary"), "--summary 只用于 --all"),
    (("export", "--all", 2023, 2024, "--summary"), "--summary 只用于 CSV"),
    (("export", "--failures", HONGZE), "export --failures 不接受机关和年度参数"),
    (("export", "--all", "--failures", 2023, 2024), "不能与"),
])
def test_cli_export_options_of_another_kind_are_refused(run, tmp_path, argv, words):
    code, out, err = run(*argv, "-o", tmp_path / "x.xlsx")
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err, err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export_failures_xlsx_lists_every_finding_and_default_names(run, archive, tmp_path, monkeypatch):
    from xxgk.workflows.checking import findings

    code, out, err = run("export", "--failures", "-o", tmp_path / "f.xlsx")
    assert code == 0 and err == "" and str(tmp_path / "f.xlsx") in out
    ws = open_wb(tmp_path / "f.xlsx").active
    assert ws.title == "勾稽关系清单"
    listed = [r for r in ws.iter_rows(values_only=True) if r[3] and r[3] != "规则"]
    assert len(listed) == len(findings(archive)) == 4
    monkeypatch.chdir(tmp_path)
    code, _out, err = run("export", "--failures", "--agency", HONGZE, "--format", "csv")
    assert code == 0, err
    assert (tmp_path / f"勾稽关系清单_{HONGZE}_全部年度.csv").exists()
    code, _out, err = run("export", "--all", 2023, 2024)
    assert code == 0, err
    assert (tmp_path / "全部机关_2023-2024_对比.xlsx").exists()  # the name --all always had
    code, _out, err = run("export", "--failures", "--year", 1999, "-o", tmp_path / "none.xlsx")
    assert code == 2 and "没有符合条件的核对结果" in err and err.count("\n") == 1
