"""Errors the archive raises on purpose. ``str(exc)`` is one line a staff member can act on."""
from __future__ import annotations


class ArchiveError(Exception):
    """Base class: the archive cannot do what was asked (the CLI prints it and exits 2)."""


class ReadOnlyError(ArchiveError):
    """A write was attempted on an archive opened read-only."""


class NotFound(ArchiveError):
    """No such report, agency or year in the archive."""


class SchemaError(ArchiveError):
    """The file is not an xxgk archive, or one written by a newer xxgk."""


class BatchLost(ArchiveError):
    """The archive itself failed mid-batch (disk full, I/O error …): nothing since the last commit was kept."""
