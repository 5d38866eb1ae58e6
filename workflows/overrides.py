"""Whether one ``--agency`` / ``--year`` may be given to every file of an import.

Giving an agency or a year to a whole folder files every report in it under that agency or year. That
is right for a folder of one agency's reports whose texts do not name it, and wrong for a folder that
holds several agencies' or years' reports: they would all become versions of one agency-year. So the
files are parsed first and the agencies and years their texts state are compared: when they differ,
the import is refused before the archive is opened, with the list of what differs. Identical (or
prefix variants of one name, ``洪泽区人民政府`` / ``淮安市洪泽区人民政府``) or unstated is fine.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.domain.names import clean_name, compatible
from xxgk.importers import parse_path
from xxgk.store import ArchiveError

NAMES_SHOWN = 3  # file names listed per stated value; the rest are counted


@dataclass
class Stated:
    """What a file's text states, for each of its reports (a workbook may hold several)."""

    path: Path
    part: str | None
    agency: str | None
    year: int | None

    @property
    def name(self) -> str:
        return self.path.name + (f" [{self.part}]" if self.part else "")


@dataclass
class Conflict:
    """The different values the files state for one field, each with the files stating it."""

    kind: str  # "agency" | "year"
    groups: dict[str, list[Stated]] = field(default_factory=dict)  # stated value -> reports

    def text(self) -> str:
        parts = []
        for value, items in self.groups.items():
            names = "、".join(s.name for s in items[:NAMES_SHOWN])
            more = f" 等 {len(items)} 个" if len(items) > NAMES_SHOWN else ""
            parts.append(f"{value}（{names}{more}）")
        what = "机关" if self.kind == "agency" else "年度"
        return f"所述的{what}不同：" + "；".join(parts)


class MixedReports(ArchiveError):
    """The files state different agencies or years: one ``--agency``/``--year`` cannot fit them all."""

    def __init__(self, conflicts: list[Conflict], agency: str | None, year: int | None) -> None:
        given = " ".join(x for x in (f"--agency {agency}" if agency else "", f"--year {year}" if year else "") if x)
        super().__init__(f"这些文件{'。'.join(c.text() for c in conflicts)}。不能都用 {given} 归档，"
                         "档案未作改动（请分开导入，或不指定而让程序从正文识别）")
        self.conflicts = conflicts


def stated(files: Sequence[Path]) -> list[Stated]:
    """What every file's text states (files that cannot be parsed are left to the import to report)."""
    out: list[Stated] = []
    for path in files:
        try:
            reports = parse_path(path)
        except Exception:  # unreadable, not a report, or a parser bug: the import reports it, naming the file
            continue
        out.extend(Stated(Path(path), r.part, r.agency, r.year) for r in reports)
    return out


def conflicts(items: Sequence[Stated], *, agency: bool, year: bool) -> list[Conflict]:
    """The fields (among those asked) for which ``items`` state more than one value."""
    found: list[Conflict] = []
    if agency:
        groups: dict[str, list[Stated]] = {}
        for item in items:
            name = clean_name(item.agency or "")
            if not name:
                continue
            key = next((k for k in groups if compatible(k, name)), name)
            groups.setdefault(key, []).append(item)
        if len(groups) > 1:
            found.append(Conflict("agency", groups))
    if year:
        by_year: dict[str, list[Stated]] = {}
        for item in items:
            if item.year is not None:
                by_year.setdefault(str(item.year), []).append(item)
        if len(by_year) > 1:
            found.append(Conflict("year", dict(sorted(by_year.items()))))
    return found


def check_overrides(files: Sequence[Path], *, agency: str | None = None, year: int | None = None) -> None:
    """Raise ``MixedReports`` when ``agency``/``year`` would be given to reports stating different ones.

    Costs one parse per file, so it runs only when an override is given."""
    wants_agency, wants_year = bool(agency and agency.strip()), year is not None
    if not (wants_agency or wants_year):
        return
    found = conflicts(stated(files), agency=wants_agency, year=wants_year)
    if found:
        raise MixedReports(found, agency, year)
