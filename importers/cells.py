"""The one thing every importer produces: a stream of cells with where they came from.

HTML and XLSX give a true grid: every row ends with ``Cell.row_end = True`` on its last cell
(``mode = "grid"``). Text gives cells whose row breaks are known (pipe rows, tab rows, PDF lines) or
unknown (one cell per line). Everything after this step is the one matcher in ``importers.matcher``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["grid", "pipe_row", "pipe_cell", "tab", "words", "plain"]


@dataclass(slots=True)
class Cell:
    text: str  # raw text of the cell, exactly as printed (after decoding)
    where: str  # "line 12", "Sheet1!B4", "table 2 r3c4"
    mode: Mode = "grid"
    row_end: bool = False  # the cell is the last one of a known row
    pad: bool = False  # a padding marker (a line of only pipes): a row break, not a cell
    narrative: bool = False  # running text (a line without cell separators inside a pipe document)
    parts: tuple[str, ...] | list[str] = ()  # whitespace tokens, for PDF lines ("words" mode)
    hidden: bool = False  # in a hidden row/column of a workbook
