"""The vocabulary of findings: one name, one mark and one style per status, for every output.

Marks read without colour: ``!`` a STRICT identity fails, ``~`` a SOFT one warns, ``?`` an input is blank
(incomplete), ``缺`` no report for the year (nothing before an agency's first report). Spreadsheets use
the fills of ``FILL``.

``STYLES`` is the one style table of the app: Rich style strings per colour mode (``color_mode`` picks the
mode from the environment once, at start-up). Every mode carries the same order of prominence: a STRICT
failure is a mark on a solid block (reverse, or white on red) and bold, never colour alone; a SOFT
warning is a plain coloured (or underlined) mark; incomplete is quieter still; a missing report is dim
and neutral. In 16 colours the colours are exactly the standard palette's (what Rich downgrades to), so
``!n`` and ``缺`` can never land on the same colour; with ``NO_COLOR`` only reverse, bold, underline and
dim are used.
"""
from __future__ import annotations

from collections.abc import Mapping

STATUS_NAME = {"fail": "不符", "warn": "提示", "incomplete": "不完整", "pass": "相符"}
STATUS_MARK = {"fail": "!", "warn": "~", "incomplete": "?", "pass": ""}
STATUS_ORDER = {"fail": 0, "warn": 1, "incomplete": 2, "pass": 3}

# No report for the year; a comparison across template generations (approximate).
MISSING_MARK = "缺"
APPROXIMATE_MARK = "≈"

# -- the style table -------------------------------------------------------------------------------------

COLOR_MODES = ("full", "16", "mono")  # 256 colours or truecolor; 16 colours (TERM=xterm|screen|linux); NO_COLOR
# The kinds every screen styles: the marks (fail = a STRICT failure, warn = SOFT, incomplete, missing, pass),
# then text around them: review (waiting for review), error (a line saying something went wrong), notice
# (a state to notice, e.g. an active filter), hint (explanations, legends), selected (the cells of the
# check under the cursor).
STYLE_KINDS = ("fail", "warn", "incomplete", "missing", "pass", "review", "error", "notice", "hint", "selected")
STYLES: dict[str, dict[str, str]] = {
    # contrast against the app's background (#1E1E1E) ≥ 4.5:1 for every mark (tests/tui/test_marks.py)
    "full": {"fail": "bold #ffffff on #b3261e", "warn": "#e5c07b", "incomplete": "#61afef", "missing": "#8c8c8c",
             "pass": "#98c379", "review": "bold #d7afff", "error": "bold #ff6b6b", "notice": "bold",
             "hint": "#a0a0a0", "selected": "bold reverse"},
    # Rich's standard palette, exactly: (170,0,0) red, (255,255,85) bright yellow, (0,170,170) cyan …
    "16": {"fail": "bold #ffffff on #aa0000", "warn": "#ffff55", "incomplete": "#00aaaa", "missing": "#aaaaaa",
           "pass": "#00aa00", "review": "bold #ff55ff", "error": "bold #ff5555", "notice": "bold",
           "hint": "#aaaaaa", "selected": "bold reverse"},
    "mono": {"fail": "bold reverse", "warn": "underline", "incomplete": "", "missing": "dim", "pass": "",
             "review": "bold", "error": "bold", "notice": "bold", "hint": "dim", "selected": "bold reverse"},
}
# A grid cell's kind is its status ("ok" passes); a check's status maps onto the kinds as its mark does.
_KIND_ALIASES = {"ok": "pass"}

# The app's terminals that have 16 colours at most (Rich's own detection: 256 only when TERM says so).
_FULL_TERMS = ("256color", "256", "truecolor", "24bit", "direct")


def color_mode(environ: Mapping[str, str]) -> str:
    """``full``, ``16`` or ``mono`` for a terminal described by ``environ`` (read once at start-up).

    ``NO_COLOR`` present (any value, as Textual reads it) is ``mono``; ``TEXTUAL_COLOR_SYSTEM`` is obeyed
    when set; ``COLORTERM=truecolor|24bit`` or a ``TERM`` ending in ``256color`` is ``full``; any other
    terminal (``xterm``, ``screen``, ``linux``, ``vt100``) is ``16``."""
    if "NO_COLOR" in environ:
        return "mono"
    forced = (environ.get("TEXTUAL_COLOR_SYSTEM") or "").lower()
    if forced in ("truecolor", "256"):
        return "full"
    if forced in ("standard", "windows"):
        return "16"
    if (environ.get("COLORTERM") or "").lower() in ("truecolor", "24bit"):
        return "full"
    term = (environ.get("TERM") or "").lower()
    return "full" if term.endswith(_FULL_TERMS) else "16"


def style_for(kind: str, mode: str) -> str:
    """The Rich style string of ``kind`` (a style kind, a check status or a grid cell kind) in ``mode``."""
    table = STYLES.get(mode, STYLES["full"])
    return table.get(_KIND_ALIASES.get(kind, kind), "")


def finding_kind(status: str, strict: bool = True) -> str:
    """The style kind of a check: a SOFT identity that fails is a warning (``~``), never a STRICT ``!``."""
    if status == "fail" and not strict:
        return "warn"
    return status if status in STATUS_MARK else "incomplete"


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
