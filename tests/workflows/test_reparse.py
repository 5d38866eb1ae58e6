"""``xxgk reparse``: every kept source read again; a new version only where the values changed."""
from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from tests.conftest import SAMPLES
from xxgk.cli import main
from xxgk.importers import parse_path
from xxgk.store import Archive
from xxgk.workflows import importing
from xxgk.workflows.importing import import_paths
from xxgk.workflows.parsepool import parse_prepared
from xxgk.workflows.reparsing import reparse

FILES = [SAMPLES / n for n in ("hongze_2023.pdf.txt", "hongze_2024.pdf.txt", "departments_2022.xlsx")]
HONGZE = "淮安市洪泽区人民政府"


def buggy_parse(path, data, agency, year):
    """Yesterday's importer: it read every 本年新收 total as 999."""
    file = parse_prepared(path, data, agency, year)
    if isinstance(file, str):
        return file
    reports = [r._replace(values=[v[:5] + (999,) + v[6:] if v[0] == "t3.1.total" else v for v in r.values])
               for r in file.reports]
    return file._replace(reports=reports)


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def yesterdays_archive(tmp_path, monkeypatch):
    path = tmp_path / "a.sqlite"
    with monkeypatch.context() as m:
        m.setattr(importing, "parse_prepared", buggy_parse)
        with Archive(path) as a:
            summary = import_paths(a, FILES, jobs=1)
    assert not summary.failed and sum(summary.counts.values()) == 5
    return path


def test_reparse_records_what_todays_importers_read(yesterdays_archive, capsys):
    path = yesterdays_archive
    with Archive(path) as a:
        old_2023 = a.current_report(HONGZE, 2023).id
        assert a.report_detail(old_2023).value_map()["t3.1.total"] == 999
        summary = reparse(a, jobs=1)
        assert summary.stopped is None and summary.total == 5
        assert summary.counts == {"changed": 5}
        first = summary.outcomes[0]
        assert first.changed == [("t3.1.total", 999, parse_path(FILES[0])[0].value_map()["t3.1.total"])]
        assert not first.added and not first.removed and first.template is None
        for f in FILES:
            for parsed in parse_path(f):
                current = a.current_report(parsed.agency, parsed.year)
                detail = a.report_detail(current.id)
                assert detail.value_map() == parsed.value_map() and detail.checks == parsed.checks
                assert current.reparsed_from is not None and current.sha256 == parsed.sha256
        versions = a.report_versions(HONGZE, 2023)
        assert [v.id for v in versions] == [old_2023, versions[1].id] and versions[1].version == 2
        assert a.report_detail(old_2023).value_map()["t3.1.total"] == 999  # the old reading is kept
        cross = a.report_detail(a.current_report(HONGZE, 2024).id).cross_year
        assert cross and {c.other_report_id for c in cross} == {versions[1].id}  # recomputed on the new pair
        assert a.doctor().healthy
    before = dump(path)
    assert main(["--db", str(path), "reparse"]) == 0  # a second run: nothing changed, nothing written
    assert "5 份不变" in capsys.readouterr().out
    assert dump(path) == before
    # the file imported again is unchanged (its bytes are known), pointing at the current reading
    with Archive(path) as a:
        outcome = importing.import_file(a, FILES[0])
        assert outcome.results[0].status == "unchanged"
        assert outcome.results[0].report_id == a.current_report(HONGZE, 2023).id


def test_dry_run_writes_nothing(yesterdays_archive, capsys):
    before = dump(yesterdays_archive)
    assert main(["--db", str(yesterdays_archive), "reparse", "--dry-run", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("有变化") == 6 and "t3.1.total 999→" in out and "试运行" in out
    assert dump(yesterdays_archive) == before
    assert main(["--db", str(yesterdays_archive), "--read-only", "reparse", "--dry-run"]) == 0


def test_reports_without_a_kept_source_and_assigned_ones(tmp_path):
    with Archive(tmp_path / "a.sqlite") as a:
        [parsed] = parse_path(FILES[0])
        a.save_report(dataclasses.replace(parsed, sha256="f" * 64))  # saved without its bytes (older xxgk)
        [other] = parse_path(FILES[1])
        waiting = a.save_reports([dataclasses.replace(other, agency=None)], FILES[1].read_bytes())[0]
        a.assign(waiting.report_id, "盘锦市商务局", 2030)  # filed by hand, against what the file says
        a.conn.execute("UPDATE report_values SET value = 1 WHERE report_id = ? AND ord = 0", (waiting.report_id,))
        summary = reparse(a, jobs=1)
        by_status = {o.status: o for o in summary.outcomes}
        assert set(by_status) == {"no_source", "changed"}
        assert "没有保存原文件" in by_status["no_source"].message
        new = a.report(by_status["changed"].new_report_id)
        assert (new.agency, new.year, new.agency_source) == ("盘锦市商务局", 2030, "assigned")  # filed where it was


def test_reparse_uses_the_pool(yesterdays_archive, monkeypatch):
    """With workers: the same outcome as in-process (the buggy parser lived in the test process only)."""
    from xxgk.workflows import reparsing

    monkeypatch.setattr(reparsing, "POOL_MIN_FILES", 2)
    with Archive(yesterdays_archive) as a:
        summary = reparse(a, jobs=2)
        assert summary.counts == {"changed": 5} and summary.stopped is None
        for f in FILES:
            for parsed in parse_path(f):
                assert a.report_detail(a.current_report(parsed.agency, parsed.year).id).checks == parsed.checks
