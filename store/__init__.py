"""The SQLite archive of parsed reports. All SQL of the project lives in this package; it never imports
the importers or Textual.

Entry points::

    from xxgk.store import Archive
    with Archive(path) as archive:                # one Archive (= one connection) per thread
        results = archive.save_reports(reports, source_bytes)   # one transaction per input file
        with archive.batch() as batch:            # many files: one transaction, a savepoint per file
            batch.save(prepare_file(path, reports, source_bytes))   # prepared in a worker process
        archive.known_file(sha256)                # a re-import recognised before parsing
        archive.iter_failures(year=2023)          # streamed in index order; failures(limit=, offset=) pages
        archive.grid_rows(0, 50), archive.iter_grid_rows()   # the overview a page at a time, or streamed
        archive.doctor(), archive.backup(target), archive.save_reparsed(old_id, prepared)

Front ends reach it through ``xxgk.workflows`` (which owns the import loop and the comparison).
"""
from xxgk.store.archive import Archive
from xxgk.store.batch import Batch
from xxgk.store.codec import PreparedFile, PreparedReport, prepare_file
from xxgk.store.errors import ArchiveError, BatchLost, NotFound, ReadOnlyError, SchemaError
from xxgk.store.models import (
    AgencyInfo,
    CrossYearCheck,
    Failure,
    Grid,
    GridCell,
    GridRow,
    ReportDetail,
    ReportRow,
    SaveResult,
)

__all__ = [
    "AgencyInfo", "Archive", "ArchiveError", "Batch", "BatchLost", "CrossYearCheck", "Failure", "Grid", "GridCell",
    "GridRow", "NotFound", "PreparedFile", "PreparedReport", "ReadOnlyError", "ReportDetail", "ReportRow",
    "SaveResult", "SchemaError", "prepare_file",
]
