"""Looking after an archive file: ``doctor`` (is it sound?) and ``backup`` (a consistent copy, while in use)."""
from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xxgk.store.errors import ArchiveError
from xxgk.store.opening import filesystem_type
from xxgk.store.schema import LATEST

if TYPE_CHECKING:
    from xxgk.store.archive import Archive


@dataclass
class DoctorReport:
    """What ``doctor`` found. ``problems`` are lines a staff member can act on (empty: the archive is sound)."""

    path: str
    size: int  # bytes of the archive file and its -wal
    schema_version: int
    latest_schema: int
    journal_mode: str
    read_only: bool
    immutable: bool
    filesystem: str | None
    integrity: list[str]  # "ok", or SQLite's integrity_check lines
    counts: dict[str, int]
    needs_review: int
    orphans: dict[str, int] = field(default_factory=dict)  # table -> rows whose parent row is missing
    stale_counts: int = 0  # reports whose check counts disagree with their checks
    missing_rules: int = 0  # check sets naming a rule that is not there
    sources_without_report: int = 0
    texts_missing: int = 0  # reports whose text cannot be read back
    free_bytes: int = 0  # pages no table uses (left by an upgrade or deletions); ``backup --compact`` drops them
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not a problem

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"healthy": self.healthy}


def _size(path: Path) -> int:
    total = 0
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return total


def doctor(archive: Archive, *, quick: bool = False) -> DoctorReport:
    """Check the archive: SQLite's integrity check (``quick``: the faster ``quick_check``), the schema version,
    rows left without their report or rule, stored counts that disagree with the checks, texts that cannot be
    read back. Reads only; safe while others use the archive."""
    conn = archive.conn
    pragma = "quick_check" if quick else "integrity_check"
    integrity = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}(50)")]
    version = archive.schema_version()
    current = version == LATEST
    report = DoctorReport(
        path=str(archive.path), size=_size(archive.path), schema_version=version,
        latest_schema=LATEST, journal_mode=archive.journal_mode(), read_only=archive.read_only,
        immutable=archive.immutable, filesystem=filesystem_type(archive.path), integrity=integrity,
        counts=archive.counts() if current else {}, needs_review=archive.count_needing_review())
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    report.free_bytes = int(conn.execute("PRAGMA freelist_count").fetchone()[0]) * page_size
    if report.free_bytes > max(16 * 1024 * 1024, report.size // 4):
        report.notes.append(f"档案中有 {report.free_bytes / 1e6:.0f} MB 空闲空间（升级或删除后留下）：xxgk backup 新文件 "
                            "--compact 可得到不含空闲空间的副本")
    problems = report.problems
    if integrity != ["ok"]:
        problems.append(f"SQLite 完整性检查发现 {len(integrity)} 处问题（首条：{integrity[0]}）：请用备份恢复，或先 "
                        "xxgk backup 抢救一份副本")
    if not current:
        problems.append(f"档案结构是第 {version} 版，本程序是第 {LATEST} 版：先 xxgk backup 留一份副本，再不带 "
                        "--read-only 打开一次即可升级")
        return report
    for table, _rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        key = f"{table} → {parent}"
        report.orphans[key] = report.orphans.get(key, 0) + 1
    for key, n in report.orphans.items():
        problems.append(f"{n} 行 {key.split(' → ')[0]} 找不到所属的 {key.split(' → ')[1]}（孤立行）")
    report.stale_counts = int(conn.execute(
        """SELECT count(*) FROM reports r LEFT JOIN (
               SELECT report_id, sum(n_pass) p, sum(n_fail) f, sum(n_strict_fail) s, sum(n_warn) w,
                      sum(n_incomplete) i FROM check_packs GROUP BY report_id) c ON c.report_id = r.id
           WHERE (r.n_pass, r.n_fail, r.n_strict_fail, r.n_warn, r.n_incomplete)
                 IS NOT (ifnull(c.p, 0), ifnull(c.f, 0), ifnull(c.s, 0), ifnull(c.w, 0), ifnull(c.i, 0))"""
    ).fetchone()[0])
    if report.stale_counts:
        problems.append(f"{report.stale_counts} 份报告的核对计数与核对结果不一致")
    rules = {r[0] for r in conn.execute("SELECT id FROM check_rules")}
    report.missing_rules = sum(1 for (ids,) in conn.execute("SELECT rule_ids FROM check_sets")
                               if ids and any(int(i) not in rules for i in ids.split(",")))
    if report.missing_rules:
        problems.append(f"{report.missing_rules} 组核对引用了不存在的核对规则")
    report.sources_without_report = int(conn.execute(
        "SELECT count(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.sha256 = s.sha256)"
    ).fetchone()[0])
    if report.sources_without_report:
        problems.append(f"{report.sources_without_report} 份原文件没有对应的报告（孤立行）")
    report.texts_missing = int(conn.execute(
        "SELECT count(*) FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_texts t WHERE t.report_id = r.id) "
        "OR EXISTS (SELECT 1 FROM report_texts t WHERE t.report_id = r.id AND t.codec = 'source' "
        "AND NOT EXISTS (SELECT 1 FROM sources s WHERE s.sha256 = r.sha256))").fetchone()[0])
    if report.texts_missing:
        problems.append(f"{report.texts_missing} 份报告的全文无法读出")
    return report


@dataclass
class BackupResult:
    path: str
    size: int
    reports: int
    immutable: bool  # the archive could only be read as it is on disk: changes still in its -wal are not in it

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _vacuum_into(conn: sqlite3.Connection, part: Path) -> None:
    """``VACUUM INTO`` from a read-only archive too (``xxgk backup`` opens it so): ``query_only`` refuses it
    ("attempt to write a readonly database") although only the new file is written."""
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    if query_only:
        conn.execute("PRAGMA query_only = OFF")
    try:
        conn.execute("VACUUM INTO ?", (str(part),))
    finally:
        if query_only:
            conn.execute("PRAGMA query_only = ON")


def backup(archive: Archive, target: str | os.PathLike[str], *, overwrite: bool = False,
           compact: bool = False) -> BackupResult:
    """Copy the archive to ``target`` with SQLite's online backup: a consistent snapshot, taken while other
    programs go on reading and writing (WAL: the copy is read in one read transaction, writers are not
    blocked). The copy is checked, switched to a rollback journal (so it opens read-only anywhere, also from
    a read-only share, without -wal/-shm files), and only then moved into place: ``target`` is never
    left half-written. ``compact`` writes it with ``VACUUM INTO`` instead (the same snapshot, without the
    free pages an upgrade leaves; slower)."""
    target = Path(target)
    if target.exists():
        try:
            same = target.resolve() == archive.path.resolve() or os.path.samefile(target, archive.path)
        except OSError:
            same = False
        if same:
            raise ArchiveError(f"{target}: 这就是档案本身，不能备份到自己")
        if not overwrite:
            raise ArchiveError(f"{target}: 文件已存在；换一个文件名，或加 --force 覆盖")
        if target.is_dir():
            raise ArchiveError(f"{target}: 是一个文件夹；请给出备份文件的完整路径")
        if not target.is_file():  # replaced, a device node (/dev/null, as root) or a FIFO would be gone
            raise ArchiveError(f"{target}: 不是普通文件（设备、管道或套接字），不能用备份替换它")
    if not target.parent.is_dir():
        raise ArchiveError(f"{target.parent}: 文件夹不存在")
    part = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        if compact:
            _vacuum_into(archive.conn, part)
        dest = sqlite3.connect(part, isolation_level=None)
        try:
            if not compact:
                archive.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            check = dest.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise ArchiveError(f"{target}: 备份副本检查未通过（{check}）：档案可能已损坏，请运行 xxgk doctor")
            reports = int(dest.execute("SELECT count(*) FROM reports").fetchone()[0])
        finally:
            dest.close()
        with open(part, "rb") as f:
            os.fsync(f.fileno())
        os.replace(part, target)
    except sqlite3.Error as exc:
        full = "database or disk is full" in str(exc)
        raise ArchiveError(f"{target}: 备份失败（{'磁盘已满' if full else exc}）") from None
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        raise ArchiveError(f"{target}: 备份失败（{'磁盘已满' if full else exc.strerror or exc}）") from None
    finally:
        for leftover in (part, part.with_name(part.name + "-journal")):
            try:
                leftover.unlink()
            except OSError:
                pass
    return BackupResult(path=str(target), size=target.stat().st_size, reports=reports, immutable=archive.immutable)
