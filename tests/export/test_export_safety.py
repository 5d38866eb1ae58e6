"""No report text becomes a formula; sheet and file names are safe; nothing is overwritten by accident."""
from __future__ import annotations

import re

import pytest

from tests.export.conftest import (
    A_COL,
    HONGZE,
    LABEL_COL,
    NOTE_COL,
    hand_report,
    item_rows,
    open_wb,
    rows_by_key,
    sheet_xml,
    val,
)
from xxgk.exporters import (
    ExportExists,
    SheetNamer,
    default_export_name,
    export_all_csv,
    export_all_xlsx,
    export_comparison_xlsx,
    safe_filename,
    sheet_title,
)
from xxgk.presentation.spreadsheet import utf16_len

EVIL_LABEL = "=SUM(A1:A9)"
EVIL_RAW = "=1+1"
EVIL_AGENCY = "=HYPERLINK(\"http://x\")某局"


def _evil_archive(archive):
    for year in (2023, 2024):
        values = [val("t3.1.total", 5 if year == 2023 else None, raw=None if year == 2023 else EVIL_RAW),
                  val("c.x.custom", 3, label=EVIL_LABEL),
                  val("c.x.plus", 4, label="+cmd|' /C calc'!A0"),
                  val("c.x.ctrl", 1, label="含\x0b控制\x01字符")]
        archive.save_report(hand_report("某局", year, values))
        archive.save_report(hand_report(EVIL_AGENCY, year, values))


def _assert_no_formulas(path):
    wb = open_wb(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    for name, xml in sheet_xml(path).items():
        assert not re.search(r"<f[ >]", xml), name


def test_no_cell_of_any_export_holds_a_formula(archive, tmp_path):
    _assert_no_formulas(export_comparison_xlsx(archive, HONGZE, 2023, 2024, tmp_path / "one.xlsx"))
    _assert_no_formulas(export_all_xlsx(archive, 2023, 2024, tmp_path / "all.xlsx"))


def test_formula_like_labels_and_raw_text_survive_as_text(hand_archive, tmp_path):
    _evil_archive(hand_archive)
    path = export_comparison_xlsx(hand_archive, "某局", 2023, 2024, tmp_path / "evil.xlsx")
    ws = open_wb(path).worksheets[0]
    by_key = rows_by_key(ws)
    label = by_key["c.x.custom"][LABEL_COL - 1]
    assert label.value == EVIL_LABEL and label.data_type == "s"
    assert by_key["c.x.plus"][LABEL_COL - 1].value == "+cmd|' /C calc'!A0"
    assert by_key["c.x.ctrl"][LABEL_COL - 1].value == "含控制字符"  # XML-illegal characters dropped
    # a blank printed as "=1+1" stays blank as a value; the text is kept, as text, in the note
    total = by_key["t3.1.total"]
    assert total[A_COL - 1].value == 5 and rows_by_key(ws)["t3.1.total"][3].value is None
    assert EVIL_RAW in total[NOTE_COL - 1].value
    xml = "".join(sheet_xml(path).values())
    assert f"<t>{EVIL_LABEL}</t>" in xml and "<f>" not in xml
    _assert_no_formulas(path)


def test_formula_like_agency_name_is_text_in_every_sheet(hand_archive, tmp_path):
    _evil_archive(hand_archive)
    path = export_all_xlsx(hand_archive, 2023, 2024, tmp_path / "all.xlsx")
    wb = open_wb(path)
    summary = wb.worksheets[0]
    names = [r[0].value for r in summary.iter_rows(min_row=4)]
    assert EVIL_AGENCY in names
    _assert_no_formulas(path)


def test_csv_prefixes_formula_like_text(hand_archive, tmp_path):
    _evil_archive(hand_archive)
    path = export_all_csv(hand_archive, 2023, 2024, tmp_path / "all.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "'" + EVIL_LABEL in text and "'" + EVIL_AGENCY.replace('"', '""') in text
    assert "\n" + EVIL_LABEL not in text and "," + EVIL_LABEL not in text
    assert ",'+cmd" in text


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
    assert len(titles) == len(names) + 1 and titles[0] == "汇总"
    assert len({t.casefold() for t in titles}) == len(titles)
    for t in titles:
        assert 0 < utf16_len(t) <= 31 and not re.search(r"[\[\]:*?/\\]", t)
        assert not t.startswith("'") and not t.endswith("'") and t.casefold() != "history"
    # every agency's sheet holds that agency (the summary links to it)
    summary = wb["汇总"]
    for row in summary.iter_rows(min_row=4):
        if row[0].value is None:
            continue
        target = row[0].hyperlink.location.rsplit("!", 1)[0][1:-1].replace("''", "'")
        assert row[0].value in wb[target].cell(row=1, column=1).value


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
    assert item_rows(open_wb(path).worksheets[0])
    assert not [p for p in tmp_path.iterdir() if p.name != "hz.xlsx"]  # no temporary file left behind
