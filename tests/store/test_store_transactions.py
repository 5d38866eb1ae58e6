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


def test_a_batch_indexes_the_lines_of_the_files_it_kept(archive, make):
    # the search index is written once, when the batch commits: a file whose savepoint rolled back takes its
    # lines with it, and every line of the files kept is found (three and two characters alike)
    from xxgk.store import prepare_file

    good = make("盘锦市商务局", 2022, text="第一行\r\n依申请公开 收费 3 项")
    bad = make("盘锦市财政局", 2022, text="依申请公开 收费 不应找到",
               checks=[CheckResult(rule="A1", status="bogus", message="", keys=[])])  # fails after its lines
    later = make("盘锦市教育局", 2022, text="依申请公开\n\n收费 后来")
    with archive.batch() as batch:
        batch.save(prepare_file(good.file, [good], None))
        with pytest.raises(Exception, match="CHECK"):
            batch.save(prepare_file(bad.file, [bad], None))
        batch.save(prepare_file(later.file, [later], None))
    assert sorted((h.agency, h.line) for h in archive.search(["依申请公开"])[0]) == [
        ("盘锦市商务局", 2), ("盘锦市教育局", 1)]
    assert sorted((h.agency, h.line) for h in archive.search(["收费"])[0]) == [("盘锦市商务局", 2), ("盘锦市教育局", 3)]
    archive.conn.execute("INSERT INTO line_texts_fts (line_texts_fts, rank) VALUES ('integrity-check', 1)")
    assert archive.conn.execute("SELECT text FROM line_texts ORDER BY id").fetchall() == [
        ("第一行",), ("依申请公开 收费 3 项",), ("依申请公开",), ("收费 后来",)]  # none of the rolled-back file
    assert archive.conn.execute("SELECT count(*) FROM report_lines").fetchone()[0] == 2


def test_a_batch_keeps_its_temporary_files_in_memory_and_only_while_it_runs(archive, make):
    # each file's savepoint makes SQLite copy pages the batch already changed into a sub-journal, which
    # otherwise spills to a temporary file past 64 KiB (59% of an import's page writes); elsewhere a large
    # sort may still spill to disk
    from xxgk.store import prepare_file

    def temp_store() -> int:
        return archive.conn.execute("PRAGMA temp_store").fetchone()[0]

    assert temp_store() == 0
    batch = archive.batch()
    batch.save(prepare_file("a.txt", [make("盘锦市商务局", 2022)], None))
    assert temp_store() == 2  # MEMORY
    batch.commit()
    assert temp_store() == 0
    batch.save(prepare_file("b.txt", [make("盘锦市财政局", 2022)], None))
    assert temp_store() == 2
    batch.rollback()
    assert temp_store() == 0
    assert archive.conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
