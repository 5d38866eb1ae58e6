"""No report text becomes a formula; sheet and file names are safe; nothing is overwritten by accident."""
from __future__ import annotations

import csv
import re

import pytest

from tests.export.conftest import (
    HONGZE,
    data_rows,
    hand_report,
    open_wb,
    printed_texts,
    rows_by_key,
    sheet_xml,
    val,
)
from xxgk.exporters import (
    ExportExists,
    SheetNamer,
    default_export_name,
    export_agency_xlsx,
    export_all_csv,
    export_all_xlsx,
    export_comparison_xlsx,
    export_failures_csv,
    export_failures_xlsx,
    safe_filename,
    sheet_title,
)
from xxgk.presentation.spreadsheet import utf16_len

EVIL_LABEL = "=SUM(A1:A9)"
EVIL_RAW = "=1+1"
EVIL_AGENCY = "=HYPERLINK(\"http://x\")某局"
HOSTILE = ["=1+2", "@SUM(A1)", "-cmd", "+3", "收入[/]局", "[b]局[/b]"]


def _evil_archive(archive, agencies=("某局", EVIL_AGENCY)):
    for year in (2023, 2024):
        values = [val("t3.1.total", 5 if year == 2023 else None, raw=None if year == 2023 else EVIL_RAW),
                  val("t3.2.total", 1), val("t3.4.total", 3 if year == 2023 else 0),
                  val("c.x.custom", 3, label=EVIL_LABEL),
                  val("c.x.plus", 4, label="+cmd|' /C calc'!A0"),
                  val("c.x.ctrl", 1, label="含\x0b控制\x01字符")]
        for agency in agencies:
            archive.save_report(hand_report(agency, year, values))


def assert_inert(path):
    """No formula anywhere; no text a spreadsheet would read as one (the printed dash "-" is ours)."""
    wb = open_wb(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert c.value == "-" or not c.value.startswith(("=", "+", "-", "@", "\t", "\r")), (
                        ws.title, c.coordinate, c.value)
    for name, xml in sheet_xml(path).items():
        assert not re.search(r"<f[ >]", xml), name
    return wb


def test_no_cell_of_any_export_holds_a_formula(archive, tmp_path):
    assert_inert(export_comparison_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "one.xlsx"))
    assert_inert(export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx"))
    assert_inert(export_failures_xlsx(archive, tmp_path / "fail.xlsx"))


def test_formula_like_labels_and_raw_text_are_defused_text(hand_archive, tmp_path):
    """Changed on purpose: text starting like a formula gets a leading ' in the XLSX too (as in the CSV), so
    that re-entering a cell in a spreadsheet program cannot turn it into a formula; the archive keeps it."""
    _evil_archive(hand_archive)
    path = export_agency_xlsx(hand_archive, "某局", 2023, 2024, tmp_path / "evil.xlsx")
    wb = assert_inert(path)
    by_key = rows_by_key(wb)
    label = by_key["c.x.custom"]["项目"]
    assert label.value == "'" + EVIL_LABEL and label.data_type == "s"
    assert by_key["c.x.plus"]["项目"].value == "'+cmd|' /C calc'!A0"
    assert by_key["c.x.ctrl"]["项目"].value == "含控制字符"  # control characters dropped
    printed = [t for _s, _c, t in printed_texts(wb)]
    assert "'" + EVIL_LABEL in printed and EVIL_LABEL not in printed  # the printed list of other values
    # a blank printed as "=1+1" stays blank as a value; the text is kept, defused, in the note
    total = by_key["t3.1.total"]
    assert total["2023年"].value == 5 and total["2024年"].value is None
    assert "原文“=1+1”" in total["备注"].value
    xml = "".join(sheet_xml(path).values())
    assert "<f>" not in xml


@pytest.mark.parametrize("name", HOSTILE + [EVIL_AGENCY])
def test_hostile_agency_names_are_text_in_every_sheet_and_header(hand_archive, tmp_path, name):
    _evil_archive(hand_archive, agencies=(name, "某局"))
    wb = assert_inert(export_all_xlsx(hand_archive, 2023, 2024, tmp_path / "all.xlsx"))
    summary = wb["汇总"]
    names = [r[1].value for r in summary.iter_rows() if r[0].hyperlink is not None]
    defused = "'" + name if name[0] in "=+-@" else name
    assert defused in names and "某局" in names
    sheet = next(ws for ws in wb.worksheets[1:] if ws.cell(row=1, column=1).value == defused)
    assert "&" not in sheet.oddHeader.left.text.replace("&&", "")  # no header code from the name
    assert {r["机关"].value for r in data_rows(wb)} == {defused, "某局"}
    assert_inert(export_failures_xlsx(hand_archive, tmp_path / "fail.xlsx"))
    with open(export_failures_csv(hand_archive, tmp_path / "fail.csv"), encoding="utf-8-sig", newline="") as fh:
        agencies = {row["机关"] for row in csv.DictReader(fh)}
    assert agencies == {defused, "某局"}


def test_csv_prefixes_formula_like_text(hand_archive, tmp_path):
    _evil_archive(hand_archive, agencies=("某局", EVIL_AGENCY, *HOSTILE))
    path = export_all_csv(hand_archive, 2023, 2024, tmp_path / "all.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'" + EVIL_LABEL in text and "'" + EVIL_AGENCY.replace('"', '""') in text
    assert "\n" + EVIL_LABEL not in text and "," + EVIL_LABEL not in text
    assert ",'+cmd" in text
    for name in HOSTILE:
        if name[0] in "=+-@":
            assert "\n'" + name + "," in text and "\n" + name + "," not in text
        else:
            assert "\n" + name + "," in text  # markup is plain text in a CSV: kept as it is


# ---------------------------------------------------------------- sheet names

def test_sheet_names_valid_and_unique_for_colliding_long_names(hand_archive, tmp_path):
    long = "江苏省淮安市某某县某某镇人民政府政府信息公开工作领导小组办公室"  # > 31 characters
    names = [long + "甲", long + "乙", "ABC局", "abc局", "a[b]:c*d?e/f\\g", "'引号局'", "某'局", "History", "汇总"]
    for name in names:
        for year in (2023, 2024):
            hand_archive.save_report(hand_report(name, year, [val("t3.1.total", year - 2000)]))
    path = export_all_xlsx(hand_archive, 2023, 2024, tmp_path / "all.xlsx")
    wb = open_wb(path)
    titles = wb.sheetnames
    assert len(titles) == len(names) + 2 and titles[0] == "汇总" and titles[-1] == "数据"
    assert len({t.casefold() for t in titles}) == len(titles)
    for t in titles:
        assert 0 < utf16_len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t)
        assert not t.startswith("'") and not t.endswith("'") and t.casefold() != "history"
    # every agency's sheet holds that agency (the summary links to it)
    summary = wb["汇总"]
    linked = 0
    for row in summary.iter_rows():
        if row[0].hyperlink is None:
            continue
        target = row[0].hyperlink.location.rsplit("!", 1)[0][1:-1].replace("''", "'")
        assert row[1].value == wb[target].cell(row=1, column=1).value
        linked += 1
    assert linked == len(names)


@pytest.mark.parametrize("name", ["a" * 40, "x:y", "'q'", "", "History", "工" * 40, "😀" * 20])
def test_sheet_title_rules(name):
    t = sheet_title(name)
    assert 0 < utf16_len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t)
    assert not t.startswith("'") and not t.endswith("'") and t.casefold() != "history"


def test_sheet_namer_suffixes_case_insensitive_clashes():
    namer = SheetNamer(reserved=("汇总",))
    assert namer.take("汇总") == "汇总 (2)"
    assert namer.take("Abc") == "Abc"
    assert namer.take("aBC") == "aBC (2)"
    long = "长" * 40
    first, second = namer.take(long), namer.take(long)
    assert first == "长" * 31 and second == "长" * 27 + " (2)" and utf16_len(second) == 31


# ---------------------------------------------------------------- file names

@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "a/b\\c", "CON", "nul.txt", "COM1",
                                  "x\x00y\x1fz", "a:b*c?d\"e<f>g|h", " . ", "…" * 200, "机关/../局"])
def test_safe_filename(name):
    out = safe_filename(name)
    assert out and "/" not in out and "\\" not in out and ".." not in out
    assert not any(ord(ch) < 32 for ch in out)
    assert not re.search(r'[<>:"|?*]', out)
    assert len(out.encode()) <= 150
    assert out.split(".")[0].upper() not in {"CON", "NUL", "COM1", "PRN", "AUX"}


def test_default_export_name():
    assert default_export_name(HONGZE, 2023, 2024) == f"{HONGZE}_2023-2024_对比.xlsx"
    evil = default_export_name("../上级/局\x07", 2023, 2024, "csv")
    assert evil.endswith("_2023-2024_对比.csv") and "/" not in evil and ".." not in evil and "\x07" not in evil
    assert default_export_name("长" * 300, 2023, 2024).endswith("_2023-2024_对比.xlsx")
    assert len(default_export_name("长" * 300, 2023, 2024).encode()) <= 150


# ---------------------------------------------------------------- overwriting

def test_existing_file_is_not_overwritten_without_force(archive, tmp_path):
    path = tmp_path / "hz.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(ExportExists, match="--force"):
        export_comparison_xlsx(archive, HONGZE, 2023, 2024, path)
    assert path.read_bytes() == b"keep me"
    with pytest.raises(ExportExists):
        export_all_xlsx(archive, 2023, 2024, path)
    assert path.read_bytes() == b"keep me"
    export_comparison_xlsx(archive, HONGZE, 2023, 2024, path, force=True)
    assert data_rows(open_wb(path))
    assert not [p for p in tmp_path.iterdir() if p.name != "hz.xlsx"]  # no temporary file left behind


def test_merged_ranges_never_overlap(archive, hand_archive, tmp_path):
    """Excel "repairs" (drops) a workbook's merges when two overlap: every export keeps them apart."""
    from xxgk.exporters import export_failures_xlsx

    _evil_archive(hand_archive)
    paths = [export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx"),
             export_all_xlsx(hand_archive, 2023, 2024, tmp_path / "hand.xlsx"),
             export_failures_xlsx(archive, tmp_path / "f.xlsx")]
    for path in paths:
        for ws in open_wb(path).worksheets:
            seen: dict[tuple[int, int], str] = {}
            for rng in ws.merged_cells.ranges:
                for row in range(rng.min_row, rng.max_row + 1):
                    for col in range(rng.min_col, rng.max_col + 1):
                        assert (row, col) not in seen, (path.name, ws.title, str(rng), seen.get((row, col)))
                        seen[(row, col)] = str(rng)
