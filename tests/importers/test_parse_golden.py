"""Regression guard: the full parse (``ParsedReport.to_json()``) of every sample and fixture is unchanged.

Values are proven right elsewhere (hand-typed golden values); this proves that nothing else moved either:
keys, labels, raw text, where, units, every check with its message, every warning, agency and year.

When a change of output is intended: run ``.venv/bin/python scripts/update_parse_golden.py``, read
``git diff tests/golden/parse``, and say in the commit message which files changed and why.
"""
from __future__ import annotations

import difflib

import pytest

from tests.parse_golden import GOLDEN_DIR, cases, dump, full_parse, golden_path

CASES = cases()


@pytest.mark.parametrize("name", sorted(CASES))
def test_full_parse_matches_golden(name: str) -> None:
    file, data = CASES[name]
    path = golden_path(name)
    assert path.exists(), f"no golden file for {name}: run scripts/update_parse_golden.py"
    want = path.read_text("utf-8")
    got = dump(full_parse(file, data))
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "golden", "now",
                                                 n=2))[:80])
        pytest.fail(f"{name}: the full parse changed (if intended, run scripts/update_parse_golden.py and say "
                    f"why in the commit message):\n{diff}")


def test_every_golden_file_is_a_case() -> None:
    stale = sorted(p.stem for p in GOLDEN_DIR.glob("*.json") if p.stem not in CASES)
    assert not stale, f"golden files without a case (run scripts/update_parse_golden.py): {stale}"


def test_the_guard_sees_a_change() -> None:
    """The comparison is not vacuous: one changed digit in a sample changes the dump."""
    file, data = CASES["sample_reports__hongze_2024.pdf.txt"]
    assert b"9487" in data
    assert dump(full_parse(file, data.replace(b"9487", b"9488"))) != golden_path(
        "sample_reports__hongze_2024.pdf.txt").read_text("utf-8")
