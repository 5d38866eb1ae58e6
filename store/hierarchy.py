"""Which agency is under which (``agency_parents``) and the kind of a region's report as the reviewer set
it (``report_kinds``, per agency and year, so that it follows to every new version). The rules are
``domain.hierarchy``; here they are only stored and looked up.

A mixin of ``Archive`` (``store.archive``), which supplies ``conn`` and ``_write``.
"""
from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from xxgk.store.errors import ArchiveError
from xxgk.store.models import AgencyInfo, utc_now


class HierarchyStore:
    conn: sqlite3.Connection

    def _write(self, bump: bool = True) -> AbstractContextManager[None]:  # supplied by Archive
        raise NotImplementedError

    def parent_of(self, agency_id: int) -> int | None:
        row = self.conn.execute("SELECT parent_id FROM agency_parents WHERE agency_id = ?", (int(agency_id),)).fetchone()
        return int(row[0]) if row else None

    def parents(self) -> dict[int, int]:
        """Every agency with a parent: agency id → parent id."""
        return {int(a): int(p) for a, p in self.conn.execute("SELECT agency_id, parent_id FROM agency_parents")}

    def children_of(self, agency_id: int) -> list[int]:
        return [int(r[0]) for r in self.conn.execute(
            "SELECT p.agency_id FROM agency_parents p JOIN agencies a ON a.id = p.agency_id WHERE p.parent_id = ? "
            "ORDER BY a.name", (int(agency_id),))]

    def child_agencies(self, agency_id: int) -> list[AgencyInfo]:
        """The agencies directly under ``agency_id``, by name."""
        return [self._agency_info(i) for i in self.children_of(agency_id)]

    def _agency_info(self, agency_id: int) -> AgencyInfo:  # ``store.agencies``
        raise NotImplementedError

    def set_parent(self, agency_id: int, parent_id: int | None, by: str) -> None:
        """Put ``agency_id`` under ``parent_id`` (None: under no one). A parent cannot be under its child."""
        with self._write():
            if parent_id is not None:
                seen = {int(agency_id)}
                up: int | None = int(parent_id)
                while up is not None:
                    if up in seen:
                        raise ArchiveError("不能把机关设为它自己或它的下级机关的下级")
                    seen.add(up)
                    up = self.parent_of(up)
                self.conn.execute("INSERT OR REPLACE INTO agency_parents (agency_id, parent_id, set_by, set_at) "
                                  "VALUES (?, ?, ?, ?)", (int(agency_id), int(parent_id), by, utc_now()))
            else:
                self.conn.execute("DELETE FROM agency_parents WHERE agency_id = ?", (int(agency_id),))

    def report_kind_set(self, agency_id: int, year: int) -> tuple[str, str, str] | None:
        """(kind, by, when) the reviewer set for the agency's report of ``year``, or None."""
        row = self.conn.execute("SELECT kind, set_by, set_at FROM report_kinds WHERE agency_id = ? AND year = ?",
                                (int(agency_id), int(year))).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def set_report_kind(self, agency_id: int, year: int, kind: str | None, by: str) -> None:
        """``own`` (本级) or ``region`` (汇总) for the agency's report of ``year``; None: as the text says."""
        with self._write():
            if kind is None:
                self.conn.execute("DELETE FROM report_kinds WHERE agency_id = ? AND year = ?", (int(agency_id), int(year)))
            else:
                self.conn.execute("INSERT OR REPLACE INTO report_kinds (agency_id, year, kind, set_by, set_at) "
                                  "VALUES (?, ?, ?, ?, ?)", (int(agency_id), int(year), kind, by, utc_now()))
