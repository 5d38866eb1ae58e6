from __future__ import annotations

import copy
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import SAMPLES
from xxgk.domain.model import CheckResult, ParsedReport, Value
from xxgk.importers import parse_path
from xxgk.store import Archive
from xxgk.workflows.importing import import_paths

HONGZE = "淮安市洪泽区人民政府"
HUAIAN = "淮安市人民政府"  # 2024 only
HEAD_RGB = "00DDEBF7"
SECTION_RGB = "00EDEDED"
FAIL_RGB = "00FFC7CE"
WARN_RGB = "00FFEB9C"
KEY_PATTERN = re.compile(r"^(t[234]|c)\.[A-Za-z0-9_.*]+$")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """An archive of every real text sample (built once; tests open it read-only)."""
    path = tmp_path_factory.mktemp("export") / "samples.sqlite"
    with Archive(path) as archive:
        summary = import_paths(archive, sorted(SAMPLES.glob("*.txt")))
    assert not summary.failed and not summary.stopped, [o.error for o in summary.failed]
    return path


@pytest.fixture
def archive(sample_db):
    a = Archive(sample_db, read_only=True)
    yield a
    a.close()


@pytest.fixture
def hand_archive(tmp_path):
    a = Archive(tmp_path / "hand.sqlite")
    yield a
    a.close()


def parsed_sample(name: str) -> ParsedReport:
    (report,) = parse_path(SAMPLES / name)
    return report


def resave(archive: Archive, report: ParsedReport, agency: str, year: int) -> None:
    """Save a copy of a parsed report under another agency and year (a fresh sha256)."""
    r = copy.deepcopy(report)
    r.agency, r.year = agency, year
    r.file = f"/hand/{agency}_{year}.txt"
    r.sha256 = hashlib.sha256(f"{agency}|{year}|{report.sha256}".encode()).hexdigest()
    result = archive.save_report(r)
    assert result.status == "imported", result


def hand_report(agency: str, year: int, values: list[Value], checks: list[CheckResult] | None = None,
                template: str = "2021") -> ParsedReport:
    sha = hashlib.sha256(f"{agency}|{year}|{[(v.key, v.value, v.label) for v in values]}".encode()).hexdigest()
    return ParsedReport(file=f"/hand/{year}.txt", sha256=sha, format="text", agency=agency, year=year,
                        template=template, values=values, checks=checks or [], text=f"{agency}{year}年报告",
                        agency_source="title", year_source="title")


def val(key: str, value, label: str | None = None, raw: str | None = None) -> Value:
    return Value(key=key, label=label or key, value=value, raw=raw if raw is not None else
                 ("" if value is None else str(value)))


def open_wb(path: Path):
    return load_workbook(path)


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}


# ---------------------------------------------------------------- reading the hidden 数据 sheet

def data_rows(wb, agency: str | None = None) -> list[dict]:
    """The rows of the hidden 数据 sheet as dicts (header → cell), of one agency if given."""
    ws = wb["数据"]
    rows = list(ws.iter_rows())
    heads = [c.value for c in rows[0]]
    out = [dict(zip(heads, r, strict=True)) for r in rows[1:] if any(c.value is not None for c in r)]
    return [r for r in out if agency is None or r["机关"].value == agency]


def rows_by_key(wb, agency: str | None = None) -> dict[str, dict]:
    return {r["代码"].value: r for r in data_rows(wb, agency)}


# ---------------------------------------------------------------- reading a printed form sheet

def fill_rgb(cell) -> str | None:
    fill = cell.fill
    return fill.fgColor.rgb if fill is not None and fill.fill_type == "solid" else None


def form_grid(ws) -> dict[tuple[str, str, str, str], object]:
    """The value cells of an agency's form sheet: (table title, item label, 年度 line, column head) → cell.

    Table titles lose their ``（续）``; a head row (blue) updates the column heads it names (表三's second
    head row names the five 法人或其他组织 columns); an item's label is on its first line (merged down)."""
    out: dict[tuple[str, str, str, str], object] = {}
    table = ""
    heads: dict[int, str] = {}
    label = None
    in_head = False
    for row in ws.iter_rows():
        first = row[0]
        rgb = fill_rgb(first)
        if rgb == SECTION_RGB and first.value:
            table = str(first.value).removesuffix("（续）")
            label, in_head = None, False
            continue
        if any(fill_rgb(c) == HEAD_RGB for c in row if hasattr(c, "fill")):
            if not in_head:
                heads = {}
            in_head = True
            for c in row:
                if c.value is not None:
                    heads[c.column] = str(c.value)
            continue
        in_head = False
        side = row[1].value if len(row) > 1 else None
        if first.value is not None:
            label = str(first.value)
        if side is None or label is None:
            continue
        for c in row[2:]:
            if c.column in heads:
                out[(table, label, str(side), heads[c.column])] = c
    return out


def printed_texts(wb) -> list[tuple[str, str, str]]:
    """(sheet, coordinate, text) of every string cell of the visible sheets."""
    return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets if ws.sheet_state == "visible"
            for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


# ---------------------------------------------------------------- what a number format shows

def _section(fmt: str, value: float) -> tuple[str, bool]:
    """The format section used for ``value`` and whether a minus sign is added automatically."""
    parts = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', fmt)
    if len(parts) == 1:
        return parts[0], value < 0
    if value < 0:
        return parts[1], False
    if value == 0 and len(parts) >= 3:
        return parts[2], False
    return parts[0], False


def shown(cell) -> str:
    """The text a spreadsheet program shows for ``cell`` with the number formats the exports use
    (literal quoted text, sign characters, ``0`` with a fixed number of decimals, ``General``)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    fmt = cell.number_format
    if fmt == "General":
        return str(value)
    section, auto_minus = _section(fmt, value)
    out = []
    number_done = False
    for token in re.findall(r'"[^"]*"|0(?:\.0+)?|.', section):
        if token.startswith('"'):
            out.append(token[1:-1])
        elif token.startswith("0"):
            if not number_done:
                places = len(token) - 2 if "." in token else 0
                out.append(f"{abs(value):.{places}f}")
                number_done = True
        else:
            out.append(token)
    text = "".join(out)
    return ("-" + text) if auto_minus else text
