"""The overview (agencies × years) as both front ends list it: agencies in pinyin order
(``presentation.collation``), read a page at a time so that a screen paints the first page at once and the
rest follows, and a command streams every row without holding the archive in memory."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from xxgk.presentation.collation import agency_key
from xxgk.store import Archive, GridRow

FIRST_PAGE = 120  # rows: more than any terminal shows at once
PAGE = 2000


@dataclass
class OverviewStart:
    """What the overview needs to paint: its years, the agencies in order, the rows of the first page."""

    years: list[int]
    order: list[tuple[int, str]]  # every agency of the grid, (id, name), in pinyin order
    rows: list[GridRow] = field(default_factory=list)  # the first ``len(rows)`` agencies of ``order``
    needs_review: int = 0

    @property
    def complete(self) -> bool:
        return len(self.rows) >= len(self.order)


def agency_order(archive: Archive) -> list[tuple[int, str]]:
    """Every agency of the overview, (id, name), in pinyin order."""
    return sorted(archive.grid_agencies(), key=lambda a: agency_key(a[1]))


def overview_start(archive: Archive, first: int = FIRST_PAGE) -> OverviewStart:
    order = agency_order(archive)
    return OverviewStart(years=archive.grid_years(), order=order, rows=archive.grid_rows_of(order[:first]),
                         needs_review=archive.count_needing_review())


def grid_pages(archive: Archive, order: list[tuple[int, str]], start: int = 0, page: int = PAGE
               ) -> Iterator[list[GridRow]]:
    """The rows of ``order[start:]``, a page of agencies at a time."""
    for at in range(start, len(order), page):
        yield archive.grid_rows_of(order[at:at + page])


def iter_grid_rows(archive: Archive, page: int = 1000) -> Iterator[GridRow]:
    """Every row of the overview in pinyin order, read a page at a time (``xxgk list --format json|csv``)."""
    for rows in grid_pages(archive, agency_order(archive), page=page):
        yield from rows
