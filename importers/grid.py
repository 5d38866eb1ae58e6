"""Documents with real tables (HTML, DOCX, PDF) → cells, through one small tree and one emitter.

A document is a *flow* (the body, or the content of one table cell): a list of text lines and tables, in
document order. ``GridEmitter`` turns a flow into cells:

* a **data table** (no table nested in it) becomes a grid with rowspan/colspan expanded: label text of a
  spanned cell is repeated in every position it covers, a number only in the top-left position (a number
  spanning several rows is also a warning, once per table);
* a **layout table** (one that holds other tables, a single cell, or a cell of running prose: more than
  six lines or 300 characters) is not a grid: the content of its cells is emitted as flows, so the data
  tables inside it and the paragraphs around them come out in reading order;
* lines outside data tables become ``Cell(mode="plain", narrative=True, where="text line N")`` where N is
  the line's number in the visible text handed to the matcher.

Every producer that has tables hands the matcher the same grid this way: the matcher never knows whether
a grid came from ``<td rowspan>``, a Word ``vMerge`` or the ruling lines of a PDF page.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from xxgk.domain.model import BadInput, ParseWarning
from xxgk.importers.cells import Cell

# A number in a cell spanning several rows is ambiguous (which row does it belong to?): always a warning.
# A number spanning columns only is the official layout of 表二 (本年处理决定数量 spans 3 columns, and so does
# its value), so by default it is not worth a warning on every report.
WARN_HORIZONTAL_NUMBER_SPANS = False

_NUMERIC = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(万元|元|万|件|次|条|个|人次|人|篇|项|期|%)?$")
_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


def looks_numeric(text: str) -> bool:
    """True for a cell that holds a number as printed (``12``, ``1,030``, ``96171.6``, ``251000元``)."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t:
        return False
    t = re.sub(r"[,\s]", "", t)
    return bool(_NUMERIC.match(t))


def clean(s: str) -> str:
    return _WS.sub(" ", s).strip()


def join_lines(lines: list[str]) -> str:
    """One cell's lines as one text: no space between Chinese characters, one space otherwise."""
    out = ""
    for ln in lines:
        ln = clean(ln)
        if not ln:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(ln[0])):
            out += " "
        out += ln
    return out


@dataclass
class Flow:
    items: list = field(default_factory=list)  # str (a finished line) or Table
    line: list[str] = field(default_factory=list)

    def text(self, s: str) -> None:
        self.line.append(s)

    def brk(self) -> None:
        if self.line:
            s = clean("".join(self.line))
            self.line = []
            if s:
                self.items.append(s)

    def add_line(self, s: str) -> None:
        self.brk()
        s = clean(s)
        if s:
            self.items.append(s)

    def add_table(self, t: Table) -> None:
        self.brk()
        self.items.append(t)

    def close(self) -> None:
        self.brk()


@dataclass
class TCell:
    rowspan: int
    colspan: int
    flow: Flow = field(default_factory=Flow)
    text: str | None = None  # the cell's text when its producer joined it already (DOCX, PDF)


@dataclass
class Table:
    number: int  # 1-based, in document order
    parent: Flow  # where the table sits (the body or a cell of an outer table)
    rows: list[list[TCell]] = field(default_factory=list)
    caption: Flow = field(default_factory=Flow)
    open_row: bool = False
    cell: TCell | None = None
    in_caption: bool = False
    label: str | None = None  # how ``where`` names the table ("table 2" by default, "page 3 table 1" …)

    @property
    def name(self) -> str:
        return self.label or f"table {self.number}"


def cell_text(c: TCell) -> str:
    if c.text is not None:
        return c.text
    f = c.flow
    parts = [s for s in f.items if isinstance(s, str)]
    if f.line:
        parts.append(clean("".join(f.line)))
    return clean("".join(parts))


@dataclass
class _Grid:
    """In the emitter's flow: the grid of a data table, emitted once its caption is."""

    table: Table


class GridEmitter:
    def __init__(self, name: str, max_positions: int, refused: Callable[[int, str], BadInput]) -> None:
        self.name = name
        self.cells: list[Cell] = []
        self.lines: list[str] = []
        self.warnings: list[ParseWarning] = []
        self.positions = 0
        self.max_positions = max_positions
        self.refused = refused

    def flow(self, f: Flow) -> None:
        """Emit a flow in document order. Iterative (a stack of iterators, not recursion): a page of 500
        tables nested in each other is as deep as it is long."""
        stack: list[Iterator[str | Table | _Grid]] = [iter(f.items)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, str):
                self.line(item)
            elif isinstance(item, _Grid):
                self.grid(item.table)
            else:
                stack.append(self._table_items(item))

    def line(self, s: str) -> None:
        self.lines.append(s)
        self.cells.append(Cell(text=s, where=f"text line {len(self.lines)}", mode="plain", narrative=True,
                               row_end=True))

    def table(self, t: Table) -> None:
        self.flow(Flow([t]))

    @staticmethod
    def _table_items(t: Table) -> Iterator[str | Table | _Grid]:
        """What a table puts in the flow: its caption, then its grid (a data table) or the content of its
        cells (a layout table)."""
        yield from t.caption.items
        cells = [c for row in t.rows for c in row]
        if not cells:
            return
        nested = any(isinstance(item, Table) for c in cells for item in c.flow.items)
        prose = any(len(c.flow.items) > 6 or sum(len(s) for s in c.flow.items if isinstance(s, str)) > 300
                    for c in cells)
        if nested or prose or len(cells) == 1:  # a layout table: its cells are page content, not a grid
            for row in t.rows:
                for c in row:
                    yield from c.flow.items
            return
        yield _Grid(t)

    def grid(self, t: Table) -> None:
        n_rows = len(t.rows)
        pending: dict[int, dict[int, str]] = {}  # row → {col: text carried down into a covered position}
        spanned_numbers: list[str] = []
        out_rows: list[list[tuple[int, str]]] = []
        row_texts = [[cell_text(c) for c in row] for row in t.rows]  # each cell's text, joined once
        for r, row in enumerate(t.rows):
            placed = pending.pop(r, {})
            col = 0
            for c, text in zip(row, row_texts[r], strict=True):
                while col in placed:
                    col += 1
                rs = min(c.rowspan, n_rows - r)
                cs = c.colspan
                numeric = looks_numeric(text)
                if numeric and (rs > 1 or (cs > 1 and WARN_HORIZONTAL_NUMBER_SPANS)):
                    spanned_numbers.append(f"r{r + 1}c{col + 1} ({text}, {rs}×{cs})")
                carried = "" if numeric else text
                self.positions += rs * cs
                if self.positions > self.max_positions:
                    raise self.refused(self.positions, self.name)
                for dc in range(cs):
                    placed[col + dc] = text if dc == 0 else carried
                for dr in range(1, rs):
                    below = pending.setdefault(r + dr, {})
                    for dc in range(cs):
                        below[col + dc] = carried
                col += cs
            out_rows.append(sorted(placed.items()))
        if spanned_numbers:
            self.warnings.append(ParseWarning(
                f"{t.name}：合并单元格中的数字只记在第一个位置："
                + "、".join(spanned_numbers), t.name))
        # the visible text: the cells as written in the source, one row per line
        for r, (texts, positions) in enumerate(zip(row_texts, out_rows, strict=True)):
            if not any(texts) and not any(v for _, v in positions):
                continue
            self.lines.append(" | ".join(texts))
            width = positions[-1][0] + 1 if positions else 0
            by_col = dict(positions)
            for col in range(width):
                self.cells.append(Cell(text=by_col.get(col, ""), where=f"{t.name} r{r + 1}c{col + 1}",
                                       mode="grid", row_end=(col == width - 1)))
