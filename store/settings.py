"""An office's settings kept in the archive itself (``archive_meta``, one JSON value per name), so
everyone who opens the archive works with the same thresholds. No schema change: ``archive_meta`` is a
key/value table from the first schema; setting names are stored as ``setting:<name>``.

A mixin of ``Archive`` (``store.archive``), which supplies ``conn`` and ``_write``.
"""
from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from typing import Any

_PREFIX = "setting:"


class ArchiveSettings:
    conn: sqlite3.Connection

    def _write(self, bump: bool = True) -> AbstractContextManager[None]:  # supplied by Archive
        raise NotImplementedError

    def setting(self, name: str) -> Any:
        """The JSON value stored under ``name`` (None when never set)."""
        row = self.conn.execute("SELECT value FROM archive_meta WHERE key = ?", (_PREFIX + name,)).fetchone()
        return json.loads(row[0]) if row and row[0] is not None else None

    def set_setting(self, name: str, value: Any) -> None:
        """Store ``value`` (JSON-serialisable) under ``name``; None removes it. Bumps the data version, so
        open apps reload."""
        with self._write():
            if value is None:
                self.conn.execute("DELETE FROM archive_meta WHERE key = ?", (_PREFIX + name,))
            else:
                self.conn.execute("INSERT OR REPLACE INTO archive_meta (key, value) VALUES (?, ?)",
                                  (_PREFIX + name, json.dumps(value, ensure_ascii=False, sort_keys=True)))
