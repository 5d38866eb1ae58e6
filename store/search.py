"""Full-text search over every report's text.

The layout (migration 10): each distinct line text is stored once (``line_texts``: id, a 64-bit ``key``
hashed from the text — indexed, so the writer finds a text without an index over the texts themselves; two
texts with the same key are two rows, told apart by comparing the text — and the text), and each report
keeps the sequence of its lines as one row (``report_lines.ids``: the text id of line n at index n - 1,
0 for a blank line, unsigned 32-bit little-endian). Lines repeat massively across reports (table labels,
headings, boilerplate), so this is a fraction of one row per line, and the trigram index
(``line_texts_fts``) is over the distinct texts only. Texts are never deleted: the store deletes no report,
and a text no report uses any more (none today) would only cost its row.

Searching is two steps: the index (or ``LIKE`` for a term shorter than 3 characters, now over the distinct
texts only) gives the set of matching text ids; then the current reports whose id sequence meets that set
give the hits (report, line), a scan of one blob per report in C (``set.isdisjoint`` over the array).

The trigram tokenizer finds any run of 3 or more characters — Chinese has no spaces to split words at. The
lines are numbered as the app's source view numbers them (``\\r\\n`` and ``\\r`` are line breaks, the first
line is 1) and kept NFKC-normalised (full-width letters and digits as ASCII), as the query is.

The FTS table is the shape sqlite-utils' ``enable_fts(["text"], tokenize="trigram", create_triggers=True)``
makes on ``line_texts`` (external content, triggers ``line_texts_ad/_au``), so ``sqlite-utils search`` and
``Table.search`` work on an archive (they find the distinct texts; ``xxgk search`` says where they are). There
is no insert trigger: the new texts go into the index by one statement per transaction, just before it
commits (``_index_lines``: every text inserted since it began), because FTS5 writes its pending terms out at
the end of every statement. A file whose savepoint is rolled back takes its texts with it, and what is
committed is indexed. The lines are made where the file is parsed (``codec.line_texts``, in a worker of the
import pool), not by the one process that writes.

A mixin of ``Archive`` (``store.archive``), which supplies ``conn``.
"""
from __future__ import annotations

import hashlib
import sqlite3
import sys
import unicodedata
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from xxgk.store.codec import (
    TEXT_ZLIB,
    PreparedReport,
    line_texts,
    none_at,
    search_lines,
    unpack_source,
    unpack_text,
)

TRIGRAM = 3  # the shortest term the trigram index can look up
_CACHE = 100_000  # line texts whose id the writer keeps in memory (about 25 MB at most)
_CHUNK = 500  # keys per lookup query
_BIG_ENDIAN = sys.byteorder == "big"


def text_key(text: str) -> int:
    """The 64-bit key of a line text (``line_texts.key``): stable across processes and versions."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def pack_ids(ids: Iterable[int]) -> bytes:
    """A report's text ids as ``report_lines.ids`` stores them (unsigned 32-bit, little-endian)."""
    packed = array("I", ids)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed.tobytes()


def unpack_ids(blob: bytes) -> array[int]:
    packed = array("I", blob)
    if _BIG_ENDIAN:
        packed.byteswap()
    return packed


def index_rows(report_id: int, text: str) -> list[tuple[int, int, str]]:
    """The (report, line number, text) rows of the non-blank lines of ``text`` (schema 6's ``text_lines``)."""
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


class LineTexts:
    """The ids of line texts (``line_texts``), inserting those not stored yet; the ids of the texts met
    lately are kept in memory (a report's lines are mostly texts of earlier reports).

    A cached id is valid as long as its row exists: committed rows are never changed or deleted. After any
    rollback (of a savepoint or a transaction) ``forget`` drops the cache — a rolled-back id is reused.
    While the cache holds every stored text (an archive filled by this session alone, the cache never full)
    a text not in it is new without asking the archive."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ids: dict[str, int] = {"": 0}
        self.next_id: int | None = None  # read again in each transaction (another program may write)
        self.complete: bool | None = None  # the cache holds every text stored (None: not known yet)
        self.top = 0  # the highest id stored, as this session knows it (while complete)
        # the last id before this transaction's first new text: its new texts are the ids above it
        self.fresh_from: int | None = None

    def forget(self) -> None:
        """A savepoint or the transaction rolled back: what it inserted is gone."""
        self.ids = {"": 0}
        self.next_id = None
        self.complete = None

    def new_transaction(self) -> None:
        self.next_id = None
        self.fresh_from = None

    def ids_of(self, lines: Sequence[str]) -> list[int]:
        """The id of each line's text (0 for ""), in order."""
        out: list[int | None] = list(map(self.ids.get, lines))
        if None not in out:
            return out  # type: ignore[return-value]  # every line known
        if self.next_id is None:
            top = int(self.conn.execute("SELECT ifnull(max(id), 0) FROM line_texts").fetchone()[0])
            if self.complete is None:
                self.complete, self.top = top == 0, 0
            elif self.complete and top != self.top:
                self.complete = False  # another program added texts
            self.next_id = top + 1
        missing = none_at(out)  # where the unknown lines are
        keys: dict[str, int] = {}
        for at in missing:
            text = lines[at]
            if text not in keys:
                keys[text] = text_key(text)
        found = {} if self.complete else self._stored(keys)
        new = [t for t in keys if t not in found]
        if new:
            if self.fresh_from is None:
                self.fresh_from = self.next_id - 1
            first = self.next_id
            self.conn.executemany("INSERT INTO line_texts (id, key, text) VALUES (?, ?, ?)",
                                  [(first + n, keys[t], t) for n, t in enumerate(new)])
            self.next_id = first + len(new)
            self.top = self.next_id - 1
            found.update(zip(new, range(first, first + len(new)), strict=True))
        if len(self.ids) + len(found) > _CACHE:  # full: start again from this report's texts
            self.ids = {"": 0}
            self.ids.update(found)
            self.complete = False
            return [i if i is not None else found[t] for t, i in zip(lines, out, strict=True)]
        self.ids.update(found)
        for at in missing:
            out[at] = found[lines[at]]
        return out  # type: ignore[return-value]  # every line's id now

    def _stored(self, keys: dict[str, int]) -> dict[str, int]:
        """The ids of the texts of ``keys`` (text: key) already stored (the lowest, should one be stored twice)."""
        found: dict[str, int] = {}
        ordered = sorted(set(keys.values()))
        for at in range(0, len(ordered), _CHUNK):
            chunk = ordered[at:at + _CHUNK]
            rows = self.conn.execute(f"SELECT id, text FROM line_texts WHERE key IN ({','.join('?' * len(chunk))})",
                                     chunk)
            for id_, text in rows:
                if text in keys and (text not in found or id_ < found[text]):
                    found[text] = id_
        return found


class SearchStore:
    conn: sqlite3.Connection

    @property
    def _texts(self) -> LineTexts:
        texts: LineTexts | None = self.__dict__.get("_line_texts")
        if texts is None:
            texts = self.__dict__["_line_texts"] = LineTexts(self.conn)
        return texts

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
        self._add_lines(report_id, line_texts(text))

    def _add_lines(self, report_id: int, lines: list[str]) -> None:
        """The report's line sequence (``report_lines``), its texts added to ``line_texts`` where new."""
        if lines:
            self.conn.execute("INSERT INTO report_lines (report_id, ids) VALUES (?, ?)",
                              (report_id, pack_ids(self._texts.ids_of(lines))))

    def _index_lines(self) -> None:
        """Put the texts inserted in this transaction into the FTS index (by one statement: one segment), just
        before it commits."""
        texts = self._texts
        start, texts.fresh_from = texts.fresh_from, None
        if start is not None:
            self.conn.execute("INSERT INTO [line_texts_fts] (rowid, [text]) SELECT id, text FROM line_texts "
                              "WHERE id > ?", (start,))

    def _forget_lines(self) -> None:
        """A transaction begins, or was rolled back."""
        if "_line_texts" in self.__dict__:
            self._texts.new_transaction()

    def _forget_texts(self) -> None:
        """A savepoint or a transaction rolled back (``Archive._forget``): the ids of the texts it inserted are
        gone, and may be reused."""
        if "_line_texts" in self.__dict__:
            self._texts.forget()

    def matching_texts(self, terms: Sequence[str]) -> set[int]:
        """The ids of the distinct line texts that contain every term."""
        long_terms = [t for t in terms if len(t) >= TRIGRAM]
        where: list[str] = []
        params: list[Any] = []
        if long_terms:
            source = "line_texts_fts f JOIN line_texts t ON t.id = f.rowid"
            where.append("line_texts_fts MATCH ?")
            params.append(" AND ".join(_phrase(t) for t in long_terms))
        else:
            source = "line_texts t"
        for term in terms:
            if len(term) < TRIGRAM:
                where.append("t.text LIKE ? ESCAPE '\\'")
                params.append(_like(term))
        if not where:
            return set()
        return {r[0] for r in self.conn.execute(f"SELECT t.id FROM {source} WHERE {' AND '.join(where)}", params)}

    def search(self, terms: Sequence[str], *, agency_id: int | None = None, year: int | None = None,
               limit: int = 200, offset: int = 0) -> tuple[list[SearchHit], int]:
        """The lines of current reports containing every term (agency, year, line order), a page of them,
        and how many there are in all."""
        if not terms:
            return [], 0
        wanted = self.matching_texts(terms)
        if not wanted:
            return [], 0
        where = ["r.superseded_by IS NULL"]
        params: list[Any] = []
        if agency_id is not None:
            where.append("r.agency_id = ?")
            params.append(agency_id)
        if year is not None:
            where.append("r.year = ?")
            params.append(year)
        # every current report's line sequence: whether it meets the set in C, its hits counted only if it does
        disjoint = wanted.isdisjoint
        found: list[tuple[int, int | None, int | None, int]] = []
        # narrowed by agency or year: those reports first (by their index); else every line sequence, each with
        # its report (there are no more sequences than reports)
        source = ("reports r JOIN report_lines l ON l.report_id = r.id" if params else
                  "report_lines l CROSS JOIN reports r ON r.id = l.report_id")
        for report_id, agency, year_, blob in self.conn.execute(
                f"SELECT r.id, r.agency_id, r.year, l.ids FROM {source} WHERE {' AND '.join(where)}", params):
            ids = unpack_ids(blob)
            if not disjoint(ids):
                found.append((report_id, agency, year_, len([t for t in ids if t in wanted])))
        total = sum(f[3] for f in found)
        offset = max(0, offset)  # as SQL's LIMIT and OFFSET: a negative limit is none, a negative offset 0
        if limit < 0:
            limit = total
        if not found or limit == 0 or offset >= total:
            return [], total
        names = self._agency_names({f[1] for f in found if f[1] is not None})

        def order(f: tuple[int, int | None, int | None, int]) -> tuple[bool, str, bool, int, int]:
            # SQL's ORDER BY a.name IS NULL, a.name, r.year, r.id: NULL first, and Python's order of str is
            # SQLite's BINARY order of their UTF-8
            name = names.get(f[1]) if f[1] is not None else None
            return (name is None, name or "", f[2] is not None, f[2] or 0, f[0])

        found.sort(key=order)
        page: list[tuple[int, int, int]] = []  # report, hits to skip, hits to take
        skip, room = offset, limit
        for report_id, _, _, n in found:
            if skip >= n:
                skip -= n
                continue
            take = min(n - skip, room)
            page.append((report_id, skip, take))
            skip, room = 0, room - take
            if not room:
                break
        return self._hits(page, wanted, names), total

    def _agency_names(self, agency_ids: set[int]) -> dict[int, str]:
        out: dict[int, str] = {}
        ordered = sorted(agency_ids)
        for at in range(0, len(ordered), _CHUNK):
            chunk = ordered[at:at + _CHUNK]
            out.update(self.conn.execute(f"SELECT id, name FROM agencies WHERE id IN ({','.join('?' * len(chunk))})",
                                         chunk).fetchall())
        return out

    def _hits(self, page: list[tuple[int, int, int]], wanted: set[int], names: dict[int, str]) -> list[SearchHit]:
        """The hits of a page: per report, the lines to skip and to take of those whose text is wanted."""
        marks = ",".join("?" * len(page))
        rows = {r[0]: r[1:] for r in self.conn.execute(
            f"SELECT r.id, r.agency_id, r.year, r.source_name, l.ids FROM reports r "
            f"JOIN report_lines l ON l.report_id = r.id WHERE r.id IN ({marks})", [p[0] for p in page])}
        lines: list[tuple[int, int, int]] = []  # report, line, text id
        for report_id, skip, take in page:
            ids = unpack_ids(rows[report_id][3])
            at = [(n, t) for n, t in enumerate(ids, 1) if t in wanted][skip:skip + take]
            lines += [(report_id, n, t) for n, t in at]
        text_ids = sorted({t for _, _, t in lines})
        texts = dict(self.conn.execute(f"SELECT id, text FROM line_texts WHERE id IN ({','.join('?' * len(text_ids))})",
                                       text_ids).fetchall())
        out = []
        for report_id, n, t in lines:
            agency_id, year, source_name, _ = rows[report_id]
            out.append(SearchHit(report_id, names.get(agency_id) if agency_id is not None else None, year,
                                 source_name, n, texts[t]))
        return out


def move_to_line_texts(conn: sqlite3.Connection) -> None:
    """Migration 10: every report's lines from ``text_lines`` (one row per line) into ``report_lines`` (one
    row per report) and ``line_texts`` (each distinct text once). A report's lines are read within its span of
    rowids (``text_line_spans``, migration 9) as two strings, its line numbers and its texts, split in C (a
    line has no "\n"); the lines of a report without a span (the store writes none) by a scan of their own.
    Every line must have been read, or the upgrade stops (and changes nothing)."""
    texts = LineTexts(conn)
    pending: list[tuple[bytes, int]] = []
    moved = 0
    spans = conn.execute("SELECT report_id, first_row, last_row FROM text_line_spans ORDER BY report_id").fetchall()
    for report_id, first, last in spans:
        numbers, joined = conn.execute(
            "SELECT group_concat(line), group_concat(text, char(10)) FROM text_lines "
            "WHERE rowid BETWEEN ? AND ? AND report_id = ?", (first, last, report_id)).fetchone()
        if numbers is None:
            continue
        lines, parts = numbers.split(","), joined.split("\n")
        if len(lines) != len(parts):
            raise sqlite3.DatabaseError("档案结构升级（第 10 版）时原文行无法拆分；未作任何改动")
        moved += len(parts)
        _add_moved(conn, texts, pending, report_id, dict(zip(map(int, lines), parts, strict=True)))
    rest = conn.execute("SELECT report_id, line, text FROM text_lines WHERE report_id NOT IN "
                        "(SELECT report_id FROM text_line_spans) ORDER BY report_id, line")
    for report_id, group in groupby(_chunked(rest), key=lambda r: int(r[0])):
        numbered = [(int(line), text) for _, line, text in group]
        moved += len(numbered)
        _add_moved(conn, texts, pending, report_id, dict(numbered))
    _flush(conn, pending)
    if moved != conn.execute("SELECT count(*) FROM text_lines").fetchone()[0]:
        raise sqlite3.DatabaseError("档案结构升级（第 10 版）时有原文行没有搬过去；未作任何改动")


def _add_moved(conn: sqlite3.Connection, texts: LineTexts, pending: list[tuple[bytes, int]], report_id: int,
               numbered: dict[int, str]) -> None:
    lines = [numbered.get(n, "") for n in range(1, max(numbered) + 1)]
    pending.append((pack_ids(texts.ids_of(lines)), report_id))
    if len(pending) >= _CHUNK:
        _flush(conn, pending)


def _chunked(cur: sqlite3.Cursor) -> Iterable[tuple[Any, ...]]:
    while True:
        chunk = cur.fetchmany(2000)
        if not chunk:
            return
        yield from chunk


def _flush(conn: sqlite3.Connection, pending: list[tuple[bytes, int]]) -> None:
    conn.executemany("INSERT INTO report_lines (ids, report_id) VALUES (?, ?)", pending)
    pending.clear()


def index_report_lines(conn: sqlite3.Connection, report_ids: Sequence[int]) -> None:
    """Schema 6: put the lines of these reports, just inserted, into the FTS index: one statement, so FTS5 writes one
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
