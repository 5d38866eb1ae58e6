"""Parsing files in worker processes: parsing is pure, so it spreads over the cores while one process writes.

``parse_prepared`` is the one unit of work (bytes in, a ``PreparedFile`` or an error line out), run in a
worker process or, for one file or ``jobs=1``, in the calling process. Workers send back the compact
``PreparedFile`` (plain tuples and compressed bytes, about a sixth of the unpickling cost of the parsed
report), so the saving process does little more than insert rows.

Workers are started with ``forkserver`` where the platform has it (``spawn`` elsewhere), never plain
``fork``: the app imports from a thread, and forking a process with threads (and an open SQLite
connection) is unsafe. A worker that dies (killed, out of memory) breaks the pool: the file whose result
is awaited is then parsed again alone in a fresh process (so a file that kills its process is the one
reported, and only it fails) and the files still in flight are submitted again to a fresh pool.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes
from xxgk.store.codec import PreparedFile, prepare_file

Task = tuple[str, bytes, "str | None", "int | None"]  # path, bytes, --agency, --year
Result = PreparedFile | str  # a prepared file, or one line saying why it failed


MAX_DEFAULT_JOBS = 8  # one process saves (~1.5 ms a report): more parsers than this cannot feed it faster


def default_jobs() -> int:
    """Every core this process may use, at most ``MAX_DEFAULT_JOBS`` (each worker holds the importers, some
    50 MB; ``--jobs`` asks for more)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_JOBS))


def parse_prepared(path: str, data: bytes, agency: str | None, year: int | None) -> Result:
    """Parse one file's bytes and prepare its reports for the archive; user errors and parser bugs become
    one line (``XXGK_DEBUG=1`` re-raises parser bugs)."""
    try:
        reports = parse_bytes(data, path, agency=agency, year=year)
    except BadInput as exc:
        return str(exc)
    except RecursionError:
        return f"{path}: 文件结构嵌套过深，无法读取"
    except MemoryError:
        return f"{path}: 文件过大，内存不足，无法读取"
    except Exception as exc:  # a parser bug must not stop a folder import
        if os.environ.get("XXGK_DEBUG"):
            raise
        return f"{path}: 无法读取（{type(exc).__name__}: {exc}）；这是程序的问题，请报告"
    if not reports:
        return f"{path}: 文件中没有找到报告"
    return prepare_file(path, reports, data)


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _crashed(path: str) -> str:
    return f"{path}: 解析进程意外退出（文件可能过大或已损坏），未导入"


class ParsePool:
    """A process pool that parses files in the order they are submitted (results are taken in order)."""

    def __init__(self, jobs: int, work: Callable[..., Result] = parse_prepared) -> None:
        self.jobs = jobs
        self.work = work  # a module-level function (the workers import it by name)
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            ctx = _context()
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["xxgk.importers", "xxgk.store.codec", "xxgk.workflows.parsepool"])
            self._executor = ProcessPoolExecutor(max_workers=self.jobs, mp_context=ctx)
        return self._executor

    def submit(self, task: Task) -> Future[Result]:
        try:
            return self._pool().submit(self.work, *task)
        except BrokenProcessPool:
            self._reset()
            return self._pool().submit(self.work, *task)

    def result(self, future: Future[Result], task: Task, resubmit: Callable[[], None]) -> Result:
        """The result of ``future``; when its worker died, the file is parsed again alone in a fresh process
        (and ``resubmit`` is called so the caller submits its other pending files to a fresh pool)."""
        try:
            return future.result()
        except BrokenProcessPool:
            self._reset()
            result = _isolated(self.work, task)
            resubmit()
            return result

    def _reset(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _isolated(work: Callable[..., Result], task: Task) -> Result:
    """Parse one file in a process of its own: a crash is then this file's and nobody else's."""
    with ProcessPoolExecutor(max_workers=1, mp_context=_context()) as one:
        try:
            return one.submit(work, *task).result()
        except BrokenProcessPool:
            return _crashed(task[0])
