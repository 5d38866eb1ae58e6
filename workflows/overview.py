"""The overview (agencies × years) as both front ends list it: agencies in pinyin order
(``presentation.collation``), read a page at a time so that a screen paints the first page at once and the
rest follows, and a command streams every row without holding the archive in memory."""
from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from xxgk.presentation.collation import PHRASES, agency_key, pinyin_text
from xxgk.store import Archive, GridRow

FIRST_PAGE = 120  # rows: more than any terminal shows at once
PAGE = 2000


@dataclass
class OverviewStart:
    """What the overview needs to paint: its years, every agency, the rows of the first page in order."""

    years: list[int]
    agencies: list[tuple[int, str]]  # every agency of the grid, (id, name), as read (``rest_pages`` orders them)
    rows: list[GridRow] = field(default_factory=list)  # the first ``len(rows)`` agencies in pinyin order
    needs_review: int = 0

    @property
    def total(self) -> int:
        return len(self.agencies)

    @property
    def complete(self) -> bool:
        return len(self.rows) >= len(self.agencies)


def agency_order(archive: Archive) -> list[tuple[int, str]]:
    """Every agency of the overview, (id, name), in pinyin order."""
    return sorted(archive.grid_agencies(), key=lambda a: agency_key(a[1]))


_PHRASE_STARTS = frozenset(phrase[0] for phrase in PHRASES)


def first_in_order(agencies: Sequence[tuple[int, str]], n: int) -> list[tuple[int, str]]:
    """``sorted(agencies, key=pinyin)[:n]`` without the pinyin of every name (at 100,000 reports the
    overview's first page waited for 20,000 of them). A name's key starts with the reading of its first
    character (``"an "``: every reading ends with a space, so no reading is the start of another), unless a
    phrase starting there reads otherwise or the character has no reading: those names get their whole key.
    Only the names of the smallest readings that hold ``n`` names, and the whole keys not past the last of
    them, can come first."""
    if len(agencies) <= 4 * n:
        return heapq.nsmallest(n, agencies, key=lambda a: agency_key(a[1]))
    readings: dict[str, str | None] = {}
    buckets: dict[str, list[tuple[int, str]]] = {}
    exact: list[tuple[tuple[str, str], tuple[int, str]]] = []
    for agency in agencies:
        head = agency[1][:1]
        if head not in readings:
            text = pinyin_text(head) if head and head not in _PHRASE_STARTS else ""
            readings[head] = text if text.endswith(" ") else None
        reading = readings[head]
        if reading is None:
            exact.append((agency_key(agency[1]), agency))
        else:
            buckets.setdefault(reading, []).append(agency)
    candidates: list[tuple[tuple[str, str], tuple[int, str]]] = []
    last = ""
    for bucket in sorted(buckets):
        candidates.extend((agency_key(a[1]), a) for a in buckets[bucket])
        last = bucket
        if len(candidates) >= n:
            break
    else:
        last = "\U0010ffff"  # every bucket taken: every whole key may come first
    candidates.extend(e for e in exact if e[0][0][:len(last)] <= last)
    return [a for _, a in heapq.nsmallest(n, candidates, key=lambda c: c[0])]


def overview_start(archive: Archive, first: int = FIRST_PAGE) -> OverviewStart:
    agencies = archive.grid_agencies()
    return OverviewStart(years=archive.grid_years(), agencies=agencies,
                         rows=archive.grid_rows_of(first_in_order(agencies, first)),
                         needs_review=archive.count_needing_review())


def rest_pages(archive: Archive, start: OverviewStart, page: int = PAGE) -> Iterator[list[GridRow]]:
    """The rows after ``start``'s first page, in pinyin order, a page of agencies at a time."""
    order = sorted(start.agencies, key=lambda a: agency_key(a[1]))
    return grid_pages(archive, order, start=len(start.rows), page=page)


def grid_pages(archive: Archive, order: list[tuple[int, str]], start: int = 0, page: int = PAGE
               ) -> Iterator[list[GridRow]]:
    """The rows of ``order[start:]``, a page of agencies at a time."""
    for at in range(start, len(order), page):
        yield archive.grid_rows_of(order[at:at + page])


def iter_grid_rows(archive: Archive, page: int = 1000) -> Iterator[GridRow]:
    """Every row of the overview in pinyin order, read a page at a time (``xxgk list --format json|csv``)."""
    for rows in grid_pages(archive, agency_order(archive), page=page):
        yield from rows
