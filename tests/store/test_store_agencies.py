"""Agency names in the archive: ambiguous prefixes stay apart; lookups suggest spellings."""
from __future__ import annotations

import pytest


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
    with pytest.raises(Exception, match="是否指：盘锦市商务局"):
        archive.agency("商务局")
    assert [a.name for a in archive.agencies("商务")] == ["盘锦市商务局"]
    assert archive.agencies("财政") == []
