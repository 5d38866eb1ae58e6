"""The search tables' layout (schema 10): each distinct line text once in ``line_texts``, each report's lines as
one row of text ids (``report_lines``), the trigram index over the distinct texts. A report's lines are
exactly its lines; an archive of the layout before (schema 9: a row per line in ``text_lines``, their spans)
upgrades to the same archive, and every search gives the same lines."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.store.schema9 import back_to_schema_9
from xxgk.domain.model import CheckResult
from xxgk.store import Archive, prepare_file
from xxgk.store.codec import line_texts
from xxgk.store.schema import LATEST
from xxgk.store.search import text_key, unpack_ids

QUERIES = [["依申请公开"], ["收费"], ["依申请", "收费"], ["费"], ["第二行"], ["ABC"], ["abc", "7"], ["没有这行"],
           ["第一行"], ["2021"], ["20"]]

TEXTS = {"盘锦市商务局": "第一行\r\n依申请公开 收费 3 项\r\n\r\n第二行 ABC 7", "盘锦市财政局": "依申请公开\n\n收费 abc\n费",
         "盘锦市教育局": "  \n第二行 依申请 收费 7"}


def everything(a: Archive) -> dict:
    """Every table but the search's own and the migration record, row by row."""
    skip = ("line_texts", "report_lines", "text_line", "schema_version", "sqlite_")
    names = [r[0] for r in a.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
             if not r[0].startswith(skip)]
    return {n: sorted(a.conn.execute(f"SELECT * FROM [{n}]").fetchall(), key=repr) for n in names}


def hits(a: Archive) -> list:
    out = []
    for q in QUERIES:
        found, total = a.search(q)
        out.append((q, total, [(h.report_id, h.agency, h.year, h.source_name, h.line, h.text) for h in found]))
        for agency_id in (1, 2):
            found, total = a.search(q, agency_id=agency_id, year=2022)
            out.append((q, agency_id, total, [(h.report_id, h.line) for h in found]))
        for limit, offset in ((1, 0), (2, 1), (3, 5)):
            found, total = a.search(q, limit=limit, offset=offset)
            out.append((q, limit, offset, total, [(h.report_id, h.line) for h in found]))
    return out


def stored_lines(a: Archive) -> dict[int, list[str]]:
    """Each report's lines as ``report_lines`` and ``line_texts`` give them back."""
    texts = dict(a.conn.execute("SELECT id, text FROM line_texts").fetchall())
    texts[0] = ""
    return {r: [texts[t] for t in unpack_ids(blob)] for r, blob in a.conn.execute("SELECT report_id, ids FROM report_lines")}


def text_of(a: Archive, report_id: int) -> str:
    return a.report_text(report_id)


@pytest.fixture
def built(tmp_path, make):
    path = tmp_path / "a.sqlite"
    with Archive(path) as a:
        with a.batch() as batch:
            for n, (agency, text) in enumerate(TEXTS.items()):
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
        pending = make(None, None, text="待审核 依申请公开\n\n\n收费", content="p")  # no agency, no year: listed last
        a.save_report(pending)
    return path


def test_each_report_s_lines_are_its_lines(built):
    with Archive(built) as a:
        stored = stored_lines(a)
        assert len(stored) == 8
        for report_id, lines in stored.items():
            assert lines == line_texts(text_of(a, report_id))  # blank lines as "", numbered as the source view
        assert stored[1] == ["第一行", "依申请公开 收费 3 项", "", "第二行 ABC 7", "2021"]
        # each distinct text once, under its key; nothing of the file rolled back
        rows = a.conn.execute("SELECT key, text FROM line_texts ORDER BY id").fetchall()
        assert len(rows) == len({t for _, t in rows}) and all(k == text_key(t) for k, t in rows)
        assert {t for lines in stored.values() for t in lines} - {""} == {t for _, t in rows}
        assert not any("不应找到" in t for _, t in rows)
        assert [(h.agency, h.line, h.text) for h in a.search(["收费"], agency_id=1, year=2022)[0]] == [
            ("盘锦市商务局", 1, "新的一版 依申请公开 收费")]
        assert [h.line for h in a.search(["费"], agency_id=2, year=2022)[0]] == [3, 4]
        found, total = a.search(["收费"])
        assert [(h.agency, h.year, h.line) for h in found] == [
            ("盘锦市商务局", 2021, 2), ("盘锦市商务局", 2022, 1), ("盘锦市教育局", 2021, 2), ("盘锦市教育局", 2022, 2),
            ("盘锦市财政局", 2021, 3), ("盘锦市财政局", 2022, 3), (None, None, 4)] and total == 7
        assert [(h.year, h.line) for h in a.search(["收费"], limit=2, offset=3)[0]] == [(2022, 2), (2021, 3)]


def test_a_text_whose_key_another_text_has_is_its_own_row(built, monkeypatch):
    import xxgk.store.search as search

    monkeypatch.setattr(search, "text_key", lambda text: 7)  # every text collides
    with Archive(built) as a:
        rep_text = "第一行\n全新的一行 收费\n依申请公开"
        from tests.store.conftest import make_report
        rep = make_report("盘锦市新局", 2022, text=rep_text, content="k")
        report_id = a.save_report(rep).report_id
        assert stored_lines(a)[report_id] == ["第一行", "全新的一行 收费", "依申请公开"]
        assert [h.text for h in a.search(["全新的"])[0]] == ["全新的一行 收费"]


def test_an_archive_of_schema_9_upgrades_to_the_same_archive(built, tmp_path):
    with Archive(built) as a:
        want_hits, want_rows, want_lines = hits(a), everything(a), stored_lines(a)
    old = tmp_path / "v9.sqlite"
    shutil.copy(built, old)
    back_to_schema_9(old)
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT count(*) FROM text_lines").fetchone()[0] == 23
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} & {"line_texts", "report_lines"} == set()
    conn.close()
    with Archive(old) as a:
        assert a.schema_version() == LATEST == 11
        assert hits(a) == want_hits
        assert everything(a) == want_rows
        assert stored_lines(a) == want_lines
        assert {r[0] for r in a.conn.execute("SELECT name FROM sqlite_master")} & {
            "text_lines", "text_lines_fts", "text_line_spans"} == set()
        a.conn.execute("INSERT INTO line_texts_fts (line_texts_fts, rank) VALUES ('integrity-check', 1)")
        assert a.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert a.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # and the upgraded archive goes on like a new one: a new report's known and new texts
        from tests.store.conftest import make_report
        a.save_report(make_report("盘锦市新局", 2023, text="依申请公开\n另一行 收费", content="n"))
        assert ("盘锦市新局", 2) in [(h.agency, h.line) for h in a.search(["收费"])[0]]
        a.conn.execute("INSERT INTO line_texts_fts (line_texts_fts, rank) VALUES ('integrity-check', 1)")


def test_the_upgrade_reads_each_report_s_lines_wherever_they_are(built, tmp_path):
    with Archive(built) as a:
        want_hits, want_lines = hits(a), stored_lines(a)
    old = tmp_path / "v9.sqlite"
    shutil.copy(built, old)
    back_to_schema_9(old)
    conn = sqlite3.connect(old)
    # report 1's last line after every other line (its span over other reports' lines), report 2 without a span
    conn.execute("UPDATE text_lines SET rowid = 1000 WHERE rowid = (SELECT max(rowid) FROM text_lines "
                 "WHERE report_id = 1)")
    conn.execute("UPDATE text_line_spans SET last_row = 1000 WHERE report_id = 1")
    conn.execute("DELETE FROM text_line_spans WHERE report_id = 2")
    conn.commit()
    conn.close()
    with Archive(old) as a:
        assert stored_lines(a) == want_lines
        assert hits(a) == want_hits


def test_an_upgrade_that_would_lose_a_line_changes_nothing(built, tmp_path):
    old = tmp_path / "v9.sqlite"
    shutil.copy(built, old)
    back_to_schema_9(old)
    conn = sqlite3.connect(old)  # a span that misses its report's last line
    conn.execute("UPDATE text_line_spans SET last_row = last_row - 1 WHERE report_id = 1")
    conn.commit()
    before = conn.execute("SELECT count(*) FROM text_lines").fetchone()[0]
    conn.close()
    with pytest.raises(sqlite3.DatabaseError, match="没有搬过去"):
        Archive(old)
    conn = sqlite3.connect(old)
    assert conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 9
    assert conn.execute("SELECT count(*) FROM text_lines").fetchone()[0] == before
    conn.close()


def test_two_writers_share_the_texts(tmp_path, make):
    # each Archive caches the texts it met; texts another program stored meanwhile are found, not stored again
    path = tmp_path / "a.sqlite"
    with Archive(path) as one, Archive(path) as two:
        one.save_report(make("盘锦市商务局", 2021, text="甲行\n共同的一行", content="1"))
        two.save_report(make("盘锦市财政局", 2021, text="共同的一行\n乙行", content="2"))
        one.save_report(make("盘锦市商务局", 2022, text="乙行\n甲行\n共同的一行", content="3"))
        texts = [r[0] for r in one.conn.execute("SELECT text FROM line_texts ORDER BY id")]
        assert texts == ["甲行", "共同的一行", "乙行"]
        assert stored_lines(one) == {1: ["甲行", "共同的一行"], 2: ["共同的一行", "乙行"], 3: ["乙行", "甲行", "共同的一行"]}
        assert [(h.report_id, h.line) for h in two.search(["乙行"])[0]] == [(3, 1), (2, 2)]
        one.conn.execute("INSERT INTO line_texts_fts (line_texts_fts, rank) VALUES ('integrity-check', 1)")
