"""Reading the archive: report rows, values, checks, texts and sources, the overview grid, counts.

A mixin of ``Archive`` (``store.archive``): every method reads through ``self.conn``.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from xxgk.domain.model import CheckResult, ParseWarning, Value
from xxgk.store.codec import unpack_checks, unpack_source, unpack_text
from xxgk.store.errors import NotFound
from xxgk.store.interning import Interner
from xxgk.store.models import CrossYearCheck, Grid, GridCell, GridRow, ReportDetail, ReportRow

_REPORT_COLUMNS = (
    "r.id, r.agency_id, a.name AS agency, r.agency_name, r.year, r.version, r.template, r.source_name, "
    "r.source_path, r.sha256, r.part, r.format, r.encoding, r.imported_at, r.needs_review, r.superseded_by, "
    "r.agency_source, r.year_source, r.scope, r.table_templates, r.n_values, r.n_pass, r.n_fail, "
    "r.n_strict_fail, r.n_warn, r.n_incomplete, r.withdrawn_at, r.withdrawn_reason, r.withdrawn_by, "
    "r.reparsed_from"
)
_GRID_COLUMNS = ("r.id, r.agency_id, a.name, r.year, r.template, r.source_name, r.needs_review, r.version, "
                 "r.n_fail, r.n_strict_fail, r.n_warn, r.n_incomplete, r.n_pass")
# the current reports (the partial indexes reports_current and reports_current_year hold exactly these)
_CURRENT = "superseded_by IS NULL AND agency_id IS NOT NULL AND year IS NOT NULL"

def _row_to_report(row: dict[str, Any]) -> ReportRow:
    row = dict(row)
    row["needs_review"] = bool(row["needs_review"])
    row["table_templates"] = json.loads(row["table_templates"] or "{}")
    return ReportRow(**row)


def _grid_cell(r: Sequence[Any]) -> GridCell:
    return GridCell(agency_id=r[1], agency=r[2], year=r[3], report_id=r[0], versions=r[7], template=r[4],
                    source_name=r[5], needs_review=bool(r[6]), n_fail=r[8], n_strict_fail=r[9], n_warn=r[10],
                    n_incomplete=r[11], n_pass=r[12])



class Reading:
    conn: sqlite3.Connection
    _interner: Interner

    def _query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def _scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    # -- reports ------------------------------------------------------------------------------------

    def report(self, report_id: int) -> ReportRow:
        rows = self._query(f"SELECT {_REPORT_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
                           "WHERE r.id = ?", (int(report_id),))
        if not rows:
            raise NotFound(f"档案中没有报告 #{report_id}")
        return _row_to_report(rows[0])

    def _reports(self, where: str, params: Sequence[Any] = (), order: str = "r.id") -> list[ReportRow]:
        return [_row_to_report(r) for r in self._query(
            f"SELECT {_REPORT_COLUMNS} FROM reports r LEFT JOIN agencies a ON a.id = r.agency_id "
            f"WHERE {where} ORDER BY {order}", params)]

    def years(self) -> list[int]:
        """Years that have at least one current report."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT year FROM reports WHERE superseded_by IS NULL AND agency_id IS NOT NULL "
            "AND year IS NOT NULL ORDER BY year")]

    def grid_years(self) -> list[int]:
        """The overview's columns: every year from the first to the last with a current report, gaps included.
        Two ends of the current reports' year index (``min`` and ``max`` in one query walked all of it)."""
        ends = [self._scalar(f"SELECT year FROM reports WHERE {_CURRENT} ORDER BY year {way} LIMIT 1")
                for way in ("ASC", "DESC")]
        return list(range(ends[0], ends[1] + 1)) if ends[0] is not None else []

    def grid_size(self) -> int:
        """How many agencies the overview has (those with a current report): counted in the index of the
        current reports, in SQLite alone."""
        return int(self._scalar(f"SELECT count(*) FROM (SELECT DISTINCT agency_id FROM reports WHERE {_CURRENT})"))

    def grid_rows(self, offset: int = 0, limit: int | None = None) -> list[GridRow]:
        """One page of the overview's rows (agencies by name): what a screen shows first, without the rest."""
        agencies = self.conn.execute(
            "SELECT a.id, a.name FROM agencies a WHERE EXISTS (SELECT 1 FROM reports r WHERE r.agency_id = a.id "
            "AND r.superseded_by IS NULL AND r.year IS NOT NULL) ORDER BY a.name LIMIT ? OFFSET ?",
            (-1 if limit is None else int(limit), int(offset))).fetchall()
        return self._grid_rows_for(agencies)

    def grid_agencies(self) -> list[tuple[int, str]]:
        """(id, name) of every agency the overview has (one with a current report), unordered: the caller
        orders them (``workflows.overview``: by pinyin) and reads their rows a page at a time. The agencies
        are taken from the index of the current reports (a correlated ``EXISTS`` per agency cost twice as much)."""
        return self.conn.execute(
            f"SELECT a.id, a.name FROM (SELECT DISTINCT agency_id AS id FROM reports WHERE {_CURRENT}) d "
            "JOIN agencies a ON a.id = d.id").fetchall()

    def agency_initials(self) -> list[str]:
        """The distinct first characters of the agencies' names ('' for an empty name), in code point order:
        one probe of the name index per character, never a scan (the overview's first page starts from them)."""
        return [r[0] for r in self.conn.execute(
            "SELECT '' WHERE EXISTS (SELECT 1 FROM agencies WHERE name = '') UNION ALL SELECT * FROM ("
            "WITH RECURSIVE initials(c) AS (SELECT substr(min(name), 1, 1) FROM agencies WHERE name > '' "
            "UNION ALL SELECT (SELECT substr(min(name), 1, 1) FROM agencies WHERE name >= char(unicode(c) + 1)) "
            "FROM initials WHERE c IS NOT NULL) SELECT c FROM initials WHERE c IS NOT NULL)")]

    def grid_agencies_starting(self, initial: str) -> list[tuple[int, str]]:
        """``grid_agencies`` whose name starts with the character ``initial`` ('' = the empty name), by name:
        one range of the name index."""
        where, params = "a.name = ?", [initial]
        if initial:
            successor = ord(initial) + 1
            if 0xD800 <= successor <= 0xDFFF:  # no surrogate is a character of a stored name
                successor = 0xE000
            where, params = "a.name >= ?", [initial]
            if successor <= 0x10FFFF:
                where += " AND a.name < ?"
                params.append(chr(successor))
        return self.conn.execute(
            f"SELECT a.id, a.name FROM agencies a WHERE {where} AND EXISTS (SELECT 1 FROM reports r "
            "WHERE r.agency_id = a.id AND r.superseded_by IS NULL AND r.year IS NOT NULL) ORDER BY a.name",
            params).fetchall()

    def grid_rows_of(self, agencies: Sequence[tuple[int, str]]) -> list[GridRow]:
        """The overview's rows of ``agencies`` ((id, name) pairs), in that order."""
        return self._grid_rows_for(agencies)

    def _grid_rows_for(self, agencies: Sequence[tuple[int, str]]) -> list[GridRow]:
        rows = {a_id: GridRow(agency_id=a_id, agency=name, cells={}) for a_id, name in agencies}
        ids = list(rows)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in self.conn.execute(
                    f"SELECT {_GRID_COLUMNS} FROM reports r JOIN agencies a ON a.id = r.agency_id "
                    f"WHERE r.agency_id IN ({','.join('?' * len(chunk))}) AND r.superseded_by IS NULL "
                    "AND r.year IS NOT NULL", chunk):
                rows[r[1]].cells[r[3]] = _grid_cell(r)
        return list(rows.values())

    def iter_grid_rows(self) -> Iterator[GridRow]:
        """Every row of the overview, by agency name, streamed: one query walked in the order of its indexes
        (agencies by name, each agency's current reports by year), never the whole grid in memory."""
        row: GridRow | None = None
        for r in self.conn.execute(
                f"SELECT {_GRID_COLUMNS} FROM agencies a CROSS JOIN reports r ON r.agency_id = a.id "
                "AND r.superseded_by IS NULL AND r.year IS NOT NULL ORDER BY a.name, r.year"):
            if row is None or row.agency_id != r[1]:
                if row is not None:
                    yield row
                row = GridRow(agency_id=r[1], agency=r[2], cells={})
            row.cells[r[3]] = _grid_cell(r)
        if row is not None:
            yield row

    def list_grid(self) -> Grid:
        rows = self.conn.execute(
            f"SELECT {_GRID_COLUMNS} FROM reports r JOIN agencies a ON a.id = r.agency_id "
            "WHERE r.superseded_by IS NULL AND r.year IS NOT NULL ORDER BY a.name").fetchall()
        by_agency: dict[int, GridRow] = {}
        years: set[int] = set()
        for r in rows:
            row = by_agency.get(r[1])
            if row is None:
                row = by_agency[r[1]] = GridRow(agency_id=r[1], agency=r[2], cells={})
            row.cells[r[3]] = _grid_cell(r)
            years.add(r[3])
        span = list(range(min(years), max(years) + 1)) if years else []
        return Grid(years=span, rows=list(by_agency.values()), needs_review=self.count_needing_review())

    def count_needing_review(self) -> int:
        return int(self._scalar("SELECT count(*) FROM reports WHERE needs_review = 1 AND superseded_by IS NULL"))

    def reports_needing_review(self) -> list[ReportRow]:
        return self._reports("r.needs_review = 1 AND r.superseded_by IS NULL")

    def report_source(self, report_id: int) -> bytes | None:
        """The bytes of the file the report was read from, or None when the archive did not keep them
        (reports imported before xxgk kept sources)."""
        row = self.conn.execute("SELECT s.codec, s.data FROM reports r JOIN sources s ON s.sha256 = r.sha256 "
                                "WHERE r.id = ?", (int(report_id),)).fetchone()
        if row is None:
            self.report(report_id)  # NotFound when there is no such report
            return None
        return unpack_source(row[0], row[1])

    def source(self, sha256: str) -> bytes | None:
        """The bytes of the file with this sha256, or None when the archive did not keep them."""
        row = self.conn.execute("SELECT codec, data FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else unpack_source(row[0], row[1])

    def reparse_candidates(self) -> list[ReportRow]:
        """The reports ``xxgk reparse`` reads again: every current report and every report waiting for review,
        in import order (older versions stay as they were read)."""
        return self._reports("r.superseded_by IS NULL")

    def report_text(self, report_id: int) -> str:
        row = self.conn.execute("SELECT t.codec, t.data, r.encoding FROM report_texts t JOIN reports r "
                                "ON r.id = t.report_id WHERE t.report_id = ?", (int(report_id),)).fetchone()
        if row is None:
            self.report(report_id)  # NotFound when there is no such report
            return ""
        codec, data, encoding = row
        source = self.report_source(report_id) if codec == "source" else None
        return unpack_text(codec, data, source, encoding)

    def report_values(self, report_id: int) -> list[Value]:
        return [Value(key=r[0], label=r[1], value=r[2], raw=r[3], section=r[4], unit=r[5], where=r[6], note=r[7])
                for r in self.conn.execute(
                    'SELECT l.key, l.label, v.value, v.raw, l.section, l.unit, v."where", v.note '
                    "FROM report_values v JOIN value_labels l ON l.id = v.label_id WHERE v.report_id = ? "
                    "ORDER BY v.ord", (int(report_id),))]

    def _group_checks(self, report_id: int, other_id: int | None) -> list[CheckResult]:
        pack = self.conn.execute("SELECT set_id, passes FROM check_packs WHERE report_id = ? AND other_report_id IS ?",
                                 (report_id, other_id)).fetchone()
        if pack is None:
            return []
        failing = self.conn.execute("SELECT ord, status, message, inputs, expected, actual, difference FROM checks "
                                    "WHERE report_id = ? AND other_report_id IS ? ORDER BY ord", (report_id, other_id))
        return unpack_checks(self._interner.set_specs(pack[0]), failing, pack[1])

    def report_checks(self, report_id: int) -> list[CheckResult]:
        """The report's own identities, every status, in the order the parser made them (cross-year ones
        are in ``report_detail(...).cross_year``)."""
        return self._group_checks(int(report_id), None)

    def report_warnings(self, report_id: int) -> list[ParseWarning]:
        return [ParseWarning(message=m, where=w) for m, w in self.conn.execute(
            'SELECT message, "where" FROM warnings WHERE report_id = ? ORDER BY ord', (int(report_id),))]

    def report_detail(self, report_id: int) -> ReportDetail:
        report = self.report(report_id)
        cross = [CrossYearCheck(check=c, report_id=rid, other_report_id=oid, year=year, other_year=other_year)
                 for rid, oid, year, other_year in self.conn.execute(
                     """SELECT p.report_id, p.other_report_id, a.year, b.year FROM check_packs p
                        JOIN reports a ON a.id = p.report_id JOIN reports b ON b.id = p.other_report_id
                        WHERE p.other_report_id IS NOT NULL AND (p.report_id = ? OR p.other_report_id = ?)
                        ORDER BY a.year, p.id""", (report.id, report.id)).fetchall()
                 for c in self._group_checks(rid, oid)]
        versions = (self._reports("r.agency_id = ? AND r.year = ?", (report.agency_id, report.year),
                                  order="r.version, r.id")
                    if report.agency_id is not None and report.year is not None else [report])
        return ReportDetail(report=report, values=self.report_values(report.id), checks=self.report_checks(report.id),
                            warnings=self.report_warnings(report.id), cross_year=cross, versions=versions)

    def cross_year_checks(self, report_id: int, other_report_id: int) -> list[CheckResult]:
        """The identities between a report (year N) and the report of its agency's year N−1."""
        return self._group_checks(int(report_id), int(other_report_id))

    # -- counts ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows of the archive by kind, from the reports' own counts (one pass over ``reports``, never a
        scan of every value or check)."""
        reports, current, review, values, checks = self.conn.execute(
            "SELECT count(*), ifnull(sum(superseded_by IS NULL AND needs_review = 0), 0), "
            "ifnull(sum(needs_review = 1 AND superseded_by IS NULL), 0), ifnull(sum(n_values), 0), "
            "ifnull(sum(n_pass + n_fail + n_warn + n_incomplete), 0) FROM reports").fetchone()
        return {
            "agencies": int(self._scalar("SELECT count(*) FROM agencies")),
            "reports": reports,
            "current_reports": current,
            "needs_review": review,
            "values": values,
            "checks": checks,
            "warnings": int(self._scalar("SELECT count(*) FROM warnings")),
        }

    def data_version(self) -> int:
        """A number that changes whenever anyone (any process) commits a change to the archive.

        Cheap enough to poll: an app compares it with the value it last saw to know it should reload.
        """
        return int(self._scalar("SELECT value FROM archive_meta WHERE key = 'generation'") or 0)

