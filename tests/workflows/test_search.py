"""Full-text search over the archived texts of the real reports (the golden lines read from the files).

003_5ca275e7fc674769.txt (盘锦市 2015) prints, on line 639, ``(四)依申请公开信息收取的费用 |``;
hongze_2023.pdf.txt prints on line 54 ``信息内容 本年收费金额（单位：万元）`` and on line 55
``行政事业性收费 7730.28``. hongze_2023.pdf is the same report as a PDF: importing it after the text makes it
the current version, and only the current version is searched.
"""
from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlite_utils

from tests.conftest import SAMPLES
from xxgk.store import Archive, ArchiveError
from xxgk.store.schema import LATEST
from xxgk.workflows.importing import import_paths
from xxgk.workflows.search import excerpt, search

HONGZE = "淮安市洪泽区人民政府"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "a.sqlite"
    with Archive(path) as a:
        summary = import_paths(a, [SAMPLES / "003_5ca275e7fc674769.txt", SAMPLES / "hongze_2023.pdf.txt"], jobs=1)
    assert not summary.failed
    return path


@pytest.fixture
def archive(built, tmp_path):
    target = tmp_path / "a.sqlite"
    shutil.copy(built, target)
    with Archive(target) as a:
        yield a


def lines(result):
    return [(h.agency, h.year, h.line, h.text) for h in result.hits]


def test_every_word_on_one_line_with_its_line_number(archive):
    found = search(archive, ["依申请", "费用"])
    assert lines(found) == [("盘锦市", 2015, 639, "(四)依申请公开信息收取的费用 |")]
    assert found.total == 1 and found.terms == ["依申请", "费用"]


def test_a_two_character_word_is_found_too(archive):
    # 收费 is shorter than the trigram index's 3 characters: matched line by line
    found = [(h.line, h.text) for h in search(archive, "收费", agency=HONGZE, year=2023).hits]
    assert (54, "信息内容 本年收费金额(单位:万元)") in found  # NFKC: the full-width brackets and colon as ASCII
    assert (55, "行政事业性收费 7730.28") in found


def test_full_width_digits_in_the_query_match(archive):
    assert [(h.line, h.year) for h in search(archive, "７７３０.２８").hits] == [(55, 2023)]


def test_only_the_current_version_is_searched(archive):
    old = archive.current_report(HONGZE, 2023).id
    import_paths(archive, [SAMPLES / "hongze_2023.pdf"], jobs=1)
    new = archive.current_report(HONGZE, 2023).id
    assert new != old
    hits = search(archive, "行政事业性收费").hits
    assert {h.report_id for h in hits} == {new}


def test_nothing_to_search_for_says_so(archive):
    with pytest.raises(ArchiveError, match="请给出要查找的文字"):
        search(archive, "   ")


def test_markup_and_quotes_are_text(archive):
    assert search(archive, ['"收费', "[/]"]).hits == []  # FTS syntax and markup in a query are only characters


def test_excerpt_keeps_the_match_in_view():
    text = "甲" * 50 + "依申请公开" + "乙" * 50
    piece, at = excerpt(text, ["依申请"], 20)
    assert len(piece) == 20 and piece.startswith("..") and piece[at:at + 3] == "依申请"


def test_an_archive_from_before_search_is_indexed_when_it_upgrades(built, tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(built, path)
    conn = sqlite3.connect(path)  # back to schema 5: no lines, no index (nor what came after them)
    conn.executescript("DROP TABLE line_texts_fts; DROP TABLE line_texts; DROP TABLE report_lines; "
                       "DROP TABLE agency_parents; DROP TABLE report_kinds; DELETE FROM schema_version WHERE version > 5;")
    conn.close()
    with Archive(path) as a:
        assert a.schema_version() == LATEST
        assert lines(search(a, ["依申请", "费用"])) == [("盘锦市", 2015, 639, "(四)依申请公开信息收取的费用 |")]
        assert a.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 2  # nothing else changed
        assert_index_whole(a)


def assert_index_whole(a: Archive) -> None:
    """FTS5's own check of an external-content index against its table (it raises on any difference)."""
    a.conn.execute("INSERT INTO line_texts_fts (line_texts_fts, rank) VALUES ('integrity-check', 1)")
    indexed = a.conn.execute("SELECT count(*) FROM line_texts_fts_docsize").fetchone()[0]
    assert indexed == a.conn.execute("SELECT count(*) FROM line_texts").fetchone()[0] > 100


def test_each_report_is_indexed_by_one_statement(archive, tmp_path):
    # migrations 8 and 10: no insert trigger (a segment per text); the texts saved are all in the index, once
    for a in (archive,):
        assert a.conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE 'line_texts%' "
                              "OR name LIKE 'text_lines%') ORDER BY name").fetchall() == [
            ("line_texts_ad",), ("line_texts_au",)]
        assert_index_whole(a)
    again = tmp_path / "again.sqlite"
    with Archive(again) as a:
        import_paths(a, [SAMPLES / "003_5ca275e7fc674769.txt"], jobs=1)
        import_paths(a, [SAMPLES / "hongze_2023.pdf.txt", SAMPLES / "hongze_2024.pdf.txt"], jobs=1)
        assert_index_whole(a)
        assert lines(search(a, ["依申请", "费用"]))[0][:3] == ("盘锦市", 2015, 639)


def test_sqlite_utils_reads_the_index(built):
    db = sqlite_utils.Database(built)
    table = db.table("line_texts")  # the distinct texts (xxgk search says in which reports and lines)
    assert table.detect_fts() == "line_texts_fts"
    assert [r["text"] for r in table.search('"依申请公开信息"')] == ["(四)依申请公开信息收取的费用 |"]
