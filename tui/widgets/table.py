"""Filling a ``DataTable`` whose columns are as wide as their widest cell.

``DataTable``'s own automatic column widths are measured when the table is next idle; a frame painted
before that is cached at the labels' widths and stays so until the cursor moves (a screen that loads its
rows in a worker is painted in between, more often under load). Measuring here, before the rows go in,
gives the same widths at once.
"""
from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable


def _width(cell: Text | str) -> int:
    plain = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in plain.splitlines()), default=0)


def fill_table(table: DataTable[Text | str], labels: Sequence[str], rows: Sequence[Sequence[Text | str]]) -> None:
    """Replace the columns and rows of ``table``; row ``i`` gets the key ``str(i)``."""
    table.clear(columns=True)
    for i, label in enumerate(labels):
        table.add_column(label, width=max([cell_len(label), *(_width(row[i]) for row in rows)]))
    for i, row in enumerate(rows):
        table.add_row(*row, key=str(i))
