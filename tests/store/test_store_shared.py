"""Shared, read-only and damaged archives: read-only folders and mounts, network shares, many programs
opening a brand-new archive at once, ``doctor`` and ``backup``."""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from xxgk.cli import main
from xxgk.importers import parse_path
from xxgk.store import Archive, ArchiveError, opening
from xxgk.workflows.importing import import_paths

TEXTS = sorted(SAMPLES.glob("*.txt"))


def _writable(folder: Path) -> bool:
    try:
        (folder / ".probe").write_bytes(b"")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


@pytest.fixture
def freeze(tmp_path):
    """``freeze(folder)`` makes a folder that nobody can write to: chmod for a normal user; for root (whom
    permissions do not bind) a read-only bind mount of it; skipped where neither is possible."""
    mounted: list[Path] = []
    chmodded: list[Path] = []

    def _freeze(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            chmodded.append(folder)
        else:
            steps = (["mount", "--bind", str(folder), str(folder)],
                     ["mount", "-o", "remount,bind,ro", str(folder), str(folder)])
            for n, step in enumerate(steps):
                done = subprocess.run(step, capture_output=True)
                if done.returncode:
                    if n:
                        subprocess.run(["umount", str(folder)], capture_output=True)
                    pytest.skip(f"running as root and cannot make a read-only mount: {done.stderr!r}")
            mounted.append(folder)
        assert not _writable(folder)

    yield _freeze
    for folder in mounted:
        subprocess.run(["umount", str(folder)], capture_output=True)
    for folder in chmodded:
        folder.chmod(0o755)


def _archive_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "archive.sqlite"
    with Archive(path) as a:
        summary = import_paths(a, TEXTS, jobs=1)
        assert summary.counts["imported"] >= 5
    return path


def test_read_only_archive_in_a_folder_nobody_may_write(tmp_path, freeze, capsys):
    path = _archive_in(tmp_path / "share")
    with Archive(path) as a:  # the last connection to close removes the -wal and -shm files
        want = a.counts(), [r.agency for r in a.list_grid().rows]
    assert sorted(p.name for p in path.parent.iterdir()) == ["archive.sqlite"]
    freeze(path.parent)
    with Archive(path, read_only=True) as a:
        assert (a.counts(), [r.agency for r in a.list_grid().rows]) == want
        assert a.immutable  # no -wal/-shm could be made: read as it is on disk
    assert main(["--db", str(path), "--read-only", "list"]) == 0
    out, err = capsys.readouterr()
    assert "盘锦市商务局" in out and err == ""
    assert main(["--db", str(path), "--read-only", "doctor"]) == 0
    assert "未发现问题" in capsys.readouterr().out
    assert main(["--db", str(path), "import", str(TEXTS[0])]) == 2  # writing there is refused, one line
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_read_only_beside_a_running_writer(tmp_path, freeze):
    """The folder turns read-only while a writer still has the archive open (its -wal and -shm exist)."""
    path = _archive_in(tmp_path / "share")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE archive_meta SET value = value + 1 WHERE key = 'generation'")
    try:
        freeze(path.parent)
        with Archive(path, read_only=True) as a:
            assert a.counts()["reports"] >= 5
            if not a.immutable:  # it reads the -wal: it sees the writer's last commit
                assert a.data_version() == writer.execute(
                    "SELECT value FROM archive_meta WHERE key = 'generation'").fetchone()[0]
    finally:
        writer.close()


def test_network_share(tmp_path, monkeypatch):
    path = _archive_in(tmp_path / "nfs")
    monkeypatch.setattr(opening, "filesystem_type", lambda p: "nfs4")
    with pytest.raises(ArchiveError, match="网络共享文件夹（nfs4）.*xxgk backup"):
        Archive(path)
    with Archive(path, read_only=True) as a:  # readers of a share read it as it is, without locks
        assert a.immutable and a.counts()["reports"] >= 5
    monkeypatch.setenv(opening.ALLOW_NETWORK_ENV, "1")
    Archive(path).close()


def _open_many(path: str, barrier: threading.Barrier | None, errors: list[str]) -> None:
    try:
        if barrier is not None:
            barrier.wait()
        with Archive(path) as a:
            a.counts()
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")


def test_many_threads_open_a_brand_new_archive(tmp_path):
    errors: list[str] = []
    for run in range(25):
        path = str(tmp_path / f"new{run}.sqlite")
        barrier = threading.Barrier(8)
        threads = [threading.Thread(target=_open_many, args=(path, barrier, errors)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def _process_opens(folder: str, runs: int) -> list[str]:
    errors: list[str] = []
    for run in range(runs):
        _open_many(os.path.join(folder, f"new{run}.sqlite"), None, errors)
    return errors


def test_many_processes_open_a_brand_new_archive(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        results = pool.starmap(_process_opens, [(str(tmp_path), 12)] * 3)
    assert [e for errors in results for e in errors] == []
    with Archive(tmp_path / "new0.sqlite") as a:
        assert a.journal_mode() == "wal"


def test_doctor_finds_what_is_wrong(tmp_path, capsys):
    path = _archive_in(tmp_path / "a")
    with Archive(path) as a:
        report = a.doctor()
        assert report.healthy and report.integrity == ["ok"] and report.counts["reports"] >= 5
        report_id = a.current_report("盘锦市商务局", 2022).id
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))  # leaves its values, checks, text behind
    conn.execute("UPDATE reports SET n_pass = n_pass + 1 WHERE id = (SELECT min(id) FROM reports)")
    conn.close()
    with Archive(path, read_only=True) as a:
        report = a.doctor(quick=True)
    assert not report.healthy
    assert report.orphans["report_values → reports"] > 0 and report.stale_counts == 1
    assert main(["--db", str(path), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "孤立行" in out and "核对计数" in out


def test_doctor_on_a_damaged_file(tmp_path, capsys):
    path = _archive_in(tmp_path / "a")
    size = path.stat().st_size
    with open(path, "r+b") as f:  # scribble over the middle of the file
        f.seek(size // 2)
        f.write(b"\xde\xad" * 4096)
    code = main(["--db", str(path), "doctor"])
    out, err = capsys.readouterr()
    assert code in (1, 2) and "Traceback" not in err
    assert ("问题" in out) if code == 1 else (err.count("\n") == 1 and "damaged" in err)


def test_backup_while_another_program_writes(tmp_path, capsys):
    path = _archive_in(tmp_path / "a")
    stop = threading.Event()
    written = [0]

    def write() -> None:
        with Archive(path) as w:
            year = 2000
            while not stop.is_set():
                [r] = parse_path(TEXTS[0])
                r.sha256, r.year, r.text = f"{year:064d}", year, f"{r.text}{year}"
                w.save_report(r)
                written[0] += 1
                year += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        while written[0] < 3:
            threading.Event().wait(0.01)
        copy = tmp_path / "copy.sqlite"
        assert main(["--db", str(path), "backup", str(copy)]) == 0
    finally:
        stop.set()
        thread.join()
    assert "已备份到" in capsys.readouterr().out
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    with Archive(copy, read_only=True) as b:
        assert b.doctor().healthy  # a consistent snapshot: counts agree with the rows
    assert main(["--db", str(path), "backup", str(copy)]) == 2  # never overwritten without --force
    assert "已存在" in capsys.readouterr().err
    assert main(["--db", str(path), "backup", str(path)]) == 2
    assert main(["--db", str(path), "backup", str(copy), "--force"]) == 0
    assert not [p for p in tmp_path.iterdir() if ".part-" in p.name]


def test_a_backup_opens_read_only_anywhere(tmp_path, freeze):
    path = _archive_in(tmp_path / "a")
    share = tmp_path / "share"
    share.mkdir()
    with Archive(path) as a:
        a.backup(share / "snapshot.sqlite")
    freeze(share)
    with Archive(share / "snapshot.sqlite", read_only=True) as b:
        assert not b.immutable  # a rollback-journal file needs no -wal/-shm: read with locks, as usual
        assert b.counts()["reports"] >= 5


def test_backup_of_an_archive_that_needs_upgrading(tmp_path):
    """An old archive can be copied as it is before it is upgraded."""
    gz = Path(__file__).resolve().parent / "data" / "v2.sql.gz"
    import gzip

    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(gzip.decompress(gz.read_bytes()).decode("utf-8"))
    conn.close()
    assert main(["--db", str(old), "backup", str(tmp_path / "copy.sqlite")]) == 0
    assert main(["--db", str(old), "--read-only", "doctor"]) == 1  # "needs upgrading" is its one problem
    shutil.copy(tmp_path / "copy.sqlite", tmp_path / "copy2.sqlite")
    with Archive(tmp_path / "copy2.sqlite") as a:  # the copy upgrades like the original
        assert a.doctor().healthy


def test_compact_backup_drops_the_space_an_upgrade_left(tmp_path):
    import gzip

    gz = Path(__file__).resolve().parent / "data" / "v2.sql.gz"
    old = tmp_path / "old.sqlite"
    conn = sqlite3.connect(old)
    conn.executescript(gzip.decompress(gz.read_bytes()).decode("utf-8"))
    conn.close()
    with Archive(old) as a:  # upgraded: the old tables' pages are free now
        report = a.doctor()
        assert report.healthy and report.free_bytes > 0
        plain, compact = a.backup(tmp_path / "plain.sqlite"), a.backup(tmp_path / "compact.sqlite", compact=True)
        want = a.counts()
    assert compact.size < plain.size and compact.reports == plain.reports
    with Archive(tmp_path / "compact.sqlite", read_only=True) as b:
        assert b.counts() == want and b.doctor().healthy and b.doctor().free_bytes == 0
        assert b.journal_mode() == "delete"
