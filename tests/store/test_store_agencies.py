"""The agency prefix rule (pure) and how the archive uses it."""
from __future__ import annotations

import pytest

from xxgk.store.agencies import clean_name, is_prefix_variant, pick_agency


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


def test_archive_keeps_ambiguous_names_apart(archive, make):
    archive.save_report(make("淮安市洪泽区人民政府", 2022))
    archive.save_report(make("淮安市洪泽区人民政府", 2023, content="x"))
    archive.save_report(make("洪泽区人民政府", 2023, content="y"))  # joins, as an alias
    archive.save_report(make("宿迁市洪泽区人民政府", 2023))  # contradicts the alias: a new agency
    names = [a.name for a in archive.agencies()]
    assert names == ["宿迁市洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert archive.find_agency("洪泽区人民政府").name == "淮安市洪泽区人民政府"


def test_agency_lookup_errors_suggest(archive, make):
    archive.save_report(make("盘锦市商务局", 2022))
    assert archive.agency("辽宁省盘锦市商务局").name == "盘锦市商务局"
    with pytest.raises(Exception, match="did you mean: 盘锦市商务局"):
        archive.agency("商务局")
    assert [a.name for a in archive.agencies("商务")] == ["盘锦市商务局"]
    assert archive.agencies("财政") == []
