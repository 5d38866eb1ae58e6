"""One rule for untrusted text on every CLI output (property-based): agency names, labels, raw cells,
messages and file names carrying markup (``[/]``, ``[bold]``), ESC/OSC/C1 sequences, bidirectional
overrides and formula prefixes (``=1+2``) go through every read command in every format, and

* no control character (C0 but line feed and tab, DEL, C1 — so no ESC, no 0x9b CSI) nor bidirectional
  override reaches stdout or stderr;
* no CSV field starts with ``= + - @`` unless it is a number;
* JSON keeps the raw text exactly.

The check is on the decoded text: in UTF-8 the byte 0x9b also occurs inside ordinary CJK characters, and a
UTF-8 terminal decodes before it acts, so U+009B is what must never be written.
"""
from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from xxgk.cli import main
from xxgk.domain.model import CheckResult, ParsedReport, ParseWarning, Value
from xxgk.domain.names import clean_name
from xxgk.store import Archive

HOSTILE = ["\x1b[2J", "\x1b]52;c;aGk=\x07", "\x1b]8;;http://x\x1b\\", "\x9b31m", "\x9d0;t\x9c", "\x85", "\u202e",
           "\u2066", "\u200b", "\x00", "\x07", "\x7f", "\r", "\t", "\n", "[/]", "[bold]", "[red]x[/red]", "=1+2",
           "+cmd", "-2", "@SUM(A1)", "'"]
PLAIN = ["淮安", "市", "局", "收入", "a", "“", "…", "①", "Ａ"]
BAD_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@")
NUMBER = re.compile(r"^-?\d+(\.\d+)?%?$")


def hostile_text(min_size: int = 1) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(HOSTILE + PLAIN), min_size=min_size, max_size=6).map("".join)


def report(agency: str | None, year: int | None, label: str, raw: str, message: str, file: str,
           value: int) -> ParsedReport:
    sha = hashlib.sha256(f"{agency}|{year}|{label}|{raw}|{value}".encode()).hexdigest()
    return ParsedReport(
        file=f"/in/{file}", sha256=sha, format="text", agency=agency, year=year, template="2021",
        text=f"{agency}{year}年政府信息公开工作年度报告\n{label}{raw}\n{message}\n",
        values=[Value("t3.1.total", label, value, raw, where=f"{label} 第 1 行"),
                Value("t3.2.total", label + "二", None, raw, where=raw)],
        checks=[CheckResult(rule="A3.1", status="fail", message=message, keys=["t3.1.total"], strict=True,
                            title=label, scope="total", expected=value + 1, actual=value, difference=-1),
                CheckResult(rule="A9", status="warn", message=message + "~", keys=["t3.2.total"], strict=False)],
        warnings=[ParseWarning(message, raw)], agency_source="title", year_source="title",
        table_templates={"t3": "2021"})


def run(db: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", str(db), *argv])
    return code, out.getvalue(), err.getvalue()


def assert_inert(argv: tuple[str, ...], *streams: str) -> None:
    for text in streams:
        bad = BAD_CHARS.search(text)
        assert bad is None, (argv, repr(bad.group()), text[max(0, bad.start() - 40):bad.end() + 40])


def assert_csv_defused(argv: tuple[str, ...], text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for field in row:
            assert not field.startswith(FORMULA) or NUMBER.match(field), (argv, field)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agency=hostile_text(), label=hostile_text(), raw=hostile_text(0), message=hostile_text(),
       file=hostile_text())
def test_every_read_command_keeps_report_text_inert(agency, label, raw, message, file):
    file = file.translate({ord("/"): "_", ord("\\"): "_", 0: "_"}) + ".txt"  # a name, not a path
    agency = agency + "局"  # never blank: the report is filed under it
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        db = tmp_path / "a.sqlite"
        with Archive(db) as archive:
            archive.save_reports([report(agency, 2023, label, raw, message, file, 5)])
            archive.save_reports([report(agency, 2024, label, raw, message, file, 7)])
            archive.save_reports([report(agency, None, label, raw, message, "待审核" + file, 9)])
        name = clean_name(agency)
        export_to = tmp_path / "x.csv"
        commands: list[tuple[str, ...]] = []
        for fmt in ("table", "json", "csv"):
            commands += [("list", "--format", fmt), ("check", "--format", fmt), ("check", "--all", "--format", fmt),
                         ("failures", "--format", fmt)]
        for fmt in ("table", "json"):
            # "--": an agency name may start with "-" (a formula prefix); argparse then takes it as text
            commands += [("show", "1", "--format", fmt), ("show", "3", "--format", fmt),
                         ("show", "--format", fmt, "--all", "--", agency, "2024"),
                         ("versions", "--format", fmt, "--", agency, "2023"),
                         ("review", "--format", fmt), ("agencies", "--format", fmt),
                         ("compare", "--format", fmt, "--", agency, "2023", "2024")]
        commands += [("text", "1"), ("text", "3"), ("export", "-o", str(export_to), "--", agency, "2023", "2024")]
        for argv in commands:
            code, out, err = run(db, *argv)
            assert code == (1 if argv[0] == "check" else 0), (argv, code, err)
            assert_inert(argv, out, err)
            if "csv" in argv:
                assert_csv_defused(argv, out)
            if "json" in argv:
                data = json.loads(out)
                if argv[0] == "list":
                    assert [a["agency"] for a in data["agencies"]] == [name]
                elif argv[0] in ("check", "failures"):
                    assert {f["message"] for f in data} >= {message}
                    assert {f["agency"] for f in data} == {name, None}  # None: the report waiting for review
                elif argv[0] == "show" and argv[1] == "1":
                    assert [v["label"] for v in data["values"]] == [label, label + "二"]
                    assert {v["raw"] for v in data["values"]} == {raw}
                    assert data["warnings"] == [{"message": message, "where": raw}]
                    assert data["report"]["source_name"] == file
                elif argv[0] == "review":
                    assert [r["agency_name"] for r in data] == [agency]
        assert_csv_defused(("export",), export_to.read_text(encoding="utf-8-sig"))
        # errors quote the hostile text too: one line each, inert
        code, out, err = run(db, "versions", "--", agency, "1999")
        assert (code, err) == (0, "") and out.startswith("档案中没有 ") and out.count("\n") == 1
        assert_inert(("versions",), out)
        for argv in (("show", "--", agency + "不存在", "2023"), ("compare", "--", agency, "2023", "2022"),
                     ("check", "--agency", "=" + agency)):
            code, out, err = run(db, *argv)
            assert code == 2 and out == "" and err.count("\n") == 1, (argv, err)
            assert_inert(argv, out, err)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=hostile_text(), agency=hostile_text())
def test_hostile_file_names_through_parse_and_import(file, agency):
    file = file.translate({ord("/"): "_", ord("\\"): "_", 0: "_"}) + ".txt"  # a name, not a path
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        hostile_file = tmp_path / file
        hostile_file.write_bytes((SAMPLES / "004_028b26371201af45.txt").read_bytes())
        db = tmp_path / "a.sqlite"
        for argv in (("parse", "--format", "table", "--", str(hostile_file)), ("parse", "--", str(hostile_file)),
                     ("parse", "--agency=" + agency + "局", "--format", "table", "--", str(hostile_file)),
                     ("import", "--", str(hostile_file)), ("import", "--", str(tmp_path / (file + "缺"))),
                     ("list",), ("show", "1")):
            code, out, err = run(db, *argv)
            assert_inert(argv, out, err)
            assert err.count("\n") <= 1, (argv, err)
            if argv[:2] == ("parse", "--"):
                assert json.loads(out)[0]["file"] == str(hostile_file)
