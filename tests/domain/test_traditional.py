"""The Traditional-character table is what OpenCC's public API says (regenerate: scripts/gen_traditional.py)."""
from __future__ import annotations

from opencc import OpenCC

from xxgk.domain.normalise import to_simplified
from xxgk.domain.traditional import TRADITIONAL


def test_table_matches_installed_opencc() -> None:
    cc = OpenCC("t2s")
    cjk = [chr(c) for c in range(0x4E00, 0xA000)]
    assert {ch for ch in cjk if cc.convert(ch) != ch} == {ch for ch in TRADITIONAL if 0x4E00 <= ord(ch) < 0xA000}


def test_convert_only_when_traditional() -> None:
    assert to_simplified("社會公益組織") == "社会公益组织"
    assert to_simplified("社会公益组织") == "社会公益组织"
