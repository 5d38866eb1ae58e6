"""Parsing files in worker processes: parsing is pure, so it spreads over the cores while one process writes.

``parse_prepared`` is the one unit of work (bytes in, a ``PreparedFile`` or an error line out), run in a
worker process or, for one file or ``jobs=1``, in the calling process. Workers send back the compact
``PreparedFile`` (plain tuples and compressed bytes, about a sixth of the unpickling cost of the parsed
report), so the saving process does little more than insert rows. Files go to a worker up to ``CHUNK`` at a
time (one message each way for several files; fewer for a small folder, so that every worker gets some), and each worker sends the long keys of a layout (its rules and
labels, half of a prepared file) whole once, then by reference (``store.codec.KeyReferences``/``KeyTable``).

Workers are forked on Linux when this process runs a single thread (the CLI), else started with
``forkserver`` where the platform has it (``spawn`` elsewhere): the app imports from a thread, and forking
a process with threads is unsafe (see ``_context``). A worker that dies (killed, out of memory) breaks the pool: the file whose result
is awaited is then parsed again alone in a fresh process (so a file that kills its process is the one
reported, and only it fails) and the files still in flight are submitted again to a fresh pool.

Workers run only xxgk code: while one starts, the program's main module is hidden from multiprocessing,
which would otherwise run the main script again in every worker (a script read from stdin cannot be run
again, and one without an ``if __name__ == "__main__"`` guard would start its own import in each worker).
Where workers cannot run at all (no forkserver, no semaphores, a worker that dies before it can parse
anything), the files are parsed in the calling process instead, one after the other, as with ``jobs=1``.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
from collections.abc import Callable, Iterator
from concurrent.futures import Future, InvalidStateError, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from xxgk.domain.model import BadInput
from xxgk.importers import parse_bytes
from xxgk.store.codec import KeyReferences, KeyTable, PreparedFile, prepare_file

Task = tuple[str, bytes, "str | None", "int | None"]  # path, bytes, --agency, --year
Result = PreparedFile | str  # a prepared file, or one line saying why it failed


CHUNK = 8  # files sent to a worker at once, at most (``chunk_size``)
WINDOW_CHUNKS = 8  # chunks in flight for each worker (``ParsePool.window``)


def chunk_size(files: int, jobs: int) -> int:
    """Files sent to a worker at once for an import of ``files`` on ``jobs`` workers: ``CHUNK``, or fewer when
    a folder is small (each worker gets four chunks or more). A chunk's messages cost each process about the
    same whatever its size: 8 files a chunk instead of 4 took the writer 0.15 instead of 0.18 ms a file and a
    worker 0.12 instead of 0.14 (bench corpus, the parse left out: ``bench/bench_store.py``'s IPC row)."""
    return max(1, min(CHUNK, files // (4 * max(1, jobs))))
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
    prepared = prepare_file(path, reports, data)
    return _SENT.file(prepared) if _SENT is not None else prepared


# In a worker of the pool: the long keys it has sent (``store.codec.KeyReferences``); None in any other process
# (a file parsed there keeps its keys whole)
_SENT: KeyReferences | None = None


# how much lower a worker's priority is than the writing process's (``os.nice``): the writer is the import's
# narrowest stage (a third of its CPU, one process, results saved in file order): at equal priority the kernel
# gives each of the three processes on two cores an equal share, no more than the writer needs, so whenever it
# needed more the import waited on it (cores went idle). With the workers at +5, `xxgk import` of 2,000 files
# kept 1.78-1.91 of 2 cores busy instead of 1.67-1.85 (bench/corpus.py's corpus: median 3.7% faster, 10 pairs)
# and 1.77-1.84 instead of 1.56-1.67 (bench_parse's text reports: median 6.2% faster, 8 pairs); single pairs
# ranged from 6% slower to 23% faster. It also keeps the app's own process (which imports through workers too)
# ahead of them.
WORKER_NICE = 5


def _start_worker() -> None:
    global _SENT
    _SENT = KeyReferences()
    lower_priority(WORKER_NICE)


def lower_priority(by: int) -> None:
    """This process's priority ``by`` steps lower, where the platform has niceness (not Windows); a limit or a
    refusal leaves it as it is."""
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(by)


def _context() -> Any:
    """``fork`` on Linux when this process runs one thread (the CLI): workers start in milliseconds with
    the importers already loaded (a forkserver took 0.8-0.9 s to have two ready, a fifth of importing
    2,000 reports); the archive's open connection is never used in a worker, and a forked worker ends with
    ``os._exit``, so it never closes it either. ``forkserver`` where threads run (the app imports from a
    worker thread: forking then can copy a lock some other thread holds), ``spawn`` where neither exists."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


@contextmanager
def _main_hidden() -> Iterator[None]:
    """Starting workers without the main module: multiprocessing re-runs ``__main__`` in each worker from
    its ``__file__`` (or imports it by its ``__spec__`` name); with neither it leaves it alone. The workers
    need none of it (the work is a function of an importable module, found by name)."""
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {k: main.__dict__[k] for k in ("__file__", "__spec__") if k in main.__dict__}
    main.__dict__.pop("__file__", None)
    main.__spec__ = None  # read without a default
    try:
        yield
    finally:
        main.__dict__.pop("__spec__", None)
        main.__dict__.update(saved)
@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """multiprocessing starts its resource tracker with ``sys.stderr.fileno()`` passed on: inside the app
    Textual has replaced ``sys.stderr`` with an object whose descriptor is -1, and starting the pool
    failed ("bad value(s) in fds_to_keep"). The process's own stderr is put back while the pool starts."""
    fileno = -1
    with contextlib.suppress(Exception):
        fileno = sys.stderr.fileno()
    if fileno >= 0 or sys.__stderr__ is None:
        yield
        return
    with contextlib.redirect_stderr(sys.__stderr__):
        yield


def _executor(jobs: int, ctx: Any, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    with _real_stderr():
        executor = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=initializer)
    _widen_pipes(executor)
    return executor


PIPE_BYTES = 1 << 20  # the pool's pipes on Linux (the kernel's default is 64 KB; 1 MB is what any user may ask)


def _widen_pipes(executor: ProcessPoolExecutor) -> None:
    """Let a worker write a chunk's results (8 prepared files, some 200 KB) and go back to parsing: through a
    64 KB pipe it waited, three times a chunk, for this process's result thread to be given the GIL and read.
    A worker spent 11-14% of its parsing time sending results back, 5-9% through 1 MB pipes (2,000 files,
    3 pairs, load 4-5). Linux only; anything unexpected (no such fcntl, another executor's internals, a limit)
    leaves the pipes as they are."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setpipe is None:
        return
    for queue in (getattr(executor, "_result_queue", None), getattr(executor, "_call_queue", None)):
        with contextlib.suppress(Exception):
            fcntl.fcntl(queue._writer.fileno(), setpipe, PIPE_BYTES)  # type: ignore[union-attr]


def _crashed(path: str) -> str:
    return f"{path}: 解析进程意外退出（文件可能过大或已损坏），未导入"


def _work_chunk(work: Callable[..., Result], tasks: list[Task]) -> list[Result]:
    """Several files in one message each way: a task sent to a worker and its result sent back cost the two
    processes about 0.3 ms of CPU each, whatever their size (pickling, pipes, the pool's threads)."""
    return [work(*task) for task in tasks]


def _share(done: Future[list[Result]], futures: list[Future[Result]]) -> None:
    """A chunk's results (or its failure: a worker died) to the futures of its files."""
    if done.cancelled():
        for future in futures:
            future.cancel()
        return
    exc = done.exception()
    for i, future in enumerate(futures):
        with contextlib.suppress(InvalidStateError):  # cancelled meanwhile (the import stopped)
            if exc is not None:
                future.set_exception(exc)
            else:
                future.set_result(done.result()[i])


class _Done(Future[Result]):
    """The result of a file parsed in this process (its keys are whole)."""


def _done(result: Result) -> Future[Result]:
    future: Future[Result] = _Done()
    future.set_result(result)
    return future


class ParsePool:
    """A process pool that parses files in the order they are submitted (results are taken in order);
    ``in_process`` once workers turn out not to run here (then each file is parsed as it is submitted)."""

    def __init__(self, jobs: int, work: Callable[..., Result] = parse_prepared, chunk: int = CHUNK) -> None:
        self.jobs = jobs
        self.work = work  # a module-level function (the workers import it by name)
        self.in_process = False
        self.chunk = max(1, chunk)
        # files a caller keeps in flight: eight chunks for each worker. The caller saves results in file order,
        # so a worker whose chunks are done waits while the oldest file's chunk is still parsing elsewhere: with
        # two chunks each, the workers waited for work 1.6-2.0 s of an import of 2,000 files (6-10 s, load 4),
        # with eight 1.2-1.6 s (a chunk's own pickling and sending included in both)
        self.window = jobs * self.chunk * WINDOW_CHUNKS
        self._executor: ProcessPoolExecutor | None = None
        self._keys = KeyTable()  # the long keys the workers sent whole (they send the rest by reference)
        self._buffer: list[tuple[Task, Future[Result]]] = []  # submitted, not sent yet

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            ctx = _context()
            if ctx.get_start_method() == "forkserver":
                ctx.set_forkserver_preload(["xxgk.importers", "xxgk.store.codec", "xxgk.workflows.parsepool"])
            self._executor = _executor(self.jobs, ctx, _start_worker)
        return self._executor

    def _submit(self, tasks: list[Task]) -> Future[list[Result]]:
        with _main_hidden():  # a worker may start now
            return self._pool().submit(_work_chunk, self.work, tasks)

    def submit(self, task: Task) -> Future[Result]:
        """The future result of ``task``: sent to a worker with the next ``chunk - 1`` tasks submitted (or
        when its result is asked for first)."""
        if self.in_process:
            return _done(self.work(*task))
        future: Future[Result] = Future()
        self._buffer.append((task, future))
        if len(self._buffer) >= self.chunk:
            self.flush()
        return future

    def flush(self, needed: Future[Result] | None = None) -> None:
        """Send the tasks submitted since the last chunk went, as one chunk (only if ``needed`` is among them,
        when given)."""
        if not self._buffer or (needed is not None and all(f is not needed for _, f in self._buffer)):
            return
        chunk, self._buffer = self._buffer, []
        tasks = [task for task, _ in chunk]
        try:
            try:
                sent = self._submit(tasks)
            except BrokenProcessPool:
                self._reset()
                sent = self._submit(tasks)
        except (OSError, RuntimeError, BrokenProcessPool):  # no worker can start here (no forkserver, ...)
            self._reset()
            self.in_process = True
            for task, future in chunk:
                future.set_result(self.work(*task))
            return
        sent.add_done_callback(lambda done: _share(done, [future for _, future in chunk]))

    def result(self, future: Future[Result], task: Task, resubmit: Callable[[], None]) -> Result:
        """The result of ``future``; when its worker died, the file is parsed again alone in a fresh process
        (and ``resubmit`` is called so the caller submits its other pending files to a fresh pool). When
        that one dies too and a worker cannot even run an empty task, workers do not work here: the file,
        and every one after it, is parsed in this process."""
        self.flush(future)  # it may be waiting for its chunk to fill
        try:
            result = future.result()
        except BrokenProcessPool:
            self._reset()
            result = _isolated(self.work, task)
            if result == _crashed(task[0]) and not _workers_run():
                self.in_process = True
                result = self.work(*task)
            resubmit()
            return result
        if isinstance(result, PreparedFile) and not isinstance(future, _Done):
            whole = self._keys.resolve(result)
            # a reference to a key this process never received (it cannot happen in file order, but a key
            # table that forgot one must not lose the file): the file is parsed again here, keys whole
            result = whole if whole is not None else self.work(*task)
        return result

    def _reset(self) -> None:
        # the tasks not sent yet are the caller's pending files too: it submits them again (``resubmit``)
        for _, future in self._buffer:
            future.cancel()
        self._buffer = []
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _alone(work: Callable[..., Any], *args: Any) -> Any:
    """``work(*args)`` in a process of its own; ``_DIED`` when that process could not start or died."""
    try:
        one = _executor(1, _context())
    except (OSError, RuntimeError):
        return _DIED
    try:
        try:
            with _main_hidden():
                future = one.submit(work, *args)
        except (OSError, RuntimeError, BrokenProcessPool):
            return _DIED
        try:
            return future.result()
        except BrokenProcessPool:
            return _DIED
    finally:
        one.shutdown(wait=True)


_DIED = object()


def _isolated(work: Callable[..., Result], task: Task) -> Result:
    """Parse one file in a process of its own: a crash is then this file's and nobody else's."""
    result = _alone(work, *task)
    return _crashed(task[0]) if result is _DIED else result


def _nothing() -> int:
    return 0


def _workers_run() -> bool:
    """Whether a worker process starts and runs an empty task here."""
    return bool(_alone(_nothing) == 0)
