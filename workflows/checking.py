"""Findings across the archive: the checks that fail or warn, for ``xxgk check``/``failures`` and the
failures screen, and the counts a summary line needs (reports and checks counted apart)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from xxgk.store import Archive, Failure

DEFAULT_STATUSES = ("fail", "warn")


def findings(archive: Archive, *, year: int | None = None, agency: str | None = None, rule: str | None = None,
             statuses: Sequence[str] = DEFAULT_STATUSES, limit: int | None = None,
             offset: int = 0) -> list[Failure]:
    """Checks with one of ``statuses`` in the current reports (cross-year identities included).

    ``agency`` is any spelling the archive knows (``NotFound`` with suggestions otherwise); ``rule`` an id
    (``A3.1``), a family (``A3``) or an id with its scope (``A3.1:natural``)."""
    name = archive.agency(agency).name if agency else None
    return archive.failures(year=year, agency=name, rule=rule, statuses=tuple(statuses), limit=limit,
                            offset=offset)


@dataclass
class FindingCounts:
    """How many checks of each status, and how many reports they touch (a report counts once)."""

    checks: Counter[str] = field(default_factory=Counter)
    strict_failures: int = 0  # checks: STRICT identities that fail
    reports: set[int] = field(default_factory=set)  # reports with at least one listed check
    reports_strict: set[int] = field(default_factory=set)  # reports with a STRICT failure

    @property
    def has_strict_failure(self) -> bool:
        return self.strict_failures > 0


def count_findings(rows: Iterable[Failure]) -> FindingCounts:
    counts = FindingCounts()
    for f in rows:
        counts.checks[f.status] += 1
        counts.reports.add(f.report_id)
        if f.status == "fail" and f.strict:
            counts.strict_failures += 1
            counts.reports_strict.add(f.report_id)
    return counts
