"""The overview (agencies × years) as both front ends list it: agencies in pinyin order
(``presentation.collation``), read a page at a time so that a screen paints the first page at once and the
rest follows, and a command streams every row without holding the archive in memory."""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from xxgk.presentation.collation import PHRASES, agency_key, pinyin_text
from xxgk.store import Archive, GridRow

FIRST_PAGE = 120  # rows: more than any terminal shows at once
PAGE = 2000


@dataclass
class OverviewStart:
    """What the overview needs to paint: its years, every agency, the rows of the first page in order."""

    years: list[int]
    total: int  # agencies in the grid
    rows: list[GridRow] = field(default_factory=list)  # the first ``len(rows)`` agencies in pinyin order
    needs_review: int = 0

    @property
    def complete(self) -> bool:
        return len(self.rows) >= self.total


def agency_order(archive: Archive) -> list[tuple[int, str]]:
    """Every agency of the overview, (id, name), in pinyin order."""
    return sorted(archive.grid_agencies(), key=lambda a: agency_key(a[1]))


_PHRASE_STARTS = frozenset(phrase[0] for phrase in PHRASES)
_UNBOUNDED = "\U0010ffff"


def _head_reading(head: str) -> str | None:
    """The start of the key of every name that begins with ``head`` (``"an "``: every reading ends with a
    space, so no reading is the start of another), or None when ``head`` alone does not tell (a phrase may
    start there and read otherwise, or the character has no reading)."""
    text = pinyin_text(head) if head and head not in _PHRASE_STARTS else ""
    return text if text.endswith(" ") else None


def _head_bound(head: str) -> str:
    """A string no key of a name beginning with ``head`` is below (``head`` has no reading of its own,
    ``_head_reading``): a phrase's first character reads as itself or as one of its phrases' first
    syllables; anything else may start with anything."""
    own = pinyin_text(head) if head else ""
    if head not in _PHRASE_STARTS or not own.endswith(" "):
        return ""
    return min([own, *(PHRASES[p].split(" ")[0] + " " for p in PHRASES if p.startswith(head))])


def first_in_archive(archive: Archive, n: int) -> list[tuple[int, str]]:
    """``sorted(archive.grid_agencies(), key=pinyin)[:n]`` without the pinyin of every name, reading only the
    agencies whose names start with the characters of the smallest readings (a range of the name index each), not every agency of the archive
    (at 100,000 reports: about 1,000 of 20,000)."""
    return _first_of_heads(archive.agency_initials(), archive.grid_agencies_starting, n)


def _first_of_heads(heads: Iterable[str], named: Callable[[str], Sequence[tuple[int, str]]],
                    n: int) -> list[tuple[int, str]]:
    """The first ``n`` in pinyin order of the agencies ``named(head)`` returns for each of ``heads`` (every
    first character of a name), asking only for the heads that can hold one of them."""
    buckets: dict[str, list[str]] = {}
    exact: list[str] = []
    for head in heads:
        reading = _head_reading(head)
        if reading is None:
            exact.append(head)
        else:
            buckets.setdefault(reading, []).append(head)
    candidates: list[tuple[tuple[str, str], tuple[int, str]]] = []
    last = ""
    for reading in sorted(buckets):
        for head in buckets[reading]:
            candidates.extend((agency_key(a[1]), a) for a in named(head))
        last = reading
        if len(candidates) >= n:
            break
    else:
        last = _UNBOUNDED  # every bucket taken: every whole key may come first
    for head in exact:
        if _head_bound(head)[:len(last)] > last:  # every name of it reads after the last bucket's
            continue
        keyed = ((agency_key(a[1]), a) for a in named(head))
        candidates.extend(e for e in keyed if e[0][0][:len(last)] <= last)
    return [a for _, a in heapq.nsmallest(n, candidates, key=lambda c: c[0])]


def overview_start(archive: Archive, first: int = FIRST_PAGE) -> OverviewStart:
    """What the overview paints first: its years, its size, the rows of the first page (every agency is
    read behind it, ``rest_pages``)."""
    return OverviewStart(years=archive.grid_years(), total=archive.grid_size(),
                         rows=archive.grid_rows_of(first_in_archive(archive, first)),
                         needs_review=archive.count_needing_review())


def rest_pages(archive: Archive, start: OverviewStart, page: int = PAGE) -> Iterator[list[GridRow]]:
    """The rows after ``start``'s first page, in pinyin order, a page of agencies at a time (every agency
    read and ordered now, behind the first page)."""
    return grid_pages(archive, agency_order(archive), start=len(start.rows), page=page)


def grid_pages(archive: Archive, order: list[tuple[int, str]], start: int = 0, page: int = PAGE
               ) -> Iterator[list[GridRow]]:
    """The rows of ``order[start:]``, a page of agencies at a time."""
    for at in range(start, len(order), page):
        yield archive.grid_rows_of(order[at:at + page])


def iter_grid_rows(archive: Archive, page: int = 1000) -> Iterator[GridRow]:
    """Every row of the overview in pinyin order, read a page at a time (``xxgk list --format json|csv``)."""
    for rows in grid_pages(archive, agency_order(archive), page=page):
        yield from rows
