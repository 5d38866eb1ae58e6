"""The search tables' layout (schema 9): a report's lines are consecutive rowids of ``text_lines`` with their span
in ``text_line_spans``, not an index by (report, line). An archive of the layout before (schema 8: the index, no
spans) upgrades to the same archive, and every search gives the same lines."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from xxgk.domain.model import CheckResult
from xxgk.store import Archive, prepare_file
from xxgk.store.schema import LATEST

QUERIES = [["依申请公开"], ["收费"], ["依申请", "收费"], ["费"], ["第二行"], ["ABC"], ["abc", "7"], ["没有这行"]]


def everything(a: Archive) -> dict:
    """Every table but the search's own and the migration record, row by row."""
    skip = ("text_line_spans", "text_lines_fts", "schema_version", "sqlite_")
    names = [r[0] for r in a.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
             if not r[0].startswith(skip)]
    return {n: sorted(a.conn.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


def hits(a: Archive) -> list:
    out = []
    for q in QUERIES:
        found, total = a.search(q)
        out.append((q, total, [(h.report_id, h.agency, h.year, h.line, h.text) for h in found]))
        for agency_id in (1, 2):
            found, total = a.search(q, agency_id=agency_id, year=2022)
            out.append((q, agency_id, total, [(h.report_id, h.line) for h in found]))
    return out


@pytest.fixture
def built(tmp_path, make):
    path = tmp_path / "a.sqlite"
    texts = {"盘锦市商务局": "第一行\r\n依申请公开 收费 3 项\r\n\r\n第二行 ABC 7", "盘锦市财政局": "依申请公开\n\n收费 abc\n费",
             "盘锦市教育局": "  \n第二行 依申请 收费 7"}
    with Archive(path) as a:
        with a.batch() as batch:
            for n, (agency, text) in enumerate(texts.items()):
                for year in (2021, 2022):
                    rep = make(agency, year, text=f"{text}\n{year}", content=str(n))
                    file = prepare_file(rep.file, [rep], None)
                    if n == 2 and year == 2021:  # prepared without its lines: the writer reads them from the text
                        file = file._replace(reports=[file.reports[0]._replace(lines=None)])
                    batch.save(file)
            bad = make("盘锦市卫健委", 2022, text="依申请公开 收费 不应找到",
                       checks=[CheckResult(rule="A1", status="bogus", message="", keys=[])])
            with pytest.raises(sqlite3.IntegrityError):
                batch.save(prepare_file(bad.file, [bad], None))
        rep = make("盘锦市商务局", 2022, text="新的一版 依申请公开 收费", content="v2")  # a new version: the old one is not searched
        a.save_report(rep)
    return path


def test_each_report_s_lines_are_its_span(built):
    with Archive(built) as a:
        spans = a.conn.execute("SELECT report_id, first_row, last_row FROM text_line_spans ORDER BY report_id").fetchall()
        lines = a.conn.execute("SELECT report_id, min(rowid), max(rowid), count(*) FROM text_lines GROUP BY report_id "
                               "ORDER BY report_id").fetchall()
        assert [(r, lo, hi, hi - lo + 1) for r, lo, hi in spans] == lines and len(lines) == 7
        assert a.conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'text_lines' AND type = 'index'"
                              ).fetchall() == []
        assert [(h.agency, h.line, h.text) for h in a.search(["收费"], agency_id=1, year=2022)[0]] == [
            ("盘锦市商务局", 1, "新的一版 依申请公开 收费")]
        assert [h.line for h in a.search(["费"], agency_id=2, year=2022)[0]] == [3, 4]


def test_an_archive_of_schema_8_upgrades_to_the_same_archive(built, tmp_path):
    with Archive(built) as a:
        want_hits, want_rows = hits(a), everything(a)
        spans = a.conn.execute("SELECT * FROM text_line_spans ORDER BY report_id").fetchall()
    old = tmp_path / "v8.sqlite"
    shutil.copy(built, old)
    conn = sqlite3.connect(old)  # back to the layout of schema 8: the index by report and line, no spans
    conn.executescript("CREATE INDEX text_lines_report ON text_lines(report_id, line); DROP TABLE text_line_spans; "
                       "DELETE FROM schema_version WHERE version > 8;")
    conn.close()
    with Archive(old) as a:
        assert a.schema_version() == LATEST == 9
        assert a.conn.execute("SELECT * FROM text_line_spans ORDER BY report_id").fetchall() == spans
        assert hits(a) == want_hits
        assert everything(a) == want_rows
        a.conn.execute("INSERT INTO text_lines_fts (text_lines_fts, rank) VALUES ('integrity-check', 1)")
        assert a.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert a.conn.execute("PRAGMA foreign_key_check").fetchall() == []
