"""The archive schema as an ordered list of migrations.

``MIGRATIONS[i]`` turns schema version ``i`` into ``i + 1``; migration 1 is the initial schema. To
change the schema, append a migration (never edit an applied one): ``Archive`` applies the missing
ones in order, in one transaction, when a read-write archive is opened. A step is an SQL statement or
a function of the connection (``store.migrations``) for what SQL alone cannot do.

Column notes: ``report_values.value`` and the check numbers have no declared type on purpose, so an
``int`` stays an ``int`` and a ``float`` a ``float`` (a REAL column would turn 3 into 3.0). The
``n_*`` counts in ``reports`` are denormalised from ``checks`` (kept in step by the store's own
writes) so the overview grid is one scan of ``reports``.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable

from xxgk.store.migrations import compact_layout
from xxgk.store.search import fill_text_lines, move_to_line_texts

Step = str | Callable[[sqlite3.Connection], None]

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

# 3: the compact layout (``store.codec`` says how it loses nothing): check rules and value labels stored
# once; passing checks packed per group of checks; only the checks that do not pass as rows; texts
# compressed; each file's bytes kept compressed (for ``xxgk reparse``); a content digest, so the same
# text in another encoding is recognised; an index of agency-name endings for the prefix rule; indexes
# for the sorts the lists page through. ``compact_layout`` moves existing rows into the new tables.
MIGRATION_3: list[Step] = [
    """CREATE TABLE value_labels (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        label TEXT NOT NULL,
        section TEXT,
        unit TEXT
    )""",
    # NULL and '' are different sections/units: both are part of the identity
    """CREATE UNIQUE INDEX value_labels_identity ON value_labels
        (key, label, ifnull(section, ''), section IS NULL, ifnull(unit, ''), unit IS NULL)""",
    """CREATE TABLE report_values_v3 (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES value_labels(id),
        raw TEXT NOT NULL,
        value,
        "where" TEXT NOT NULL DEFAULT '',
        note TEXT,
        PRIMARY KEY (report_id, ord)
    ) WITHOUT ROWID""",
    """CREATE TABLE check_rules (
        id INTEGER PRIMARY KEY,
        rule TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '',
        strict INTEGER NOT NULL DEFAULT 1,
        title TEXT NOT NULL DEFAULT '',
        formula TEXT NOT NULL DEFAULT '',
        keys TEXT NOT NULL DEFAULT '[]',
        UNIQUE (rule, scope, strict, title, formula, keys)
    )""",
    """CREATE TABLE check_sets (
        id INTEGER PRIMARY KEY,
        rule_ids TEXT NOT NULL UNIQUE
    )""",
    # one group of checks: a report's own identities (other_report_id NULL) or those between two years
    """CREATE TABLE check_packs (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        other_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
        set_id INTEGER NOT NULL REFERENCES check_sets(id),
        n_pass INTEGER NOT NULL DEFAULT 0,
        n_fail INTEGER NOT NULL DEFAULT 0,
        n_strict_fail INTEGER NOT NULL DEFAULT 0,
        n_warn INTEGER NOT NULL DEFAULT 0,
        n_incomplete INTEGER NOT NULL DEFAULT 0,
        passes BLOB NOT NULL DEFAULT x''
    )""",
    "CREATE UNIQUE INDEX check_packs_group ON check_packs(report_id, ifnull(other_report_id, 0))",
    "CREATE INDEX check_packs_other ON check_packs(other_report_id) WHERE other_report_id IS NOT NULL",
    """CREATE TABLE checks_v3 (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        other_report_id INTEGER REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        rule_id INTEGER NOT NULL REFERENCES check_rules(id),
        status TEXT NOT NULL CHECK (status IN ('fail', 'warn', 'incomplete')),
        message TEXT NOT NULL DEFAULT '',
        inputs TEXT NOT NULL DEFAULT '{}',
        expected,
        actual,
        difference
    )""",
    """CREATE TABLE report_texts_v3 (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        codec TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE sources (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        codec TEXT NOT NULL,
        data BLOB NOT NULL
    )""",
    """CREATE TABLE agency_keys (
        key TEXT NOT NULL,
        agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        PRIMARY KEY (key, agency_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX agency_keys_agency ON agency_keys(agency_id)",
    "ALTER TABLE reports ADD COLUMN content_sha BLOB",
    "ALTER TABLE reports ADD COLUMN reparsed_from INTEGER REFERENCES reports(id)",
    compact_layout,
    "DROP TABLE report_values",
    "ALTER TABLE report_values_v3 RENAME TO report_values",
    "DROP TABLE checks",
    "ALTER TABLE checks_v3 RENAME TO checks",
    "CREATE INDEX checks_report ON checks(report_id, other_report_id, ord)",
    "CREATE INDEX checks_other ON checks(other_report_id) WHERE other_report_id IS NOT NULL",
    "CREATE INDEX checks_rule ON checks(rule_id)",
    "DROP TABLE report_texts",
    "ALTER TABLE report_texts_v3 RENAME TO report_texts",
    # a file's bytes identify it; a re-read (xxgk reparse) of the same bytes is a version of its own
    "DROP INDEX reports_source",
    "CREATE UNIQUE INDEX reports_source ON reports(sha256, ifnull(part, ''), ifnull(reparsed_from, 0))",
    "CREATE INDEX reports_content ON reports(content_sha) WHERE content_sha IS NOT NULL",
    """CREATE INDEX reports_current_year ON reports(year)
        WHERE superseded_by IS NULL AND agency_id IS NOT NULL AND year IS NOT NULL""",
    # the values with their keys and labels, as one table (for reading the archive with SQL)
    """CREATE VIEW value_rows AS
        SELECT v.report_id, v.ord, l.key, l.label, l.section, v.raw, v.value, l.unit, v."where", v.note
        FROM report_values v JOIN value_labels l ON l.id = v.label_id""",
]

# 4: a wrongly filed version can be withdrawn (``Archive.withdraw``): it stays in the history, never deleted,
# with when, why and by whom, but no longer counts. A withdrawn report points ``superseded_by`` at itself,
# so every "current" query (``superseded_by IS NULL``), the ``current_reports`` view and the one-current-report
# index leave it out unchanged; ``withdrawn_at`` is what says it was withdrawn.
MIGRATION_4: list[Step] = [
    "ALTER TABLE reports ADD COLUMN withdrawn_at TEXT",
    "ALTER TABLE reports ADD COLUMN withdrawn_reason TEXT",
    "ALTER TABLE reports ADD COLUMN withdrawn_by TEXT",
]

# 5: reviewers' verdicts on findings (``store.verdicts``, ``domain.verdicts``): an append-only history, one row
# per decision, against the finding's slot (agency, year, rule, scope) and fingerprint (slot + input values);
# the latest decision for a slot is the one in force (``current_verdicts``; ``cleared`` withdraws it). Rows are
# never changed nor deleted: the triggers refuse it.
MIGRATION_5: list[Step] = [
    """CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        agency_id INTEGER NOT NULL REFERENCES agencies(id),
        year INTEGER NOT NULL,
        rule TEXT NOT NULL,
        scope TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('confirmed', 'excluded', 'pending', 'cleared')),
        reason TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        report_id INTEGER REFERENCES reports(id),
        finding TEXT NOT NULL DEFAULT '{}'
    )""",
    "CREATE INDEX verdicts_slot ON verdicts(agency_id, year, rule, scope, id)",
    """CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN SELECT RAISE(ABORT, '判定记录只能追加，不能修改'); END""",
    """CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
        BEGIN SELECT RAISE(ABORT, '判定记录只能追加，不能删除'); END""",
    """CREATE VIEW current_verdicts AS
        SELECT v.* FROM verdicts v
        WHERE v.id = (SELECT max(w.id) FROM verdicts w WHERE w.agency_id = v.agency_id AND w.year = v.year
                      AND w.rule = v.rule AND w.scope = v.scope)
          AND v.status != 'cleared'""",
]

# 6: full-text search (``store.search``): every report's text as numbered lines, and an FTS5 index of them
# with the trigram tokenizer, in the shape sqlite-utils' ``enable_fts`` makes (external content, kept in step by
# triggers), so its tools can read it. The reports already archived are indexed by the migration.
MIGRATION_6: list[Step] = [
    """CREATE TABLE text_lines (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX text_lines_report ON text_lines(report_id, line)",
    """CREATE VIRTUAL TABLE [text_lines_fts] USING FTS5 (
        [text],
        tokenize='trigram',
        content=[text_lines]
    )""",
    """CREATE TRIGGER [text_lines_ai] AFTER INSERT ON [text_lines] BEGIN
        INSERT INTO [text_lines_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
    END""",
    """CREATE TRIGGER [text_lines_ad] AFTER DELETE ON [text_lines] BEGIN
        INSERT INTO [text_lines_fts] ([text_lines_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
    END""",
    """CREATE TRIGGER [text_lines_au] AFTER UPDATE ON [text_lines] BEGIN
        INSERT INTO [text_lines_fts] ([text_lines_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
        INSERT INTO [text_lines_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
    END""",
    fill_text_lines,
]


# 7: the hierarchy (``store.hierarchy``, ``domain.hierarchy``): an agency's parent (a region's government over
# its departments and townships), and the kind of a region's report as the reviewer set it — 本级 or 汇总 —
# per agency and year, so that it follows to a new version. Nothing existing changes.
MIGRATION_7: list[Step] = [
    """CREATE TABLE agency_parents (
        agency_id INTEGER PRIMARY KEY REFERENCES agencies(id) ON DELETE CASCADE,
        parent_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        set_by TEXT NOT NULL DEFAULT '',
        set_at TEXT NOT NULL,
        CHECK (agency_id != parent_id)
    )""",
    "CREATE INDEX agency_parents_parent ON agency_parents(parent_id)",
    """CREATE TABLE report_kinds (
        agency_id INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
        year INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('own', 'region')),
        set_by TEXT NOT NULL DEFAULT '',
        set_at TEXT NOT NULL,
        PRIMARY KEY (agency_id, year)
    )""",
]

# 8: a report's lines indexed by one statement (``SearchStore._index_text``), not by a trigger per line:
# FTS5 writes its pending terms out at every statement, so a trigger made a segment of one line, and
# indexing cost 5x inserting the lines (most of the import's store time). Deletes and updates keep theirs.
MIGRATION_8: list[Step] = ["DROP TRIGGER [text_lines_ai]"]

# 9: ``text_lines`` loses its index by (report, line), which cost as much as a fifth of the lines themselves
# (3.0 of 13.0 KB a report) and a b-tree insert per line: a report's lines are consecutive rowids, and
# ``text_line_spans`` says which (one row per report). The spans are read off the lines before the index goes
# (IF NOT EXISTS and the DELETE: the table is left alone by an archive whose text_lines migration 6 made again).
MIGRATION_9: list[Step] = [
    """CREATE TABLE IF NOT EXISTS text_line_spans (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        first_row INTEGER NOT NULL,
        last_row INTEGER NOT NULL
    )""",
    "DELETE FROM text_line_spans",
    """INSERT INTO text_line_spans (report_id, first_row, last_row)
        SELECT report_id, min(rowid), max(rowid) FROM text_lines GROUP BY report_id""",
    "DROP INDEX IF EXISTS text_lines_report",
]

# 10: each distinct line text once (``line_texts``, with its 64-bit key indexed), each report's lines as one
# row (``report_lines``: the text id of every line), and the trigram index over the distinct texts only
# (``line_texts_fts``, the shape sqlite-utils' ``enable_fts`` makes, without the insert trigger as in 8).
# Lines repeat across reports (labels, headings, boilerplate): ``text_lines`` and its index were most of the
# archive (21 of 37.5 KB a report) and most of the store's time. ``store.search`` describes the layout.
MIGRATION_10: list[Step] = [
    """CREATE TABLE line_texts (
        id INTEGER PRIMARY KEY,
        key INTEGER NOT NULL,
        text TEXT NOT NULL
    )""",
    "CREATE INDEX line_texts_key ON line_texts(key)",
    """CREATE TABLE report_lines (
        report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
        ids BLOB NOT NULL
    )""",
    move_to_line_texts,
    "DROP TABLE text_lines_fts",
    "DROP TABLE text_lines",
    "DROP TABLE text_line_spans",
    """CREATE VIRTUAL TABLE [line_texts_fts] USING FTS5 (
        [text],
        tokenize='trigram',
        content=[line_texts]
    )""",
    """CREATE TRIGGER [line_texts_ad] AFTER DELETE ON [line_texts] BEGIN
        INSERT INTO [line_texts_fts] ([line_texts_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
    END""",
    """CREATE TRIGGER [line_texts_au] AFTER UPDATE ON [line_texts] BEGIN
        INSERT INTO [line_texts_fts] ([line_texts_fts], rowid, [text]) VALUES('delete', old.rowid, old.[text]);
        INSERT INTO [line_texts_fts] (rowid, [text]) VALUES (new.rowid, new.[text]);
    END""",
    "INSERT INTO [line_texts_fts] (rowid, [text]) SELECT id, text FROM line_texts",
]

# 11: the failing checks indexed by themselves in their listing order (``store.failures``: ``xxgk check``,
# ``failures``, the failures screen name these statuses in their SQL, so the index serves them): a listing
# then reads the ~20% of check rows that fail or warn, not every row that is not a pass (at 100,000 reports
# 195,500 of 943,000; the index adds about 4 MB).
MIGRATION_11: list[Step] = [
    "CREATE INDEX IF NOT EXISTS checks_failing ON checks(report_id, other_report_id, ord) "
    "WHERE status IN ('fail', 'warn')",
]

MIGRATIONS: list[list[Step]] = [list(MIGRATION_1), list(MIGRATION_2), MIGRATION_3, MIGRATION_4, MIGRATION_5,
                                MIGRATION_6, MIGRATION_7, MIGRATION_8, MIGRATION_9, MIGRATION_10, MIGRATION_11]
LATEST = len(MIGRATIONS)
