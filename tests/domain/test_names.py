"""The agency prefix rule (pure) and how the archive uses it."""
from __future__ import annotations

import pytest

from xxgk.domain.names import clean_name, is_prefix_variant, pick_agency


@pytest.mark.parametrize("a, b", [
    ("洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("淮安市人民政府", "江苏省淮安市人民政府"),
    ("洪泽区人民政府", "江苏省淮安市洪泽区人民政府"),
    ("阿荣旗人民政府", "内蒙古自治区阿荣旗人民政府"),
    ("盘锦市商务局", "辽宁省盘锦市商务局"),
    ("洪泽区 人民政府", "淮安市洪泽区人民政府"),
])
def test_prefix_variants(a, b):
    assert is_prefix_variant(a, b)


@pytest.mark.parametrize("a, b", [
    ("公安局", "淮安市公安局"),  # the short one names no place
    ("市公安局", "淮安市公安局"),  # extra part "淮安" is not an administrative unit
    ("人民政府", "淮安市人民政府"),
    ("洪泽区人民政府", "洪泽区人民政府"),  # identical is not a *variant*
    ("洪泽区人民政府", "淮安洪泽区人民政府"),  # prefix does not end in a unit
    ("淮安市洪泽区人民政府", "宿迁市洪泽区人民政府"),
    ("盘锦市商务局", "盘锦市财政局"),
])
def test_not_prefix_variants(a, b):
    assert not is_prefix_variant(a, b)


def test_clean_name():
    assert clean_name(" 盘锦市 商务局\u3000") == "盘锦市商务局"
    assert clean_name("ＡＢ市") == "AB市"


def test_pick_agency_refuses_ambiguity():
    known = {1: ["淮安市洪泽区人民政府"], 2: ["宿迁市洪泽区人民政府"]}
    assert pick_agency("洪泽区人民政府", known) is None
    assert pick_agency("淮安市洪泽区人民政府", {1: ["洪泽区人民政府"]}) == 1
    # an agency whose other spelling contradicts the new name is not merged
    assert pick_agency("宿迁市洪泽区人民政府", {1: ["洪泽区人民政府", "淮安市洪泽区人民政府"]}) is None
    assert pick_agency("盘锦市商务局", {1: ["淮安市商务局"]}) is None
