"""xxgk parse: the JSON contract (always a list of report objects) and the readable listing; no archive
is touched."""
from __future__ import annotations

import json

import pytest

from tests.conftest import SAMPLES
from xxgk import importers
from xxgk.cli import output
from xxgk.cli.commands.parse import write_report
from xxgk.domain.model import ParsedReport, Value
from xxgk.presentation.text import display_width
from xxgk.workflows import importing

SAMPLE = SAMPLES / "004_028b26371201af45.txt"
TOP_KEYS = {"file", "sha256", "format", "agency", "year", "template", "part", "needs_review", "encoding",
            "agency_source", "agency_aliases", "year_source", "scope", "table_templates", "values", "checks", "warnings"}


def test_parse_json_is_exactly_the_parsed_report(run, db):
    code, out, err = run("parse", SAMPLE)
    assert (code, err) == (0, "")
    [data] = json.loads(out)  # one shape for every file: a list, here of one report
    assert set(data) == TOP_KEYS
    assert data == importers.parse_path(SAMPLE)[0].to_json()
    assert (data["agency"], data["year"], data["template"]) == ("盘锦市商务局", 2022, "2021")
    assert set(data["values"][0]) == {"key", "label", "section", "value", "raw", "unit", "where"}
    assert {"rule", "status", "message", "keys", "strict"} <= set(data["checks"][0])
    assert "盘锦市商务局" in out  # ensure_ascii=False
    assert not db.exists()  # parse never creates an archive


def test_parse_overrides(run):
    code, out, _ = run("parse", SAMPLE, "--agency", "某某局", "--year", "2030")
    [data] = json.loads(out)
    assert (code, data["agency"], data["year"]) == (0, "某某局", 2030)


def test_parse_workbook_gives_a_list(run, monkeypatch):
    def two(path, agency=None, year=None):
        return [ParsedReport(file=str(path), sha256="x", format="xlsx", part=p, agency="甲市乙局", year=2022)
                for p in ("Sheet1", "Sheet2")]

    monkeypatch.setattr(importing, "parse_path", two)
    code, out, _ = run("parse", "book.xlsx")
    data = json.loads(out)
    assert code == 0 and isinstance(data, list) and [d["part"] for d in data] == ["Sheet1", "Sheet2"]


def test_parse_table(run):
    code, out, err = run("parse", SAMPLE, "--format", "table")
    assert (code, err) == (0, "")
    assert "机关：    盘锦市商务局（来自标题）" in out
    assert "t3.1.natural" in out and "待审核：  否" in out


def test_table_prints_markup_like_text_verbatim(capsys):
    report = ParsedReport(file="a.txt", sha256="x", format="text", agency="[bold]局[/]", year=2022,
                          values=[Value("t2.fees.amount", "收入[/]", 1.5, "1.50[/red]")])
    write_report(report)
    text = capsys.readouterr().out
    assert "收入[/]" in text and "1.50[/red]" in text and "[bold]局[/]" in text


def test_render_table_aligns_wide_characters():
    lines = output.render_table(("名称", "n"), [("盘锦市", 1), ("ab", 22)], right=(1,)).splitlines()
    assert lines[2] == "盘锦市   1" and lines[3] == "ab      22"
    assert len({display_width(x) for x in lines}) == 1


@pytest.mark.parametrize("content, problem", [
    (b"", "文件是空的"),
    (bytes(range(256)) * 20, ""),  # the wording is the importer's; only the form matters here
    ("某某局2023年政府信息公开工作年度报告\n今年我们做了很多工作。\n".encode(), "没有找到年度报告的统计表"),
], ids=["empty", "binary", "no-table"])
def test_parse_bad_input_is_one_line(run, tmp_path, content, problem):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, out, err = run("parse", bad)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"xxgk: {bad}: ") and problem in err


def test_parse_missing_file(run, tmp_path):
    code, out, err = run("parse", tmp_path / "nope.txt")
    assert (code, out) == (2, "")
    assert err == f"xxgk: {tmp_path / 'nope.txt'}: 文件不存在（或链接指向的文件不存在）\n"
