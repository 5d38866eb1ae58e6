"""Re-reading the archive with today's importers (``xxgk reparse``): an office's archive gains every importer fix.

The archive keeps each file's bytes (compressed). ``reparse`` parses every kept file again — the file of
every current report and of every report waiting for review — and compares what it reads now with what
was stored: where the values (or the recognised form) changed, the new reading is recorded as a new
version of the report, filed where the old one is filed (its agency and year, as found or as assigned by
hand), and the old version is kept; where nothing changed, nothing is written. Older versions are history
and are left as they were read. Reports imported before the archive kept sources cannot be re-read: they
are listed as such. Parsing uses the import's worker pool; saving is one process, a savepoint per file.
"""
from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Literal

from xxgk.domain.model import Number
from xxgk.store import Archive, BatchLost, PreparedFile, PreparedReport, ReportRow
from xxgk.workflows.importing import COMMIT_SECONDS, POOL_MIN_FILES, ArchiveUnavailable, archive_unavailable
from xxgk.workflows.parsepool import ParsePool, Result, Task, chunk_size, default_jobs, parse_prepared

ReparseStatus = Literal["changed", "unchanged", "failed", "no_source", "gone", "added"]


@dataclass
class ReparseOutcome:
    """One archived report read again (or, ``added``, a part of a workbook read now for the first time)."""

    report_id: int | None  # the report read again (None for an added part)
    status: ReparseStatus
    agency: str | None
    year: int | None
    source_name: str
    part: str | None = None
    new_report_id: int | None = None  # the new version (changed, added; None in a dry run)
    changed: list[tuple[str, Number | None, Number | None]] = field(default_factory=list)  # key, before, now
    added: list[str] = field(default_factory=list)  # keys read now, not before
    removed: list[str] = field(default_factory=list)  # keys read before, not now
    template: tuple[str | None, str | None] | None = None  # (before, now) when the recognised form changed
    message: str = ""


@dataclass
class ReparseSummary:
    total: int = 0  # reports to read again
    counts: Counter[str] = field(default_factory=Counter)  # status -> reports
    outcomes: list[ReparseOutcome] = field(default_factory=list)  # every report, in order
    stopped: str | None = None


def _differences(old: dict[str, Number | None], new: dict[str, Number | None]
                 ) -> tuple[list[tuple[str, Number | None, Number | None]], list[str], list[str]]:
    changed = [(k, old[k], new[k]) for k in old if k in new and (old[k] != new[k] or (old[k] is None) !=
                                                                  (new[k] is None))]
    return changed, [k for k in new if k not in old], [k for k in old if k not in new]


def _task(rows: list[ReportRow], data: bytes) -> Task:
    """Parse the file as it was imported: with the ``--agency``/``--year`` it was given, if any."""
    first = rows[0]
    agency = next((r.agency_name for r in rows if r.agency_source == "--agency"), None)
    year = next((r.year for r in rows if r.year_source == "--year"), None)
    return (first.source_path or first.source_name, data, agency, year)


@dataclass
class _Job:
    rows: list[ReportRow]
    task: Task | None  # None: the archive has no source for these reports
    future: Future[Result] | None = None


def reparse(archive: Archive, *, dry_run: bool = False, jobs: int | None = None,
            on_report: Callable[[ReparseOutcome, ReparseSummary], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> ReparseSummary:
    """Read every kept source again; see the module docstring. ``dry_run``: compare only, write nothing."""
    candidates = archive.reparse_candidates()
    summary = ReparseSummary(total=len(candidates))
    if archive.read_only and not dry_run:
        summary.stopped = f"{archive.path}: 档案以只读方式（--read-only）打开，未作任何改动"
        return summary
    groups: dict[str, list[ReportRow]] = {}
    for row in candidates:
        groups.setdefault(row.sha256, []).append(row)
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    pool = (ParsePool(jobs, parse_prepared, chunk_size(len(groups), jobs))
            if jobs > 1 and len(groups) >= POOL_MIN_FILES else None)
    window = pool.window if pool is not None else 0
    batch = None if dry_run else archive.batch()  # a dry run only reads (a read-only archive too)
    last_commit = time.monotonic()
    pending: deque[_Job] = deque()

    def emit(outcome: ReparseOutcome) -> None:
        summary.outcomes.append(outcome)
        summary.counts[outcome.status] += 1
        if on_report is not None:
            on_report(outcome, summary)

    def resubmit() -> None:  # the pool broke: the files still waiting go to a fresh one
        assert pool is not None
        for job in pending:
            if job.task is not None and job.future is not None:
                job.future = pool.submit(job.task)

    def finish(job: _Job) -> None:
        nonlocal last_commit
        if job.task is None:
            for r in job.rows:
                emit(ReparseOutcome(r.id, "no_source", r.agency, r.year, r.source_name, r.part,
                                    message="导入时档案还没有保存原文件，无法重新解析（重新导入原文件即可）"))
            return
        if job.future is not None and pool is not None:
            result = pool.result(job.future, job.task, resubmit)
        else:
            result = parse_prepared(*job.task)
        if isinstance(result, str):
            outcomes = [ReparseOutcome(r.id, "failed", r.agency, r.year, r.source_name, r.part,
                                       message=f"今天的导入程序读不出这个文件（{result}）：保留原来的结果")
                        for r in job.rows]
        else:
            file = result
            if batch is None:
                outcomes = _compare_and_save(archive, job.rows, file, dry_run)
            else:
                outcomes = batch.run(lambda: _compare_and_save(archive, job.rows, file, dry_run))
        for outcome in outcomes:
            emit(outcome)
        if batch is not None and time.monotonic() - last_commit >= COMMIT_SECONDS:
            batch.commit()
            last_commit = time.monotonic()

    try:
        for rows in groups.values():
            if cancelled is not None and cancelled():
                summary.stopped = "已取消"
                break
            data = archive.source(rows[0].sha256)
            job = _Job(rows, _task(rows, data) if data is not None else None)
            if job.task is not None and pool is not None:
                job.future = pool.submit(job.task)
            pending.append(job)
            while pending and (len(pending) > window or pending[0].future is None or pending[0].future.done()):
                finish(pending.popleft())
        while pending and summary.stopped is None:
            finish(pending.popleft())
        if batch is not None:
            batch.commit()
    except (BatchLost, ArchiveUnavailable) as exc:
        summary.stopped = str(archive_unavailable(archive, exc))
    finally:
        for job in pending:
            if job.future is not None:
                job.future.cancel()
        if batch is not None:
            batch.rollback()
        if pool is not None:
            pool.close()
    return summary


def _compare_and_save(archive: Archive, rows: list[ReportRow], file: PreparedFile,
                      dry_run: bool) -> list[ReparseOutcome]:
    """Compare the new reading of one file with its archived reports; record the changed ones."""
    new_by_part: dict[str | None, PreparedReport] = {r.part: r for r in file.reports}
    out = []
    for row in rows:
        new = new_by_part.pop(row.part, None)
        if new is None:
            out.append(ReparseOutcome(row.id, "gone", row.agency, row.year, row.source_name, row.part,
                                      message="今天的导入程序在文件中找不到这份报告：保留原来的结果"))
            continue
        old_values = {v.key: v.value for v in archive.report_values(row.id)}
        changed, added, removed = _differences(old_values, new.value_map())
        template = (row.template, new.template) if row.template != new.template else None
        filed_now = row.needs_review and not new.needs_review
        if not (changed or added or removed or template or filed_now):
            out.append(ReparseOutcome(row.id, "unchanged", row.agency, row.year, row.source_name, row.part))
            continue
        outcome = ReparseOutcome(row.id, "changed", row.agency, row.year, row.source_name, row.part,
                                 changed=changed, added=added, removed=removed, template=template)
        if not dry_run:
            result = archive.save_reparsed(row.id, new)
            outcome.new_report_id = result.report_id
            outcome.agency, outcome.year = result.agency, result.year
            outcome.message = f"已记为新版本 #{result.report_id}（第 {result.version} 版），旧版保留"
        else:
            outcome.message = "（试运行：未写入）"
        out.append(outcome)
    for new in new_by_part.values():  # parts read now for the first time (a workbook sheet now recognised)
        outcome = ReparseOutcome(None, "added", new.agency, new.year, rows[0].source_name, new.part,
                                 added=[v[0] for v in new.values])
        if not dry_run:
            [result] = archive.save_file(PreparedFile(file.path, None, [new]))
            outcome.new_report_id = result.report_id
            outcome.agency, outcome.year = result.agency, result.year
            outcome.message = f"新读出的报告，已导入为 #{result.report_id}（{result.status}）"
        else:
            outcome.message = "（试运行：未写入）"
        out.append(outcome)
    return out
