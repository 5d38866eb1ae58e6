"""Where in the archived text a cell (or a parse warning) came from: the line the source screen opens at.

Every value keeps the importer's location (``where``): ``line 74`` / ``line 74 word 3`` / ``line 74 cell 2``
for text, ``Sheet1!C7`` for workbooks, ``table 2 r3c4`` for HTML and Word, ``page 3 table 2 r5c7`` for
PDF. A text location names the line of the archived text itself. The others name a cell of a table the
archived text renders row by row (``a | b | c``), where merged and multi-line cells shift rows and
columns: the line is found from the value's label and raw text (the line that best holds the label and
has the raw text as a cell, or the first line after the label that has it), and is marked not exact.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from xxgk.domain.model import ParseWarning, Value

_LINE = re.compile(r"^line (\d+)\b")
_PAGE_LINE = re.compile(r"^page (\d+) line (\d+)\b")
_SHEET = re.compile(r"^(?P<sheet>.+)!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")
_TABLE = re.compile(r"^(?:page (?P<page>\d+) )?table (?P<table>\d+)(?: r(?P<row>\d+)c(?P<col>\d+))?")
_CELL_SPLIT = re.compile(r"\s*\|\s*|\s+")
_DROP = re.compile(r"[\s|·:：,，、.。()（）\[\]【】\"'“”‘’\-—_]+")
LOOK_AHEAD = 8  # lines after a label line that may hold its numbers (a header above a row of numbers)


@dataclass(frozen=True)
class Location:
    """A 1-based line of the archived text; ``exact``: the importer named that line itself."""

    line: int
    exact: bool
    needle: str = ""  # the raw text to select on that line ("" for none)


def text_line(where: str) -> int | None:
    """The archived text's line named by a text location (``line 74 word 3`` → 74), else None."""
    m = _LINE.match(where or "")
    return int(m.group(1)) if m else None


def _norm(text: str) -> str:
    return _DROP.sub("", unicodedata.normalize("NFKC", text or ""))


def _cells(line: str) -> set[str]:
    return {c for c in _CELL_SPLIT.split(unicodedata.normalize("NFKC", line)) if c}


def _label_parts(value: Value) -> list[tuple[str, int]]:
    """The label's parts (``行政复议 · 结果维持``), each with its weight; the section heading counts least
    (a 统计表 row's line wins over its heading's line)."""
    parts = [(_norm(p), 4) for p in re.split(r"\s+·\s+|\s{2,}", value.label or "")]
    if value.section:
        parts.append((_norm(value.section), 1))
    return [(p, w) for p, w in parts if len(p) >= 2]


def _label_score(line_norm: str, parts: list[tuple[str, int]]) -> int:
    """How much of the label the line holds: every part found whole, or its longest head or tail
    (≥ 3 characters), weighted."""
    score = 0
    for part, weight in parts:
        if part in line_norm:
            score += len(part) * weight
            continue
        for n in range(len(part) - 1, 2, -1):
            if part[:n] in line_norm or part[-n:] in line_norm:
                score += n * weight
                break
    return score


def _start_line(lines: Sequence[str], where: str) -> int:
    """Where a workbook sheet's rows start in the text (its name on a line of its own), else 0."""
    m = _SHEET.match(where or "")
    if m:
        sheet = m.group("sheet").strip("'")
        for i, line in enumerate(lines):
            if line.strip() == sheet:
                return i
    return 0


def locate_value(lines: Sequence[str], value: Value) -> Location | None:
    """The line of ``lines`` (the archived text) that ``value`` was read from; None for an empty text."""
    if not lines:
        return None
    raw = unicodedata.normalize("NFKC", value.raw or "").strip()
    line = text_line(value.where)
    if line is not None:
        return Location(min(max(1, line), len(lines)), line <= len(lines), raw)
    parts = _label_parts(value)
    start = _start_line(lines, value.where)
    best: tuple[int, int] | None = None  # (score, -index)
    label_only: tuple[int, int] | None = None
    for i in range(start, len(lines)):
        score = _label_score(_norm(lines[i]), parts) if parts else 0
        has_raw = bool(raw) and raw in _cells(lines[i])
        if has_raw and score and (best is None or (score, -i) > best):
            best = (score, -i)
        elif score and not has_raw and (label_only is None or (score, -i) > label_only):
            label_only = (score, -i)
    if best is not None and (label_only is None or best[0] >= label_only[0]):
        return Location(-best[1] + 1, False, raw)
    if label_only is not None:
        head = -label_only[1]
        for i in range(head + 1, min(len(lines), head + 1 + LOOK_AHEAD)):
            if raw and raw in _cells(lines[i]):
                return Location(i + 1, False, raw)
        return Location(head + 1, False, "")
    return None


def locate_warning(lines: Sequence[str], warning: ParseWarning, values: Sequence[Value]) -> Location | None:
    """The line a parse warning is about: its own text location, else the line of its cell."""
    if not lines:
        return None
    line = text_line(warning.where)
    if line is not None:
        return Location(min(max(1, line), len(lines)), line <= len(lines))
    value = warning_value(values, warning)
    return locate_value(lines, value) if value is not None else None


_KEY = re.compile(r"\b((?:t[234]|c)\.[\w.]+\w)")
_TABLE_PREFIX = {"表二": "t2.", "表三": "t3.", "表四": "t4.", "统计表": "c."}


def warning_value(values: Sequence[Value], warning: ParseWarning) -> Value | None:
    """The cell a parse warning is about: a key it names (``t3.1.total printed twice``), the cell read at
    (or nearest after) its location, or the first cell of the table it names (``表三``); else None."""
    by_key = {v.key: v for v in values}
    for key in _KEY.findall(warning.message or ""):
        if key in by_key:
            return by_key[key]
    value = nearest_value(values, warning.where)
    if value is not None:
        return value
    for name, prefix in _TABLE_PREFIX.items():
        if (warning.where or "").strip() == name or (warning.message or "").startswith(name):
            return next((v for v in values if v.key.startswith(prefix)), None)
    return None


def _position(where: str) -> tuple[str, int, int] | None:
    """``where`` as (area, row, column): the same area (text, a sheet, a page's table) can be compared."""
    where = where or ""
    m = _LINE.match(where)
    if m:
        return ("text", int(m.group(1)), 0)
    m = _PAGE_LINE.match(where)
    if m:
        return (f"page {m.group(1)}", int(m.group(2)), 0)
    m = _SHEET.match(where)
    if m:
        col = 0
        for ch in m.group("col"):
            col = col * 26 + ord(ch) - 64
        return (m.group("sheet"), int(m.group("row")), col)
    m = _TABLE.match(where)
    if m:
        area = f"page {m.group('page')} table {m.group('table')}" if m.group("page") else f"table {m.group('table')}"
        return (area, int(m.group("row") or 0), int(m.group("col") or 0))
    return None


def nearest_value(values: Sequence[Value], where: str) -> Value | None:
    """The value read at ``where`` or nearest after it in the same area (a warning about a row names the
    row's start; the cells follow it), else nearest before it; None when no value shares the area."""
    here = _position(where)
    if here is None:
        return None
    exact = [v for v in values if v.where == where]
    if exact:
        return exact[0]
    best: tuple[tuple[int, int, int], Value] | None = None
    for v in values:
        pos = _position(v.where)
        if pos is None or pos[0] != here[0]:
            continue
        after = (pos[1], pos[2]) >= (here[1], here[2])
        rank = (0 if after else 1, abs(pos[1] - here[1]), abs(pos[2] - here[2]))
        if best is None or rank < best[0]:
            best = (rank, v)
    return best[1] if best is not None else None
