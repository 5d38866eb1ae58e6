"""The parts of migrations that SQL alone cannot do (``store.schema`` lists when each runs).

Each runs inside the migration's one transaction: it never commits.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from itertools import groupby
from typing import Any

from xxgk.domain.model import CheckResult
from xxgk.domain.names import variant_keys
from xxgk.store.codec import TEXT_ZLIB, as_spec, content_digest, prepare_checks
from xxgk.store.interning import Interner

_CHUNK = 2000


def _rows(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[Any, ...]]:
    """All rows of ``sql``, fetched in chunks (the migration also writes through the same connection)."""
    cur = conn.execute(sql)
    while True:
        chunk = cur.fetchmany(_CHUNK)
        if not chunk:
            return
        yield from chunk


def compact_layout(conn: sqlite3.Connection) -> None:
    """Schema 2 → 3: move values, checks and texts into the compact tables; fill the agency-name index."""
    # values: each (key, label, section, unit) once; DISTINCT counts NULLs as equal, as the index does
    conn.execute("INSERT INTO value_labels (key, label, section, unit) "
                 "SELECT DISTINCT key, label, section, unit FROM report_values")
    conn.execute("""INSERT INTO report_values_v3 (report_id, ord, label_id, raw, value, "where", note)
                    SELECT v.report_id, v.ord, l.id, v.raw, v.value, v."where", v.note
                    FROM report_values v JOIN value_labels l ON l.key = v.key AND l.label = v.label
                         AND l.section IS v.section AND l.unit IS v.unit""")
    moved = conn.execute("SELECT count(*) FROM report_values_v3").fetchone()[0]
    if moved != conn.execute("SELECT count(*) FROM report_values").fetchone()[0]:
        raise sqlite3.DatabaseError("档案结构升级（第 3 版）时有数值行没有搬过去；未作任何改动")

    # texts (compressed) and content digests
    texts, digests = [], []
    for report_id, format_, part, text in _rows(conn, "SELECT r.id, r.format, r.part, ifnull(t.text, r.text) "
                                                      "FROM reports r LEFT JOIN report_texts t ON t.report_id = r.id"):
        text = text or ""
        texts.append((report_id, TEXT_ZLIB, zlib.compress(text.encode("utf-8", "surrogatepass"), 6)))
        digests.append((content_digest(text, format_, part), report_id))
        if len(texts) >= _CHUNK:
            _flush_texts(conn, texts)
    _flush_texts(conn, texts)
    # after the scan of ``reports``, not during it
    conn.executemany("UPDATE reports SET content_sha = ? WHERE id = ?", digests)

    # checks: one pack per group (a report's own, or a pair of years), failing ones as rows
    interner = Interner(conn)
    packs: list[tuple[Any, ...]] = []
    failing: list[tuple[Any, ...]] = []
    old = _rows(conn, "SELECT report_id, other_report_id, rule, scope, status, strict, message, title, formula, "
                      "keys, inputs, expected, actual, difference FROM checks ORDER BY report_id, "
                      "other_report_id, id")
    keys_of: dict[str, list[str]] = {}  # a rule's keys repeat in every report: decoded once

    def keys(text: str) -> list[str]:
        found = keys_of.get(text)
        if found is None:
            found = keys_of[text] = json.loads(text)
        return list(found)

    for (report_id, other_id), group in groupby(old, key=lambda r: (r[0], r[1])):
        checks = [CheckResult(rule=r[2], scope=r[3], status=r[4], strict=bool(r[5]), message=r[6], title=r[7],
                              formula=r[8], keys=keys(r[9]), inputs=json.loads(r[10]), expected=r[11],
                              actual=r[12], difference=r[13]) for r in group]
        prepared = prepare_checks(checks)
        rule_ids = [interner.rule_id(as_spec(s)) for s in json.loads(prepared.rules_key)]
        packs.append((report_id, other_id, interner.set_id(prepared.rules_key), *prepared.counts, prepared.passes))
        failing += [(report_id, other_id, ord_, rule_ids[ord_], *rest) for ord_, *rest in prepared.failing]
        if len(packs) >= _CHUNK:
            _flush_checks(conn, packs, failing)
    _flush_checks(conn, packs, failing)

    # the agency-name index of the prefix rule
    spellings = conn.execute("SELECT id, name FROM agencies UNION ALL SELECT agency_id, alias FROM agency_aliases")
    conn.executemany("INSERT OR IGNORE INTO agency_keys (key, agency_id) VALUES (?, ?)",
                     [(key, agency_id) for agency_id, name in spellings.fetchall() for key in variant_keys(name)])


def _flush_texts(conn: sqlite3.Connection, texts: list[tuple[Any, ...]]) -> None:
    conn.executemany("INSERT INTO report_texts_v3 (report_id, codec, data) VALUES (?, ?, ?)", texts)
    texts.clear()


def _flush_checks(conn: sqlite3.Connection, packs: list[tuple[Any, ...]], failing: list[tuple[Any, ...]]) -> None:
    conn.executemany("INSERT INTO check_packs (report_id, other_report_id, set_id, n_pass, n_fail, n_strict_fail, "
                     "n_warn, n_incomplete, passes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", packs)
    conn.executemany("INSERT INTO checks_v3 (report_id, other_report_id, ord, rule_id, status, message, inputs, "
                     "expected, actual, difference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", failing)
    packs.clear()
    failing.clear()
