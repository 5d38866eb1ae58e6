"""Which two years to compare, given the years an agency has reports for."""
from __future__ import annotations

from collections.abc import Sequence


def pair_for(years: Sequence[int], year: int | None) -> tuple[int, int] | None:
    """The pair a reviewer means by "compare" on ``year``: the year before it and it; for the agency's
    first year, it and the next. ``year`` without a report stands for the nearest earlier year that has one
    (the last year when none is earlier). None with fewer than two years."""
    present = sorted(set(years))
    if len(present) < 2:
        return None
    if year not in present:
        earlier = [y for y in present if year is not None and y < year]
        year = earlier[-1] if earlier else present[-1]
    i = present.index(year)
    return (present[i - 1], year) if i > 0 else (year, present[1])


def shift_pair(years: Sequence[int], pair: tuple[int, int], step: int) -> tuple[int, int] | None:
    """``pair`` moved ``step`` present years earlier (negative) or later; None past either end."""
    present = sorted(set(years))
    if pair[0] not in present or pair[1] not in present:
        return None
    ia, ib = present.index(pair[0]) + step, present.index(pair[1]) + step
    if not (0 <= ia < len(present) and 0 <= ib < len(present)):
        return None
    return present[ia], present[ib]
