"""Agencies: names, aliases and the prefix rule of ``domain.names``, looked up through indexes.

A mixin of ``Archive`` (``store.archive``).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from xxgk.domain.names import clean_name, is_distinctive, pick_agency, variant_keys
from xxgk.store.errors import NotFound
from xxgk.store.models import AgencyInfo, ReportRow, utc_now
from xxgk.store.reading import Reading


class Agencies(Reading):
    _agency_cache: dict[str, int | None]
    _canonical_names: dict[int, str]

    def _clock(self) -> str:
        return utc_now()

    def _spellings(self, ids: Iterable[int]) -> dict[int, list[str]]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        out: dict[int, list[str]] = {}
        for agency_id, name in self.conn.execute(
                f"SELECT id, name FROM agencies WHERE id IN ({marks}) UNION ALL "
                f"SELECT agency_id, alias FROM agency_aliases WHERE agency_id IN ({marks})", ids + ids):
            out.setdefault(agency_id, []).append(name)
        return out

    def _lookup_agency(self, name: str) -> int | None:
        """Exact name, then alias, then the prefix rule of ``domain.names``; None when unknown.

        The prefix rule's candidates come from indexes (``domain.names.variant_keys``), never a scan of
        every agency: the known spellings ``name`` can be a shorter variant of (``agency_keys``) and the
        shorter spellings it may stand for (its own keys, looked up as names and aliases)."""
        name = clean_name(name)
        if not name:
            return None
        if name in self._agency_cache:
            return self._agency_cache[name]
        found: int | None = self._scalar("SELECT id FROM agencies WHERE name = ? UNION ALL "
                             "SELECT agency_id FROM agency_aliases WHERE alias = ? LIMIT 1", (name, name))
        if found is None:
            keys = variant_keys(name)
            marks = ",".join("?" * len(keys))
            sql = "SELECT agency_id FROM agency_keys WHERE key = ?"
            if keys:
                sql += (f" UNION SELECT id FROM agencies WHERE name IN ({marks})"
                        f" UNION SELECT agency_id FROM agency_aliases WHERE alias IN ({marks})")
            ids = [r[0] for r in self.conn.execute(sql, [name, *keys, *keys])]
            found = pick_agency(name, self._spellings(ids)) if ids else None
        if self.conn.in_transaction:  # only while we hold the write lock can nobody else change the answer
            self._agency_cache[name] = found
        return found

    def _add_spelling(self, agency_id: int, spelling: str) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO agency_keys (key, agency_id) VALUES (?, ?)",
                              [(key, agency_id) for key in variant_keys(spelling)])

    def _resolve_agency(self, name: str) -> tuple[int, str]:
        """The agency id for ``name``, created if new; a new spelling of a known agency becomes an alias."""
        name = clean_name(name)
        agency_id = self._lookup_agency(name)
        if agency_id is None:
            agency_id = self.conn.execute("INSERT INTO agencies (name, created_at) VALUES (?, ?)",
                                          (name, self._clock())).lastrowid
            assert agency_id is not None
            self._add_spelling(agency_id, name)
            self._agency_cache.clear()
            return agency_id, name
        canonical = self._canonical_names.get(agency_id) if self.conn.in_transaction else None
        if canonical is None:
            canonical = str(self._scalar("SELECT name FROM agencies WHERE id = ?", (agency_id,)))
            if self.conn.in_transaction:  # cleared when the transaction begins and on any rollback
                self._canonical_names[agency_id] = canonical
        if canonical != name:
            added = self.conn.execute("INSERT OR IGNORE INTO agency_aliases (alias, agency_id) VALUES (?, ?)",
                                      (name, agency_id)).rowcount
            if added:
                self._add_spelling(agency_id, name)
                self._agency_cache.clear()
        return agency_id, canonical

    def _record_aliases(self, agency_id: int, name: str, aliases: Iterable[str]) -> None:
        """The other spellings the parser found for the agency (the title's short form when the official name
        stated in the text won). Only distinctive ones (``domain.names.is_distinctive``) that are no other
        agency's name or alias are recorded: aliases are looked up exactly, and a bare 财金局 or 管委会 names
        another agency in every region."""
        for alias in map(clean_name, aliases):
            if not alias or alias == name or not is_distinctive(alias) or self._scalar(
                    "SELECT 1 FROM agencies WHERE name = ? UNION ALL SELECT 1 FROM agency_aliases WHERE alias = ?",
                    (alias, alias)) is not None:
                continue
            self.conn.execute("INSERT INTO agency_aliases (alias, agency_id) VALUES (?, ?)", (alias, agency_id))
            self._add_spelling(agency_id, alias)
            self._agency_cache.clear()

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
        hint = f"（是否指：{'、'.join(similar)}？）" if similar else ""
        raise NotFound(f"档案中没有名为“{name}”的机关{hint}")

    def _agency_info(self, agency_id: int) -> AgencyInfo:
        infos = self._agency_infos(f"WHERE a.id = {int(agency_id)}")
        if not infos:
            raise NotFound(f"档案中没有机关 #{agency_id}")
        return infos[0]

    def _agency_infos(self, where: str = "", params: Sequence[Any] = ()) -> list[AgencyInfo]:
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

    def count_current(self, year: int | None = None, agency: str | None = None) -> int:
        """How many current reports (of ``year``, of ``agency``) ``iter_failures`` reads: what a check summary
        counts (reports waiting for review included: their checks are listed too). Counted on the partial
        indexes of current and of waiting reports, never a scan of ``reports``."""
        filed, waiting = ["superseded_by IS NULL", "agency_id IS NOT NULL", "year IS NOT NULL"], [
            "needs_review = 1", "superseded_by IS NULL"]
        params: list[Any] = []
        if year is not None:
            filed.append("year = ?")
            waiting.append("year = ?")
            params.append(int(year))
        if agency is not None:
            filed.append("agency_id = ?")
            waiting.append("agency_id = ?")
            params.append(self.agency(agency).id)
        return int(self._scalar(f"SELECT (SELECT count(*) FROM reports WHERE {' AND '.join(filed)}) + "
                                f"(SELECT count(*) FROM reports WHERE {' AND '.join(waiting)})", params + params))
