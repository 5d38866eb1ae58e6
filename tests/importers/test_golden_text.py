"""Every printed cell of every real text sample: right key, right value, blanks as None."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.importers.golden_values import GOLDEN, SEED002_HEADINGS
from xxgk.domain.normalise import match_form
from xxgk.importers import parse_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_reports"
# The originals as received (sha256sum format): the five seeds, the three agencies' PDFs and the text
# copied out of each PDF. The golden values below are typed from exactly these bytes.
ORIGINALS = ROOT / "tests" / "golden" / "sample_originals.sha256"


def _parse(name: str):
    [rep] = parse_path(SAMPLES / name)
    return rep


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_every_expected_cell(name: str) -> None:
    agency, year, template, expected = GOLDEN[name]
    rep = _parse(name)
    got = rep.value_map()
    assert rep.agency == agency
    assert rep.year == year
    assert rep.template == template
    wrong = {k: (v, got.get(k, "MISSING")) for k, v in expected.items() if got.get(k, "MISSING") != v}
    assert not wrong, wrong
    # value types: counts are ints, never 0.0 for a printed "0"
    for k, v in expected.items():
        if isinstance(v, int):
            assert type(got[k]) is int, k


@pytest.mark.parametrize("name", [n for n in GOLDEN if GOLDEN[n][2] != "pre2019"])
def test_no_extra_keys_in_forms(name: str) -> None:
    """A 2021/2019 report has exactly the expected keys: nothing invented, nothing dropped."""
    rep = _parse(name)
    assert set(rep.value_map()) == set(GOLDEN[name][3])


def test_blank_is_none_and_raw_kept() -> None:
    rep = _parse("000_7fa8abd7de6217fc.txt")
    v = next(x for x in rep.values if x.key == "t3.1.natural")
    assert v.value is None and v.raw == ""
    v = next(x for x in rep.values if x.key == "t3.1.total")
    assert v.value == 0 and v.raw == "0"
    assert v.where.startswith("line ")


def test_traditional_labels_are_simplified() -> None:
    rep = _parse("000_7fa8abd7de6217fc.txt")
    labels = {v.key: v.label for v in rep.values}
    assert labels["t3.4.total"] == "四、结转下年度继续办理"
    assert labels["t3.3.3.1.natural"] == "1.属于国家秘密"
    assert labels["t2.normative.issued"] == "规范性文件"


def test_seed003_every_row_of_appendix_L() -> None:
    """Seed 003: each of the 140 printed rows (``tests/golden/seed003_appendix_L.md``, typed by hand from the
    report) with its value."""
    rep = _parse("003_5ca275e7fc674769.txt")
    by_label: dict[str, list] = {}
    for v in rep.values:
        by_label.setdefault(match_form(v.label), []).append(v)
    rows = (Path(__file__).resolve().parents[1] / "golden" / "seed003_appendix_L.md").read_text("utf-8").splitlines()
    assert len(rows) == 140
    assert len(rep.values) == 140
    for line in rows:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        label, unit, value = cells[1].strip("`"), cells[2], cells[3]
        found = by_label.get(match_form(label))
        assert found, f"row not found: {label}"
        v = found.pop(0)
        if value in ("—", "——"):
            assert v.value is None, label
        else:
            assert v.value == int(value), (label, v.value, value)
        if unit not in ("—", "——"):
            assert v.unit == unit, (label, v.unit, unit)
    assert not any(v.key.startswith("c.x.") and v.value == 251 for v in rep.values)  # note digits never a value


def test_seed003_c3_fails_103_against_203() -> None:
    rep = _parse("003_5ca275e7fc674769.txt")
    c3 = [c for c in rep.checks if c.rule == "C3"]
    assert len(c3) == 1 and c3[0].status == "fail"
    assert c3[0].actual == 103 and c3[0].expected == 203 and c3[0].difference == -100
    assert "103" in c3[0].message and "203" in c3[0].message
    assert {c.rule: c.status for c in rep.checks if c.rule in ("C1", "C2", "C4", "C5", "C6")} == {
        "C1": "pass", "C2": "pass", "C4": "pass", "C5": "pass", "C6": "pass"}
    assert next(c for c in rep.checks if c.rule == "C7").status == "incomplete"  # no total row in Liaoning
    assert rep.scope == "汇总"


def test_seed002_headings_stored_flagged_not_used() -> None:
    rep = _parse("002_b6ce9a87a66a1839.txt")
    heads = [(v.label, v.raw) for v in rep.values if v.note and v.note.startswith("section heading")]
    assert heads == SEED002_HEADINGS
    assert all(c.status == "pass" for c in rep.checks), [c.message for c in rep.checks if c.status != "pass"]
    assert len(rep.values) == 65


def test_seed004_sixteen_rows_with_eight_values_flagged() -> None:
    rep = _parse("004_028b26371201af45.txt")
    flagged = [w for w in rep.warnings if "7 列有 8 个单元格" in w.message]
    assert len(flagged) == 16
    assert flagged[0].message.startswith("表三 6.属于四类过程性信息")
    assert all(w.where.startswith("line ") for w in flagged)
    noted = {v.key.rsplit(".", 1)[0] for v in rep.values if v.note == "row had extra cells"}
    assert len(noted) == 16
    a21 = [c for c in rep.checks if c.rule == "A2.1"]
    assert [c.status for c in a21] == ["incomplete", "incomplete"]  # 现行有效件数 blank


def test_seed001_without_agency_needs_review() -> None:
    rep = _parse("001_f2d57d5ded702b88.txt")
    assert rep.agency is None and rep.needs_review
    assert any("没有写明机关" in w.message for w in rep.warnings)


def test_footer_never_names_the_agency() -> None:
    for name in ("000_7fa8abd7de6217fc.txt", "004_028b26371201af45.txt"):
        assert "盘锦市人民政府" not in (_parse(name).agency or "")


def test_hongze_2023_review_and_after_review_totals_fail() -> None:
    rep = _parse("hongze_2023.pdf.txt")
    fails = {(c.rule, c.scope): c for c in rep.checks if c.status == "fail"}
    assert set(fails) == {("A4.1", "review"), ("A4.3", "suit_after_review")}
    assert fails[("A4.1", "review")].expected == 11 and fails[("A4.1", "review")].actual == 0
    assert fails[("A4.3", "suit_after_review")].expected == 5
    assert any("其他处理印成一行" in w.message for w in rep.warnings)


def test_huaian_all_identities_pass() -> None:
    rep = _parse("huaian_2024.pdf.txt")
    assert {c.status for c in rep.checks} == {"pass"}
    a31 = next(c for c in rep.checks if c.rule == "A3.1" and c.scope == "total")
    assert a31.actual == 3119 + 34 and a31.expected == 3050 + 103


def _originals() -> dict[str, str]:
    out = {}
    for line in ORIGINALS.read_text("utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        out[name.lstrip("*")] = digest
    return out


def test_the_originals_are_listed() -> None:
    """Five seeds, three PDFs and the text copied out of each PDF; every listed file is shipped."""
    names = set(_originals())
    assert len(names) == 11
    assert {n for n in names if n.endswith(".pdf")} == {"hongze_2023.pdf", "hongze_2024.pdf", "huaian_2024.pdf"}
    assert {f"{n}.txt" for n in names if n.endswith(".pdf")} <= names
    assert names <= {p.name for p in SAMPLES.iterdir()}


@pytest.mark.parametrize("name", sorted(_originals()))
def test_shipped_originals_are_unchanged(name: str) -> None:
    """The shipped seeds, PDFs and ``.pdf.txt`` files are byte for byte what the agencies published (the
    ``.pdf.txt``: the text a user gets copying it out of the PDF), so the golden values describe them."""
    assert hashlib.sha256((SAMPLES / name).read_bytes()).hexdigest() == _originals()[name]


def test_every_sample_has_its_provenance() -> None:
    """``sample_reports/README.md`` says what each shipped file is and where it came from."""
    readme = (SAMPLES / "README.md").read_text("utf-8")
    undescribed = [p.name for p in SAMPLES.iterdir() if p.name != "README.md" and f"`{p.name}`" not in readme]
    assert not undescribed


def test_where_points_at_the_printed_line() -> None:
    rep = _parse("huaian_2024.pdf.txt")
    v = next(x for x in rep.values if x.key == "t3.3.6.1.total")
    line_no = int(re.match(r"line (\d+)", v.where).group(1))
    line = (SAMPLES / "huaian_2024.pdf.txt").read_text("utf-8").splitlines()[line_no - 1]
    assert line.split()[-1] == "71"
