"""Opening archives: schema version, WAL, read-only, foreign keys, files that are not archives."""
from __future__ import annotations

import sqlite3
import threading

import pytest

from xxgk.store import Archive, ArchiveError, NotFound, ReadOnlyError, SchemaError
from xxgk.store.schema import LATEST


def test_new_archive_has_schema_and_wal(tmp_path):
    with Archive(tmp_path / "sub" / "a.sqlite") as a:
        assert a.schema_version() == LATEST >= 1
        assert a.journal_mode() == "wal"
        assert a.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert a.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert {"agencies", "agency_aliases", "reports", "report_values", "checks", "warnings",
                "schema_version"} <= {r[0] for r in a.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert a.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'current_reports'").fetchone()
    # reopening does not re-apply migrations
    with Archive(tmp_path / "sub" / "a.sqlite") as a:
        assert [r[0] for r in a.conn.execute("SELECT version FROM schema_version")] == list(range(1, LATEST + 1))


def test_read_only_refuses_writes(tmp_path, make, counts):
    path = tmp_path / "a.sqlite"
    with Archive(path) as a:
        res = a.save_report(make(agency=None))
    with Archive(path, read_only=True) as ro:
        before = counts(ro)
        assert ro.counts()["reports"] == 1  # reading works
        with pytest.raises(ReadOnlyError, match="read-only"):
            ro.save_report(make(year=2020))
        with pytest.raises(ReadOnlyError):
            ro.assign(res.report_id, "盘锦市商务局", 2022)
        with pytest.raises(sqlite3.OperationalError):  # even raw SQL cannot write
            ro.conn.execute("DELETE FROM reports")
        assert counts(ro) == before


def test_read_only_missing_archive(tmp_path):
    with pytest.raises(ArchiveError, match="这里没有档案"):
        Archive(tmp_path / "none.sqlite", read_only=True)
    assert not (tmp_path / "none.sqlite").exists()


def test_not_an_archive(tmp_path):
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(SchemaError, match="不是 xxgk 档案"):
        Archive(junk)
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="不是 xxgk 档案"):
        Archive(other)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "a.sqlite"
    Archive(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future')", (LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="newer"):
        Archive(path)


def test_data_version_sees_other_connections(tmp_path, make):
    path = tmp_path / "a.sqlite"
    reader = Archive(path)
    seen = reader.data_version()

    def write():  # one connection per thread
        with Archive(path) as w:
            w.save_report(make())

    t = threading.Thread(target=write)
    t.start()
    t.join()
    assert reader.data_version() != seen
    assert reader.counts()["reports"] == 1
    reader.close()


def test_not_found(archive):
    with pytest.raises(NotFound):
        archive.report(1)
    with pytest.raises(NotFound):
        archive.report_text(1)
    with pytest.raises(NotFound, match="没有名为“盘锦市商务局”的机关"):
        archive.report_versions("盘锦市商务局", 2022)
    assert archive.current_report("盘锦市商务局", 2022) is None


def test_report_detail_round_trip(archive, make):
    parsed = make(year=2022)
    res = archive.save_report(parsed)
    detail = archive.report_detail(res.report_id)
    assert detail.values == parsed.values
    assert detail.checks == parsed.checks
    assert detail.warnings == parsed.warnings
    assert archive.report_text(res.report_id) == parsed.text
    row = detail.report
    assert (row.n_pass, row.n_fail, row.n_strict_fail, row.n_warn) == (1, 1, 1, 1)
    assert row.table_templates == {"t3": "2021"}
    assert detail.to_json()["report"]["id"] == res.report_id


def test_failures_filters(archive, make):
    archive.save_report(make(year=2022))
    archive.save_report(make("盘锦市商务局", 2023))
    assert len(archive.failures()) == 4
    assert {f.year for f in archive.failures(year=2023)} == {2023}
    assert {f.agency for f in archive.failures(agency="辽宁省盘锦市商务局")} == {"盘锦市商务局"}
    assert {f.rule for f in archive.failures(rule="A3")} == {"A3.2"}
    assert [f.scope for f in archive.failures(rule="A3.2:natural")] == ["natural", "natural"]
    assert archive.failures(rule="A3.2:legal") == []
    assert {f.status for f in archive.failures(statuses=("pass",))} == {"pass"}
    # superseded versions do not count
    archive.save_report(make(year=2022, content="v2", checks=[]))
    assert {f.year for f in archive.failures()} == {2023}


def test_failures_paging_and_json(archive, make):
    for year in (2020, 2021, 2022):
        archive.save_report(make(year=year, values={"t3.1.total": 1}))  # no carry-overs: no cross-year rows
    every = archive.failures()
    assert [f.year for f in every] == [2020, 2020, 2021, 2021, 2022, 2022]
    assert archive.failures(limit=2, offset=2) == every[2:4]
    data = every[0].to_json()
    assert data["keys"] == ["t3.2.total", "t3.4.total"] and data["inputs"] == {"t3.2.total": 2}
    assert data["strict"] is True and data["rule"] == "A3.2"


def test_concurrent_writers(tmp_path, make):
    """Two threads, one Archive (connection) each, writing at the same time: WAL + busy timeout serialise."""
    path = tmp_path / "a.sqlite"
    Archive(path).close()
    errors = []

    def writer(agency):
        try:
            with Archive(path) as a:
                for year in range(2010, 2020):
                    a.save_report(make(agency, year, values={"t3.1.total": year}))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("盘锦市商务局", "盘锦市财政局")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Archive(path) as a:
        assert a.counts()["current_reports"] == 20


def test_migration_from_version_1_keeps_texts(tmp_path, make):
    """An archive written at schema 1 (text inside ``reports``) opens, is upgraded, and loses nothing."""
    from xxgk.store.schema import MIGRATIONS

    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO schema_version VALUES (1, 'then')")
    conn.execute("INSERT INTO reports (id, source_name, sha256, format, imported_at, text, needs_review) "
                 "VALUES (1, 'a.txt', 'abc', 'text', 'then', '旧的全文。', 1)")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaError, match="需要升级"):
        Archive(path, read_only=True)
    with Archive(path) as a:
        assert a.schema_version() == LATEST
        assert a.report_text(1) == "旧的全文。"
        assert a.conn.execute("SELECT text FROM reports WHERE id = 1").fetchone()[0] == ""
        res = a.save_report(make())
        assert a.report_text(res.report_id) == make().text
