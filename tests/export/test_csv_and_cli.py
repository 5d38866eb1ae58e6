"""CSV exports (round trip) and the ``xxgk export`` command (formats, --force, one-line errors)."""
from __future__ import annotations

import csv

import pytest

from tests.export.conftest import HONGZE, HUAIAN, item_rows, open_wb
from xxgk.cli import main
from xxgk.exporters import export_all_csv, export_comparison_csv
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
        assert (_num(r["增减%"]) if r["增减%"] else None) == c.delta_pct
    by_key = {r["代码"]: r for r in rows}
    assert by_key["t4.review.total"]["2023年标记"] == "!" and by_key["t4.review.total"]["2024年标记"] == ""
    assert by_key["t2.fees.amount"]["2023年"] == "7730.28"


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
    assert item_rows(open_wb(target).worksheets[0])
    before = target.read_bytes()
    code, out, err = run("export", HONGZE, 2023, 2024, "-o", target)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--force" in err and "Traceback" not in err
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
    (("export", "没有这个机关", 2023, 2024), "no agency"),
    (("export", HONGZE, 2023, 2022), "no report"),
    (("export", HONGZE, 2023, 2023), "same"),
    (("export", HONGZE, 2023), "agency and two years"),
    (("export", "--all", 2023), "two years"),
    (("export", "--all", 2023, "abc"), "not a year"),
    (("export", "--all", 1999, 2000), "no agency has a report"),
])
def test_cli_export_user_errors_are_one_line(run, tmp_path, argv, words):
    code, out, err = run(*argv, "-o", tmp_path / "x.xlsx")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and words in err, err
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export_missing_folder_and_archive(run, sample_db, tmp_path, capsys):
    code, _out, err = run("export", HONGZE, 2023, 2024, "-o", tmp_path / "nope" / "x.xlsx")
    assert code == 2 and "does not exist" in err
    code = main(["--db", str(tmp_path / "missing.sqlite"), "export", "--all", "2023", "2024", "-o",
                 str(tmp_path / "x.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "no archive" in err and not (tmp_path / "missing.sqlite").exists()
