"""A region's sums (汇总) of the same cells over several reports (pure).

Every key any report prints is summed over the reports that have a value for it. A blank is not 0: a
cell printed blank (or with a dash) and a cell the report does not print at all are counted, never
added, and a sum with either is ``incomplete`` — shown with what it lacks, never passed off as the
region's total.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from xxgk.domain import templates as T
from xxgk.domain.model import Number


def tidy_sum(values: Iterable[Number]) -> Number:
    """A sum without float noise (万元 amounts: ``0.1 + 0.2`` is ``0.3``), integral floats as ``int``."""
    total: Number = sum(values)
    if isinstance(total, float):
        r = round(total, 6)
        return int(r) if r == int(r) else r
    return total


@dataclass
class KeySum:
    key: str
    total: Number | None  # the sum of the values there are (None: no report has a value)
    n_values: int  # reports with a value
    blank_in: list[str] = field(default_factory=list)  # reports (by name) printing the cell blank
    absent_in: list[str] = field(default_factory=list)  # reports (by name) not printing the cell at all

    @property
    def complete(self) -> bool:
        """Every report included has a value for the cell."""
        return self.n_values > 0 and not self.blank_in and not self.absent_in

    @property
    def value(self) -> Number | None:
        """The region's figure: the sum when complete, else None (an incomplete sum is not a total)."""
        return self.total if self.complete else None

    def note(self) -> str:
        """What an incomplete sum lacks: ``2 份空白（甲局、乙局）；1 份无此项（丙局）``."""
        parts = []
        for names, what in ((self.blank_in, "空白"), (self.absent_in, "无此项")):
            if names:
                shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
                parts.append(f"{len(names)} 份{what}（{shown}）")
        return "；".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": T.label_for(self.key), "total": self.total, "complete": self.complete,
                "n_values": self.n_values, "blank_in": self.blank_in, "absent_in": self.absent_in}


def sum_reports(reports: Sequence[tuple[str, Mapping[str, Number | None]]],
                keys: Iterable[str] = ()) -> dict[str, KeySum]:
    """Each key (those of ``keys`` and every key a report prints) summed over ``reports`` — pairs of a
    report's name and its value map — in the forms' order."""
    universe = dict.fromkeys(keys)
    for _name, values in reports:
        universe.update(dict.fromkeys(values))
    out: dict[str, KeySum] = {}
    for key in sorted(universe, key=T.order_of):
        present: list[Number] = []
        blank: list[str] = []
        absent: list[str] = []
        for name, values in reports:
            if key not in values:
                absent.append(name)
            elif (v := values[key]) is None:
                blank.append(name)
            else:
                present.append(v)
        out[key] = KeySum(key, tidy_sum(present) if present else None, len(present), blank, absent)
    return out


def value_map(sums: Mapping[str, KeySum]) -> dict[str, Number | None]:
    """The region's figures as a report's value map (incomplete sums are None: blank, not 0)."""
    return {k: s.value for k, s in sums.items()}
