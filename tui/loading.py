"""The one way a screen reaches the archive: ``load(screen, job, group=…, failure=…)``.

``job(archive)`` runs in a thread worker with that thread's own archive (SQLite connections are per
thread; the app's ``open_archive`` opens it through ``xxgk.workflows.opening``) and returns a typed
``Reply`` (``xxgk.tui.messages``), which is posted to the screen. Whatever the job raises becomes one
``LoadFailed`` line in Chinese, shown by the screen as plain ``Text`` (``XxgkScreen.on_load_failed``),
and the app keeps running: no worker's error can vanish or end the app.

Superseding without cancelling: a newer load of the same group on the same screen makes an older one's
answer stale, and a stale answer is dropped, so a slow answer never overwrites a newer one. Workers are
never cancelled for that (Textual's ``exclusive=True``): cancelling a thread worker does not stop its
thread, which then still posted its old answer, and ``workers.wait_for_complete`` raised
``WorkerCancelled`` for it. Writes (``latest_only=False``) always answer.
"""
from __future__ import annotations

import itertools
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar, cast

from textual.screen import Screen
from textual.worker import Worker

from xxgk.presentation.text import one_line
from xxgk.tui.messages import LoadFailed, Reply
from xxgk.workflows.records import Archive, ArchiveError

Job = Callable[[Archive], Reply]
T = TypeVar("T")


class JobError(Exception):
    """A failure a job explains itself (``str(exc)`` is the line for the reviewer), e.g. an export file
    that cannot be written."""


class ArchiveOpener(Protocol):
    def open_archive(self) -> Archive: ...


_LOCK = threading.Lock()  # makes "is this answer still the newest?" and posting it one step
_TOKENS = itertools.count(1)
_NEWEST: dict[tuple[int, str], int] = {}  # (id(screen), group) -> token of the newest load


def load(screen: Screen[Any], job: Job, *, group: str, failure: str, notify: bool = False,
         latest_only: bool = True) -> Worker[None]:
    """Run ``job`` with its own archive in a thread worker; its ``Reply`` (or a ``LoadFailed`` whose
    line starts with ``failure``, e.g. ``读取档案失败``) is posted to ``screen``. ``notify``: show a
    failure as a notification instead of on the screen's status line."""
    opener = cast(ArchiveOpener, screen.app)  # XxgkApp
    debug = bool(os.environ.get("XXGK_DEBUG"))  # a developer: let the error end the app with its traceback
    slot = (id(screen), group)
    with _LOCK:
        token = next(_TOKENS)
        if latest_only:
            _NEWEST[slot] = token

    def work() -> None:
        try:
            with opener.open_archive() as archive:
                reply = job(archive)
        except Exception as exc:
            if debug:
                raise
            reply = LoadFailed(group, f"{failure}：{error_text(exc)}", notify)
        with _LOCK:
            if latest_only and _NEWEST.get(slot) != token:
                return  # a newer load of this group answers instead
            if latest_only:
                _NEWEST.pop(slot, None)
            screen.post_message(reply)

    return screen.run_worker(work, thread=True, group=group, exit_on_error=debug, name=f"{group}#{token}")


def read_early(opener: ArchiveOpener, read: Callable[[Archive], T]) -> Future[T]:
    """Start ``read`` with its own archive in a thread now, before the screen that shows it exists: the
    overview's first page is read while Textual starts (SQLite works without the GIL). A ``load`` job takes
    its result (``future.result()``, in the worker), so that it answers, or fails, as every load does."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            with opener.open_archive() as archive:
                future.set_result(read(archive))
        except BaseException as exc:  # handed to the load that takes it
            future.set_exception(exc)

    threading.Thread(target=run, name="xxgk-read-early", daemon=True).start()
    return future


def error_text(exc: BaseException) -> str:
    """One line saying what went wrong, for a reviewer (the archive's own messages name the problem)."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return "档案正忙（另一个程序正在写入），请稍后再试"
        if "readonly" in text or "read-only" in text:
            return f"档案不能写入（{one_line(text)}）"
        return f"档案出错（{one_line(text)}）"
    if isinstance(exc, sqlite3.DatabaseError):
        return f"档案已损坏或不是 xxgk 档案（{one_line(exc)}）"
    if isinstance(exc, OSError):
        name = f"{exc.filename}：" if exc.filename else ""
        return one_line(f"{name}{exc.strerror or exc}")
    if isinstance(exc, (ArchiveError, JobError)):  # NotFound, ReadOnlyError …: written for the user
        return one_line(exc)
    return f"程序错误（{type(exc).__name__}: {one_line(exc)}），请报告此问题"
