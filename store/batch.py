"""One write transaction over many input files, a savepoint per file (``Archive.batch``)."""
from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from xxgk.store.codec import PreparedFile
from xxgk.store.errors import BatchLost
from xxgk.store.models import SaveResult

if TYPE_CHECKING:
    from xxgk.store.archive import Archive

T = TypeVar("T")


def _sqlite_gone(exc: BaseException) -> bool:
    """An error after which SQLite may have rolled back the whole transaction (disk full, I/O, locks)."""
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError)



# A batch keeps SQLite's temporary files in memory. Each file's savepoint makes SQLite copy a page that the
# transaction had already changed into a sub-journal before changing it again (to undo that file alone), and
# past 64 KiB the sub-journal spilled into a temporary file: 59% of an import's page writes went to such files
# (25,500 of 43,400 pwrite calls for 400 files; 11,800 in all with them in memory, where they are freed as each
# savepoint is released). Importing 2,000 files took less system CPU in each of 24 pairs (medians 0.10-0.15 ms
# a file), for 0.17 M more instructions a file in the writer (callgrind); the import rate moved within the noise
# (medians of three sets of 8 pairs: +1%, -5%, +7.5%). Only while the batch runs: a large sort elsewhere may
# still spill to disk rather than grow the process.
_TEMP_IN_MEMORY = "PRAGMA temp_store = MEMORY"
_TEMP_DEFAULT = "PRAGMA temp_store = DEFAULT"


class Batch:
    """One write transaction over many input files, a savepoint per file (``Archive.batch``).

    ``save`` stores one prepared file, all or nothing: on a problem with the file (refused, a constraint)
    only its savepoint is rolled back and the batch goes on. When the archive itself fails (disk full,
    I/O error, locks) SQLite may have dropped the whole transaction: ``save`` then rolls everything back
    and raises ``BatchLost`` — nothing since the last ``commit`` was kept. ``commit`` makes what was saved
    visible to others (the import loop commits every few hundred milliseconds).
    """

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.open = False
        self._before = 0
        self._mark = 0

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is None:
            self.commit()
        else:
            self.rollback()

    def _begin(self) -> None:
        archive = self.archive
        self._mark = archive._interner.mark()
        archive.conn.execute(_TEMP_IN_MEMORY)
        archive._begin()
        self._before = archive.conn.total_changes
        self.open = True

    def save(self, file: PreparedFile) -> list[SaveResult]:
        return self.run(lambda: self.archive._save_file(file))

    def run(self, work: Callable[[], T]) -> T:
        """``work()`` (writes through the archive) inside a savepoint of the batch: all or nothing."""
        if not self.open:
            self._begin()
        conn = self.archive.conn
        try:
            with self.archive._savepoint():
                return work()
        except BaseException as exc:
            if _sqlite_gone(exc) or not conn.in_transaction:
                self.rollback()
                raise BatchLost(f"{self.archive.path}: {exc}") from exc
            raise

    def commit(self) -> None:
        if not self.open:
            return
        conn = self.archive.conn
        try:
            self.archive._index_lines()  # the batch's lines, by one statement
            if conn.total_changes != self._before:
                conn.execute("UPDATE archive_meta SET value = value + 1 WHERE key = 'generation'")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.rollback()
            raise BatchLost(f"{self.archive.path}: {exc}") from exc
        self.open = False
        _temp_default(conn)
        self.archive._interner.committed()
        self.archive._agency_cache.clear()

    def rollback(self) -> None:
        if not self.open:
            return
        self.open = False
        self.archive._rollback()
        _temp_default(self.archive.conn)


def _temp_default(conn: sqlite3.Connection) -> None:
    with contextlib.suppress(sqlite3.Error):  # a connection the archive lost: nothing to put back
        conn.execute(_TEMP_DEFAULT)
