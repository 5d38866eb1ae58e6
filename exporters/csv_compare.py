"""Comparison exports as CSV (UTF-8 with BOM, so Excel opens the Chinese text correctly), for scripts.

One row per item, in official order. ``export_all_csv`` writes every agency's rows into one file with a
leading 机关 column. Blanks are empty fields; numbers are plain (no thousands separators); 增减% is a
percentage number (``60.0`` means +60 %). Text that a spreadsheet would read as a formula (starting
with ``= + - @``, tab or CR) is prefixed with ``'``.
"""
from __future__ import annotations

import csv
from pathlib import Path

from xxgk.exporters.build import MISSING, ExportComparison, ExportRow, build_all, build_comparison
from xxgk.exporters.files import atomic_target, check_target
from xxgk.presentation.numbers import number_text
from xxgk.presentation.spreadsheet import csv_field
from xxgk.workflows.records import Archive, NotFound

ENCODING = "utf-8-sig"


csv_text = csv_field
_num = number_text


def header(year_a: int, year_b: int, with_agency: bool = False) -> list[str]:
    cols = ["项目", "代码", f"{year_a}年", f"{year_b}年", "增减", "增减%", "近似", f"{year_a}年标记",
            f"{year_b}年标记", "备注"]
    return (["机关"] if with_agency else []) + cols


def _flag(year: int, missing: tuple[int, ...], mark) -> str:
    if year in missing:
        return MISSING
    return mark.flag if mark is not None else ""


def row_fields(comp: ExportComparison, r: ExportRow) -> list[str]:
    missing = comp.missing
    return [csv_text(r.label), csv_text(r.key), _num(r.value_a), _num(r.value_b), _num(r.delta), _num(r.delta_pct),
            "≈" if r.approximate else "", _flag(comp.year_a, missing, r.mark_a),
            _flag(comp.year_b, missing, r.mark_b), csv_text(r.note(comp.year_a, comp.year_b, missing))]


def _open(tmp: str):
    return open(tmp, "w", encoding=ENCODING, newline="")


def export_comparison_csv(archive: Archive, agency: str, year_a: int, year_b: int, path: str | Path,
                          force: bool = False) -> Path:
    check_target(path, force)
    comp = build_comparison(archive, agency, year_a, year_b)
    with atomic_target(path, force) as tmp, _open(tmp) as fh:
        w = csv.writer(fh)
        w.writerow(header(year_a, year_b))
        for r in comp.rows:
            w.writerow(row_fields(comp, r))
    return Path(path)


def export_all_csv(archive: Archive, year_a: int, year_b: int, path: str | Path, force: bool = False) -> Path:
    """Every agency that has either year, one file; an agency missing a year has ``缺`` in that year's
    标记 column, empty values and ``<year> 年未报送`` in 备注."""
    check_target(path, force)
    n = 0
    with atomic_target(path, force) as tmp:
        with _open(tmp) as fh:
            w = csv.writer(fh)
            w.writerow(header(year_a, year_b, with_agency=True))
            for comp, srow in build_all(archive, year_a, year_b):
                n += 1
                agency = csv_text(comp.agency)
                for r in comp.rows:
                    fields = row_fields(comp, r)
                    if srow.missing:
                        note = "；".join(p for p in (srow.note, fields[-1]) if p)
                        fields[-1] = csv_text(note)
                    w.writerow([agency, *fields])
        if not n:
            raise NotFound(f"no agency has a report for {year_a} or {year_b} in the archive")
    return Path(path)
