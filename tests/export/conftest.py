from __future__ import annotations

import copy
import hashlib
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


def item_rows(ws) -> list[tuple]:
    """The item rows of a comparison sheet: after the 项目 header row, up to the first empty row."""
    rows = list(ws.iter_rows())
    start = next(i for i, r in enumerate(rows) if r[0].value == "项目")
    out = []
    for r in rows[start + 1:]:
        if all(c.value is None for c in r):
            break
        out.append(r)
    return out


def rows_by_key(ws) -> dict[str, tuple]:
    return {r[KEY_COL - 1].value: r for r in item_rows(ws)}


# comparison sheet columns (1-based)
LABEL_COL, A_COL, FLAG_A_COL, B_COL, FLAG_B_COL, DELTA_COL, PCT_COL, APPROX_COL, NOTE_COL, KEY_COL = range(1, 11)


def open_wb(path: Path):
    return load_workbook(path)


def sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/sheet")}
