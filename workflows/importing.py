"""The one import loop: paths in, one outcome per file out. The CLI and the app both call ``import_paths``.

Each file is parsed (``xxgk.importers``) and saved in one transaction (``Archive.save_reports``): a file
that cannot be read or saved leaves nothing in the archive and does not stop the others. A problem
with the archive itself (busy, read-only, damaged) stops the import: ``ImportSummary.stopped`` says why,
and the files done so far stay done. Front ends follow the import through callbacks: ``on_start`` once
with what was found, ``on_file`` after each file (the CLI draws a progress bar, the app posts messages).
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.domain.model import BadInput, ParsedReport
from xxgk.importers import parse_path
from xxgk.store import Archive, ArchiveError, ReadOnlyError, SaveResult
from xxgk.workflows.discovery import Discovery, Skipped, discover


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
    done: int = 0  # files handled (imported, unchanged, failed …)
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
    """The archive itself cannot be written (locked, read-only, damaged): no point going on."""


def parse_file(path: str | Path, agency: str | None = None, year: int | None = None) -> list[ParsedReport]:
    """Parse one file without archiving it (``xxgk parse``). Raises ``BadInput`` for user error."""
    return parse_path(path, agency=agency, year=year)


def import_file(archive: Archive, path: str | Path, agency: str | None = None,
                year: int | None = None) -> FileOutcome:
    """Parse and archive one file. User errors and parser bugs become ``FileOutcome.error``; a problem
    with the archive itself raises ``ArchiveUnavailable`` (the caller should stop)."""
    path = Path(path)
    try:
        reports = parse_path(path, agency=agency, year=year)
    except BadInput as exc:
        return FileOutcome(path, error=str(exc))
    except Exception as exc:  # a parser bug must not stop a folder import
        if os.environ.get("XXGK_DEBUG"):
            raise
        return FileOutcome(path, error=f"{path}: could not be read ({type(exc).__name__}: {exc}); please report this")
    if not reports:
        return FileOutcome(path, error=f"{path}: no report found in the file")
    try:
        return FileOutcome(path, results=archive.save_reports(reports))
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise ArchiveUnavailable(f"{archive.path}: the archive is busy (another program is writing); "
                                     "try again") from None
        if "readonly" in text or "read-only" in text:
            raise ArchiveUnavailable(f"{archive.path}: the archive cannot be written ({text})") from None
        raise ArchiveUnavailable(f"{archive.path}: {text}") from None
    except sqlite3.DatabaseError as exc:
        raise ArchiveUnavailable(f"{archive.path}: the archive is damaged ({exc})") from None
    except ReadOnlyError:
        raise
    except ArchiveError as exc:
        return FileOutcome(path, error=f"{path}: {exc}")
    except Exception as exc:
        if os.environ.get("XXGK_DEBUG"):
            raise
        return FileOutcome(path, error=f"{path}: could not be archived ({type(exc).__name__}: {exc}); "
                                       "please report this")


def import_paths(archive: Archive, paths: Iterable[str | os.PathLike[str]], *, agency: str | None = None,
                 year: int | None = None, on_start: Callable[[Discovery], None] | None = None,
                 on_file: Callable[[FileOutcome, ImportSummary], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Import every report file under ``paths`` in order; see the module docstring."""
    return import_found(archive, discover(paths), agency=agency, year=year, on_start=on_start, on_file=on_file,
                        cancelled=cancelled)


def import_found(archive: Archive, found: Discovery, *, agency: str | None = None, year: int | None = None,
                 on_start: Callable[[Discovery], None] | None = None,
                 on_file: Callable[[FileOutcome, ImportSummary], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """``import_paths`` for files already found (a front end that checks the plan before opening the archive)."""
    summary = ImportSummary(total=len(found.files), skipped=list(found.skipped))
    if on_start is not None:
        on_start(found)
    for path in found.files:
        if cancelled is not None and cancelled():
            summary.stopped = "已取消"
            break
        try:
            outcome = import_file(archive, path, agency=agency, year=year)
        except (ArchiveUnavailable, ReadOnlyError) as exc:
            summary.stopped = str(exc)
            break
        summary.add(outcome)
        if on_file is not None:
            on_file(outcome, summary)
    return summary
