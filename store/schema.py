"""The archive schema as an ordered list of migrations.

``MIGRATIONS[i]`` turns schema version ``i`` into ``i + 1``; migration 1 is the initial schema. To
change the schema, append a migration (never edit an applied one): ``Archive`` applies the missing
ones in order, in one transaction, when a read-write archive is opened.

Column notes: ``report_values.value`` and the check numbers have no declared type on purpose, so an
``int`` stays an ``int`` and a ``float`` a ``float`` (a REAL column would turn 3 into 3.0). The
``n_*`` counts in ``reports`` are denormalised from ``checks`` (kept in step by the store's own
writes) so the overview grid is one scan of ``reports``.
"""
from __future__ import annotations

MIGRATION_1 = [
    """CREATE TABLE archive_meta (
        key TEXT PRIMARY KEY,
        value
    )""",
    "INSERT INTO archive_meta (key, value) VALUES ('generation', 0)",
    """CREATE TABLE agencies (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        region TEXT,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE agency_aliases (
        alias TEXT PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE
    )""",
    "CREATE INDEX agency_aliases_agency ON agency_aliases(agency_id)",
    """CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER REFERENCES agencies(id),
        agency_name TEXT,
        year INTEGER,
        version INTEGER NOT NULL DEFAULT 1,
        template TEXT,
        source_name TEXT NOT NULL,
        source_path TEXT,
        sha256 TEXT NOT NULL,
        part TEXT,
        format TEXT NOT NULL,
        encoding TEXT,
        imported_at TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        needs_review INTEGER NOT NULL DEFAULT 0,
        superseded_by INTEGER REFERENCES reports(id) DEFERRABLE INITIALLY DEFERRED,
        agency_source TEXT,
        year_source TEXT,
        scope TEXT,
        table_templates TEXT NOT NULL DEFAULT '{}',
        n_values INTEGER NOT NULL DEFAULT 0,
        n_pass INTEGER NOT NULL DEFAULT 0,
        n_fail INTEGER NOT NULL DEFAULT 0,
        n_strict_fail INTEGER NOT NULL DEFAULT 0,
        n_warn INTEGER NOT NULL DEFAULT 0,
        n_incomplete INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX reports_agency_year ON reports(agency_id, year)",
    "CREATE UNIQUE INDEX reports_source ON reports(sha256, ifnull(part, ''))",
    # at most one current report per agency and year
    """CREATE UNIQUE INDEX reports_current ON reports(agency_id, year)
        WHERE superseded_by IS NULL AND agency_id IS NOT NULL AND year IS NOT NULL""",
    "CREATE INDEX reports_review ON reports(id) WHERE needs_review = 1",
    """CREATE TABLE report_values (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        section TEXT,
        raw TEXT NOT NULL,
        value,
        unit TEXT,
        "where" TEXT NOT NULL DEFAULT '',
        note TEXT,
        PRIMARY KEY (report_id, ord)
    ) WITHOUT ROWID""",
    """CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        other_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
        rule TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'warn', 'incomplete')),
        strict INTEGER NOT NULL DEFAULT 1,
        message TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        formula TEXT NOT NULL DEFAULT '',
        keys TEXT NOT NULL DEFAULT '[]',
        inputs TEXT NOT NULL DEFAULT '{}',
        expected,
        actual,
        difference
    )""",
    "CREATE INDEX checks_report ON checks(report_id)",
    "CREATE INDEX checks_other ON checks(other_report_id) WHERE other_report_id IS NOT NULL",
    "CREATE INDEX checks_status ON checks(status, report_id)",
    """CREATE TABLE warnings (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        message TEXT NOT NULL,
        "where" TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (report_id, ord)
    ) WITHOUT ROWID""",
    "CREATE VIEW current_reports AS SELECT * FROM reports WHERE superseded_by IS NULL",
]

# 2: the full text moves out of ``reports`` into its own table. In ``reports`` it sat before the columns
# every list reads (superseded_by, the n_* counts), so each row read walked the text's overflow pages.
# ``reports.text`` stays (dropping a column needs SQLite 3.35) but is always ''.
MIGRATION_2 = [
    """CREATE TABLE report_texts (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        text TEXT NOT NULL
    )""",
    "INSERT INTO report_texts (report_id, text) SELECT id, text FROM reports",
    "UPDATE reports SET text = ''",
]

MIGRATIONS: list[list[str]] = [MIGRATION_1, MIGRATION_2]
LATEST = len(MIGRATIONS)
