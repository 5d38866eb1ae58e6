"""Full-text search over every report's text: one row per line (``text_lines``), indexed by an FTS5 table
with the trigram tokenizer (``text_lines_fts``), which finds any run of 3 or more characters — Chinese has
no spaces to split words at. A shorter term (收费) is matched with ``LIKE`` over the same lines.

The lines are numbered as the app's source view numbers them (``\\r\\n`` and ``\\r`` are line breaks, the
first line is 1) and kept NFKC-normalised (full-width letters and digits as ASCII), as the query is.

The FTS table is the shape sqlite-utils' ``enable_fts(["text"], tokenize="trigram", create_triggers=True)``
makes (external content, triggers ``text_lines_ai/_ad/_au``), so ``sqlite-utils search`` and
``Table.search`` work on an archive; migration 6 writes that SQL itself because ``enable_fts`` runs
``executescript``, which commits, and a migration is one transaction. Migration 8 dropped the insert
trigger: the lines go into the index by one statement, because FTS5 writes its pending terms out at the end
of every statement and a trigger per line cost 5x inserting the lines. The statement runs once per
transaction, just before it commits (``_index_lines``: every line inserted since it began), not once per
report: a file whose savepoint is rolled back takes its lines with it, and what is committed is indexed.
A report's lines are consecutive rowids of ``text_lines``; ``text_line_spans`` holds each report's first and
last (migration 9 dropped the index by report and line: a fifth of the lines' size, and an insert per line).
The lines are made where the file is parsed (``codec.search_lines``, in a worker of the import pool), not
by the one process that writes.

A mixin of ``Archive`` (``store.archive``), which supplies ``conn``.
"""
from __future__ import annotations

import sqlite3
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xxgk.store.codec import TEXT_ZLIB, PreparedReport, search_lines, unpack_source, unpack_text

TRIGRAM = 3  # the shortest term the trigram index can look up


def index_rows(report_id: int, text: str) -> list[tuple[int, int, str]]:
    """The (report, line number, text) rows of the non-blank lines of ``text``."""
    return [(report_id, n, line) for n, line in search_lines(text)]


@dataclass
class SearchHit:
    """One line of a report that contains every term."""

    report_id: int
    agency: str | None
    year: int | None
    source_name: str
    line: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"report_id": self.report_id, "agency": self.agency, "year": self.year,
                "source_name": self.source_name, "line": self.line, "text": self.text}


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def search_terms(query: Sequence[str]) -> list[str]:
    """The query's terms (split on spaces, NFKC), each once, in order."""
    out: list[str] = []
    for part in query:
        for term in unicodedata.normalize("NFKC", part).split():
            if term not in out:
                out.append(term)
    return out


class SearchStore:
    conn: sqlite3.Connection
    # the last rowid of text_lines before this transaction's first line: its lines are the rowids above it
    # (the store never deletes lines, so a new line's rowid is always above every older one)
    _lines_from: int | None = None

    def _index_report(self, report_id: int, rep: PreparedReport) -> None:
        """Add the lines of a report just saved (in the saving transaction): those prepared with it, else
        read from its stored text."""
        if rep.lines is None:
            self._index_saved(report_id, rep.text_codec, rep.text_data, rep.sha256, rep.encoding)
        else:
            self._add_lines(report_id, rep.lines)

    def _index_saved(self, report_id: int, codec: str, data: bytes, sha256: str, encoding: str | None) -> None:
        """Index the lines of a report just saved (in the saving transaction). A text kept as its source
        file is indexed once the file's bytes are saved (``_index_pending``: they are saved after its
        reports)."""
        if codec == TEXT_ZLIB:
            self._index_text(report_id, zlib.decompress(data).decode("utf-8", "surrogatepass"))
            return
        row = self.conn.execute("SELECT codec, data FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            self.__dict__.setdefault("_pending_lines", []).append((report_id, codec, data, sha256, encoding))
            return
        try:
            self._index_text(report_id, unpack_text(codec, data, unpack_source(row[0], row[1]), encoding))
        except (ValueError, UnicodeDecodeError):
            pass  # a text that cannot be read back is not searchable (the report shows the same error)

    def _index_pending(self) -> None:
        """Index the reports whose text is the source file saved just now."""
        pending = self.__dict__.pop("_pending_lines", [])
        for report_id, codec, data, sha256, encoding in pending:
            self._index_saved(report_id, codec, data, sha256, encoding)

    def _forget_pending(self) -> None:
        self.__dict__.pop("_pending_lines", None)

    def _index_text(self, report_id: int, text: str) -> None:
        self._add_lines(report_id, search_lines(text))

    def _add_lines(self, report_id: int, lines: list[tuple[int, str]]) -> None:
        """The report's lines as consecutive rowids of ``text_lines``, and that span (``text_line_spans``)."""
        if not lines:
            return
        last = int(self.conn.execute("SELECT ifnull(max(rowid), 0) FROM text_lines").fetchone()[0])
        if self._lines_from is None:
            self._lines_from = last
        self.conn.executemany("INSERT INTO text_lines (rowid, report_id, line, text) VALUES (?, ?, ?, ?)",
                              [(last + i, report_id, n, line) for i, (n, line) in enumerate(lines, 1)])
        self.conn.execute("INSERT INTO text_line_spans (report_id, first_row, last_row) VALUES (?, ?, ?)",
                          (report_id, last + 1, last + len(lines)))

    def _index_lines(self) -> None:
        """Put the lines inserted in this transaction into the FTS index (by one statement: one segment), just
        before it commits."""
        start, self._lines_from = self._lines_from, None
        if start is not None:
            self.conn.execute("INSERT INTO [text_lines_fts] (rowid, [text]) SELECT rowid, text FROM text_lines "
                              "WHERE rowid > ?", (start,))

    def _forget_lines(self) -> None:
        """The transaction was rolled back: its lines are gone."""
        self._lines_from = None

    def search(self, terms: Sequence[str], *, agency_id: int | None = None, year: int | None = None,
               limit: int = 200, offset: int = 0) -> tuple[list[SearchHit], int]:
        """The lines of current reports containing every term (agency, year, line order), a page of them,
        and how many there are in all."""
        if not terms:
            return [], 0
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        where: list[str] = ["r.superseded_by IS NULL"]
        params: list[Any] = []
        if long_terms:
            source = "text_lines_fts f JOIN text_lines t ON t.rowid = f.rowid JOIN reports r ON r.id = t.report_id"
            where.append("text_lines_fts MATCH ?")
            params.append(" AND ".join(_phrase(t) for t in long_terms))
        else:
            # a report's lines through its span of rowids (there is no index of text_lines by report)
            source = ("reports r JOIN text_line_spans s ON s.report_id = r.id JOIN text_lines t "
                      "ON t.rowid BETWEEN s.first_row AND s.last_row AND t.report_id = r.id")
        for term in terms:
            if len(term) < TRIGRAM:
                where.append("t.text LIKE ? ESCAPE '\\'")
                params.append(_like(term))
        if agency_id is not None:
            where.append("r.agency_id = ?")
            params.append(agency_id)
        if year is not None:
            where.append("r.year = ?")
            params.append(year)
        base = (f"FROM {source} LEFT JOIN agencies a ON a.id = r.agency_id "
                f"WHERE {' AND '.join(where)}")
        total = int(self.conn.execute(f"SELECT count(*) {base}", params).fetchone()[0])
        rows = self.conn.execute(
            f"SELECT r.id, a.name, r.year, r.source_name, t.line, t.text {base} "
            "ORDER BY a.name IS NULL, a.name, r.year, r.id, t.line LIMIT ? OFFSET ?", [*params, limit, offset])
        return [SearchHit(*row) for row in rows], total


def index_report_lines(conn: sqlite3.Connection, report_ids: Sequence[int]) -> None:
    """Put the lines of these reports, just inserted, into the FTS index: one statement, so FTS5 writes one
    segment for them all (through a trigger per line it wrote one per line; migration 8 dropped it)."""
    marks = ",".join("?" * len(report_ids))
    conn.execute(f"INSERT INTO [text_lines_fts] (rowid, [text]) SELECT rowid, text FROM text_lines "
                 f"WHERE report_id IN ({marks})", list(report_ids))


def fill_text_lines(conn: sqlite3.Connection) -> None:
    """Migration 6: index the text of every report already archived (200 reports per statement; the
    insert trigger of migration 6 is dropped meanwhile and made again, as migration 6 leaves it)."""
    trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'text_lines_ai'"
                           ).fetchone()
    if trigger is not None:
        conn.execute("DROP TRIGGER [text_lines_ai]")
    try:
        _fill_text_lines(conn)
    finally:
        if trigger is not None:
            conn.execute(trigger[0])


def _fill_text_lines(conn: sqlite3.Connection) -> None:
    cur = conn.execute("SELECT r.id, t.codec, t.data, r.encoding, s.codec, s.data FROM reports r "
                       "JOIN report_texts t ON t.report_id = r.id LEFT JOIN sources s ON s.sha256 = r.sha256 "
                       "ORDER BY r.id")
    while True:
        chunk = cur.fetchmany(200)
        if not chunk:
            return
        rows: list[tuple[int, int, str]] = []
        for report_id, codec, data, encoding, s_codec, s_data in chunk:
            source = unpack_source(s_codec, s_data) if s_data is not None else None
            try:
                text = unpack_text(codec, data, source, encoding)
            except (ValueError, UnicodeDecodeError):
                continue  # a text kept as a source that is missing: nothing to index
            rows += index_rows(report_id, text)
        conn.executemany("INSERT INTO text_lines (report_id, line, text) VALUES (?, ?, ?)", rows)
        index_report_lines(conn, sorted({r[0] for r in rows}))
