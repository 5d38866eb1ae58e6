"""Reports without an agency or a year: stored, flagged, never guessed; ``assign`` files them."""
from __future__ import annotations

import pytest

from xxgk.store import ArchiveError, NotFound


def test_missing_agency_is_stored_for_review(archive, make):
    res = archive.save_report(make(agency=None, year=2023))
    assert res.status == "needs_review"
    assert "文中没有机关" in res.message
    row = archive.report(res.report_id)
    assert row.needs_review and row.agency is None and row.agency_id is None
    assert row.year == 2023  # what was found is kept
    assert [r.id for r in archive.reports_needing_review()] == [res.report_id]
    grid = archive.list_grid()
    assert grid.rows == [] and grid.needs_review == 1
    assert archive.agencies() == []  # no agency invented
    assert len(archive.report_values(res.report_id)) == 3


@pytest.mark.parametrize("agency, year", [("", 2023), ("  ", 2023), ("盘锦市商务局", None)])
def test_blank_agency_or_missing_year_needs_review(archive, make, agency, year):
    assert archive.save_report(make(agency=agency, year=year)).status == "needs_review"
    assert archive.agencies() == []


def test_assign_files_the_report(archive, make):
    res = archive.save_report(make(agency=None, year=None))
    done = archive.assign(res.report_id, "盘锦市商务局", 2022)
    assert done.status == "imported" and done.report_id == res.report_id
    row = archive.report(res.report_id)
    assert (row.agency, row.year, row.needs_review, row.version) == ("盘锦市商务局", 2022, False, 1)
    assert row.agency_source == "assigned"
    assert archive.reports_needing_review() == []
    assert archive.list_grid().cell("盘锦市商务局", 2022).report_id == res.report_id


def test_assign_into_an_occupied_year_is_a_new_version(archive, make):
    first = archive.save_report(make("盘锦市商务局", 2022))
    waiting = archive.save_report(make(agency=None, year=2022, content="x"))
    done = archive.assign(waiting.report_id, "盘锦市商务局", 2022)
    assert done.status == "new_version" and done.version == 2
    assert archive.report(first.report_id).superseded_by == waiting.report_id
    assert archive.current_report("盘锦市商务局", 2022).id == waiting.report_id


def test_reassign_moves_a_report_and_restores_the_previous_version(archive, make):
    v1 = archive.save_report(make("盘锦市商务局", 2022, content="a"))
    v2 = archive.save_report(make("盘锦市商务局", 2022, content="b"))
    archive.assign(v2.report_id, "盘锦市商务局", 2021)  # it was the wrong year
    assert archive.current_report("盘锦市商务局", 2022).id == v1.report_id
    assert archive.report(v1.report_id).version == 1
    moved = archive.report(v2.report_id)
    assert (moved.year, moved.version, moved.superseded_by) == (2021, 1, None)


def test_reimport_with_agency_resolves_the_waiting_report(archive, make, counts):
    waiting = make(agency=None, year=2022)
    res = archive.save_report(waiting)
    before = counts(archive)["reports"]
    waiting.agency = "盘锦市商务局"  # same bytes, now with --agency
    again = archive.save_report(waiting)
    assert again.status == "imported" and again.report_id == res.report_id
    assert counts(archive)["reports"] == before
    assert not archive.report(res.report_id).needs_review


def test_assign_errors(archive, make):
    res = archive.save_report(make(agency=None))
    with pytest.raises(NotFound):
        archive.assign(999, "盘锦市商务局", 2022)
    with pytest.raises(ArchiveError):
        archive.assign(res.report_id, " ", 2022)
    with pytest.raises(ArchiveError):
        archive.assign(res.report_id, "盘锦市商务局", 22)
    assert archive.report(res.report_id).needs_review
