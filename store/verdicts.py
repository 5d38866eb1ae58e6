"""Reviewers' verdicts on findings: the append-only history and the verdict in force per slot.

A mixin of ``Archive`` (``store.archive``). The rules — what a slot and a fingerprint are, when a verdict
applies — are ``domain.verdicts``; here they are only stored and looked up.
"""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from xxgk.domain.verdicts import STATUSES, Verdict
from xxgk.store.codec import compact_json
from xxgk.store.errors import ArchiveError
from xxgk.store.failures import _FAILURE_COLUMNS, FailureLists
from xxgk.store.models import Failure, utc_now

_VERDICT_COLUMNS = ("v.id, v.agency_id, a.name, v.year, v.rule, v.scope, v.status, v.reason, v.note, v.decided_by, "
                    "v.decided_at, v.fingerprint, v.report_id, v.finding")
Slot = tuple[int, int, str, str]  # agency id, year, rule, scope


def _verdict(row: Sequence[Any]) -> Verdict:
    finding = json.loads(row[13]) if row[13] else {}
    return Verdict(id=row[0], agency_id=row[1], agency=row[2], year=row[3], rule=row[4], scope=row[5], status=row[6],
                   reason=row[7], note=row[8], by=row[9], at=row[10], fingerprint=row[11], report_id=row[12],
                   finding=finding if isinstance(finding, dict) else {})


class VerdictStore(FailureLists):
    def _write(self, bump: bool = True) -> AbstractContextManager[None]:  # ``Archive._write``
        raise NotImplementedError

    def record_verdict(self, *, agency_id: int, year: int, rule: str, scope: str, status: str, reason: str,
                       note: str, by: str, fingerprint: str, report_id: int | None,
                       finding: dict[str, Any]) -> Verdict:
        """Append one decision (``status`` ``cleared`` withdraws the one in force) and return it."""
        if status not in STATUSES:
            raise ArchiveError(f"“{status}”不是判定")
        with self._write():
            cur = self.conn.execute(
                "INSERT INTO verdicts (agency_id, year, rule, scope, status, reason, note, decided_by, decided_at, "
                "fingerprint, report_id, finding) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (int(agency_id), int(year), rule, scope or "", status, reason or "", note or "", by, utc_now(),
                 fingerprint, report_id, compact_json(finding)))
            verdict_id = cur.lastrowid
        return self._verdicts("v.id = ?", (verdict_id,))[0]

    def _verdicts(self, where: str, params: Sequence[Any] = (), table: str = "verdicts") -> list[Verdict]:
        return [_verdict(r) for r in self.conn.execute(
            f"SELECT {_VERDICT_COLUMNS} FROM {table} v JOIN agencies a ON a.id = v.agency_id WHERE {where} "
            "ORDER BY a.name, v.year, v.rule, v.scope, v.id", params)]

    @staticmethod
    def _verdict_filters(agency_id: int | None, year: int | None, rule: str | None, scope: str | None,
                         status: str | None) -> tuple[str, list[Any]]:
        where, params = ["1"], []
        for column, value in (("v.agency_id", agency_id), ("v.year", year), ("v.rule", rule), ("v.scope", scope),
                              ("v.status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        return " AND ".join(where), params

    def current_verdicts(self, *, agency_id: int | None = None, year: int | None = None, rule: str | None = None,
                         scope: str | None = None, status: str | None = None) -> list[Verdict]:
        """The verdict in force for every slot (matching the filters), by agency name, year, rule."""
        where, params = self._verdict_filters(agency_id, year, rule, scope, status)
        return self._verdicts(where, params, table="current_verdicts")

    def verdict_map(self, *, agency_id: int | None = None, year: int | None = None) -> dict[Slot, Verdict]:
        """Slot → the verdict in force (what annotating a list of findings looks up)."""
        return {(v.agency_id, v.year, v.rule, v.scope): v
                for v in self.current_verdicts(agency_id=agency_id, year=year)}

    def verdict_history(self, *, agency_id: int | None = None, year: int | None = None, rule: str | None = None,
                        scope: str | None = None) -> list[Verdict]:
        """Every decision ever recorded (matching the filters), oldest first within each slot."""
        where, params = self._verdict_filters(agency_id, year, rule, scope, None)
        return self._verdicts(where, params)

    def count_verdicts(self) -> int:
        return int(self._scalar("SELECT count(*) FROM verdicts"))

    def verdict_findings(self, *, status: str | None = None, agency_id: int | None = None,
                         year: int | None = None) -> Iterator[tuple[Verdict, Failure | None]]:
        """Each verdict in force with the finding of its slot in the current report (``None`` when that report
        no longer fails or warns there, or the agency has no current report that year)."""
        verdicts = self.current_verdicts(agency_id=agency_id, year=year, status=status)
        if not verdicts:
            return
        by_slot = {(v.agency_id, v.year, v.rule, v.scope): v for v in verdicts}
        found: dict[Slot, Failure] = {}
        where, params = self._verdict_filters(agency_id, year, None, None, status)
        sql = (f"SELECT {_FAILURE_COLUMNS} FROM current_verdicts v "
               "JOIN reports r ON r.agency_id = v.agency_id AND r.year = v.year AND r.superseded_by IS NULL "
               "JOIN agencies a ON a.id = r.agency_id "
               "JOIN checks c ON c.report_id = r.id AND c.status IN ('fail', 'warn') "
               "JOIN check_rules k ON k.id = c.rule_id AND k.rule = v.rule AND k.scope = v.scope "
               f"LEFT JOIN reports o ON o.id = c.other_report_id AND o.id != c.report_id WHERE {where}")
        for row in self.conn.execute(sql, params):
            failure = self._failure(row)
            assert failure.agency_id is not None and failure.year is not None
            found[(failure.agency_id, failure.year, failure.rule, failure.scope)] = failure
        for slot, verdict in by_slot.items():
            yield verdict, found.get(slot)
