"""The vocabulary of findings: one name, one mark and one style per status, for every output.

Marks read without colour: ``!`` a STRICT identity fails, ``~`` a SOFT one warns, ``?`` an input is blank
(incomplete), ``缺`` no report for the year. Styles are Rich style strings (the app's widgets and the
CLI's tables); spreadsheets use the fills of ``FILL``.
"""
from __future__ import annotations

STATUS_NAME = {"fail": "不符", "warn": "提示", "incomplete": "不完整", "pass": "相符"}
STATUS_MARK = {"fail": "!", "warn": "~", "incomplete": "?", "pass": ""}
STATUS_STYLE = {"fail": "bold red", "warn": "yellow", "incomplete": "cyan", "pass": "green"}
STATUS_ORDER = {"fail": 0, "warn": 1, "incomplete": 2, "pass": 3}

# No report for the year; a comparison across template generations (approximate).
MISSING_MARK = "缺"
APPROXIMATE_MARK = "≈"

# Spreadsheet fills (RGB) for cells a check marks.
FILL = {"fail": "FFC7CE", "warn": "FFEB9C", "missing": "D9D9D9"}


def status_name(status: str) -> str:
    return STATUS_NAME.get(status, status)


def status_mark(status: str) -> str:
    return STATUS_MARK.get(status, "?")


def count_marks(strict: int, soft: int, incomplete: int) -> str:
    """A report's findings in marks: ``!2 ~1 ?1`` (STRICT failures, SOFT failures and warnings,
    incomplete checks); ``ok`` when every check passes."""
    parts = [f"{mark}{n}" for mark, n in ((STATUS_MARK["fail"], strict), (STATUS_MARK["warn"], soft),
                                          (STATUS_MARK["incomplete"], incomplete)) if n]
    return " ".join(parts) or "ok"


def missing_text(year: int, first_year: int | None) -> str:
    """A grid cell without a report: ``缺`` once the agency has reported, nothing before its first report."""
    return MISSING_MARK if first_year is not None and year > first_year else ""


def check_status_text(status: str, strict: bool) -> str:
    """``不符`` for a STRICT failure, ``不符（SOFT）`` for a non-strict one, else the status name."""
    if status == "fail" and not strict:
        return f"{STATUS_NAME['fail']}（SOFT）"
    return status_name(status)
