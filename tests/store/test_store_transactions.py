"""One transaction per file: a failure anywhere in a save leaves the archive exactly as it was."""
from __future__ import annotations

import pytest

from xxgk.domain.model import CheckResult


def dump(archive) -> list[str]:
    return list(archive.conn.iterdump())


def test_failure_mid_save_rolls_back_everything(archive, make, counts, monkeypatch):
    archive.save_report(make(year=2022))
    before_rows, before_dump, generation = counts(archive), dump(archive), archive.data_version()

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # values and the report row are already written when the checks fail
    monkeypatch.setattr(archive, "_insert_checks", boom)
    with pytest.raises(RuntimeError):
        archive.save_report(make(year=2023))
    assert counts(archive) == before_rows
    assert dump(archive) == before_dump
    assert archive.data_version() == generation
    assert not archive.conn.in_transaction


def test_failure_in_new_version_keeps_old_current(archive, make, monkeypatch):
    v1 = archive.save_report(make(content="v1"))

    def boom(*args, **kwargs):
        raise RuntimeError("cross-year failed")

    monkeypatch.setattr(archive, "_recompute_cross_year", boom)
    with pytest.raises(RuntimeError):
        archive.save_report(make(content="v2"))
    assert archive.report(v1.report_id).is_current
    assert len(archive.report_versions("淮安市洪泽区人民政府", 2023)) == 1


def test_workbook_is_one_transaction(archive, make, counts):
    before = dump(archive)
    good = make("盘锦市商务局", 2022, part="Sheet1")
    bad = make("盘锦市财政局", 2022, part="Sheet2",
               checks=[CheckResult(rule="A1", status="bogus", message="", keys=[])])  # violates the CHECK constraint
    with pytest.raises(Exception, match="CHECK"):
        archive.save_reports([good, bad])
    assert dump(archive) == before
    assert counts(archive)["reports"] == 0
    assert archive.save_reports([good])[0].status == "imported"  # the connection is still usable
