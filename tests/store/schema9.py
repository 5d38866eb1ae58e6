"""An archive of today's schema taken back to the search layout of schema 9, as that schema's writer left it:
one row per non-blank line (``text_lines``, read from each report's stored text as schema 6 did), its
trigram index, each report's span of rowids; the layout of migration 10 dropped. Opening it read-write
runs migration 10 again."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from xxgk.store.schema import MIGRATION_6, MIGRATION_8, MIGRATION_9


def back_to_schema_9(path: str | Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for step in MIGRATION_6:  # the lines from every report's text, indexed (fill_text_lines)
            if callable(step):
                step(conn)
            else:
                conn.execute(step)
        for step in [*MIGRATION_8, *MIGRATION_9]:
            assert isinstance(step, str)
            conn.execute(step)
        for table in ("line_texts_fts", "line_texts", "report_lines"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DROP INDEX IF EXISTS checks_failing")  # migration 11's
        conn.execute("DELETE FROM schema_version WHERE version > 9")
        conn.execute("COMMIT")
    finally:
        conn.close()
