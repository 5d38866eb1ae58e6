"""The failures list exported to XLSX and CSV and read back against ``workflows.checking.findings``."""
from __future__ import annotations

import csv

import pytest

from tests.export.conftest import (
    FAIL_RGB,
    HONGZE,
    KEY_PATTERN,
    WARN_RGB,
    fill_rgb,
    open_wb,
    printed_texts,
    shown,
)
from xxgk.exporters import (
    ExportExists,
    ExportNotFound,
    default_failures_name,
    export_failures_csv,
    export_failures_xlsx,
)
from xxgk.presentation.numbers import signed_text
from xxgk.workflows.checking import findings


def listed(ws) -> tuple[int, list[dict]]:
    rows = list(ws.iter_rows())
    head = next(i for i, r in enumerate(rows) if r[0].value == "机关")
    names = [c.value for c in rows[head]]
    return head + 1, [dict(zip(names, r, strict=True)) for r in rows[head + 1:] if r[0].value is not None]


def test_xlsx_lists_every_finding_with_its_mark(archive, tmp_path):
    wb = open_wb(export_failures_xlsx(archive, tmp_path / "f.xlsx"))
    assert wb.sheetnames == ["勾稽关系清单"]
    ws = wb.active
    _head, rows = listed(ws)
    expected = findings(archive)
    assert len(rows) == len(expected) == 4
    for r, f in zip(rows, expected, strict=True):
        assert r["机关"].value == f.agency and r["规则"].value == f.rule
        assert r["年度"].value == (f"{f.other_year}→{f.year}" if f.other_year else str(f.year))
        assert r["核对项"].value == f.title and f.message in r["说明"].value
        assert r["差额"].value == f.difference and shown(r["差额"]) == signed_text(f.difference)
        mark = {"fail": "!", "warn": "~"}[f.status]
        assert r["状态"].value.startswith(mark + " ")  # the mark survives black-and-white printing
        assert fill_rgb(r["状态"]) == {"fail": FAIL_RGB, "warn": WARN_RGB}[f.status]
    # typed from the reports: 洪泽 2023 fails A4.1 (复议 total 0 against 11) and A4.3
    hz = [(r["年度"].value, r["规则"].value, r["状态"].value) for r in rows if r["机关"].value == HONGZE]
    assert ("2023", "A4.1", "! 不符") in hz and ("2023", "A4.3", "! 不符") in hz and ("2024", "AX.1", "~ 提示") in hz
    assert not [t for t in printed_texts(wb) if KEY_PATTERN.match(t[2])]


def test_xlsx_is_a_printable_list(archive, tmp_path):
    ws = open_wb(export_failures_xlsx(archive, tmp_path / "f.xlsx", year=2023)).active
    head, rows = listed(ws)
    assert ws.auto_filter.ref == f"A{head}:H{head + len(rows)}"  # 8 columns since 判定 was added
    assert ws.print_title_rows == f"${head}:${head}" and ws.freeze_panes == f"A{head + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.oddHeader.left.text == "勾稽关系清单" and "2023 年" in ws.oddHeader.center.text
    assert "&P" in ws.oddHeader.right.text
    title = "\n".join(str(ws.cell(row=i, column=1).value) for i in range(1, head))
    assert "筛选：2023 年；全部机关；全部规则；不符、提示" in title and "共 2 项（不符 2），涉及 1 份报告" in title
    for r in rows:  # a wrapped message gets the lines it needs
        assert (ws.row_dimensions[r["机关"].row].height or 15) >= 15 * (1 + (len(r["说明"].value) > 60)) - 1


@pytest.mark.parametrize("filters, count", [
    ({"year": 2023}, 2),
    ({"agency": HONGZE}, 3),
    ({"agency": HONGZE, "year": 2024}, 1),
    ({"rule": "A4"}, 2),
    ({"rule": "A4.1:review"}, 1),
    ({"statuses": ("warn",)}, 1),
])
def test_filters_are_those_of_the_failures_screen(archive, tmp_path, filters, count):
    path = export_failures_xlsx(archive, tmp_path / "f.xlsx", **filters)
    _head, rows = listed(open_wb(path).active)
    expected = findings(archive, **filters)
    assert len(rows) == len(expected) == count
    assert [r["说明"].value for r in rows] == [f.message if f.message.startswith(f.title) else
                                              f"{f.title}：{f.message}" for f in expected]


def test_incomplete_checks_when_asked_carry_a_question_mark(archive, tmp_path):
    path = export_failures_xlsx(archive, tmp_path / "f.xlsx", statuses=("incomplete",))
    _head, rows = listed(open_wb(path).active)
    assert rows and len(rows) == len(findings(archive, statuses=("incomplete",)))
    assert all(r["状态"].value == "? 不完整" for r in rows)


def test_csv_round_trip(archive, tmp_path):
    path = export_failures_csv(archive, tmp_path / "f.csv", agency="洪泽区人民政府")  # any known spelling
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = findings(archive, agency=HONGZE)
    assert [r["规则"] + ":" + r["范围"] for r in rows] == [f.rule + ":" + f.scope for f in expected]
    for r, f in zip(rows, expected, strict=True):
        assert r["机关"] == f.agency and int(r["年度"]) == f.year and r["说明"] == f.message
        assert r["标记"] == {"fail": "!", "warn": "~"}[f.status] and r["严格"] == ("是" if f.strict else "否")
        assert int(r["报告编号"]) == f.report_id and (float(r["差额"]) if r["差额"] else None) == f.difference


def test_nothing_to_export_and_unknown_agency(archive, tmp_path):
    with pytest.raises(ExportNotFound, match="没有符合条件"):
        export_failures_xlsx(archive, tmp_path / "f.xlsx", year=1999)
    with pytest.raises(ExportNotFound):
        export_failures_csv(archive, tmp_path / "f.csv", agency="没有这个机关")
    assert not list(tmp_path.iterdir())
    target = tmp_path / "f.xlsx"
    target.write_bytes(b"keep")
    with pytest.raises(ExportExists):
        export_failures_xlsx(archive, target)
    assert target.read_bytes() == b"keep"


def test_default_names():
    assert default_failures_name(2024) == "勾稽关系清单_2024.xlsx"
    name = default_failures_name(None, "../某局", "csv")
    assert name.endswith("_全部年度.csv") and "/" not in name and ".." not in name
