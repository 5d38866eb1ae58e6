"""Migrating an archive written by the previous layout (schema 2) loses nothing.

``tests/store/data/v2.sql.gz`` was written by xxgk before the compact layout (see ``make_v2.py``):
real samples, several versions, an alias, reports waiting for review and one filed by hand, cross-year
pairs. Every value, check (own and across years, every status, in order), warning, text, report row,
agency and alias is read from the old tables with plain SQL first, then compared with what the migrated
archive returns.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from xxgk.domain.model import CheckResult, ParseWarning, Value
from xxgk.store import Archive
from xxgk.store.schema import LATEST

FIXTURE = Path(__file__).resolve().parent / "data" / "v2.sql.gz"
ROW_FIELDS = ("id", "agency_id", "agency_name", "year", "version", "template", "source_name", "source_path",
              "sha256", "part", "format", "encoding", "imported_at", "needs_review", "superseded_by",
              "agency_source", "year_source", "scope", "n_values", "n_pass", "n_fail", "n_strict_fail", "n_warn",
              "n_incomplete")


def _check(r: sqlite3.Row) -> CheckResult:
    return CheckResult(rule=r["rule"], status=r["status"], message=r["message"], keys=json.loads(r["keys"]),
                       title=r["title"], formula=r["formula"], strict=bool(r["strict"]), scope=r["scope"],
                       inputs=json.loads(r["inputs"]), expected=r["expected"], actual=r["actual"],
                       difference=r["difference"])


def old_contents(path: Path) -> dict:
    """Everything the schema-2 tables hold, per report, read with plain SQL."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    out: dict = {"reports": {}, "agencies": [tuple(r) for r in conn.execute("SELECT id, name FROM agencies ORDER BY id")],
                 "aliases": sorted(tuple(r) for r in conn.execute("SELECT alias, agency_id FROM agency_aliases")),
                 "failures": [tuple(r) for r in conn.execute(
                     "SELECT c.report_id, c.other_report_id, c.rule, c.scope, c.status, c.message FROM checks c "
                     "JOIN reports r ON r.id = c.report_id LEFT JOIN agencies a ON a.id = r.agency_id "
                     "WHERE r.superseded_by IS NULL ORDER BY a.name IS NULL, a.name, r.year, c.report_id, c.id")]}
    for r in conn.execute("SELECT * FROM reports"):
        rid = r["id"]
        out["reports"][rid] = {
            "row": {f: r[f] for f in ROW_FIELDS} | {"table_templates": json.loads(r["table_templates"])},
            "values": [Value(key=v["key"], label=v["label"], value=v["value"], raw=v["raw"], section=v["section"],
                             unit=v["unit"], where=v["where"], note=v["note"]) for v in conn.execute(
                "SELECT * FROM report_values WHERE report_id = ? ORDER BY ord", (rid,))],
            "checks": [_check(c) for c in conn.execute(
                "SELECT * FROM checks WHERE report_id = ? AND other_report_id IS NULL ORDER BY id", (rid,))],
            "cross": {o: [_check(c) for c in conn.execute(
                "SELECT * FROM checks WHERE report_id = ? AND other_report_id = ? ORDER BY id", (rid, o))]
                for (o,) in conn.execute("SELECT DISTINCT other_report_id FROM checks WHERE report_id = ? "
                                         "AND other_report_id IS NOT NULL", (rid,))},
            "warnings": [ParseWarning(w["message"], w["where"]) for w in conn.execute(
                "SELECT * FROM warnings WHERE report_id = ? ORDER BY ord", (rid,))],
            "text": conn.execute("SELECT text FROM report_texts WHERE report_id = ?", (rid,)).fetchone()[0],
        }
    conn.close()
    return out


@pytest.fixture
def v2_archive(tmp_path) -> Path:
    path = tmp_path / "v2.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(gzip.decompress(FIXTURE.read_bytes()).decode("utf-8"))
    conn.close()
    return path


def test_the_fixture_is_what_it_claims(v2_archive):
    old = old_contents(v2_archive)
    rows = [r["row"] for r in old["reports"].values()]
    assert len(rows) >= 10
    assert {r["format"] for r in rows} == {"text", "html", "xlsx"}
    assert any(r["needs_review"] for r in rows) and any(r["superseded_by"] for r in rows)
    assert any(r["cross"] for r in old["reports"].values()) and old["aliases"]
    statuses = {c.status for r in old["reports"].values() for c in r["checks"]}
    assert statuses == {"pass", "fail", "warn", "incomplete"}


def test_migration_keeps_every_row(v2_archive):
    old = old_contents(v2_archive)
    with Archive(v2_archive) as a:
        assert a.schema_version() == LATEST
        assert [(i.id, i.name) for i in sorted(a.agencies(), key=lambda i: i.id)] == old["agencies"]
        assert sorted((alias, i.id) for i in a.agencies() for alias in i.aliases) == old["aliases"]
        for rid, want in old["reports"].items():
            row = a.report(rid)
            got = {f: getattr(row, f) for f in ROW_FIELDS} | {"table_templates": row.table_templates}
            assert got == want["row"] | {"needs_review": bool(want["row"]["needs_review"])}, rid
            assert a.report_values(rid) == want["values"], rid
            checks = a.report_checks(rid)
            assert checks == want["checks"], rid
            assert [type(c.expected) for c in checks] == [type(c.expected) for c in want["checks"]]
            for other, cross in want["cross"].items():
                assert a.cross_year_checks(rid, other) == cross, (rid, other)
            detail = a.report_detail(rid)
            assert detail.warnings == want["warnings"]
            assert a.report_text(rid) == want["text"]
        every = a.failures(statuses=("pass", "fail", "warn", "incomplete"))
        assert [(f.report_id, f.other_report_id, f.rule, f.scope, f.status, f.message) for f in every] == \
            old["failures"]
        non_pass = [f for f in old["failures"] if f[4] in ("fail", "warn")]
        assert [(f.report_id, f.other_report_id, f.rule, f.scope, f.status, f.message)
                for f in a.failures()] == non_pass
        counts = a.counts()
        assert counts["checks"] == len([c for r in old["reports"].values()
                                        for c in r["checks"] + sum(r["cross"].values(), [])])
        assert counts["values"] == sum(len(r["values"]) for r in old["reports"].values())
        # the archive still works: saving, and the agency index the migration filled
        assert a.find_agency("洪泽区人民政府") is not None
        assert a.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert a.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_migration_is_one_transaction(v2_archive, monkeypatch):
    """A failure in the middle of the migration leaves the old archive exactly as it was."""
    from xxgk.store import migrations

    before = "\n".join(sqlite3.connect(v2_archive).iterdump())

    def boom(*args):
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "_flush_checks", boom)
    with pytest.raises(RuntimeError):
        Archive(v2_archive)
    conn = sqlite3.connect(v2_archive)
    assert "\n".join(conn.iterdump()) == before
    conn.close()
