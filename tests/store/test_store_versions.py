"""Versions: same agency+year with other bytes is a new version; the same bytes change nothing."""
from __future__ import annotations


def test_first_import_is_imported(archive, make):
    res = archive.save_report(make())
    assert res.status == "imported"
    row = archive.report(res.report_id)
    assert (row.agency, row.year, row.version, row.superseded_by) == ("淮安市洪泽区人民政府", 2023, 1, None)
    assert row.source_name == "淮安市洪泽区人民政府_2023.txt"
    assert not row.needs_review
    assert [v.key for v in archive.report_values(res.report_id)] == ["t3.1.total", "t3.2.total", "t3.4.total"]


def test_identical_bytes_are_unchanged(archive, make, counts):
    first = archive.save_report(make())
    before = counts(archive)
    generation = archive.data_version()
    again = archive.save_report(make())
    assert again.status == "unchanged"
    assert again.report_id == first.report_id
    assert "已存档" in again.message
    assert counts(archive) == before
    assert archive.data_version() == generation


def test_other_bytes_same_agency_year_is_new_version(archive, make):
    v1 = archive.save_report(make(content="first"))
    v2 = archive.save_report(make(content="second", values={"t3.1.total": 11}))
    assert v2.status == "new_version"
    assert v2.version == 2
    assert f"#{v1.report_id}" in v2.message
    old, new = archive.report(v1.report_id), archive.report(v2.report_id)
    assert old.superseded_by == new.id and not old.is_current
    assert new.is_current
    # the old version is kept, complete and retrievable
    assert archive.report_detail(old.id).value_map() == {"t3.1.total": 10, "t3.2.total": 2, "t3.4.total": 3}
    assert [r.id for r in archive.report_versions("淮安市洪泽区人民政府", 2023)] == [old.id, new.id]
    assert archive.current_report("淮安市洪泽区人民政府", 2023).id == new.id
    cell = archive.list_grid().cell("淮安市洪泽区人民政府", 2023)
    assert (cell.report_id, cell.versions) == (new.id, 2)
    # re-importing the older file changes nothing either
    assert archive.save_report(make(content="first")).status == "unchanged"
    assert archive.current_report("淮安市洪泽区人民政府", 2023).id == new.id


def test_prefix_spelling_is_the_same_agency(archive, make):
    archive.save_report(make("洪泽区人民政府", 2023, content="a"))
    res = archive.save_report(make("淮安市洪泽区人民政府", 2023, content="b"))
    assert res.status == "new_version"
    assert res.agency == "洪泽区人民政府"
    [info] = archive.agencies()
    assert info.aliases == ["淮安市洪泽区人民政府"]
    assert archive.find_agency("淮安市洪泽区人民政府").id == info.id


def test_different_years_and_agencies_are_separate(archive, make):
    assert archive.save_report(make(year=2022)).status == "imported"
    assert archive.save_report(make(year=2023)).status == "imported"
    assert archive.save_report(make("盘锦市商务局", 2023)).status == "imported"
    grid = archive.list_grid()
    assert grid.years == [2022, 2023]
    assert [r.agency for r in grid.rows] == ["淮安市洪泽区人民政府", "盘锦市商务局"]
    assert grid.cell("盘锦市商务局", 2022) is None


def test_grid_years_include_gaps(archive, make):
    archive.save_report(make(year=2019))
    archive.save_report(make(year=2022))
    assert archive.list_grid().years == [2019, 2020, 2021, 2022]
    assert archive.years() == [2019, 2022]


def test_workbook_parts_with_same_bytes_are_distinct(archive, make):
    a = make("盘锦市商务局", 2022, part="Sheet1")
    b = make("盘锦市财政局", 2022, part="Sheet2")
    b.sha256 = a.sha256  # one workbook, two sheets
    results = archive.save_reports([a, b])
    assert [r.status for r in results] == ["imported", "imported"]
    assert [r.status for r in archive.save_reports([a, b])] == ["unchanged", "unchanged"]


def test_same_text_in_other_bytes_is_unchanged_only_where_it_would_be_filed(archive, make, counts):
    first = archive.save_report(make("盘锦市商务局", 2022, text="同一篇全文"))
    again = archive.save_report(make("盘锦市商务局", 2022, text="同一篇全文", content="re-encoded"))
    assert (again.status, again.report_id) == ("unchanged", first.report_id) and "编码或换行" in again.message
    # the same text read as another agency (a caller that edits the parsed report) is a report of its own
    assert archive.save_report(make("盘锦市财政局", 2022, text="同一篇全文")).status == "imported"
    assert counts(archive)["reports"] == 2
