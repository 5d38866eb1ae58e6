"""Comparison exports as CSV (UTF-8 with BOM, so Excel opens the Chinese text correctly), for scripts.

One row per item, in official order. ``export_all_csv`` writes every agency's rows into one file with a
leading 机关 column; ``export_summary_csv`` the summary (one row per agency). Blanks are empty fields;
numbers are plain (``presentation.numbers.number_text``: no thousands separators); 增减% is the change in
percent with one decimal (``60.0`` means +60 %, shown ``+60.0%`` by the XLSX and the app). Text that a
spreadsheet would read as a formula (starting with ``= + - @``, tab or CR) is prefixed with ``'``.
"""
from __future__ import annotations

import csv
from pathlib import Path

from xxgk.exporters.build import (
    METRICS,
    MISSING,
    ExportComparison,
    ExportRow,
    Mark,
    build_all,
    build_comparison,
)
from xxgk.exporters.files import ExportNotFound, atomic_target, check_target, not_found
from xxgk.presentation.numbers import number_text, percent_number_text
from xxgk.presentation.spreadsheet import csv_field
from xxgk.workflows.records import Archive

ENCODING = "utf-8-sig"

csv_text = csv_field
_num = number_text


def header(year_a: int, year_b: int, with_agency: bool = False) -> list[str]:
    cols = ["项目", "代码", f"{year_a}年", f"{year_b}年", "增减", "增减%", "近似", f"{year_a}年标记",
            f"{year_b}年标记", "备注"]
    return (["机关"] if with_agency else []) + cols


def flag_text(year: int, missing: tuple[int, ...], mark: Mark | None) -> str:
    """A year's mark of a row: ``缺`` (no report), ``!`` / ``~`` (a check fails / warns), else nothing."""
    if year in missing:
        return MISSING
    return mark.flag if mark is not None else ""


def row_fields(comp: ExportComparison, r: ExportRow) -> list[str]:
    missing = comp.missing
    note = r.note(comp.year_a, comp.year_b, missing)
    decided = [f"{year} 年 {line}" for year, mark in ((comp.year_a, r.mark_a), (comp.year_b, r.mark_b))
               if mark is not None for line in mark.verdicts]
    if decided:  # the reviewer's verdicts on the identities that mark the row
        note = "；".join([*([note] if note else []), "判定：" + "；".join(decided)])
    return [csv_text(r.label), csv_text(r.key), _num(r.value_a), _num(r.value_b), _num(r.delta),
            percent_number_text(r.delta_pct), "≈" if r.approximate else "", flag_text(comp.year_a, missing, r.mark_a),
            flag_text(comp.year_b, missing, r.mark_b), csv_text(note)]


def _keep(r: ExportRow, hide_equal: bool) -> bool:
    return not hide_equal or r.marked or not r.equal_or_zero


def _open(tmp: str):
    return open(tmp, "w", encoding=ENCODING, newline="")


def export_agency_csv(archive: Archive, agency: str, year_a: int, year_b: int, path: str | Path,
                      force: bool = False, hide_equal: bool = False) -> Path:
    """One agency's comparison, one row per item. Raises ``ExportExists``/``ExportNotFound``/``ExportError``."""
    check_target(path, force)
    with not_found():
        comp = build_comparison(archive, agency, year_a, year_b)
    with atomic_target(path, force) as tmp, _open(tmp) as fh:
        w = csv.writer(fh)
        w.writerow(header(year_a, year_b))
        for r in comp.rows:
            if _keep(r, hide_equal):
                w.writerow(row_fields(comp, r))
    return Path(path)


export_comparison_csv = export_agency_csv


def export_all_csv(archive: Archive, year_a: int, year_b: int, path: str | Path, force: bool = False,
                   hide_equal: bool = False) -> Path:
    """Every agency that has either year, one file; an agency missing a year has ``缺`` in that year's
    标记 column, empty values and ``<year> 年未报送`` in 备注."""
    check_target(path, force)
    n = 0
    with atomic_target(path, force) as tmp:
        with _open(tmp) as fh, not_found():
            w = csv.writer(fh)
            w.writerow(header(year_a, year_b, with_agency=True))
            for comp, srow in build_all(archive, year_a, year_b):
                n += 1
                agency = csv_text(comp.agency)
                for r in comp.rows:
                    if not _keep(r, hide_equal):
                        continue
                    fields = row_fields(comp, r)
                    if srow.missing:
                        note = "；".join(p for p in (srow.note, r.note(year_a, year_b, comp.missing)) if p)
                        fields[-1] = csv_text(note)
                    w.writerow([agency, *fields])
        if not n:
            raise ExportNotFound(f"档案中没有任何机关有 {year_a} 或 {year_b} 年的报告")
    return Path(path)


def summary_header(year_a: int, year_b: int) -> list[str]:
    cols = ["机关"]
    for m in METRICS:
        cols += [f"{m.name}{year_a}年", f"{m.name}{year_b}年", f"{m.name}增减"]
    return [*cols, f"不符{year_a}年", f"不符{year_b}年", "备注"]


def export_summary_csv(archive: Archive, year_a: int, year_b: int, path: str | Path, force: bool = False) -> Path:
    """The 汇总 as CSV: one row per agency with the headline numbers, their change and the failing checks
    of each year (``缺`` for a year without a report)."""
    check_target(path, force)
    n = 0
    with atomic_target(path, force) as tmp:
        with _open(tmp) as fh, not_found():
            w = csv.writer(fh)
            w.writerow(summary_header(year_a, year_b))
            for _comp, r in build_all(archive, year_a, year_b):
                n += 1
                fields = [csv_text(r.agency)]
                for i in range(len(METRICS)):
                    for side in (r.values_a[i], r.values_b[i]):
                        fields.append(MISSING if side.missing else _num(side.value))
                    fields.append(_num(r.deltas[i]))
                fields += [MISSING if f is None else _num(f) for f in (r.fails_a, r.fails_b)]
                fields.append(csv_text(r.note))
                w.writerow(fields)
        if not n:
            raise ExportNotFound(f"档案中没有任何机关有 {year_a} 或 {year_b} 年的报告")
    return Path(path)
