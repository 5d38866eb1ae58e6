"""The SQLite archive of parsed reports: every SQL statement of the project lives in ``store/``.

One ``Archive`` is one connection: open one per thread (``Archive(path)`` is cheap — it only checks
the schema version). Writes take ``BEGIN IMMEDIATE``; ``save_reports`` is one transaction per input file,
``batch()`` one transaction over many files with a savepoint per file (each file still all or nothing).
Readers never block writers (WAL). ``store.codec`` describes the compact layout; ``store.opening`` how
read-only and shared archives are opened.
"""
from __future__ import annotations

import os
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count, repeat
from operator import itemgetter
from pathlib import Path, PurePath, PureWindowsPath
from typing import TYPE_CHECKING, Any

from xxgk.domain.names import clean_name
from xxgk.store.codec import PreparedChecks, PreparedFile, PreparedReport, prepare_checks, prepare_file
from xxgk.store.errors import ArchiveError, ReadOnlyError, SchemaError
from xxgk.store.hierarchy import HierarchyStore
from xxgk.store.interning import Interner
from xxgk.store.models import ReportRow, SaveResult, SaveStatus, utc_now
from xxgk.store.opening import check_archive_file, connect_read_only, connect_read_write, ensure_wal
from xxgk.store.schema import LATEST, MIGRATIONS
from xxgk.store.search import SearchStore
from xxgk.store.settings import ArchiveSettings
from xxgk.store.verdicts import VerdictStore

if TYPE_CHECKING:  # the write path's and the maintenance's modules are imported where they are used: a
    # reader (the app's first screen, a read command) never pays for them (bench/bench_tui.py)
    from xxgk.domain.model import Number, ParsedReport
    from xxgk.store.batch import Batch
    from xxgk.store.codec import ValueRow
    from xxgk.store.maintenance import BackupResult, DoctorReport

_KNOWN_COLUMNS = ("r.id, r.needs_review, r.agency_id, a.name, r.year, r.version, r.superseded_by, r.source_name, "
                  "r.part, r.withdrawn_at")
_KEY, _RAW, _VALUE, _WHERE, _NOTE = itemgetter(0), itemgetter(4), itemgetter(5), itemgetter(6), itemgetter(7)  # of a ValueRow
_VALUES_CACHE = 512  # value maps of recently saved or read reports, for the cross-year identities


def _now() -> str:
    """The archive's clock (one place, so tests can fix it)."""
    return utc_now()


def _source_name(file: str) -> str:
    name = file.rpartition("/")[2]
    if os.sep != "/" or name in ("", "."):  # what PurePath(file).name is, without making a path (POSIX)
        name = PurePath(file).name
    return PureWindowsPath(name).name if "\\" in name else name


@dataclass
class _Stored:
    """An archived report as the cross-year identities read it (``domain.model.ReportLike``)."""

    year: int | None
    template: str | None
    values: dict[str, Number | None]

    def value_map(self) -> dict[str, Number | None]:
        return self.values


class Archive(VerdictStore, ArchiveSettings, SearchStore, HierarchyStore):
    """An xxgk archive file. ``Archive(path, read_only=True)`` never writes and refuses to.

    ``immutable`` is True when a read-only archive could only be opened ``immutable=1`` (see
    ``store.opening``: such a reader does not see what others write while it is open).
    """

    def __init__(self, path: str | Path, read_only: bool = False, *, accept_old_schema: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.immutable = False
        # read-only only: open an archive that needs upgrading anyway (doctor and backup look at it as it is)
        self._accept_old = accept_old_schema and read_only
        check_archive_file(self.path)
        if read_only:
            if not self.path.exists():
                raise ArchiveError(f"{self.path}: 这里没有档案（请先不带 --read-only 导入报告）")
            conn, self.immutable = connect_read_only(self.path)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ArchiveError(f"{self.path}: 无法创建档案所在的文件夹（{exc.strerror}）") from None
            conn = connect_read_write(self.path)
        self.conn = conn
        self._interner = Interner(conn)
        # report id -> (template, values): its value map, or the rows of a report saved here (made a map when read)
        self._values: OrderedDict[int, tuple[str | None, dict[str, Number | None] | list[ValueRow]]] = OrderedDict()
        self._next_id: int | None = None
        self._agency_cache: dict[str, int | None] = {}
        self._canonical_names: dict[int, str] = {}  # agency id -> its name, this transaction (names never change)
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            if read_only:
                conn.execute("PRAGMA query_only = ON")
            else:
                ensure_wal(conn, self.path)
                conn.execute("PRAGMA synchronous = NORMAL")
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise SchemaError(f"{self.path}: 不是 xxgk 档案，或档案已损坏（{exc}）") from None
            raise
        except BaseException:
            conn.close()
            raise

    # -- housekeeping -------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def schema_version(self) -> int:
        if "schema_version" not in self._table_names():
            return 0
        return int(self.conn.execute("SELECT ifnull(max(version), 0) FROM schema_version").fetchone()[0])

    def journal_mode(self) -> str:
        return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0])

    def _schema_state(self) -> tuple[set[str], int]:
        """The tables and the schema version, read in one snapshot (another program may be creating them)."""
        own = not self.conn.in_transaction
        if own:
            self.conn.execute("BEGIN")
        try:
            names = set(self._table_names())
            version = self.schema_version() if "schema_version" in names else 0
        finally:
            if own:
                self.conn.execute("COMMIT")
        return names, version

    def _ensure_schema(self) -> None:
        names, version = self._schema_state()
        if version == LATEST:
            return
        self._check_version(names, version)
        if self.read_only and self._accept_old and version >= 1:
            return
        if self.read_only and not names:
            raise SchemaError(f"{self.path}: 档案是空的（创建时被中断，或还没有导入过报告）：不带 --read-only 导入即可")
        if self.read_only:
            raise SchemaError(f"{self.path}: 档案需要升级：请先不带 --read-only 打开一次")
        self._begin()
        try:
            names, version = self._schema_state()  # again, under the write lock: another program may have won
            if version != LATEST:
                self._check_version(names, version)
                self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                                  "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
                for number in range(version + 1, LATEST + 1):
                    for step in MIGRATIONS[number - 1]:
                        if callable(step):
                            step(self.conn)
                        else:
                            self.conn.execute(step)
                    self.conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                                      (number, _now()))
                problems = self.conn.execute("PRAGMA foreign_key_check").fetchmany(1)
                if problems:
                    raise SchemaError(f"{self.path}: 升级会使一些行失去所属的报告（{problems[0][0]}）；未作任何改动")
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise
        self._interner.committed()

    def _check_version(self, names: set[str], version: int) -> None:
        if version > LATEST:
            raise SchemaError(f"{self.path}: 由更新版本的 xxgk 写入（档案结构第 {version} 版，本程序只支持到第 {LATEST} 版）")
        if version == 0 and names - {"schema_version"}:
            raise SchemaError(f"{self.path}: 是 SQLite 文件，但不是 xxgk 档案")

    def _begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")
        self._next_id = None
        self._agency_cache.clear()
        self._canonical_names.clear()
        self._forget_lines()

    def _rollback(self, mark: int = 0) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self._forget_lines()
        self._forget(mark)

    def _forget(self, mark: int = 0) -> None:
        """Forget what the rolled-back part wrote: cached ids, value maps, the next report id."""
        self._interner.forget_since(mark)
        self._forget_texts()
        self._values.clear()
        self._next_id = None
        self._agency_cache.clear()
        self._canonical_names.clear()  # a rolled-back agency's id may be reused

    @contextmanager
    def _write(self, bump: bool = True) -> Iterator[None]:
        """One write transaction; everything inside rolls back together on any exception. Inside a
        running transaction (a batch) it is a savepoint: all or nothing on its own, the batch goes on."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: 档案以只读方式（--read-only）打开，未作任何改动")
        if self.conn.in_transaction:
            with self._savepoint():
                yield
            return
        mark = self._interner.mark()
        self._begin()
        before = self.conn.total_changes
        try:
            yield
            self._index_lines()
            if bump and self.conn.total_changes != before:  # "unchanged" saves leave data_version alone
                self.conn.execute("UPDATE archive_meta SET value = value + 1 WHERE key = 'generation'")
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback(mark)
            raise
        self._interner.committed()
        self._agency_cache.clear()

    @contextmanager
    def _savepoint(self) -> Iterator[None]:
        mark = self._interner.mark()
        self.conn.execute("SAVEPOINT file")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO file")
                self.conn.execute("RELEASE file")
            self._forget(mark)
            raise
        self.conn.execute("RELEASE file")

    def batch(self) -> Batch:
        """One write transaction over many files (``Batch.save`` each, ``Batch.commit`` now and then)."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: 档案以只读方式（--read-only）打开，未作任何改动")
        from xxgk.store.batch import Batch

        return Batch(self)

    def _clock(self) -> str:
        return _now()

    # -- looking after the file ---------------------------------------------------------------------

    def doctor(self, *, quick: bool = False) -> DoctorReport:
        """Is the archive sound? (``store.maintenance.doctor``)"""
        from xxgk.store.maintenance import doctor

        return doctor(self, quick=quick)

    def backup(self, target: str | os.PathLike[str], *, overwrite: bool = False,
               compact: bool = False) -> BackupResult:
        """A consistent copy of the archive at ``target``, safe while others use it (``store.maintenance``)."""
        from xxgk.store.maintenance import backup

        return backup(self, target, overwrite=overwrite, compact=compact)

    # -- writes -------------------------------------------------------------------------------------

    def save_report(self, parsed: ParsedReport, source: bytes | None = None) -> SaveResult:
        """Archive one parsed report in its own transaction (see ``save_reports``)."""
        return self.save_reports([parsed], source)[0]

    def save_reports(self, reports: Sequence[ParsedReport], source: bytes | None = None) -> list[SaveResult]:
        """Archive the reports of ONE input file in ONE transaction: all of them or, on any error, none.

        ``source`` is the file's bytes (kept compressed, for ``xxgk reparse``). Per report: ``unchanged``
        when the same bytes (sha256 and workbook part) or the same text in another encoding or with other
        line endings are already archived; ``needs_review`` when the agency or the year is missing (stored,
        flagged, never guessed); ``new_version`` when the agency already has a report for that year (the
        older one is kept and marked superseded); ``imported`` otherwise. Cross-year identities of the
        neighbouring years are recomputed. Refused (``ArchiveError``, nothing stored): identical content
        filed under another agency or year than ``--agency``/``--year`` say, and a report without a
        recognised statistics table that would replace a full one.
        """
        if not reports:
            return []
        return self.save_file(prepare_file(reports[0].file, reports, source))

    def save_file(self, file: PreparedFile) -> list[SaveResult]:
        """``save_reports`` for a file prepared by ``store.codec.prepare_file`` (in a worker process)."""
        with self._write():
            return self._save_file(file)

    def _save_file(self, file: PreparedFile) -> list[SaveResult]:
        now = _now()
        self._forget_pending()  # what a failed save before this one left
        results = [self._save_one(r, now) for r in file.reports]
        if file.source is not None and any(r.status != "unchanged" for r in results):
            self.conn.execute("INSERT OR IGNORE INTO sources (sha256, size, codec, data) VALUES (?, ?, ?, ?)",
                              file.source)
        self._index_pending()
        return results

    def known_file(self, sha256: str, agency: str | None = None, year: int | None = None) -> list[SaveResult] | None:
        """What saving a file with these bytes would say, without parsing it: ``unchanged`` for each of its
        reports already archived, or None when the file must be parsed (new bytes, or a report waiting for
        review that ``agency``/``year`` may now file). Raises ``ArchiveError`` when ``agency``/``year``
        contradict how the archived copy is filed. One indexed query (a re-import is mostly this)."""
        rows = self.conn.execute(
            f"SELECT {_KNOWN_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
            "WHERE r.id IN (SELECT max(id) FROM reports WHERE sha256 = ? GROUP BY ifnull(part, '')) ORDER BY r.id",
            (sha256,)).fetchall()
        if not rows:
            return None
        if any(r[1] for r in rows) and (agency or year):
            return None
        return [self._unchanged(r, agency, year, same_content=False) for r in rows]

    def _already(self, report_id: int, agency: str | None, year: int | None, *, same_content: bool) -> SaveResult:
        """``unchanged`` for a report already archived, after checking ``--agency``/``--year`` agree with it."""
        row = self.conn.execute(f"SELECT {_KNOWN_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
                                "WHERE r.id = ?", (report_id,)).fetchone()
        return self._unchanged(row, agency, year, same_content=same_content)

    def _unchanged(self, row: Sequence[Any], agency: str | None, year: int | None, *, same_content: bool
                   ) -> SaveResult:
        (report_id, needs_review, agency_id, name, filed_year, version, superseded_by, source_name, part,
         withdrawn_at) = row
        if not needs_review:
            if agency and clean_name(agency) and self._lookup_agency(agency) != agency_id:
                raise ArchiveError(f"这份文件已存档为报告 #{report_id}（{name} {filed_year}），与 --agency “{agency}”"
                                   f"不符：未作改动。要改归属请用：xxgk assign {report_id} --agency 机关 --year 年度")
            if year is not None and int(year) != filed_year:
                raise ArchiveError(f"这份文件已存档为报告 #{report_id}（{name} {filed_year}），与 --year {year} "
                                   f"不符：未作改动。要改年度请用：xxgk assign {report_id} --agency 机关 --year 年度")
        if needs_review:
            where = "待审核（xxgk assign）"
        else:
            where = f"{name or '无机关'} {filed_year or '无年度'} 第 {version} 版"
            if withdrawn_at is not None:
                where += "，已撤回；要重新归档：xxgk assign"
            elif superseded_by is not None:
                where += "，已被取代"
        message = f"已存档为报告 #{report_id}（{where}）"
        if same_content:
            message += "；内容相同，只是编码或换行不同"
        return SaveResult("unchanged", report_id, message, agency=name, year=filed_year, source_name=source_name,
                          part=part, version=version)

    def _same_content(self, rep: PreparedReport) -> tuple[Any, Any]:
        """(id, needs_review) of an archived report with the same text (another encoding or line endings) that
        this one would be filed with, or (None, None). Identical text read as another agency or year (only a
        caller that changes the parsed report does that) is a report of its own; ``--agency``/``--year``
        that contradict it are refused by ``_already``."""
        row = self.conn.execute("SELECT id, needs_review, agency_id, year FROM reports WHERE content_sha = ? "
                                "ORDER BY id DESC LIMIT 1", (rep.content_sha,)).fetchone()
        if row is None:
            return None, None
        given = rep.agency_source == "--agency" or rep.year_source == "--year"
        if row[1] or rep.needs_review or given:
            return row[0], row[1]
        if rep.year == row[3] and self._lookup_agency(rep.agency or "") == row[2]:
            return row[0], row[1]
        return None, None

    def _next_report_id(self) -> int:
        if self._next_id is None:
            self._next_id = int(self._scalar("SELECT ifnull(max(id), 0) FROM reports")) + 1
        report_id = self._next_id
        self._next_id += 1
        return report_id

    def _save_one(self, rep: PreparedReport, now: str) -> SaveResult:
        name = _source_name(rep.file)
        given_agency = rep.agency if rep.agency_source == "--agency" else None
        given_year = rep.year if rep.year_source == "--year" else None
        found = self.conn.execute("SELECT max(id), needs_review FROM reports WHERE sha256 = ? AND part IS ?",
                                  (rep.sha256, rep.part)).fetchone()
        same_content = False
        if found[0] is None:
            found = self._same_content(rep)
            same_content = True
        if found[0] is not None:
            old_id, old_review = found
            if old_review and not rep.needs_review:
                # the same file again, now with the agency and year it lacked: resolve the waiting report
                return self._assign(old_id, rep.agency, rep.year, agency_source=rep.agency_source,
                                    year_source=rep.year_source)
            return self._already(old_id, given_agency, given_year, same_content=same_content)

        return self._file_new(rep, now, name=name)

    def _file_new(self, rep: PreparedReport, now: str, *, name: str, reparsed_from: int | None = None,
                  filing: tuple[int, str, int, str | None, str | None] | None = None) -> SaveResult:
        """Insert ``rep`` as a new report: filed under its agency and year (a new version when that year has one),
        or waiting for review. ``filing`` (agency id, name, year, agency_source, year_source) files it where
        an older reading of the same file was filed (``save_reparsed``)."""
        agency_id: int | None = None
        agency: str | None = None
        year = rep.year
        agency_source, year_source = rep.agency_source, rep.year_source
        if filing is not None:
            agency_id, agency, year, agency_source, year_source = filing
        elif not rep.needs_review:
            agency_id, agency = self._resolve_agency(rep.agency or "")
            self._record_aliases(agency_id, agency, rep.agency_aliases)
        report_id = self._next_report_id()
        version = 1
        status: SaveStatus = "imported" if agency_id is not None else "needs_review"
        message = "新导入"
        near: list[Any] | None = None  # the agency's reports of year-1..year+1 (id, year, superseded_by, template)
        if agency_id is not None:
            # one query for both the current version of this year and the cross-year step's neighbours
            near = [] if year is None else self.conn.execute(
                "SELECT id, year, superseded_by, template FROM reports WHERE agency_id = ? AND year BETWEEN ? AND ?",
                (agency_id, year - 1, year + 1)).fetchall()
            current = next(((r[0], r[3]) for r in near if r[1] == year and r[2] is None), None)
            if current is not None:
                if rep.template is None and current[1] is not None and reparsed_from is None:
                    raise ArchiveError(
                        f"没有识别出统计表的格式（只读到 {len(rep.values)} 个数值），不会取代已存档的完整报告 "
                        f"#{current[0]}（{agency} {year}）；如果这份文件才是正确的报告，请先撤回 #{current[0]} 再导入")
                version = int(self._scalar("SELECT max(version) FROM reports WHERE agency_id = ? AND year = ?",
                                           (agency_id, year))) + 1
                # superseded_by is a deferred foreign key: point the old version at the id about to be used
                self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (report_id, current[0]))
                near = [(r[0], r[1], report_id, r[3]) if r[0] == current[0] else r for r in near]
                status = "new_version"
                message = f"第 {version} 版，取代报告 #{current[0]}（旧版保留）"
        else:
            missing = [w for w, v in (("机关", clean_name(rep.agency or "")), ("年度", rep.year)) if not v]
            message = f"文中没有{'和'.join(missing)}：已存入待审核（xxgk assign {report_id} --agency 机关 --year 年度）"

        n_pass, n_fail, n_strict, n_warn, n_incomplete = rep.checks.counts
        self.conn.execute(
            """INSERT INTO reports (id, agency_id, agency_name, year, version, template, source_name, source_path,
                   sha256, part, format, encoding, imported_at, needs_review, agency_source, year_source,
                   scope, table_templates, n_values, n_pass, n_fail, n_strict_fail, n_warn, n_incomplete,
                   content_sha, reparsed_from)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (report_id, agency_id, rep.agency, year, version, rep.template, name, rep.file, rep.sha256, rep.part,
             rep.format, rep.encoding, now, int(agency_id is None), agency_source, year_source, rep.scope,
             rep.table_templates, len(rep.values), n_pass, n_fail, n_strict, n_warn, n_incomplete,
             rep.content_sha, reparsed_from))
        self._insert_body(report_id, rep)
        self._insert_checks(report_id, None, rep.checks)
        self._remember_values(report_id, rep.template, rep.values)
        if near is not None and agency_id is not None and year is not None:
            near.append((report_id, year, None, rep.template))  # as the query would read them now
            self._recompute_cross_year(agency_id, int(year), new_id=report_id, rows=near)
        return SaveResult(status, report_id, message, agency=agency, year=year, source_name=name,
                          part=rep.part, version=version)

    def save_reparsed(self, old_id: int, rep: PreparedReport) -> SaveResult:
        """Record ``rep`` — the same file read again by today's importers (``xxgk reparse``) — as a new version
        of report ``old_id``: filed where the old one is filed (its agency and year, as found or as assigned),
        current from now on, the old one kept as the older version. A report that was waiting for review is
        filed if the new reading finds its agency and year, else waits on as the new report (the old one is
        marked superseded by it)."""
        with self._write():
            old = self.report(old_id)
            filing = None
            if not old.needs_review and old.agency_id is not None and old.year is not None:
                filing = (old.agency_id, str(old.agency), old.year, old.agency_source, old.year_source)
            result = self._file_new(rep, _now(), name=old.source_name, reparsed_from=old.id, filing=filing)
            if filing is None:
                self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (result.report_id, old.id))
            return result

    def _insert_body(self, report_id: int, rep: PreparedReport) -> None:
        """The report's text, values and warnings."""
        self.conn.execute("INSERT INTO report_texts (report_id, codec, data) VALUES (?, ?, ?)",
                          (report_id, rep.text_codec, rep.text_data))
        self._index_report(report_id, rep)
        values = rep.values
        ids = self._interner.label_ids(rep.labels_key, values)
        if len(ids) != len(values):
            raise ValueError(f"{len(ids)} label ids for {len(values)} values")
        # the rows made by iterators in C (no Python frame a value): a report has some 165
        self.conn.executemany(
            'INSERT INTO report_values (report_id, ord, label_id, raw, value, "where", note) '
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            zip(repeat(report_id), count(), ids, map(_RAW, values), map(_VALUE, values), map(_WHERE, values),
                map(_NOTE, values)))
        if rep.warnings:
            self.conn.executemany('INSERT INTO warnings (report_id, ord, message, "where") VALUES (?, ?, ?, ?)',
                                  [(report_id, i, m, w) for i, (m, w) in enumerate(rep.warnings)])

    def _insert_checks(self, report_id: int, other_id: int | None, checks: PreparedChecks) -> None:
        """One group of checks: its pack (rules, counts, passes) and a row per check that does not pass."""
        if checks.rules_key == "[]":
            return
        set_id = self._interner.set_id(checks.rules_key)
        self.conn.execute("INSERT INTO check_packs (report_id, other_report_id, set_id, n_pass, n_fail, "
                          "n_strict_fail, n_warn, n_incomplete, passes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          (report_id, other_id, set_id, *checks.counts, checks.passes))
        if checks.failing:
            rule_ids = self._interner.set_rule_ids(set_id)
            self.conn.executemany(
                "INSERT INTO checks (report_id, other_report_id, ord, rule_id, status, message, inputs, expected, "
                "actual, difference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(report_id, other_id, f[0], rule_ids[f[0]], *f[1:]) for f in checks.failing])

    def _remember_values(self, report_id: int, template: str | None,
                         values: dict[str, Number | None] | list[ValueRow]) -> None:
        """Keep a report's values for the cross-year step: a saved report's rows, made a map when first read."""
        self._values[report_id] = (template, values)
        self._values.move_to_end(report_id)
        while len(self._values) > _VALUES_CACHE:
            self._values.popitem(last=False)

    def _stored(self, report_id: int, year: int | None, template: str | None) -> _Stored:
        cached = self._values.get(report_id)
        if cached is None:
            values = dict(self.conn.execute(
                "SELECT l.key, v.value FROM report_values v JOIN value_labels l ON l.id = v.label_id "
                "WHERE v.report_id = ? ORDER BY v.ord", (report_id,)).fetchall())
            self._remember_values(report_id, template, values)
            return _Stored(year=year, template=template, values=values)
        template, kept = cached
        if isinstance(kept, list):  # the rows of a report saved in this session: its map, made once
            kept = dict(zip(map(_KEY, kept), map(_VALUE, kept), strict=True))
            self._values[report_id] = (template, kept)
        return _Stored(year=year, template=template, values=kept)

    def _drop_cross(self, where: str, params: Sequence[Any]) -> set[int]:
        """Delete the cross-year groups matching ``where``; the reports whose counts need recounting."""
        touched = {r[0] for r in self.conn.execute(
            f"SELECT report_id FROM check_packs WHERE other_report_id IS NOT NULL AND ({where})", params)}
        if touched:
            self.conn.execute(f"DELETE FROM check_packs WHERE other_report_id IS NOT NULL AND ({where})", params)
            self.conn.execute(f"DELETE FROM checks WHERE other_report_id IS NOT NULL AND ({where})", params)
        return touched

    def _recompute_cross_year(self, agency_id: int, year: int, new_id: int | None = None,
                              rows: Sequence[Sequence[Any]] | None = None) -> None:
        """Cross-year identities for (year-1, year) and (year, year+1) of one agency, current versions only.
        ``rows``: the agency's reports of those years (id, year, superseded_by, template) as they are now, when
        the caller (saving report ``new_id``) has them."""
        if rows is None:
            rows = self.conn.execute("SELECT id, year, superseded_by, template FROM reports WHERE agency_id = ? "
                                     "AND year BETWEEN ? AND ?", (agency_id, year - 1, year + 1)).fetchall()
        if len(rows) == 1 and rows[0][0] == new_id:
            return  # a first report of its agency near this year: no pair, nothing stale
        group_ids = [r[0] for r in rows if r[1] in (year, year + 1)]
        touched = set()
        if group_ids and group_ids != [new_id]:  # a report saved just now has no cross-year groups yet
            marks = ",".join("?" * len(group_ids))
            touched = self._drop_cross(f"report_id IN ({marks})", group_ids)
        current = {r[1]: r for r in rows if r[2] is None}
        for prev_year in (year - 1, year):
            prev, cur = current.get(prev_year), current.get(prev_year + 1)
            if prev is None or cur is None:
                continue
            from xxgk.domain.identities import check_cross_year  # the write path's: not imported by readers

            results = check_cross_year(self._stored(prev[0], prev[1], prev[3]), self._stored(cur[0], cur[1], cur[3]))
            if results:
                self._insert_checks(cur[0], prev[0], prepare_checks(results))
                touched.add(cur[0])
        self._recount(touched)

    def _recount(self, report_ids: Iterable[int]) -> None:
        ids = sorted(set(report_ids))
        if not ids:
            return
        self.conn.execute(
            f"""UPDATE reports SET (n_pass, n_fail, n_strict_fail, n_warn, n_incomplete) =
                  (SELECT ifnull(sum(n_pass), 0), ifnull(sum(n_fail), 0), ifnull(sum(n_strict_fail), 0),
                          ifnull(sum(n_warn), 0), ifnull(sum(n_incomplete), 0)
                   FROM check_packs p WHERE p.report_id = reports.id)
                WHERE id IN ({','.join('?' * len(ids))})""", ids)

    def assign(self, report_id: int, agency: str, year: int) -> SaveResult:
        """Give a report (usually one waiting for review) its agency and year; versioning then applies
        as if it had been imported now with those values."""
        with self._write():
            return self._assign(report_id, agency, year, agency_source="assigned", year_source="assigned")

    def _assign(self, report_id: int, agency: str | None, year: int | None, *, agency_source: str | None,
                year_source: str | None) -> SaveResult:
        if not agency or not clean_name(agency):
            raise ArchiveError("需要机关名称")
        if year is None or not 1900 <= int(year) <= 2200:
            raise ArchiveError(f"“{year}”不是有效的报告年度")
        year = int(year)
        row = self.report(report_id)
        agency_id, agency_name = self._resolve_agency(agency)
        if not row.needs_review and not row.withdrawn and row.agency_id == agency_id and row.year == year:
            return SaveResult("unchanged", row.id, f"报告 #{row.id} 已归入 {agency_name} {year}",
                              agency=agency_name, year=year, source_name=row.source_name, part=row.part,
                              version=row.version)
        old_group = (row.agency_id, row.year) if not row.needs_review else None
        # leave the old group: cross-year groups that mention this report go, the group is relinked; filing
        # a withdrawn report again ends its withdrawal
        touched = self._drop_cross("report_id = ? OR other_report_id = ?", (report_id, report_id))
        self.conn.execute("UPDATE reports SET agency_id = NULL, year = NULL, superseded_by = NULL, "
                          "withdrawn_at = NULL, withdrawn_reason = NULL, withdrawn_by = NULL WHERE id = ?",
                          (report_id,))
        if old_group is not None and old_group[0] is not None and old_group[1] is not None:
            self._relink(old_group[0], old_group[1])
        current = self._scalar("SELECT id FROM reports WHERE agency_id = ? AND year = ? AND superseded_by IS NULL",
                               (agency_id, year))
        version = int(self._scalar("SELECT ifnull(max(version), 0) FROM reports WHERE agency_id = ? AND year = ?",
                                   (agency_id, year))) + 1
        if current is not None:
            self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (report_id, current))
        self.conn.execute(
            "UPDATE reports SET agency_id = ?, year = ?, version = ?, needs_review = 0, agency_source = ?, "
            "year_source = ? WHERE id = ?",
            (agency_id, year, version, agency_source, year_source, report_id))
        self._recount(touched)
        if old_group is not None and old_group[0] is not None and old_group[1] is not None:
            self._recompute_cross_year(old_group[0], old_group[1])
        self._recompute_cross_year(agency_id, year)
        status: SaveStatus = "new_version" if current is not None else "imported"
        if current is not None:
            message = f"第 {version} 版，取代报告 #{current}（旧版保留）"
        else:
            message = f"已归入 {agency_name} {year}"
        if row.withdrawn:
            message += "；撤回已取消"
        return SaveResult(status, report_id, message, agency=agency_name, year=year, source_name=row.source_name,
                          part=row.part, version=version)

    def _relink(self, agency_id: int, year: int) -> None:
        """Renumber the versions of one agency and year 1..n and chain ``superseded_by`` through those not
        withdrawn (the last of them is current; a withdrawn one keeps pointing at itself)."""
        rows = self.conn.execute("SELECT id, withdrawn_at IS NOT NULL FROM reports WHERE agency_id = ? AND year = ? "
                                 "ORDER BY version, id", (agency_id, year)).fetchall()
        for n, (rid, _) in enumerate(rows, start=1):
            self.conn.execute("UPDATE reports SET version = ? WHERE id = ?", (n, rid))
        active = [rid for rid, withdrawn in rows if not withdrawn]
        for rid, nxt in zip(active, active[1:], strict=False):
            self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (nxt, rid))
        if active:
            self.conn.execute("UPDATE reports SET superseded_by = NULL WHERE id = ?", (active[-1],))

    def withdraw(self, report_id: int, reason: str, by: str) -> ReportRow:
        """Withdraw a wrongly filed version: it leaves the overview, the counts and the checks (the latest
        version not withdrawn becomes current again, cross-year identities are recomputed) but stays in
        the history with when, why and by whom. Nothing is deleted."""
        reason = " ".join((reason or "").split())
        if not reason:
            raise ArchiveError("撤回需要写明理由（--reason）")
        with self._write():
            row = self.report(report_id)
            if row.withdrawn:
                raise ArchiveError(f"报告 #{row.id} 已于 {row.withdrawn_at} 撤回（{row.withdrawn_reason}）")
            touched = self._drop_cross("report_id = ? OR other_report_id = ?", (row.id, row.id))
            self.conn.execute("UPDATE reports SET withdrawn_at = ?, withdrawn_reason = ?, withdrawn_by = ?, "
                              "superseded_by = id, needs_review = 0 WHERE id = ?", (_now(), reason, by, row.id))
            self._recount(touched)
            if not row.needs_review and row.agency_id is not None and row.year is not None:
                self._relink(row.agency_id, row.year)
                self._recompute_cross_year(row.agency_id, row.year)
        return self.report(report_id)
