"""Every message the app's workers post, in one module.

A screen asks ``xxgk.tui.loading.load`` to run a job in a thread worker; the job returns one of the
``Reply`` messages below, which is posted to that screen (``on_grid_loaded``, ``on_report_loaded`` …), or,
when the job raises, a ``LoadFailed`` carrying one Chinese line. Replies do not bubble: the screen that
asked is the one that answers. ``DataChanged`` goes to the app (the archive poll).

The record types are imported for annotations only: this module is on the start-up path and must not
pull the archive or the importers in before the first frame.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from xxgk.domain.trends import Trends
    from xxgk.workflows.checking import FindingsQuery, FindingTotals
    from xxgk.workflows.checklist import ReportChecklist
    from xxgk.workflows.comparing import Comparison
    from xxgk.workflows.importing import FileOutcome, ImportSummary
    from xxgk.workflows.overview import OverviewStart
    from xxgk.workflows.records import Failure, GridRow, ReportRow, SaveResult
    from xxgk.workflows.reports import ReportView
    from xxgk.workflows.search import SearchResult
    from xxgk.workflows.summary import RegionSummary
    from xxgk.workflows.verdicts import Decided


@dataclass(eq=False)
class DataChanged(Message):
    """The archive's data version (someone, this app or another process, may have committed)."""

    version: int


class Reply(Message, bubble=False):
    """What a worker answers to the screen that started it."""


@dataclass(eq=False)
class LoadFailed(Reply):
    """A job raised: ``text`` is the one Chinese line the screen shows (plain text, never markup)."""

    group: str
    text: str
    notify: bool = False  # a toast instead of the screen's status line (writes: assign, export)


# -- reading ----------------------------------------------------------------------------------------


@dataclass(eq=False)
class OverviewStarted(Reply):
    """The overview's years, every agency in order and the rows of the first page (painted at once)."""

    start: OverviewStart
    generation: int  # the load it answers (a reload starts a new generation)
    excluded: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # o: 已排除 findings per report


@dataclass(eq=False)
class GridPage(Reply):
    """The next page of overview rows, in order, read behind the first paint."""

    rows: list[GridRow]
    generation: int
    done: bool = False  # the last page (its rows may be empty)


@dataclass(eq=False)
class ReportLoaded(Reply):
    view: ReportView


@dataclass(eq=False)
class SourceLoaded(Reply):
    text: str  # control characters already removed
    line: int | None = None  # the 1-based line to open at (a cell's or a warning's)
    exact: bool = True  # False: the line was found from the cell's label and raw text
    needle: str = ""  # the raw text to select on that line


@dataclass(eq=False)
class ComparisonLoaded(Reply):
    comparison: Comparison
    years: list[int]  # every year the agency has a report for
    asked: tuple[str, int, int] = ("", 0, 0)  # the agency and the two years asked for (a screen shows one pair)


@dataclass(eq=False)
class FailuresLoaded(Reply):
    failures: list[Failure]  # one page of the query (and one more row: is there a next page?)
    page: int = 0
    query: FindingsQuery | None = None  # the query the page is of


@dataclass(eq=False)
class FailureCountsLoaded(Reply):
    totals: FindingTotals  # the whole query, counted by the store


@dataclass(eq=False)
class AgencyNamesLoaded(Reply):
    agencies: list[str]  # the archive's agency names (suggestions for the failures screen's agency filter)


@dataclass(eq=False)
class ReviewLoaded(Reply):
    reports: list[ReportRow]
    agencies: list[str]


@dataclass(eq=False)
class YearsLoaded(Reply):
    """The years ``agency`` has reports for, asked on behalf of ``year`` (``c`` on a report)."""

    agency: str
    year: int
    years: list[int]


@dataclass(eq=False)
class AssignTargetLoaded(Reply):
    """A report waiting for review and the agency names to suggest, before asking for its agency and year."""

    report: ReportRow
    agencies: list[str]


@dataclass(eq=False)
class ChecklistLoaded(Reply):
    """The evaluators' checklist of the report on screen (``e``)."""

    report_id: int
    checklist: ReportChecklist


@dataclass(eq=False)
class TrendsLoaded(Reply):
    """The agency's cells across its years (``g`` on a report)."""

    report_id: int
    trends: Trends


@dataclass(eq=False)
class SummaryLoaded(Reply):
    """The region's summary for a year, and every year the archive has reports for."""

    summary: RegionSummary
    years: list[int]


# -- writing ----------------------------------------------------------------------------------------


@dataclass(eq=False)
class Assigned(Reply):
    report_id: int
    result: SaveResult


@dataclass(eq=False)
class VerdictSaved(Reply):
    """A verdict recorded on a finding (``workflows.verdicts.decide``)."""

    decided: Decided


@dataclass(eq=False)
class Exported(Reply):
    path: Path
    what: str = ""  # what was exported, for the notification ("问题清单", "全部机关汇总" …)


@dataclass(eq=False)
class ExportYearsLoaded(Reply):
    """The archive's years, asked before exporting the 汇总 of every agency (which two years?)."""

    years: list[int]


@dataclass(eq=False)
class Withdrawn(Reply):
    report: ReportRow  # the withdrawn version, as the archive now holds it


@dataclass(eq=False)
class ImportStarted(Reply):
    total: int  # files found


@dataclass(eq=False)
class ImportProgress(Reply):
    done: int
    outcome: FileOutcome


@dataclass(eq=False)
class ImportFinished(Reply):
    summary: ImportSummary
    agencies: list[str]  # the archive's agency names afterwards (suggestions for assigning)


@dataclass(eq=False)
class SearchLoaded(Reply):
    result: SearchResult
    reports: dict[int, ReportRow]  # every report of the hits, to open its text at the line


@dataclass(eq=False)
class HierarchyChanged(Reply):
    """A parent or a report's kind (本级 / 汇总) was set: the line to show."""

    text: str
