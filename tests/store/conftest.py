from __future__ import annotations

import hashlib

import pytest

from xxgk.domain.model import CheckResult, ParsedReport, ParseWarning, Value
from xxgk.store import Archive

T3_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def make_report(agency: str | None = "淮安市洪泽区人民政府", year: int | None = 2023, *, content: str = "",
                values: dict[str, float | int | None] | None = None, checks: list[CheckResult] | None = None,
                template: str | None = "2021", part: str | None = None, file: str | None = None,
                text: str = "") -> ParsedReport:
    """A ParsedReport built by hand; ``content`` varies the bytes (sha256) of the pretend file."""
    values = values if values is not None else {"t3.1.total": 10, "t3.2.total": 2, "t3.4.total": 3}
    sha = hashlib.sha256(f"{agency}|{year}|{content}|{sorted(values.items())}".encode()).hexdigest()
    return ParsedReport(
        file=file or f"/reports/{agency}_{year}{content}.txt", sha256=sha, format="text", agency=agency, year=year,
        template=template, part=part, text=text or f"{agency}{year}年政府信息公开工作年度报告。{content}",
        values=[Value(key=k, label=k, value=v, raw="" if v is None else str(v), where=f"line {i}")
                for i, (k, v) in enumerate(values.items())],
        checks=checks if checks is not None else [
            CheckResult(rule="A3.1", status="pass", message="ok", keys=["t3.1.total"], scope="total"),
            CheckResult(rule="A3.2", status="fail", message="不符", keys=["t3.2.total", "t3.4.total"], strict=True,
                        scope="natural", inputs={"t3.2.total": 2}, expected=3, actual=2, difference=-1),
            CheckResult(rule="A9", status="warn", message="soft", keys=["t3.1.total"], strict=False),
        ],
        warnings=[ParseWarning("extra cell", "line 9")], agency_source="title", year_source="title",
        table_templates={"t3": "2021"})


@pytest.fixture
def archive(tmp_path):
    a = Archive(tmp_path / "archive.sqlite")
    yield a
    a.close()


def row_counts(archive: Archive) -> dict[str, int]:
    return {t: archive.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("agencies", "agency_aliases", "reports", "report_values", "checks", "warnings")}


@pytest.fixture
def make():
    return make_report


@pytest.fixture
def counts():
    return row_counts
