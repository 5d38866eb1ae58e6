"""The import loop at scale: hash before parse, same content in another encoding, --agency on known bytes,
files without a recognised table, the parse pool (same results as serial), a savepoint per file, and
imports stopped by the archive itself (they still end with their summary)."""
from __future__ import annotations

import io
import os
import shutil
import sqlite3

import pytest

from tests.conftest import SAMPLES
from tests.workflows import crashing
from xxgk.store import Archive
from xxgk.workflows import importing, parsepool
from xxgk.workflows.importing import import_paths

HONGZE_2023 = SAMPLES / "hongze_2023.pdf.txt"
HONGZE = "淮安市洪泽区人民政府"


def all_samples(folder):
    """The text, HTML and XLSX samples: 12 files, 14 reports (a workbook holds three)."""
    folder.mkdir(exist_ok=True)
    for p in sorted(SAMPLES.iterdir()):
        if p.suffix in (".txt", ".html", ".htm", ".xlsx"):
            shutil.copy(p, folder / p.name)
    return folder


def dump(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_unchanged_files_are_not_parsed_again(tmp_path, monkeypatch):
    folder = all_samples(tmp_path / "in")
    with Archive(tmp_path / "a.sqlite") as a:
        first = import_paths(a, [folder], jobs=1)
        assert sum(first.counts.values()) == 14 and not first.failed  # 12 files, one workbook of 3 sheets

        def no_parsing(*args, **kwargs):
            raise AssertionError("an unchanged file was parsed")

        monkeypatch.setattr(importing, "parse_prepared", no_parsing)
        again = import_paths(a, [folder], jobs=1)
    assert again.stopped is None and not again.failed
    assert again.counts == {"unchanged": sum(first.counts.values())}


def test_same_text_in_another_encoding_or_line_ending_is_unchanged(tmp_path):
    text = HONGZE_2023.read_text(encoding="utf-8")
    variants = {"gbk.txt": text.encode("gb18030"), "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
                "bom16.txt": text.encode("utf-16"), "bom8.txt": text.encode("utf-8-sig")}
    with Archive(tmp_path / "a.sqlite") as a:
        [res] = a.save_reports(importing.parse_path(HONGZE_2023), HONGZE_2023.read_bytes())
        for name, data in variants.items():
            (tmp_path / name).write_bytes(data)
            outcome = importing.import_file(a, tmp_path / name)
            assert outcome.ok and [r.status for r in outcome.results] == ["unchanged"], name
            assert outcome.results[0].report_id == res.report_id
            assert "编码或换行" in outcome.results[0].message
        assert a.counts()["reports"] == 1


def test_other_agency_or_year_on_known_bytes_is_refused(tmp_path):
    path = tmp_path / "a.sqlite"
    with Archive(path) as a:
        assert importing.import_file(a, HONGZE_2023).ok
    before = dump(path)
    with Archive(path) as a:
        same = importing.import_file(a, HONGZE_2023, agency="洪泽区人民政府")  # a spelling of the same agency
        assert same.ok and same.results[0].status == "unchanged"
        other = importing.import_file(a, HONGZE_2023, agency="盘锦市商务局")
        assert not other.ok and "--agency" in other.error and "xxgk assign" in other.error
        assert str(HONGZE_2023) in other.error
        year = importing.import_file(a, HONGZE_2023, year=2022)
        assert not year.ok and "--year 2022" in year.error
        summary = import_paths(a, [HONGZE_2023], agency="盘锦市商务局")
        assert summary.counts == {} and len(summary.failed) == 1
    assert dump(path) == before


def test_a_file_without_a_recognised_table_never_replaces_a_full_report(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append([f"{HONGZE}2023年政府信息公开工作年度报告"])
    wb.active.append(["本年新收政府信息公开申请数量", 5])
    buf = io.BytesIO()
    wb.save(buf)
    small = tmp_path / "two_rows.xlsx"
    small.write_bytes(buf.getvalue())
    path = tmp_path / "a.sqlite"
    with Archive(path) as a:
        full = importing.import_file(a, HONGZE_2023)
        before = dump(path)
        outcome = importing.import_file(a, small)
        assert not outcome.ok and "不会取代" in outcome.error and f"#{full.results[0].report_id}" in outcome.error
        assert dump(path) == before
        assert a.current_report(HONGZE, 2023).id == full.results[0].report_id
    with Archive(tmp_path / "b.sqlite") as b:  # alone, it is stored: a partial report is better than none
        assert importing.import_file(b, small).results[0].status == "imported"


def test_pool_gives_the_same_archive_as_serial(tmp_path):
    folder = all_samples(tmp_path / "in")
    outcomes = {}
    for jobs in (1, 2):
        seen: list = []

        def on_file(o, s, seen=seen):
            seen.append((o.path.name, o.error, [(r.status, r.report_id, r.agency, r.year, r.part) for r in o.results]))

        with Archive(tmp_path / f"{jobs}.sqlite") as a:
            summary = import_paths(a, [folder], jobs=jobs, on_file=on_file)
            assert summary.done == summary.total == len(seen)
            details = [(a.report_detail(r.id), a.report_text(r.id), a.report_source(r.id))
                       for r in a._reports("1")]
        outcomes[jobs] = (seen, details)
    assert outcomes[1][0] == outcomes[2][0]
    for (d1, t1, s1), (d2, t2, s2) in zip(outcomes[1][1], outcomes[2][1], strict=True):
        assert (d1.values, d1.checks, d1.warnings, d1.cross_year, t1, s1) == \
            (d2.values, d2.checks, d2.warnings, d2.cross_year, t2, s2)
        assert s1 is not None


def test_pool_reports_parse_errors_per_file(tmp_path):
    folder = all_samples(tmp_path / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01" * 100)
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [folder], jobs=2)
    errors = sorted(o.path.name for o in summary.failed)
    assert errors == ["empty.txt", "zz_binary.txt"]
    assert summary.done == summary.total


def test_a_worker_that_dies_costs_only_its_file(tmp_path, monkeypatch):
    folder = all_samples(tmp_path / "in")
    (folder / "kill_me.txt").write_bytes(b"KILL THE WORKER")
    monkeypatch.setattr(importing, "parse_prepared", crashing.parse_or_die)
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [folder], jobs=2)
    assert [o.path.name for o in summary.failed] == ["kill_me.txt"]
    assert "解析进程意外退出" in summary.failed[0].error
    assert summary.done == summary.total and sum(summary.counts.values()) == 14


def test_a_bad_file_in_a_batch_leaves_the_others(tmp_path, monkeypatch):
    folder = all_samples(tmp_path / "in")
    real = Archive._save_one

    def save_one(self, rep, now):
        if rep.file.endswith("huaian_2024.html"):
            self.conn.execute("INSERT INTO agencies (name, created_at) VALUES ('half written', 'now')")
            raise RuntimeError("bug in the middle of a save")
        return real(self, rep, now)

    monkeypatch.setattr(Archive, "_save_one", save_one)
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [folder], jobs=1)
        assert [o.path.name for o in summary.failed] == ["huaian_2024.html"]
        assert "无法存档" in summary.failed[0].error
        assert a.find_agency("half written") is None
        assert a.counts()["reports"] == sum(summary.counts.values()) == 14 - 1


def test_disk_full_mid_import_keeps_what_was_committed_and_ends_with_a_summary(tmp_path, monkeypatch):
    folder = all_samples(tmp_path / "in")
    monkeypatch.setattr(importing, "COMMIT_FILES", 3)
    calls = {"n": 0}
    real = Archive._save_file

    def save_file(self, file):
        calls["n"] += 1
        if calls["n"] == 5:
            raise sqlite3.OperationalError("database or disk is full")
        return real(self, file)

    monkeypatch.setattr(Archive, "_save_file", save_file)
    seen = []
    with Archive(tmp_path / "a.sqlite") as a:
        summary = import_paths(a, [folder], jobs=1, on_file=lambda o, s: seen.append(o.path.name))
        assert summary.stopped and "磁盘已满" in summary.stopped
        assert summary.done == len(seen) == 3  # the first commit; the 4th file was rolled back with the 5th
        assert a.counts()["reports"] == 3  # 000, 001, 002: one report each


def test_busy_archive_stops_with_a_summary(tmp_path):
    path = tmp_path / "a.sqlite"
    Archive(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with Archive(path) as a:
            a.conn.execute("PRAGMA busy_timeout = 50")
            summary = import_paths(a, [HONGZE_2023], jobs=1)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert summary.stopped and "busy" in summary.stopped and summary.done == 0


def test_jobs_default_is_every_core():
    assert parsepool.default_jobs() >= 1


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no niceness on this platform")
def test_workers_parse_at_a_lower_priority_than_the_writing_process():
    """The one writing process is the import's narrowest stage: its workers yield to it."""
    pool = parsepool.ParsePool(2, crashing.niceness, chunk=1)
    try:
        tasks = [(f"f{i}.txt", b"", None, None) for i in range(2)]
        futures = [pool.submit(task) for task in tasks]
        got = {pool.result(future, task, lambda: None) for future, task in zip(futures, tasks, strict=True)}
    finally:
        pool.close()
    assert not pool.in_process and parsepool.WORKER_NICE > 0
    assert got == {str(min(19, os.nice(0) + parsepool.WORKER_NICE))}


def test_a_really_full_disk(tmp_path, capsys):
    """On a real full file system (a 700 KiB tmpfs; root only, skipped elsewhere): the import ends with its
    summary and one line saying the disk is full, exit 2, and the archive is sound."""
    import os
    import subprocess

    from tests.workflows.corpus import make_corpus
    from xxgk.cli import main

    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=700k", "tmpfs", str(disk)],
                                           capture_output=True).returncode:
        pytest.skip("needs root to mount a small tmpfs")
    try:
        make_corpus(tmp_path / "in", 30)
        code = main(["--db", str(disk / "a.sqlite"), "import", str(tmp_path / "in"), "--quiet", "--jobs", "1"])
        out, err = capsys.readouterr()
        assert code == 2 and "共 90 个文件" in out
        assert err.count("\n") == 1 and "磁盘已满" in err and "Traceback" not in err
        with Archive(disk / "a.sqlite", read_only=True) as a:
            assert a.doctor(quick=True).healthy
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def test_a_key_reference_the_writer_never_received_parses_the_file_again(tmp_path, monkeypatch):
    """Workers send each long key whole once, then by reference (``store.codec.KeyTable``). A reference the
    writing process does not hold (a table that forgot) must not lose the file: it is parsed again here."""
    folder = all_samples(tmp_path / "in")
    for p in sorted(folder.iterdir()):  # the same layouts again under other bytes: references are sent
        if p.suffix == ".txt":
            (folder / f"again_{p.name}").write_bytes(p.read_bytes() + b"\n")
    with Archive(tmp_path / "serial.sqlite") as a:
        serial = import_paths(a, [folder], jobs=1)
    real = parsepool.KeyTable.resolve
    missed: list[str] = []

    def forgetful(self, file):
        self._keys.clear()
        whole = real(self, file)
        if whole is None:
            missed.append(file.path)
        return whole

    monkeypatch.setattr(parsepool.KeyTable, "resolve", forgetful)
    with Archive(tmp_path / "pool.sqlite") as a:
        summary = import_paths(a, [folder], jobs=2)
    assert missed  # references were sent, and the files were parsed again
    assert not summary.failed and summary.counts == serial.counts
    assert summary.done == summary.total == serial.total
    with Archive(tmp_path / "pool.sqlite") as a, Archive(tmp_path / "serial.sqlite") as b:
        assert [(r.id, r.agency, r.year, r.n_values) for r in a._reports("1")] == \
            [(r.id, r.agency, r.year, r.n_values) for r in b._reports("1")]
        assert [a.report_detail(r.id).checks for r in a._reports("1")] == \
            [b.report_detail(r.id).checks for r in b._reports("1")]


def test_the_pools_pipes_hold_a_chunk_of_results():
    """Linux: a worker writes a chunk's results (some 200 KB) without waiting for this process to read them:
    the pool's pipes are widened to PIPE_BYTES (the kernel's default is 64 KB). Elsewhere nothing changes."""
    fcntl = pytest.importorskip("fcntl")
    if not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("no F_GETPIPE_SZ here")
    pool = parsepool.ParsePool(2)
    try:
        executor = pool._pool()
        sizes = [fcntl.fcntl(q._writer.fileno(), fcntl.F_GETPIPE_SZ)
                 for q in (executor._result_queue, executor._call_queue)]
    finally:
        pool.close()
    assert sizes == [parsepool.PIPE_BYTES, parsepool.PIPE_BYTES]
