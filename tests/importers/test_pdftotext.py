"""The real PDFs as other PDF tools extract them: exact where the text keeps rows, never a wrong number."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.golden_values import GOLDEN
from xxgk.importers import parse_path

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "pdftotext"
REPORTS = ("hongze_2023", "hongze_2024", "huaian_2024")


@pytest.mark.parametrize("mode", ["layout", "raw"])
@pytest.mark.parametrize("report", REPORTS)
def test_row_preserving_extractions_are_exact(report: str, mode: str) -> None:
    agency, year, template, expected = GOLDEN[f"{report}.pdf.txt"]
    [rep] = parse_path(FIX / f"{report}.{mode}.txt")
    assert (rep.agency, rep.year, rep.template) == (agency, year, template)
    assert rep.value_map() == expected


@pytest.mark.parametrize("report", REPORTS)
def test_block_order_extraction_places_no_wrong_number(report: str) -> None:
    """pdftotext's default mode scrambles table rows: values are left unplaced with warnings, never guessed."""
    expected = GOLDEN[f"{report}.pdf.txt"][3]
    [rep] = parse_path(FIX / f"{report}.default.txt")
    got = rep.value_map()
    wrong = {k: (v, got[k]) for k, v in expected.items() if got.get(k) is not None and got[k] != v}
    assert not wrong
    assert any("数值未采用" in w.message for w in rep.warnings)
    assert sum(1 for k in expected if got.get(k) == expected[k]) > 0
