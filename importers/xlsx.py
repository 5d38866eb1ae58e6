"""XLSX workbooks → cells, one grid per sheet; a workbook may hold several reports.

Steps: ``importers.safety.check_xlsx_zip`` inspects the zip index (zip bombs) and
``importers.safety.check_workbook_xml`` streams every XML part against the workbook's budgets (cells and
merged areas over all sheets, sheets, elements, nesting, DTDs and entities) before anything is parsed;
``importers.workbook.read_parts`` then reads the cells, merged ranges, hidden rows/columns/sheets and
borders straight from the XML, as openpyxl's ``load_workbook(read_only=False, data_only=True)`` would give
them (~8 ms a report instead of ~50–120 ms for openpyxl's full model). What it does not mirror exactly
(damaged parts, titles openpyxl refuses or renames, overlapping merges …) is loaded by openpyxl as before,
through ``defusedxml`` when that package is installed (a dependency of xxgk; ``XML_DEFUSED`` says whether
openpyxl does, read when first asked: openpyxl is imported only for that fallback, and a test pins it).
After loading, ``importers.safety.check_grid`` bounds the grid positions and the text the sheets hand the
matcher.

Per sheet:

* merged ranges: the top-left text is repeated in every cell of the range; a number stays in the top-left
  cell only (one warning per sheet lists them);
* values: ints and floats as printed by Excel (``3.0`` → ``3``, ``12.5`` → ``12.5``), strings unchanged
  (``'1,030'``, ``251000元``, ``—``, ``=SUM(A1)`` typed as text), ``None`` → ``""`` (a blank, never 0);
* a formula whose cached value is missing (the file was written by a program and never recalculated)
  becomes an empty cell plus a warning, so the matcher leaves the key NULL and its identities incomplete.
  Formula positions are read only when a sheet's XML contains formulas (counted by the scan);
* hidden rows/columns: cells marked ``hidden=True``, one warning per hidden range that holds text;
* empty rows are skipped; columns are trimmed to the sheet's used width (leading and trailing); inside it
  a row runs to its last non-empty, formula, merged or bordered cell: a blank bordered cell at the end of
  a row is a blank value (NULL), a borderless blank beyond the last value is not emitted.
* the sheet's title cell (``XX局2023年政府信息公开工作年度报告``, else the agency of ``填报单位：XX局``) is
  handed to the matcher as ``title_hint``.

Reports: a sheet that holds a whole report has its own table 三 (``本年新收政府信息公开申请数量``) or a pre-2019
``统计指标`` table. When several sheets do, each is its own report (``part`` = sheet name, ``title_hint`` =
the sheet's title cell, else the sheet name); otherwise all sheets together are one report (tables split
one per sheet), each sheet introduced by a narrative cell with its name.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings as pywarnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xxgk.domain.model import BadInput, ParsedReport, ParseWarning
from xxgk.importers.cells import Cell
from xxgk.importers.html import WARN_HORIZONTAL_NUMBER_SPANS, looks_numeric
from xxgk.importers.safety import check_grid, check_workbook_xml, check_xlsx_zip
from xxgk.importers.workbook import (
    SheetData,
    Unsupported,
    col_letter,
    range_coord,
    read_parts,
    sheets_from_openpyxl,
)


def __getattr__(name: str) -> Any:
    """``XML_DEFUSED``: whether openpyxl parses through defusedxml (it decides when it is imported). Read
    lazily: openpyxl is only the fallback of ``read_workbook`` and importing it costs some 60 ms, which every
    worker of an import pool paid at its first workbook."""
    if name == "XML_DEFUSED":
        try:
            from openpyxl import DEFUSEDXML
        except ImportError:  # pragma: no cover
            return False
        return bool(DEFUSEDXML)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
           "#CALC!"}
_TITLE = re.compile(r"政府信息公开.{0,12}(报告|報告|统计表|統計表)")
_FILLER = re.compile(r"^(填报|填報|报送|報送)(单位|單位)")
_T3_MARKERS = ("本年新收政府信息公开申请数量", "本年新收政府信息公開申請數量")
_C_MARKERS = ("统计指标", "統計指標", "指标名称", "指標名稱")


def value_text(v: object) -> str:
    """A cell value as Excel prints it, without number formats: the raw text handed to the matcher."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return str(v)
        if v.is_integer() and abs(v) < 1e15:
            return str(int(v))
        s = f"{v:.15g}"  # Excel keeps 15 significant digits
        if "e" in s or "E" in s:
            s = format(Decimal(s), "f")
        return s
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    s = str(v)
    return s if s.strip() else ""


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


@dataclass
class SheetGrid:
    """One sheet turned into grid rows (no matching)."""

    title: str
    cells: list[Cell]
    lines: list[str]
    warnings: list[ParseWarning] = field(default_factory=list)
    title_cell: str | None = None
    whole_report: bool = False  # holds its own table 三 or a pre-2019 统计指标 table
    hidden: bool = False


@dataclass
class WorkbookGrid:
    sheets: list[SheetGrid]
    title: str | None = None  # workbook property "title"
    warnings: list[ParseWarning] = field(default_factory=list)


def _load(data: bytes, name: str, data_only: bool) -> Any:
    from openpyxl import load_workbook

    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")  # "extension is not supported" and friends
            return load_workbook(io.BytesIO(data), read_only=False, data_only=data_only, keep_links=False)
    except BadInput:
        raise
    except MemoryError:
        raise BadInput(name, "工作簿太大，内存不足，无法读取") from None
    except RecursionError:
        raise BadInput(name, "工作簿的 XML 嵌套过深，无法读取") from None
    except Exception as exc:  # openpyxl raises many kinds on damaged or hostile files, often wrapped
        chain: list[str] = []
        e: BaseException | None = exc
        while e is not None and len(chain) < 10:
            chain.append(type(e).__name__)
            e = e.__cause__ or e.__context__
        if {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden", "NotSupportedError"} & set(chain):
            raise BadInput(name, "工作簿的 XML 声明了 DTD 或实体：疑似 XML 炸弹，已拒绝") from None
        if "InvalidFileException" in chain:
            raise BadInput(name, "不是 .xlsx/.xlsm 工作簿（旧的 .xls 文件请先另存为 .xlsx）") from None
        detail = " ".join(str(exc).split())[:120]
        raise BadInput(name, f"无法作为 Excel 工作簿读取（{chain[0]}: {detail}）") from None


def _ranges(nums: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for n in sorted(set(nums)):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


@dataclass
class _GridBudget:
    """What all sheets of a workbook hand the matcher, checked before each sheet's cells are made."""

    name: str
    positions: int = 0
    chars: int = 0

    def add(self, positions: int, chars: int, sheet: str) -> None:
        self.positions += positions
        self.chars += chars
        check_grid(self.positions, self.chars, sheet, self.name)


def _sheet_grid(ws: SheetData, budget: _GridBudget) -> SheetGrid:
    title = ws.title
    formulas = ws.formulas
    warnings: list[ParseWarning] = []
    raw: dict[tuple[int, int], str] = {}
    missing: list[str] = []
    missing_pos: set[tuple[int, int]] = set()
    errors: list[str] = []
    for (r, c), (v, data_type) in ws.cells.items():
        if (r, c) in formulas and (v is None or v == ""):
            missing.append(f"{title}!{col_letter(c)}{r}")
            missing_pos.add((r, c))
            continue
        t = value_text(v)
        if t:
            raw[(r, c)] = t
            if data_type == "e" or (isinstance(v, str) and v in _ERRORS and (r, c) in formulas):
                errors.append(f"{title}!{col_letter(c)}{r} ({t})")
    texts = dict(raw)
    present: set[tuple[int, int]] = set(raw) | missing_pos  # positions that belong to a table row
    spanned_numbers: list[str] = []
    for r1, c1, r2, c2 in sorted(ws.merged):
        top = texts.get((r1, c1), "")
        tl = ws.cells.get((r1, c1), (None, "n"))[0]
        numeric = (isinstance(tl, int | float) and not isinstance(tl, bool)) or looks_numeric(top)
        area = (r2 - r1 + 1) * (c2 - c1 + 1)
        if numeric and (r2 > r1 or (area > 1 and WARN_HORIZONTAL_NUMBER_SPANS)):
            spanned_numbers.append(f"{title}!{range_coord(r1, c1, r2, c2)} ({top})")
        filled = bool(top) or (r1, c1) in missing_pos
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if filled:
                    present.add((r, c))
                if (r, c) != (r1, c1):
                    if top and not numeric:
                        texts[(r, c)] = top
                    else:
                        texts.pop((r, c), None)
    if not texts:
        return SheetGrid(title, [], [], warnings, hidden=ws.state != "visible")
    rows_used = sorted({r for r, _ in texts})
    min_col = min(c for _, c in present)
    max_col = max(c for _, c in present)

    last_in_row: dict[int, int] = {}  # the row runs to its last present or bordered cell within the used width
    for r, c in present:
        last_in_row[r] = max(last_in_row.get(r, 0), c)
    for r, c in ws.bordered:
        if r in last_in_row and min_col <= c <= max_col and c > last_in_row[r]:
            last_in_row[r] = c
    # before any cell is made: a few stored cells can span a huge rectangle
    budget.add(sum(last_in_row[r] - min_col + 1 for r in rows_used), sum(map(len, texts.values())), title)

    hidden_rows = ws.hidden_rows
    hidden_cols: set[int] = set()
    for lo, hi in ws.hidden_cols:
        hidden_cols.update(range(max(lo, min_col), min(hi, max_col) + 1))  # <col max="2000000000">: used ones only
    sheet_hidden = ws.state != "visible"

    cells: list[Cell] = []
    lines: list[str] = []
    for r in rows_used:
        last = last_in_row[r]
        for c in range(min_col, last + 1):
            cells.append(Cell(text=texts.get((r, c), ""), where=f"{title}!{col_letter(c)}{r}",
                              mode="grid", row_end=(c == last),
                              hidden=sheet_hidden or r in hidden_rows or c in hidden_cols))
        shown = [raw.get((r, c), "") for c in range(min_col, last + 1)]
        while shown and not shown[-1]:
            shown.pop()
        lines.append(" | ".join(shown))

    data_rows = {r for r, _ in raw}
    data_cols = {c for _, c in raw}
    for lo, hi in _ranges([r for r in hidden_rows if r in data_rows]):
        span = f"row {lo} holds" if lo == hi else f"rows {lo}–{hi} hold"
        warnings.append(ParseWarning(f"hidden {span} data on sheet {title!r} (kept, marked hidden): "
                                     "check that they belong to the table", f"{title}!{lo}:{hi}"))
    used_hidden_cols = [c for c in hidden_cols if c in data_cols]
    for lo, hi in _ranges(used_hidden_cols):
        a, b = col_letter(lo), col_letter(hi)
        span = f"column {a} holds" if lo == hi else f"columns {a}–{b} hold"
        warnings.append(ParseWarning(f"hidden {span} data on sheet {title!r} (kept, marked hidden): "
                                     "check that they belong to the table", f"{title}!{a}:{b}"))
    if sheet_hidden:
        warnings.append(ParseWarning(f"sheet {title!r} is hidden in the workbook (its cells are kept, marked hidden)",
                                     f"{title}!"))
    if spanned_numbers:
        warnings.append(ParseWarning("number(s) in merged cells kept in the first cell only: "
                                     + ", ".join(spanned_numbers), f"{title}!"))
    if len(missing) > 10:
        warnings.append(ParseWarning(f"{len(missing)} formulas without a cached value ({', '.join(missing[:10])}, …): "
                                     "recalculate in Excel/WPS and save", missing[0]))
    else:
        for w in missing:
            warnings.append(ParseWarning(f"formula without a cached value at {w}: recalculate in Excel/WPS and save",
                                         w))
    for e in errors:
        warnings.append(ParseWarning(f"formula error at {e}: the cell is not a number", e.split(" ")[0]))

    # one normalisation of all cells joined by NUL (a starter: NFKC works cell by cell, and no marker spans it)
    joined = "\0" + _norm("\0".join(raw.values())) + "\0"
    whole = any(m in joined for m in _T3_MARKERS) or any(f"\0{m}\0" in joined for m in _C_MARKERS)
    head = [raw[(r, c)] for r in rows_used[:12] for c in range(min_col, max_col + 1) if (r, c) in raw]
    return SheetGrid(title, cells, lines, warnings, _title_cell(head), whole, sheet_hidden)


def _title_cell(head: list[str]) -> str | None:
    """The cell that names the reporting agency: a report title with the agency before the year
    (``XX局2023年政府信息公开工作年度报告``), else the agency of a ``填报单位：XX局`` cell."""
    for t in head:
        n = _norm(t)
        m = _TITLE.search(n)
        if m and len(n) < 80 and re.match(r"^\D{2,}?(19|20)\d{2}", n):
            return t.strip()
    for t in head:
        n = _norm(t)
        if _FILLER.match(n):
            agency = re.sub(r"^(填报|填報|报送|報送)(单位|單位)(\(盖章\)|\(蓋章\))?[:：]?", "", n)
            agency = re.split(r"(填报|填報|日期|时间|時間|联系人|聯系人|电话|電話)", agency)[0]
            if agency:
                return agency
    return None


def read_workbook(data: bytes, name: str) -> WorkbookGrid:
    """Check, load and turn every sheet into grid rows. Raises BadInput for refused or unreadable files."""
    infos = check_xlsx_zip(data, name)
    tally = check_workbook_xml(data, infos, name)
    with_formulas = any(part.counts["f"] and part.counts["c"] for part in tally.parts)  # formulas in a cell part
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book = read_parts(zf, with_formulas)
    except Unsupported:  # something only openpyxl's full model gives exactly: its answer, or its refusal
        wb = _load(data, name, data_only=True)
        book = sheets_from_openpyxl(wb, _load(data, name, data_only=False) if with_formulas else None)
    budget = _GridBudget(name)
    sheets = [_sheet_grid(ws, budget) for ws in book.sheets]
    return WorkbookGrid(sheets, book.title)


def _sheet_intro(s: SheetGrid) -> Cell:
    return Cell(text=s.title, where=f"sheet {s.title}", mode="plain", narrative=True, row_end=True,
                hidden=s.hidden)


def parse_xlsx(data: bytes, name: str, sha: str, agency: str | None = None, year: int | None = None
               ) -> list[ParsedReport]:
    wbg = read_workbook(data, name)
    from xxgk.importers.report import build_report

    sheets = [s for s in wbg.sheets if s.cells]
    if not sheets:
        raise BadInput(name, "every sheet of the workbook is empty")
    whole = [s for s in sheets if s.whole_report]
    if len(whole) >= 2:
        skipped = [s.title for s in sheets if not s.whole_report]
        reports = []
        for i, s in enumerate(whole):
            notes = list(s.warnings)
            if i == 0 and skipped:
                notes.append(ParseWarning("sheet(s) without a report of their own, not imported: "
                                          + ", ".join(repr(t) for t in skipped), "workbook"))
            reports.append(build_report([_sheet_intro(s), *s.cells], "\n".join([s.title, *s.lines]), file=name,
                                        sha256=sha, format="xlsx", agency=agency, year=year, part=s.title,
                                        title_hint=s.title_cell or s.title, extra_warnings=notes))
        return reports
    cells: list[Cell] = []
    lines: list[str] = []
    extra: list[ParseWarning] = []
    for s in sheets:
        cells.append(_sheet_intro(s))
        cells.extend(s.cells)
        lines.append(s.title)
        lines.extend(s.lines)
        extra.extend(s.warnings)
    hint = next((s.title_cell for s in sheets if s.title_cell), None) or wbg.title
    return [build_report(cells, "\n".join(lines), file=name, sha256=sha, format="xlsx", agency=agency, year=year,
                         title_hint=hint, extra_warnings=extra)]
