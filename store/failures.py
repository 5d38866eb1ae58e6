"""Failing (and, on request, every) check across the archive's current reports, streamed in sort order.

A mixin of ``Archive`` (``store.archive``).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain, islice
from typing import Any, Literal

from xxgk.store.agencies import Agencies
from xxgk.store.codec import compact_json, decode_message, unpack_passes
from xxgk.store.models import Failure

# the rule's texts come from the interner's cache (one shared copy per rule), not from a join on every row
_FAILURE_COLUMNS = ("c.report_id, r.agency_id, a.name, r.year, r.source_name, c.other_report_id, o.year, c.rule_id, "
                    "c.status, c.message, c.inputs, c.expected, c.actual, c.difference, c.ord")
_STATUS, _ORD = 8, 14
# The narrow streams (``iter_failure_pages``): a finding's plain columns as SQLite gives them, its rule as
# ``check_rules.id`` (the rule's texts are looked up once per rule by the reader, ``failure_rule``).
MESSAGE_BYTES = "CAST(c.message AS BLOB)"  # the bytes as stored: UTF-8 in an archive of that encoding (xxgk's)
PAGE_COLUMNS = {
    # a listing: report id, agency (None: waiting for review), year, the other year of a cross-year
    # identity (else None), rule id, status, message
    "lines": "c.report_id, a.name, r.year, o.year, c.rule_id, c.status, c.message",
    # a CSV: agency, year, report id, rule id, status, message, expected, actual, difference, other year,
    # source name
    "flat": ("a.name, r.year, c.report_id, c.rule_id, c.status, c.message, c.expected, c.actual, c.difference, "
             "o.year, r.source_name"),
    # JSON: report id, agency id, agency, year, source name, rule id, status, message (as its UTF-8 bytes,
    # ``MESSAGE_BYTES``: most are copied into the JSON as they are, never decoded), inputs (as stored),
    # expected, actual, difference, other report id, other year
    "json": ("c.report_id, r.agency_id, a.name, r.year, r.source_name, c.rule_id, c.status, "
             f"{MESSAGE_BYTES}, c.inputs, c.expected, c.actual, c.difference, c.other_report_id, o.year"),
}
PageKind = Literal["lines", "flat", "json"]
PAGE = 1000  # rows a page holds (a table is sized a page at a time: the same pages whatever the source)
NON_PASS = ("fail", "warn", "incomplete")


class FailureLists(Agencies):
    def failures(self, year: int | None = None, agency: str | None = None, rule: str | None = None,
                 statuses: Sequence[str] = ("fail", "warn"), limit: int | None = None,
                 offset: int = 0, agency_like: str | None = None) -> list[Failure]:
        """``iter_failures`` as a list."""
        return list(self.iter_failures(year=year, agency=agency, rule=rule, statuses=statuses, limit=limit,
                                       offset=offset, agency_like=agency_like))

    def iter_failures(self, year: int | None = None, agency: str | None = None, rule: str | None = None,
                      statuses: Sequence[str] = ("fail", "warn"), limit: int | None = None,
                      offset: int = 0, agency_like: str | None = None) -> Iterator[Failure]:
        """Checks with one of ``statuses`` across the archive's current reports (cross-year ones included),
        streamed from the store in the order agency, year, report, check.

        ``rule`` matches a rule id exactly (``A3.1``), a family (``A3`` matches ``A3.1``), or a rule with
        its scope (``A3.1:natural``); alternatives are joined by ``|`` (``A3.1|B3.1``). ``agency_like``
        keeps the agencies whose name holds that text (the reports waiting for review are left out).
        ``limit``/``offset`` page through long results. Without ``pass`` in
        ``statuses`` this is one indexed query walked in its sort order (agencies by name, their current
        reports by year, each report's checks in order: no sort of the whole result); with ``pass`` the
        packed passes are merged in, group by group.
        """
        statuses = tuple(statuses)
        filters, params = self._failure_filters(year, agency, agency_like)
        rule_ids = self._matching_rules(rule) if rule else None
        if rule_ids is not None and not rule_ids:
            return
        if "pass" in statuses:
            rows: Iterator[Failure] = self._failures_with_passes(filters, params, statuses, rule_ids)
            yield from islice(rows, offset, None if limit is None else offset + limit)
            return
        yield from self._failing_rows(filters, params, statuses, rule_ids, limit, offset)

    def _failure_filters(self, year: int | None, agency: str | None,
                         agency_like: str | None) -> tuple[list[str], list[Any]]:
        filters: list[str] = []
        params: list[Any] = []
        if year is not None:
            filters.append("r.year = ?")
            params.append(int(year))
        if agency is not None:
            filters.append("r.agency_id = ?")
            params.append(self.agency(agency).id)
        if agency_like:
            filters.append("a.name LIKE ? ESCAPE '\\'")
            params.append("%" + _like_escaped(agency_like) + "%")
        return filters, params

    def _matching_rules(self, rule: str) -> set[int]:
        found: set[int] = set()
        for one in rule.split("|"):
            rule_part, _, scope = one.strip().partition(":")
            if not rule_part:
                continue
            sql = "SELECT id FROM check_rules WHERE (rule = ? OR rule LIKE ? ESCAPE '\\')"
            params: list[Any] = [rule_part, _like_escaped(rule_part) + ".%"]
            if scope:
                sql += " AND scope = ?"
                params.append(scope)
            found.update(r[0] for r in self.conn.execute(sql, params))
        return found

    def count_failures(self, year: int | None = None, agency: str | None = None, rule: str | None = None,
                       statuses: Sequence[str] = ("fail", "warn"),
                       agency_like: str | None = None) -> dict[tuple[str, bool], int]:
        """How many checks ``iter_failures`` lists with these filters, by (status, strict): one aggregate
        over the same indexes, no row leaves SQLite (the failures screen's counts at 100k reports)."""
        wanted = [s for s in statuses if s in NON_PASS]
        filters, params = self._failure_filters(year, agency, agency_like)
        rule_ids = self._matching_rules(rule) if rule else None
        if not wanted or (rule_ids is not None and not rule_ids):
            return {}
        where = [*filters, f"c.status IN ({_named(wanted)})"]  # named: see _failing_sql
        if rule_ids is not None:
            where.append(f"c.rule_id IN ({','.join(str(int(i)) for i in sorted(rule_ids))})")
        out: dict[tuple[str, bool], int] = {}
        for filed in (True, False):
            if filed:
                source = ("agencies a CROSS JOIN reports r ON r.agency_id = a.id AND r.superseded_by IS NULL "
                          "AND r.year IS NOT NULL CROSS JOIN checks c ON c.report_id = r.id")
                extra: list[str] = []
            else:
                if agency is not None or agency_like:
                    break
                source = "reports r LEFT JOIN agencies a ON a.id = r.agency_id CROSS JOIN checks c ON c.report_id = r.id"
                extra = ["r.agency_id IS NULL AND r.superseded_by IS NULL"]
            sql = (f"SELECT c.status, k.strict, count(*) FROM {source} JOIN check_rules k ON k.id = c.rule_id "
                   f"WHERE {' AND '.join([*where, *extra])} GROUP BY c.status, k.strict")
            for status, strict, n in self.conn.execute(sql, params):
                key = (status, bool(strict))
                out[key] = out.get(key, 0) + int(n)
        return out

    def _failing_sql(self, filters: list[str], statuses: Sequence[str], rule_ids: set[int] | None,
                     filed: bool, select: str = _FAILURE_COLUMNS) -> tuple[str, list[Any]]:
        """The failing checks of current reports, in their sort order: filed reports by agency name (the
        agencies' name index leads, each agency's reports by year, each report's checks by the index
        ``checks_failing`` for fail and warn, else ``checks_report``), or the reports waiting for review
        (no agency), by year and id."""
        # the statuses written out: the index of the failing checks (``checks_failing``, ``WHERE status IN
        # ('fail', 'warn')``) serves only a query that names them so
        where = [*filters, f"c.status IN ({_named(statuses)})"]
        params: list[Any] = []
        if rule_ids is not None:
            where.append(f"c.rule_id IN ({','.join(str(int(i)) for i in sorted(rule_ids))})")
        if filed:
            # CROSS JOIN fixes the loop order, so the index order is the result's order
            source = ("agencies a CROSS JOIN reports r ON r.agency_id = a.id AND r.superseded_by IS NULL "
                      "AND r.year IS NOT NULL CROSS JOIN checks c ON c.report_id = r.id")
            order = "a.name, r.year, r.id, c.other_report_id, c.ord"
        else:
            source = ("reports r LEFT JOIN agencies a ON a.id = r.agency_id "
                      "CROSS JOIN checks c ON c.report_id = r.id")
            where.append("r.agency_id IS NULL AND r.superseded_by IS NULL")
            order = "r.year, r.id, c.other_report_id, c.ord"
        sql = (f"SELECT {select} FROM {source} "
               f"LEFT JOIN reports o ON o.id = c.other_report_id WHERE {' AND '.join(where)} ORDER BY {order}")
        return sql, params

    def iter_failure_pages(self, kind: PageKind, year: int | None = None, agency: str | None = None,
                           rule: str | None = None, statuses: Sequence[str] = ("fail", "warn"),
                           agency_like: str | None = None, size: int = PAGE) -> Iterator[list[tuple[Any, ...]]]:
        """``iter_failures`` (same filters, same order, failing statuses only: no ``pass``, no paging)
        narrowed to the columns ``PAGE_COLUMNS[kind]`` names, as plain tuples in pages of ``size`` rows
        (the last one shorter): no record built, no Python step per row (``xxgk check`` lists ~200,000
        findings at 100,000 reports). A row's rule is its ``check_rules`` id: ``failure_rule`` reads it.
        The ``json`` rows' message is its UTF-8 bytes (text in an archive of another encoding)."""
        select = PAGE_COLUMNS[kind]
        if MESSAGE_BYTES in select and self._scalar("PRAGMA encoding") != "UTF-8":  # not made by xxgk: as text
            select = select.replace(MESSAGE_BYTES, "c.message")
        rows = self._narrow_rows(select, year, agency, rule, statuses, agency_like)
        while page := list(islice(rows, size)):
            yield page

    def failure_rule(self, rule_id: int) -> tuple[str, str, bool, str, str, str]:
        """A rule id of ``iter_failure_pages``: (rule, scope, strict, title, formula, keys as JSON)."""
        rule, scope, strict, title, formula, keys = self._interner.rule_spec(rule_id)
        return rule, scope, bool(strict), title, formula, keys

    def _narrow_rows(self, select: str, year: int | None, agency: str | None, rule: str | None,
                     statuses: Sequence[str], agency_like: str | None) -> Iterator[Any]:
        wanted = [s for s in statuses if s in NON_PASS]
        filters, params = self._failure_filters(year, agency, agency_like)
        rule_ids = self._matching_rules(rule) if rule else None
        if not wanted or (rule_ids is not None and not rule_ids):
            return iter(())

        def cursor(filed: bool) -> Iterator[Any]:
            sql, status_params = self._failing_sql(filters, wanted, rule_ids, filed, select)
            return self.conn.execute(sql, [*params, *status_params])
        # the filed reports' rows, then (run once those are read) the others': each cursor read in C
        return chain.from_iterable(map(cursor, (True, False)))

    def _failure(self, row: Sequence[Any]) -> Failure:
        rule, scope, strict, title, formula, keys = self._interner.rule_spec(row[7])
        return Failure(row[0], row[1], row[2], row[3], row[4], row[5], row[6], rule, scope, row[8], bool(strict),
                       row[9], title, formula, keys, row[10], row[11], row[12], row[13], row[14])

    def _failing_rows(self, filters: list[str], params: list[Any], statuses: Sequence[str],
                      rule_ids: set[int] | None, limit: int | None, offset: int) -> Iterator[Failure]:
        wanted = [s for s in statuses if s in NON_PASS]
        if not wanted:
            return
        sql, status_params = self._failing_sql(filters, wanted, rule_ids, filed=True)
        n = 0
        failure = self._failure
        for row in self.conn.execute(sql + " LIMIT ? OFFSET ?",
                                     [*params, *status_params, -1 if limit is None else limit, offset]):
            n += 1
            yield failure(row)
        if limit is not None and n >= limit:
            return
        skip = 0
        if offset and not n:  # the page starts after the filed reports: how many did it pass?
            count_sql, _ = self._failing_sql(filters, wanted, rule_ids, filed=True)
            skip = max(0, offset - int(self._scalar(f"SELECT count(*) FROM ({count_sql})",
                                                    [*params, *status_params])))
        sql, status_params = self._failing_sql(filters, wanted, rule_ids, filed=False)
        rest = -1 if limit is None else limit - n
        for row in self.conn.execute(sql + " LIMIT ? OFFSET ?", [*params, *status_params, rest, skip]):
            yield failure(row)

    def _failures_with_passes(self, filters: list[str], params: list[Any], statuses: Sequence[str],
                              rule_ids: set[int] | None) -> Iterator[Failure]:
        """Every group of checks in failure order, its packed passes merged with its failing rows by ``ord``."""
        wanted = set(statuses)
        for filed in (True, False):
            if filed:
                source = ("agencies a CROSS JOIN reports r ON r.agency_id = a.id AND r.superseded_by IS NULL "
                          "AND r.year IS NOT NULL CROSS JOIN check_packs p ON p.report_id = r.id")
                order = "a.name, r.year, r.id, ifnull(p.other_report_id, 0)"
                extra: list[str] = []
            else:
                source = "reports r LEFT JOIN agencies a ON a.id = r.agency_id CROSS JOIN check_packs p ON p.report_id = r.id"
                order = "r.year, r.id, ifnull(p.other_report_id, 0)"
                extra = ["r.agency_id IS NULL AND r.superseded_by IS NULL"]
            where = " AND ".join([*filters, *extra]) or "1"
            packs = self.conn.execute(
                f"SELECT p.report_id, r.agency_id, a.name, r.year, r.source_name, p.other_report_id, o.year, "
                f"p.set_id, p.passes FROM {source} LEFT JOIN reports o ON o.id = p.other_report_id "
                f"WHERE {where} ORDER BY {order}", params)
            sql, status_params = self._failing_sql(filters, NON_PASS, rule_ids, filed)
            failing = self.conn.execute(sql, [*params, *status_params])
            pending = failing.fetchone()
            for report_id, agency_id, name, year, source_name, other_id, other_year, set_id, passes in packs:
                specs = self._interner.set_specs(set_id)
                ids = self._interner.set_rule_ids(set_id)
                merged: list[tuple[int, Failure]] = []
                head = (report_id, agency_id, name, year, source_name, other_id, other_year)
                if "pass" in wanted:
                    for ord_, message, inputs, expected, actual, difference in unpack_passes(passes):
                        spec = specs[ord_]
                        if rule_ids is not None and ids[ord_] not in rule_ids:
                            continue
                        merged.append((ord_, Failure(*head, spec[0], spec[1], "pass", bool(spec[2]),
                                                     decode_message(message, spec[3]), spec[3], spec[4], spec[5],
                                                     compact_json(inputs), expected, actual, difference, ord_)))
                while pending is not None and (pending[0], pending[5]) == (report_id, other_id):
                    if pending[_STATUS] in wanted:
                        merged.append((pending[_ORD], self._failure(pending)))
                    pending = failing.fetchone()
                merged.sort(key=lambda m: m[0])
                for _, failure in merged:
                    yield failure


def _named(statuses: Sequence[str]) -> str:
    """The statuses of NON_PASS among ``statuses`` as SQL literals, in NON_PASS's order."""
    return ",".join(f"'{s}'" for s in NON_PASS if s in statuses)


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

