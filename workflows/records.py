"""The records and errors of the archive as the front ends see them (they never import ``xxgk.store``)."""
from xxgk.store import (
    AgencyInfo,
    Archive,
    ArchiveError,
    CrossYearCheck,
    Failure,
    Grid,
    GridCell,
    GridRow,
    NotFound,
    ReadOnlyError,
    ReportDetail,
    ReportRow,
    SaveResult,
    SchemaError,
)

__all__ = [
    "AgencyInfo", "Archive", "ArchiveError", "CrossYearCheck", "Failure", "Grid", "GridCell", "GridRow",
    "NotFound", "ReadOnlyError", "ReportDetail", "ReportRow", "SaveResult", "SchemaError",
]
