"""The SQLite archive of parsed reports: every SQL statement of the project lives in ``store/``.

One ``Archive`` is one connection: open one per thread (``Archive(path)`` is cheap — it only checks
the schema version). Writes take ``BEGIN IMMEDIATE`` and are one transaction per input file; readers
never block writers (WAL).
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath, PureWindowsPath

from xxgk.domain.identities import check_cross_year
from xxgk.domain.model import CheckResult, Number, ParsedReport, ParseWarning, Value
from xxgk.domain.names import clean_name, pick_agency
from xxgk.store.errors import ArchiveError, NotFound, ReadOnlyError, SchemaError
from xxgk.store.models import (
    AgencyInfo,
    CrossYearCheck,
    Failure,
    Grid,
    GridCell,
    GridRow,
    ReportDetail,
    ReportRow,
    SaveResult,
    SaveStatus,
)
from xxgk.store.schema import LATEST, MIGRATIONS

_REPORT_COLUMNS = (
    "r.id, r.agency_id, a.name AS agency, r.agency_name, r.year, r.version, r.template, r.source_name, "
    "r.source_path, r.sha256, r.part, r.format, r.encoding, r.imported_at, r.needs_review, r.superseded_by, "
    "r.agency_source, r.year_source, r.scope, r.table_templates, r.n_values, r.n_pass, r.n_fail, "
    "r.n_strict_fail, r.n_warn, r.n_incomplete"
)
_CHECK_COLUMNS = ("rule, scope, status, strict, message, title, formula, keys, inputs, expected, actual, "
                  "difference")
_C_CHECK_COLUMNS = ", ".join("c." + col.strip() for col in _CHECK_COLUMNS.split(","))


def _compact_json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _source_name(file: str) -> str:
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


def _row_to_report(row: dict) -> ReportRow:
    row = dict(row)
    row["needs_review"] = bool(row["needs_review"])
    row["table_templates"] = json.loads(row["table_templates"] or "{}")
    return ReportRow(**row)


def _row_to_check(row: dict) -> CheckResult:
    return CheckResult(rule=row["rule"], status=row["status"], message=row["message"], keys=json.loads(row["keys"]),
                       title=row["title"], formula=row["formula"], strict=bool(row["strict"]), scope=row["scope"],
                       inputs=json.loads(row["inputs"]), expected=row["expected"], actual=row["actual"],
                       difference=row["difference"])


class Archive:
    """An xxgk archive file. ``Archive(path, read_only=True)`` never writes and refuses to."""

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            if not self.path.exists():
                raise ArchiveError(f"{self.path}: no archive here (import reports first, without --read-only)")
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ArchiveError(f"{self.path}: cannot create the archive folder ({exc.strerror})") from None
            conn = sqlite3.connect(str(self.path), isolation_level=None)
        self.conn = conn
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            if read_only:
                conn.execute("PRAGMA query_only = ON")
            else:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            conn.close()
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise SchemaError(f"{self.path}: not an xxgk archive, or a damaged one ({exc})") from None
            raise
        except BaseException:
            conn.close()
            raise

    # -- housekeeping -------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def schema_version(self) -> int:
        if "schema_version" not in self._table_names():
            return 0
        return self.conn.execute("SELECT ifnull(max(version), 0) FROM schema_version").fetchone()[0]

    def journal_mode(self) -> str:
        return self.conn.execute("PRAGMA journal_mode").fetchone()[0]

    def _ensure_schema(self) -> None:
        version = self.schema_version()
        if version == LATEST:
            return
        if version > LATEST:
            raise SchemaError(f"{self.path}: written by a newer xxgk (schema {version}, this one knows {LATEST})")
        if version == 0 and self._table_names():
            raise SchemaError(f"{self.path}: a SQLite file, but not an xxgk archive")
        if self.read_only:
            raise SchemaError(f"{self.path}: the archive needs upgrading; open it once without --read-only")
        with self._write(bump=False):
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version "
                              "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            version = self.schema_version()  # again, under the write lock: another process may have won
            for number in range(version + 1, LATEST + 1):
                for statement in MIGRATIONS[number - 1]:
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                                  (number, _now()))

    @contextmanager
    def _write(self, bump: bool = True) -> Iterator[None]:
        """One write transaction; everything inside rolls back together on any exception."""
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: the archive is open read-only; nothing was changed")
        if self.conn.in_transaction:  # nested: part of the caller's transaction
            yield
            return
        self.conn.execute("BEGIN IMMEDIATE")
        before = self.conn.total_changes
        try:
            yield
            if bump and self.conn.total_changes != before:  # "unchanged" saves leave data_version alone
                self.conn.execute("UPDATE archive_meta SET value = value + 1 WHERE key = 'generation'")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _query(self, sql: str, params: Sequence | dict = ()) -> list[dict]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence | dict = ()):
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- agencies -----------------------------------------------------------------------------------

    def _spellings(self, candidates: Iterable[int] | None = None) -> dict[int, list[str]]:
        where = ""
        params: list = []
        if candidates is not None:
            ids = list(candidates)
            if not ids:
                return {}
            where = f" WHERE id IN ({','.join('?' * len(ids))})"
            params = ids
        out: dict[int, list[str]] = {}
        for agency_id, name in self.conn.execute(f"SELECT id, name FROM agencies{where}", params):
            out.setdefault(agency_id, []).append(name)
        alias_where = where.replace("id IN", "agency_id IN")
        for agency_id, alias in self.conn.execute(f"SELECT agency_id, alias FROM agency_aliases{alias_where}",
                                                  params):
            out.setdefault(agency_id, []).append(alias)
        return out

    def _lookup_agency(self, name: str) -> int | None:
        """Exact name, then alias, then the prefix rule of ``domain.names``; None when unknown."""
        name = clean_name(name)
        if not name:
            return None
        found = self._scalar("SELECT id FROM agencies WHERE name = ?", (name,))
        if found is None:
            found = self._scalar("SELECT agency_id FROM agency_aliases WHERE alias = ?", (name,))
        if found is not None:
            return found
        # candidates: a spelling that ends with the name or that the name ends with (scan in C, rule in Python)
        suffix_sql = ("length({col}) != length(:n) AND (substr(:n, -length({col})) = {col} "
                      "OR substr({col}, -length(:n)) = :n)")
        ids = {r[0] for r in self.conn.execute(f"SELECT id FROM agencies WHERE {suffix_sql.format(col='name')}",
                                               {"n": name})}
        ids |= {r[0] for r in self.conn.execute(
            f"SELECT agency_id FROM agency_aliases WHERE {suffix_sql.format(col='alias')}", {"n": name})}
        if not ids:
            return None
        return pick_agency(name, self._spellings(ids))

    def _resolve_agency(self, name: str) -> tuple[int, str]:
        """The agency id for ``name``, created if new; a new spelling of a known agency becomes an alias."""
        name = clean_name(name)
        agency_id = self._lookup_agency(name)
        if agency_id is None:
            agency_id = self.conn.execute("INSERT INTO agencies (name, created_at) VALUES (?, ?)",
                                          (name, _now())).lastrowid
            assert agency_id is not None  # sqlite3 sets it on every INSERT
        else:
            canonical = self._scalar("SELECT name FROM agencies WHERE id = ?", (agency_id,))
            if canonical != name:
                self.conn.execute("INSERT OR IGNORE INTO agency_aliases (alias, agency_id) VALUES (?, ?)",
                                  (name, agency_id))
        return agency_id, self._scalar("SELECT name FROM agencies WHERE id = ?", (agency_id,))

    def find_agency(self, name: str) -> AgencyInfo | None:
        """The agency called ``name`` (its name, an alias, or a prefix variant), or None."""
        agency_id = self._lookup_agency(name)
        return None if agency_id is None else self._agency_info(agency_id)

    def agency(self, name: str) -> AgencyInfo:
        """Like ``find_agency`` but raises ``NotFound`` with suggestions (for CLI/app arguments)."""
        found = self.find_agency(name)
        if found is not None:
            return found
        needle = clean_name(name)
        similar = [a.name for a in self.agencies(needle)][:5] if needle else []
        hint = f" (did you mean: {', '.join(similar)}?)" if similar else ""
        raise NotFound(f"no agency called {name!r} in the archive{hint}")

    def _agency_info(self, agency_id: int) -> AgencyInfo:
        infos = self._agency_infos(f"WHERE a.id = {int(agency_id)}")
        if not infos:
            raise NotFound(f"no agency #{agency_id}")
        return infos[0]

    def _agency_infos(self, where: str = "", params: Sequence = ()) -> list[AgencyInfo]:
        rows = self._query(f"""
            SELECT a.id, a.name, a.region,
                   (SELECT group_concat(alias, char(31)) FROM agency_aliases x WHERE x.agency_id = a.id) AS aliases,
                   (SELECT group_concat(year) FROM current_reports c WHERE c.agency_id = a.id) AS years,
                   (SELECT count(*) FROM reports r WHERE r.agency_id = a.id) AS n_reports
            FROM agencies a {where} ORDER BY a.name""", params)
        return [AgencyInfo(id=r["id"], name=r["name"], region=r["region"],
                           aliases=sorted(r["aliases"].split("\x1f")) if r["aliases"] else [],
                           years=sorted(int(y) for y in r["years"].split(",")) if r["years"] else [],
                           n_reports=r["n_reports"]) for r in rows]

    def agencies(self, filter: str | None = None) -> list[AgencyInfo]:
        """All agencies by name; ``filter`` keeps those whose name or an alias contains it."""
        if not filter:
            return self._agency_infos()
        needle = f"%{clean_name(filter)}%"
        return self._agency_infos("WHERE a.name LIKE ? OR EXISTS (SELECT 1 FROM agency_aliases x "
                                  "WHERE x.agency_id = a.id AND x.alias LIKE ?)", (needle, needle))

    # -- writes -------------------------------------------------------------------------------------

    def save_report(self, parsed: ParsedReport) -> SaveResult:
        """Archive one parsed report in its own transaction (see ``save_reports``)."""
        return self.save_reports([parsed])[0]

    def save_reports(self, reports: Sequence[ParsedReport]) -> list[SaveResult]:
        """Archive the reports of ONE input file in ONE transaction: all of them or, on any error, none.

        Per report: ``unchanged`` when the same bytes (sha256 and workbook part) are already archived;
        ``needs_review`` when the agency or the year is missing (stored, flagged, never guessed);
        ``new_version`` when the agency already has a report for that year (the older one is kept and
        marked superseded); ``imported`` otherwise. Cross-year identities of the neighbouring years
        are recomputed.
        """
        with self._write():
            return [self._save_one(p) for p in reports]

    def _save_one(self, parsed: ParsedReport) -> SaveResult:
        name = _source_name(parsed.file)
        existing = self._query("SELECT id, needs_review, version, superseded_by, agency_id, year FROM reports "
                               "WHERE sha256 = ? AND part IS ?", (parsed.sha256, parsed.part))
        if existing:
            old = existing[0]
            if old["needs_review"] and not parsed.needs_review:
                # the same file again, now with the agency and year it lacked: resolve the waiting report
                return self._assign(old["id"], parsed.agency, parsed.year,
                                    agency_source=parsed.agency_source, year_source=parsed.year_source)
            row = self.report(old["id"])
            where = "waiting for review (xxgk assign)" if row.needs_review else (
                f"{row.agency} {row.year} version {row.version}" + ("" if row.is_current else ", superseded"))
            return SaveResult("unchanged", row.id, f"already archived as report #{row.id} ({where})",
                              agency=row.agency, year=row.year, source_name=row.source_name, part=row.part,
                              version=row.version)

        agency_id = None
        agency = None
        if not parsed.needs_review and parsed.agency is not None:  # (a filed report has an agency)
            agency_id, agency = self._resolve_agency(parsed.agency)
        report_id = (self._scalar("SELECT ifnull(max(id), 0) FROM reports") or 0) + 1
        version = 1
        status: SaveStatus = "imported" if agency_id is not None else "needs_review"
        message = "imported"
        if agency_id is not None:
            current = self._scalar("SELECT id FROM reports WHERE agency_id = ? AND year = ? "
                                   "AND superseded_by IS NULL", (agency_id, parsed.year))
            if current is not None:
                version = self._scalar("SELECT max(version) FROM reports WHERE agency_id = ? AND year = ?",
                                       (agency_id, parsed.year)) + 1
                # superseded_by is a deferred foreign key: point the old version at the id about to be used
                self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (report_id, current))
                status = "new_version"
                message = f"version {version}, replaces report #{current} (kept as an older version)"
        else:
            missing = [w for w, v in (("agency", clean_name(parsed.agency or "")), ("year", parsed.year)) if not v]
            message = f"no {' and no '.join(missing)} found: stored for review (xxgk assign {report_id} ...)"

        self.conn.execute(
            """INSERT INTO reports (id, agency_id, agency_name, year, version, template, source_name, source_path,
                   sha256, part, format, encoding, imported_at, text, needs_review, agency_source, year_source,
                   scope, table_templates, n_values)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (report_id, agency_id, parsed.agency, parsed.year,
             version, parsed.template, name, parsed.file, parsed.sha256, parsed.part, parsed.format,
             parsed.encoding, _now(), "", int(agency_id is None), parsed.agency_source,
             parsed.year_source, parsed.scope, json.dumps(parsed.table_templates, ensure_ascii=False),
             len(parsed.values)))
        self.conn.execute("INSERT INTO report_texts (report_id, text) VALUES (?, ?)", (report_id, parsed.text or ""))
        self.conn.executemany(
            'INSERT INTO report_values (report_id, ord, key, label, section, raw, value, unit, "where", note) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(report_id, i, v.key, v.label, v.section, v.raw, v.value, v.unit, v.where, v.note)
             for i, v in enumerate(parsed.values)])
        self._insert_checks(report_id, None, parsed.checks)
        self.conn.executemany('INSERT INTO warnings (report_id, ord, message, "where") VALUES (?, ?, ?, ?)',
                              [(report_id, i, w.message, w.where) for i, w in enumerate(parsed.warnings)])
        self._recount([report_id])
        if agency_id is not None and parsed.year is not None:  # (a filed report has a year)
            self._recompute_cross_year(agency_id, parsed.year)
        return SaveResult(status, report_id, message, agency=agency, year=parsed.year, source_name=name,
                          part=parsed.part, version=version)

    def _insert_checks(self, report_id: int, other_report_id: int | None, checks: Iterable[CheckResult]) -> None:
        self.conn.executemany(
            f"INSERT INTO checks (report_id, other_report_id, {_CHECK_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(report_id, other_report_id, c.rule, c.scope or "", c.status, int(bool(c.strict)), c.message or "",
              c.title or "", c.formula or "", _compact_json(list(c.keys)),
              _compact_json(c.inputs), c.expected, c.actual, c.difference) for c in checks])

    def _recount(self, report_ids: Iterable[int]) -> None:
        ids = sorted(set(report_ids))
        if not ids:
            return
        count = "(SELECT count(*) FROM checks c WHERE c.report_id = reports.id AND {})"
        self.conn.execute(
            f"""UPDATE reports SET
                  n_pass = {count.format("c.status = 'pass'")},
                  n_fail = {count.format("c.status = 'fail'")},
                  n_strict_fail = {count.format("c.status = 'fail' AND c.strict")},
                  n_warn = {count.format("c.status = 'warn'")},
                  n_incomplete = {count.format("c.status = 'incomplete'")}
                WHERE id IN ({','.join('?' * len(ids))})""", ids)

    def _stored(self, report_id: int) -> _Stored:
        year, template = self.conn.execute("SELECT year, template FROM reports WHERE id = ?",
                                           (report_id,)).fetchone()
        values = dict(self.conn.execute("SELECT key, value FROM report_values WHERE report_id = ? ORDER BY ord",
                                        (report_id,)).fetchall())
        return _Stored(year=year, template=template, values=values)

    def _recompute_cross_year(self, agency_id: int, year: int) -> None:
        """Cross-year identities for (year-1, year) and (year, year+1) of one agency, current versions only."""
        group_ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM reports WHERE agency_id = ? AND year IN (?, ?)", (agency_id, year, year + 1))]
        touched = set(group_ids)
        if group_ids:
            marks = ",".join("?" * len(group_ids))
            touched |= {r[0] for r in self.conn.execute(
                f"SELECT report_id FROM checks WHERE other_report_id IS NOT NULL AND report_id IN ({marks})",
                group_ids)}
            self.conn.execute(f"DELETE FROM checks WHERE other_report_id IS NOT NULL AND report_id IN ({marks})",
                              group_ids)
        current = dict(self.conn.execute(
            "SELECT year, id FROM reports WHERE agency_id = ? AND year BETWEEN ? AND ? "
            "AND superseded_by IS NULL", (agency_id, year - 1, year + 1)).fetchall())
        for prev_year in (year - 1, year):
            prev_id, cur_id = current.get(prev_year), current.get(prev_year + 1)
            if prev_id is None or cur_id is None:
                continue
            results = check_cross_year(self._stored(prev_id), self._stored(cur_id))
            self._insert_checks(cur_id, prev_id, results)
            touched.add(cur_id)
        self._recount(touched)

    def assign(self, report_id: int, agency: str, year: int) -> SaveResult:
        """Give a report (usually one waiting for review) its agency and year; versioning then applies
        as if it had been imported now with those values."""
        with self._write():
            return self._assign(report_id, agency, year, agency_source="assigned", year_source="assigned")

    def _assign(self, report_id: int, agency: str | None, year: int | None, *, agency_source: str | None,
                year_source: str | None) -> SaveResult:
        if not agency or not clean_name(agency):
            raise ArchiveError("an agency name is needed")
        if year is None or not 1900 <= int(year) <= 2200:
            raise ArchiveError(f"{year!r} is not a reporting year")
        year = int(year)
        row = self.report(report_id)
        agency_id, agency_name = self._resolve_agency(agency)
        if not row.needs_review and row.agency_id == agency_id and row.year == year:
            return SaveResult("unchanged", row.id, f"report #{row.id} is already {agency_name} {year}",
                              agency=agency_name, year=year, source_name=row.source_name, part=row.part,
                              version=row.version)
        old_group = ((row.agency_id, row.year)
                     if not row.needs_review and row.agency_id is not None and row.year is not None else None)
        # leave the old group: cross-year rows that mention this report go, the group is relinked
        self.conn.execute("DELETE FROM checks WHERE other_report_id IS NOT NULL "
                          "AND (report_id = ? OR other_report_id = ?)", (report_id, report_id))
        self.conn.execute("UPDATE reports SET agency_id = NULL, year = NULL, superseded_by = NULL WHERE id = ?",
                          (report_id,))
        if old_group is not None:
            self._relink(*old_group)
        current = self._scalar("SELECT id FROM reports WHERE agency_id = ? AND year = ? AND superseded_by IS NULL",
                               (agency_id, year))
        version = (self._scalar("SELECT max(version) FROM reports WHERE agency_id = ? AND year = ?",
                                (agency_id, year)) or 0) + 1
        if current is not None:
            self.conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (report_id, current))
        self.conn.execute(
            "UPDATE reports SET agency_id = ?, year = ?, version = ?, needs_review = 0, agency_source = ?, "
            "year_source = ? WHERE id = ?",
            (agency_id, year, version, agency_source, year_source, report_id))
        if old_group is not None:
            self._recompute_cross_year(*old_group)
        self._recompute_cross_year(agency_id, year)
        status: SaveStatus
        if current is not None:
            status, message = "new_version", f"version {version}, replaces report #{current} (kept as an older version)"
        else:
            status, message = "imported", f"assigned to {agency_name} {year}"
        return SaveResult(status, report_id, message, agency=agency_name, year=year, source_name=row.source_name,
                          part=row.part, version=version)

    def _relink(self, agency_id: int, year: int) -> None:
        """Renumber the versions of one agency and year 1..n and chain ``superseded_by`` (last = current)."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM reports WHERE agency_id = ? AND year = ? "
                                               "ORDER BY version, id", (agency_id, year))]
        for n, (rid, nxt) in enumerate(zip(ids, ids[1:], strict=False), start=1):
            self.conn.execute("UPDATE reports SET version = ?, superseded_by = ? WHERE id = ?", (n, nxt, rid))
        if ids:
            self.conn.execute("UPDATE reports SET version = ?, superseded_by = NULL WHERE id = ?",
                              (len(ids), ids[-1]))

    # -- queries ------------------------------------------------------------------------------------

    def report(self, report_id: int) -> ReportRow:
        rows = self._query(f"SELECT {_REPORT_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
                           "WHERE r.id = ?", (int(report_id),))
        if not rows:
            raise NotFound(f"no report #{report_id} in the archive")
        return _row_to_report(rows[0])

    def _reports(self, where: str, params: Sequence = (), order: str = "r.id") -> list[ReportRow]:
        return [_row_to_report(r) for r in self._query(
            f"SELECT {_REPORT_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
            f"WHERE {where} ORDER BY {order}", params)]

    def years(self) -> list[int]:
        """Years that have at least one current report."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT year FROM current_reports WHERE year IS NOT NULL AND agency_id IS NOT NULL "
            "ORDER BY year")]

    def list_grid(self) -> Grid:
        rows = self._query("""
            SELECT r.id, r.agency_id, a.name AS agency, r.year, r.template, r.source_name, r.needs_review,
                   r.version, r.n_fail, r.n_strict_fail, r.n_warn, r.n_incomplete, r.n_pass
            FROM reports r JOIN agencies a ON a.id = r.agency_id
            WHERE r.superseded_by IS NULL AND r.year IS NOT NULL""")
        by_agency: dict[int, GridRow] = {
            a_id: GridRow(agency_id=a_id, agency=name, cells={})
            for a_id, name in self.conn.execute("SELECT id, name FROM agencies")}
        for r in rows:
            by_agency[r["agency_id"]].cells[r["year"]] = GridCell(
                agency_id=r["agency_id"], agency=r["agency"], year=r["year"], report_id=r["id"],
                versions=r["version"], template=r["template"], source_name=r["source_name"],
                needs_review=bool(r["needs_review"]), n_fail=r["n_fail"], n_strict_fail=r["n_strict_fail"],
                n_warn=r["n_warn"], n_incomplete=r["n_incomplete"], n_pass=r["n_pass"])
        years = sorted({r["year"] for r in rows})
        span = list(range(years[0], years[-1] + 1)) if years else []
        needs_review = self._scalar("SELECT count(*) FROM reports WHERE needs_review = 1")
        grid_rows = sorted((g for g in by_agency.values() if g.cells), key=lambda g: g.agency)
        return Grid(years=span, rows=grid_rows, needs_review=needs_review)

    def reports_needing_review(self) -> list[ReportRow]:
        return self._reports("r.needs_review = 1")

    def report_versions(self, agency: str, year: int) -> list[ReportRow]:
        """Every version for one agency and year, oldest first (the last one is current)."""
        info = self.agency(agency)
        return self._reports("r.agency_id = ? AND r.year = ?", (info.id, int(year)), order="r.version, r.id")

    def current_report(self, agency: str, year: int) -> ReportRow | None:
        info = self.find_agency(agency)
        if info is None:
            return None
        rows = self._reports("r.agency_id = ? AND r.year = ? AND r.superseded_by IS NULL", (info.id, int(year)))
        return rows[0] if rows else None

    def report_text(self, report_id: int) -> str:
        text = self._scalar("SELECT text FROM report_texts WHERE report_id = ?", (int(report_id),))
        if text is None:
            self.report(report_id)  # NotFound when there is no such report
            return ""
        return text

    def report_values(self, report_id: int) -> list[Value]:
        return [Value(key=r["key"], label=r["label"], value=r["value"], raw=r["raw"], section=r["section"],
                      unit=r["unit"], where=r["where"], note=r["note"])
                for r in self._query('SELECT key, label, value, raw, section, unit, "where", note '
                                     "FROM report_values WHERE report_id = ? ORDER BY ord", (report_id,))]

    def report_checks(self, report_id: int) -> list[CheckResult]:
        """The report's own identities (cross-year ones are in ``report_detail(...).cross_year``)."""
        return [_row_to_check(r) for r in self._query(
            f"SELECT {_CHECK_COLUMNS} FROM checks WHERE report_id = ? AND other_report_id IS NULL ORDER BY id",
            (report_id,))]

    def report_detail(self, report_id: int) -> ReportDetail:
        report = self.report(report_id)
        warnings = [ParseWarning(message=r["message"], where=r["where"]) for r in self._query(
            'SELECT message, "where" FROM warnings WHERE report_id = ? ORDER BY ord', (report_id,))]
        cross = [CrossYearCheck(check=_row_to_check(r), report_id=r["report_id"],
                                other_report_id=r["other_report_id"], year=r["year"], other_year=r["other_year"])
                 for r in self._query(
                     f"""SELECT c.report_id, c.other_report_id, a.year, b.year AS other_year, {_C_CHECK_COLUMNS}
                         FROM checks c JOIN reports a ON a.id = c.report_id JOIN reports b ON b.id = c.other_report_id
                         WHERE c.other_report_id IS NOT NULL AND (c.report_id = ? OR c.other_report_id = ?)
                         ORDER BY a.year, c.id""", (report_id, report_id))]
        versions = (self._reports("r.agency_id = ? AND r.year = ?", (report.agency_id, report.year),
                                  order="r.version, r.id")
                    if report.agency_id is not None and report.year is not None else [report])
        return ReportDetail(report=report, values=self.report_values(report_id),
                            checks=self.report_checks(report_id), warnings=warnings, cross_year=cross,
                            versions=versions)

    def failures(self, year: int | None = None, agency: str | None = None, rule: str | None = None,
                 statuses: Sequence[str] = ("fail", "warn"), limit: int | None = None,
                 offset: int = 0) -> list[Failure]:
        """Checks with one of ``statuses`` across the archive's current reports (cross-year ones included).

        ``rule`` matches a rule id exactly (``A3.1``), a family (``A3`` matches ``A3.1``), or a rule with
        its scope (``A3.1:natural``). ``limit``/``offset`` page through long results (ordered by agency,
        year, report).
        """
        where = ["r.superseded_by IS NULL", f"c.status IN ({','.join('?' * len(statuses))})"]
        params: list = list(statuses)
        if year is not None:
            where.append("r.year = ?")
            params.append(int(year))
        if agency is not None:
            where.append("r.agency_id = ?")
            params.append(self.agency(agency).id)
        if rule:
            rule_part, _, scope = rule.partition(":")
            where.append("(c.rule = ? OR c.rule LIKE ? ESCAPE '\\')")
            escaped = rule_part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params += [rule_part, escaped + ".%"]
            if scope:
                where.append("c.scope = ?")
                params.append(scope)
        sql = f"""SELECT c.report_id, r.agency_id, a.name, r.year, r.source_name, c.other_report_id, o.year,
                         c.rule, c.scope, c.status, c.strict, c.message, c.title, c.formula, c.keys, c.inputs,
                         c.expected, c.actual, c.difference
                  FROM checks c
                  JOIN reports r ON r.id = c.report_id
                  LEFT JOIN agencies a ON a.id = r.agency_id
                  LEFT JOIN reports o ON o.id = c.other_report_id
                  WHERE {' AND '.join(where)}
                  ORDER BY a.name IS NULL, a.name, r.year, c.report_id, c.id"""
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return [Failure(*row) for row in self.conn.execute(sql, params)]

    def cross_year_checks(self, report_id: int, other_report_id: int) -> list[CheckResult]:
        """The identities between a report (year N) and the report of its agency's year N−1."""
        return [_row_to_check(r) for r in self._query(
            f"SELECT {_CHECK_COLUMNS} FROM checks WHERE report_id = ? AND other_report_id = ? ORDER BY id",
            (report_id, other_report_id))]

    def counts(self) -> dict[str, int]:
        one = self._scalar
        return {
            "agencies": one("SELECT count(*) FROM agencies"),
            "reports": one("SELECT count(*) FROM reports"),
            "current_reports": one("SELECT count(*) FROM reports WHERE superseded_by IS NULL AND needs_review = 0"),
            "needs_review": one("SELECT count(*) FROM reports WHERE needs_review = 1"),
            "values": one("SELECT count(*) FROM report_values"),
            "checks": one("SELECT count(*) FROM checks"),
            "warnings": one("SELECT count(*) FROM warnings"),
        }

    def data_version(self) -> int:
        """A number that changes whenever anyone (any process) commits a change to the archive.

        Cheap enough to poll: an app compares it with the value it last saw to know it should reload.
        """
        return int(self._scalar("SELECT value FROM archive_meta WHERE key = 'generation'") or 0)
