"""The one import loop: paths in, one outcome per file out. The CLI and the app both call ``import_paths``.

For each file, in order: its bytes are read and hashed, and a file whose bytes are already archived is
``unchanged`` without being parsed (``Archive.known_file``). The others are parsed — in a pool of worker
processes (``jobs``, default: every core; ``workflows.parsepool``) — and saved by this process alone, in
file order: one write transaction per batch of files, a savepoint per file, so each file is still all
or nothing. A file that cannot be read or saved leaves nothing in the archive and does not stop the
others. A problem with the archive itself (busy, read-only, disk full, damaged) stops the import:
``ImportSummary.stopped`` says why, the files committed so far stay done, the summary is complete.

Front ends follow the import through callbacks: ``on_start`` once with what was found, ``on_file`` after
each file (the CLI draws a progress bar, the app posts messages). A file is reported once it is
committed (a few hundred milliseconds at most), so what was reported is what the archive holds.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.domain.model import BadInput, ParsedReport
from xxgk.importers import parse_path, read_input
from xxgk.store import Archive, ArchiveError, Batch, BatchLost, PreparedFile, ReadOnlyError, SaveResult
from xxgk.workflows.discovery import Discovery, Skipped, discover
from xxgk.workflows.parsepool import ParsePool, Result, Task, chunk_size, default_jobs, parse_prepared

COMMIT_SECONDS = 0.25  # at most this long between commits: readers see progress, other writers get a turn
COMMIT_FILES = 500
WAIT_COMMIT_SECONDS = 0.05  # waiting for a worker this long after a commit: commit what is saved
POOL_MIN_FILES = 8  # fewer files than this are parsed in this process (starting workers costs more)
WINDOW_BYTES = 256 * 1024 * 1024  # bytes of files in flight at most


@dataclass
class FileOutcome:
    """What happened to one file: its reports' save results, or one line saying why it failed."""

    path: Path
    results: list[SaveResult] = field(default_factory=list)  # one per report in the file
    error: str | None = None  # "<file>: <problem>", when the file failed

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class ImportSummary:
    """Counts of an import: per save status, failed files, skipped files, and why it stopped early."""

    total: int = 0  # files to import
    done: int = 0  # files handled (imported, unchanged, failed …) and committed
    counts: Counter[str] = field(default_factory=Counter)  # SaveResult.status -> reports
    failed: list[FileOutcome] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stopped: str | None = None  # the archive became unusable: the rest was not imported

    def add(self, outcome: FileOutcome) -> None:
        self.done += 1
        if outcome.error:
            self.failed.append(outcome)
        for result in outcome.results:
            self.counts[result.status] += 1


class ArchiveUnavailable(ArchiveError):
    """The archive itself cannot be written (locked, read-only, full, damaged): no point going on."""


def parse_file(path: str | Path, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    """Parse one file without archiving it (``xxgk parse``). Raises ``BadInput`` for user error."""
    return parse_path(path, agency=agency, year=year)


def archive_unavailable(archive: Archive, exc: BaseException) -> ArchiveUnavailable:
    """One line saying what is wrong with the archive itself."""
    cause = exc.__cause__ if isinstance(exc, BatchLost) and exc.__cause__ is not None else exc
    text = str(cause)
    low = text.lower()
    if isinstance(cause, ReadOnlyError):
        return ArchiveUnavailable(text)
    if "locked" in low or "busy" in low:
        return ArchiveUnavailable(f"{archive.path}: 档案正忙（另一个程序正在写入）；请稍后再试")
    if "readonly" in low or "read-only" in low:
        return ArchiveUnavailable(f"{archive.path}: 档案无法写入（{text}）")
    if "full" in low:
        return ArchiveUnavailable(f"{archive.path}: 档案所在的磁盘已满（{text}）：已提交的文件保留，其余未导入")
    if "disk i/o" in low:
        return ArchiveUnavailable(f"{archive.path}: 读写档案时磁盘出错（{text}）：已提交的文件保留，其余未导入")
    if isinstance(cause, sqlite3.DatabaseError) and not isinstance(cause, sqlite3.OperationalError):
        return ArchiveUnavailable(f"{archive.path}: 档案已损坏（{text}）")
    return ArchiveUnavailable(f"{archive.path}: {text}")


@dataclass
class _Entry:
    """A file on its way through the loop: done already (``outcome``), or waiting to be parsed."""

    path: Path
    outcome: FileOutcome | None = None
    task: Task | None = None
    future: Future[Result] | None = None

    @property
    def size(self) -> int:
        return len(self.task[1]) if self.task is not None else 0


def _look(archive: Archive, path: Path, agency: str | None, year: int | None) -> _Entry:
    """Read and hash one file: an outcome at once (unreadable, already archived), or a parse task."""
    try:
        data = read_input(path)
    except BadInput as exc:
        return _Entry(path, FileOutcome(path, error=str(exc)))
    try:
        known = archive.known_file(hashlib.sha256(data).hexdigest(), agency, year)
    except sqlite3.Error as exc:
        raise archive_unavailable(archive, exc) from None
    except ArchiveError as exc:
        return _Entry(path, FileOutcome(path, error=f"{path}: {exc}"))
    if known is not None:
        return _Entry(path, FileOutcome(path, results=known))
    return _Entry(path, task=(str(path), data, agency, year))


def _saved(archive: Archive, path: Path, result: Result, save: Callable[[PreparedFile], list[SaveResult]]
           ) -> FileOutcome:
    if isinstance(result, str):
        return FileOutcome(path, error=result)
    try:
        return FileOutcome(path, results=save(result))
    except (BatchLost, ReadOnlyError) as exc:
        raise archive_unavailable(archive, exc) from None
    except sqlite3.IntegrityError as exc:
        return FileOutcome(path, error=f"{path}: 无法存档（{exc}）；这是程序的问题，请报告")
    except sqlite3.Error as exc:
        raise archive_unavailable(archive, exc) from None
    except ArchiveError as exc:
        return FileOutcome(path, error=f"{path}: {exc}")
    except Exception as exc:
        if os.environ.get("XXGK_DEBUG"):
            raise
        return FileOutcome(path, error=f"{path}: 无法存档（{type(exc).__name__}: {exc}）；这是程序的问题，请报告")


def import_file(archive: Archive, path: str | Path, agency: str | None = None,
                year: int | None = None) -> FileOutcome:
    """Parse and archive one file in its own transaction. User errors and parser bugs become
    ``FileOutcome.error``; a problem with the archive itself raises ``ArchiveUnavailable`` (or
    ``ReadOnlyError``): the caller should stop."""
    path = Path(path)
    entry = _look(archive, path, agency, year)
    if entry.outcome is not None:
        return entry.outcome
    assert entry.task is not None
    result = parse_prepared(*entry.task)
    if archive.read_only and not isinstance(result, str):
        raise ReadOnlyError(f"{archive.path}: 档案以只读方式（--read-only）打开，未作任何改动")
    return _saved(archive, path, result, archive.save_file)


def import_paths(archive: Archive, paths: Iterable[str | os.PathLike[str]], *, agency: str | None = None,
                 year: int | None = None, on_start: Callable[[Discovery], None] | None = None,
                 on_file: Callable[[FileOutcome, ImportSummary], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, jobs: int | None = None) -> ImportSummary:
    """Import every report file under ``paths`` in order; see the module docstring."""
    return import_found(archive, discover(paths), agency=agency, year=year, on_start=on_start, on_file=on_file,
                        cancelled=cancelled, jobs=jobs)


def import_found(archive: Archive, found: Discovery, *, agency: str | None = None, year: int | None = None,
                 on_start: Callable[[Discovery], None] | None = None,
                 on_file: Callable[[FileOutcome, ImportSummary], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, jobs: int | None = None) -> ImportSummary:
    """``import_paths`` for files already found (a front end that checks the plan before opening the archive).

    ``jobs``: worker processes that parse (default: every core; 1 parses in this process)."""
    summary = ImportSummary(total=len(found.files), skipped=list(found.skipped))
    if on_start is not None:
        on_start(found)
    if archive.read_only:
        summary.stopped = f"{archive.path}: 档案以只读方式（--read-only）打开，未作任何改动"
        return summary
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    pool = (ParsePool(jobs, parse_prepared, chunk_size(len(found.files), jobs))
            if jobs > 1 and len(found.files) >= POOL_MIN_FILES else None)
    loop = _Loop(archive, summary, on_file, pool)
    try:
        loop.run(found.files, agency, year, cancelled)
    finally:
        if pool is not None:
            pool.close()
    return summary


class _Loop:
    """Files in order → look (read, hash) → parse (pool) → save (batch) → report once committed."""

    def __init__(self, archive: Archive, summary: ImportSummary,
                 on_file: Callable[[FileOutcome, ImportSummary], None] | None, pool: ParsePool | None) -> None:
        self.archive = archive
        self.summary = summary
        self.on_file = on_file
        self.pool = pool
        self.batch: Batch = archive.batch()
        self.uncommitted: list[FileOutcome] = []
        self.last_commit = time.monotonic()
        self.pending: deque[_Entry] = deque()

    def run(self, files: list[Path], agency: str | None, year: int | None,
            cancelled: Callable[[], bool] | None) -> None:
        window = self.pool.window if self.pool is not None else 0
        in_flight = 0
        try:
            for path in files:
                if cancelled is not None and cancelled():
                    self.summary.stopped = "已取消"
                    break
                entry = _look(self.archive, path, agency, year)
                if entry.task is not None and self.pool is not None:
                    entry.future = self.pool.submit(entry.task)
                    in_flight += entry.size
                self.pending.append(entry)
                while self.pending and (len(self.pending) > window or in_flight > WINDOW_BYTES
                                        or self.pending[0].future is None or self.pending[0].future.done()):
                    in_flight -= self._finish(self.pending.popleft())
            while self.pending and self.summary.stopped is None:
                if cancelled is not None and cancelled():
                    self.summary.stopped = "已取消"
                    break
                self._finish(self.pending.popleft())
            self._commit()
        except ArchiveUnavailable as exc:
            self.summary.stopped = str(exc)
            self.batch.rollback()
            self.uncommitted.clear()  # rolled back: not reported as done
        finally:
            for entry in self.pending:
                if entry.future is not None:
                    entry.future.cancel()
            self.batch.rollback()

    def _resubmit(self) -> None:
        """The pool broke: every file still waiting goes to a fresh one."""
        assert self.pool is not None
        for entry in self.pending:
            if entry.task is not None and entry.future is not None:
                entry.future = self.pool.submit(entry.task)

    def _finish(self, entry: _Entry) -> int:
        """Parse (or take the result of) and save one file; returns its size in flight."""
        outcome = entry.outcome
        if outcome is None:
            assert entry.task is not None
            if entry.future is None:
                result = parse_prepared(*entry.task)
            else:
                assert self.pool is not None
                self.pool.flush(entry.future)  # its chunk may still be filling
                if not entry.future.done() and self.uncommitted:
                    # about to wait for a worker: what is saved is committed (others see and write it) once
                    # the wait has lasted WAIT_COMMIT_SECONDS since the last commit (a file is reported once
                    # committed, so a folder's progress shows while the parsers work)
                    wait([entry.future], timeout=max(0.0, WAIT_COMMIT_SECONDS - (time.monotonic() - self.last_commit)))
                    if not entry.future.done():
                        self._commit()
                result = self.pool.result(entry.future, entry.task, self._resubmit)
            outcome = _saved(self.archive, entry.path, result, self.batch.save)
        self.uncommitted.append(outcome)
        if len(self.uncommitted) >= COMMIT_FILES or time.monotonic() - self.last_commit >= COMMIT_SECONDS:
            self._commit()
        return entry.size if entry.future is not None else 0

    def _commit(self) -> None:
        try:
            self.batch.commit()
        except BatchLost as exc:
            raise archive_unavailable(self.archive, exc) from None
        self.last_commit = time.monotonic()
        done, self.uncommitted = self.uncommitted, []
        for outcome in done:
            self.summary.add(outcome)
            if self.on_file is not None:
                self.on_file(outcome, self.summary)
