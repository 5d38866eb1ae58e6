"""Everything the CLI writes goes through here: ``--format table|json|csv``, messages, errors, progress.

One rule for report text (agency names, labels, file names and messages are data from the reports):

* **table** and messages: every cell through ``presentation.text`` (``one_line``: NFKC, no control or escape
  sequence — ESC, OSC, C1, bidirectional overrides — and no ambiguous-width punctuation), padded by
  terminal cells so CJK lines up; messages through ``plain_line`` (no control characters, wording kept);
* **json**: the raw text kept, but C0/C1 controls, DEL and bidirectional/zero-width marks written as
  ``\\uXXXX`` escapes, so the document is exact and still inert on a terminal;
* **csv**: numbers through ``presentation.numbers``, text through ``presentation.spreadsheet.csv_field``
  (no formula start, no control character).

JSON lists and CSV rows are written as they come from an iterator, never collected first (a check of
100,000 reports streams); a list holds one item per line. Tables need every row to size their columns,
so they collect.
"""
from __future__ import annotations

import csv
import itertools
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from xxgk.presentation.numbers import number_text
from xxgk.presentation.spreadsheet import csv_field
from xxgk.presentation.text import display_width, one_line, plain_line, strip_control

Format = Literal["table", "json", "csv"]
PROG = "xxgk"
RULE_MAX = 40  # the last column is not padded: its rule under the header stays this short

# What json.dumps(ensure_ascii=False) leaves raw but a terminal would act on or reorder.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")


def _stdout() -> TextIO:
    return sys.stdout


# -- messages ---------------------------------------------------------------------------------------------

def say(text: str = "") -> None:
    """A message for the reader on stdout, its lines and spacing kept, without control characters."""
    _stdout().write(strip_control(str(text)) + "\n")


def warn(text: str) -> None:
    """An error or warning on stderr: ``xxgk: <one line>``."""
    sys.stderr.write(f"{PROG}: {plain_line(text)}\n")
    sys.stderr.flush()


def safe(text: object) -> str:
    """Report text quoted inside a message or a heading: one line, no control or escape sequence, the
    wording exact (a table cell goes through ``one_line`` instead, for its width)."""
    return plain_line(text)


def raw_text(text: str) -> None:
    """A report's whole text as archived, line breaks and tabs kept, every other control character removed."""
    text = strip_control(text)
    _stdout().write(text if text.endswith("\n") or not text else text + "\n")


# -- tables -----------------------------------------------------------------------------------------------

def cell_text(value: object) -> str:
    """A table cell: numbers through ``presentation.numbers``, text made terminal-safe on one line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return number_text(value)
    return one_line(value)


def render_table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()) -> str:
    """A plain-text table (no markup, so any report text prints as text); ``right`` = right-aligned columns."""
    right = set(right)
    table = [[plain_line(h) for h in headers], *([cell_text(v) for v in row] for row in rows)]  # headers: ours
    widths = [max(display_width(r[i]) for r in table) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(table):
        parts = []
        for i, text in enumerate(row):
            gap = " " * (widths[i] - display_width(text))
            last = i == len(row) - 1
            parts.append(gap + text if i in right else text + ("" if last else gap))
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            rules = [*widths[:-1], min(widths[-1], max(display_width(table[0][-1]), RULE_MAX))]
            lines.append("  ".join("-" * w for w in rules).rstrip())
    return "\n".join(lines)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()) -> None:
    _stdout().write(render_table(headers, rows, right) + "\n")


def fields(pairs: Sequence[tuple[str, object]]) -> None:
    """``名称：值`` lines with the names aligned (a report's header block)."""
    width = max((display_width(name) for name, _ in pairs), default=0)
    for name, value in pairs:
        say(f"{name}{' ' * (width - display_width(name))}  {value}")


# -- JSON -------------------------------------------------------------------------------------------------

def _json_default(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        to_json = getattr(obj, "to_json", None)
        return to_json() if callable(to_json) else asdict(obj)
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"cannot write {type(obj).__name__} as JSON")


def json_text(obj: Any, indent: int | None = 2) -> str:
    """``obj`` as JSON: the text exact (``ensure_ascii=False``), terminal controls escaped as ``\\uXXXX``."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent, default=_json_default)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_value(obj: Any) -> None:
    _stdout().write(json_text(obj) + "\n")


def _peeked(items: Iterable[Any]) -> tuple[bool, Iterator[Any]]:
    """Whether ``items`` has a first item, read before anything is written (a lookup that fails while
    producing the first row then leaves stdout empty, not half a document)."""
    it = iter(items)
    empty = object()
    first = next(it, empty)
    if first is empty:
        return False, iter(())
    return True, itertools.chain((first,), it)


def _write_json_list(items: Iterable[Any], prefix: str, out: TextIO) -> None:
    any_item, it = _peeked(items)
    if not any_item:
        out.write("[]")
        return
    out.write("[")
    for n, item in enumerate(it):
        # one line per item: json's C encoder (indent makes it fall back to Python, ~10x slower)
        out.write(("\n" if n == 0 else ",\n") + prefix + "  " + json_text(item, indent=None))
    out.write("\n" + prefix + "]")


def json_list(items: Iterable[Any]) -> None:
    """A JSON list written item by item, one item per line."""
    out = _stdout()
    _write_json_list(items, "", out)
    out.write("\n")


def json_object(head: Mapping[str, Any], key: str, items: Iterable[Any]) -> None:
    """A JSON object: the members of ``head``, then ``key`` holding a list written item by item."""
    any_item, it = _peeked(items)
    out = _stdout()
    out.write("{\n")
    for name, value in head.items():
        out.write(f"  {json_text(name)}: {json_text(value, indent=None)},\n")
    out.write(f"  {json_text(key)}: ")
    _write_json_list(it if any_item else (), "  ", out)
    out.write("\n}\n")


# -- CSV --------------------------------------------------------------------------------------------------

def csv_cell(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return csv_field(value)


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """CSV written row by row: numbers as ``presentation.numbers`` prints them, text defused."""
    any_row, it = _peeked(rows)
    writer = csv.writer(_stdout(), lineterminator="\n")
    writer.writerow([csv_field(h) for h in header])
    for row in it if any_row else ():
        writer.writerow([csv_cell(v) for v in row])


# -- one call for a list of records -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of a record list: its Chinese header (table) and how to read it from a record."""

    header: str
    get: Callable[[Any], object]
    right: bool = False


def records(fmt: Format, items: Iterable[Any], *, columns: Sequence[Column],
            to_json: Callable[[Any], Any], csv_fields: Sequence[str] | None = None,
            csv_row: Callable[[Any], Sequence[object]] | None = None) -> None:
    """Write ``items`` as a table (``columns``), a JSON list (``to_json`` of each) or CSV (``csv_fields``
    named by their JSON field names, each row from ``csv_row``; by default the table's columns)."""
    if fmt == "json":
        json_list(to_json(item) for item in items)
    elif fmt == "csv":
        header = list(csv_fields) if csv_fields is not None else [c.header for c in columns]
        row_of = csv_row or (lambda item: [c.get(item) for c in columns])
        csv_rows(header, (row_of(item) for item in items))
    else:
        rows = [[c.get(item) for c in columns] for item in items]
        if rows:  # nothing to list: the caller's summary says so
            table([c.header for c in columns], rows, right=[i for i, c in enumerate(columns) if c.right])


# -- progress ---------------------------------------------------------------------------------------------

class Progress:
    """A transient progress bar on stderr for long runs on a terminal; otherwise nothing."""

    MIN_FILES = 6  # a few files finish before a bar is worth drawing

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.bar: Any = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if not self.enabled or total < self.MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(TextColumn("导入中", markup=False), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), TextColumn("{task.fields[name]}", markup=False),
                            console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty())
        self.bar.start()
        self.task = self.bar.add_task("import", total=total, name="")

    def step(self, name: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, advance=1, name=safe(name))

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
