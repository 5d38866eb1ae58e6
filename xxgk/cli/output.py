"""Everything the CLI writes goes through here: ``--format table|json|csv``, messages, errors, progress.

One rule for report text (agency names, labels, file names and messages are data from the reports):

* **table** and messages: every cell through ``presentation.text`` (``one_line``: NFKC, no control or escape
  sequence — ESC, OSC, C1, bidirectional overrides — and no ambiguous-width punctuation), padded by
  terminal cells so CJK lines up; messages through ``plain_line`` (no control characters, wording kept);
* **json**: the raw text kept, but C0/C1 controls, DEL and bidirectional/zero-width marks written as
  ``\\uXXXX`` escapes, so the document is exact and still inert on a terminal;
* **csv**: numbers through ``presentation.numbers``, text through ``presentation.spreadsheet.csv_field``
  (no formula start, no control character).

JSON lists, CSV rows and tables are written as they come from an iterator, never collected first (a check
of 100,000 reports streams); a JSON list holds one item per line; a table is sized by its first page of rows
(``write_table``).
"""
from __future__ import annotations

import codecs
import csv
import gc
import io
import itertools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Literal, TextIO

from xxgk.presentation.numbers import number_text
from xxgk.presentation.spreadsheet import FORMULA_START, csv_field
from xxgk.presentation.text import display_width, one_line, one_lines, plain_line, strip_control

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


PAGE = 1000  # rows a table measures and writes at a time


def _pages(items: Iterable[Any]) -> Iterator[list[Any]]:
    it = iter(items)
    while page := list(itertools.islice(it, PAGE)):
        yield page


_TEXT = frozenset({str})


class _Column:
    """A padded column of a streamed table: its width so far, and each distinct text (an agency, a rule, a
    status) made, measured and padded once rather than on every row.

    A page of a column is looked up in the padded texts with ``map`` (one pass in C); only the distinct
    texts not seen yet are made and measured in Python. A page holding other values (a number, None) is
    made value by value (text only is kept: ``1 == 1.0 == True`` must not share a cell)."""

    __slots__ = ("width", "right", "padded")
    CACHE_MAX = 50_000  # texts kept; then forgotten all at once (the next pages make them again)

    def __init__(self, width: int, right: bool) -> None:
        self.width = width
        self.right = right
        self.padded: dict[object, str] = {}  # a text: its cell text padded to the current width

    def _pad(self, text: str, size: int) -> str:
        gap = " " * (self.width - size)
        return gap + text if self.right else text + gap

    def cells(self, values: Sequence[object]) -> list[str]:
        """The page's cells, padded to the column's width, which first widens to the page's widest cell."""
        padded = self.padded
        out = list(map(padded.get, values))
        if None not in out:  # every text seen before: none is wider than the column
            return out  # type: ignore[return-value]  # no None
        if not _TEXT.issuperset(map(type, values)):
            measured = [(text, display_width(text)) for text in map(cell_text, values)]
            self.width = max(self.width, *(size for _, size in measured))
            padded.clear()
            return [self._pad(text, size) for text, size in measured]
        new = set(values).difference(padded)  # walks the page, not the cache (as keys() - keys() would)
        made = _made(new)
        widest = max(size for _, _, size in made)
        if widest > self.width:
            self.width = widest
            padded.clear()
            made += _made(set(values).difference(new))
        if len(padded) + len(made) > self.CACHE_MAX:
            padded.clear()
            made += _made(set(values).difference(new))
        for value, text, size in made:
            padded[value] = self._pad(text, size)
        return list(map(padded.__getitem__, values))


def _made(values: Iterable[object]) -> list[tuple[object, str, int]]:
    """Each text, its cell text and that one's width: the texts made one line a batch at a time (``one_lines``)."""
    texts = list(values)  # every one text (``_Column.cells``)
    made = one_lines(texts) if texts else []  # type: ignore[arg-type]
    return list(zip(texts, made, map(display_width, made), strict=True))


def write_table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = (),
                out: TextIO | None = None, *, header_alone: bool = True) -> int:
    """A plain-text table (no markup, so any report text prints as text); ``right`` = right-aligned columns.

    Streamed a page of ``PAGE`` rows at a time: the columns are as wide as the header and the first page
    need, and a later page with a wider cell widens its column from there on (so a table of up to ``PAGE``
    rows is aligned throughout, and a longer one never waits for, or holds, its last row). The last
    column, unless right-aligned, is not padded, so it is measured only for the rule under its header.
    Without rows: the header alone, or nothing when not ``header_alone``. Returns the number of rows."""
    # the page's columns (in C, not a loop per cell)
    pages = (list(zip(*page, strict=True)) for page in _pages(rows))
    return write_columns(headers, pages, right, out, header_alone=header_alone)


def write_columns(headers: Sequence[str], pages: Iterable[Sequence[Sequence[object]]], right: Iterable[int] = (),
                  out: TextIO | None = None, *, header_alone: bool = True) -> int:
    """``write_table`` of rows given a page at a time as its columns (each page one sequence of cells per
    column, ``PAGE`` rows a page but the last): the same table, for callers that make a page's cells a
    column at a time."""
    out = out or _stdout()
    right = set(right)
    heads = [plain_line(h) for h in headers]  # ours
    sizes = [display_width(h) for h in heads]
    last = len(heads) - 1
    tail = last not in right  # the last column is left-aligned: written as it is
    columns = [_Column(sizes[i], i in right) for i in range(last + (not tail))]
    pages = iter(pages)
    first = next(pages, None)
    if first is not None and not len(first[0]):
        first = None
    if first is None and not header_alone:
        return 0
    n = 0
    for by_column in itertools.chain([first], pages):
        values = by_column[:len(columns)] if by_column else []
        parts = [column.cells(v) for column, v in zip(columns, values, strict=True)] if by_column else []
        tails = _tail_cells(by_column[last]) if tail and by_column else []
        if by_column is first:
            head_last = sizes[last]
            rule_last = min(max([head_last, *map(display_width, tails)]) if tail else columns[last].width,
                            max(head_last, RULE_MAX))
            widths = [c.width for c in columns]
            out.write(_line(heads, sizes, widths, right, last) + "\n"
                      + "  ".join("-" * w for w in [*widths[:last], rule_last]).rstrip() + "\n")
        if not by_column:
            break
        if tail:
            parts.append(tails)
        out.write("\n".join(map(str.rstrip, map("  ".join, zip(*parts, strict=True)))) + "\n")
        n += len(by_column[0])
    return n


def _tail_cells(values: Sequence[object]) -> list[str]:
    """The last column's cells (not padded): a column of text made a page at a time (``one_lines``)."""
    if _TEXT.issuperset(map(type, values)):
        return one_lines(values)  # type: ignore[arg-type]  # every value is text
    return list(map(cell_text, values))


def _line(texts: Sequence[str], sizes: Sequence[int], widths: Sequence[int], right: set[int], last: int) -> str:
    parts = []
    for i, text in enumerate(texts):
        if i == last and i not in right:
            parts.append(text)
            break
        gap = " " * (widths[i] - sizes[i])
        parts.append(gap + text if i in right else text + gap)
    return "  ".join(parts).rstrip()


def render_table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()) -> str:
    """``write_table`` as a string (without the final line break)."""
    buffer = io.StringIO()
    write_table(headers, rows, right, buffer)
    return buffer.getvalue().removesuffix("\n")


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: Iterable[int] = ()) -> int:
    """A table on stdout, streamed (``write_table``); nothing when there are no rows. Returns the row count."""
    return write_table(headers, rows, right)


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


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _safe_json(text: str) -> str:
    # every character _JSON_UNSAFE escapes is one str.isprintable refuses: most lines have none
    return text if text.isprintable() else _JSON_UNSAFE.sub(_escaped, text)


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_json_default)  # one line, the default separators


def json_text(obj: Any, indent: int | None = 2) -> str:
    """``obj`` as JSON: the text exact (``ensure_ascii=False``), terminal controls escaped as ``\\uXXXX``."""
    if indent is None:
        return _safe_json(_ENCODER.encode(obj))
    return _safe_json(json.dumps(obj, ensure_ascii=False, indent=indent, default=_json_default))


def json_scalar(value: object) -> str:
    """One JSON value as ``json_text(value, indent=None)`` writes it, faster for the common scalars."""
    kind = type(value)
    if kind is str:
        return _safe_json(encode_basestring(value))  # type: ignore[arg-type]
    if kind is int:
        return int.__repr__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    return json_text(value, indent=None)


def json_strings(texts: Sequence[str]) -> list[str]:
    """``json_scalar`` of each text, a column at a time (the escapes looked for once in the whole column)."""
    encoded = list(map(encode_basestring, texts))
    return encoded if "".join(encoded).isprintable() else list(map(_safe_json, encoded))


def json_as_is(texts: Sequence[bytes]) -> bool:
    """Whether each of these UTF-8 texts is what ``json_scalar`` writes between its quotes (valid UTF-8,
    nothing in it escaped), told for the column at once: a column of such texts is copied into JSON as it
    is. Every character JSON escapes but the quote and the backslash, and every one ``_safe_json`` does,
    is one ``str.isprintable`` refuses (a text with another such character is not copied as it is)."""
    try:
        joined = b" ".join(texts).decode()  # a space apart: each text's UTF-8 checked by itself
    except UnicodeDecodeError:
        return False
    return joined.isprintable() and '"' not in joined and "\\" not in joined


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


def _write_json_list(items: Iterable[Any], prefix: str, out: TextIO, encoded: bool = False) -> None:
    any_item, it = _peeked(items)
    if not any_item:
        out.write("[]")
        return
    out.write("[")
    for n, item in enumerate(it):
        # one line per item: json's C encoder (indent makes it fall back to Python, ~10x slower)
        out.write(("\n" if n == 0 else ",\n") + prefix + "  " + (item if encoded else json_text(item, indent=None)))
    out.write("\n" + prefix + "]")


JSON_GAP = ",\n  "  # what comes before each item of a top-level JSON list but the first


def json_chunks(chunks: Iterable[bytes]) -> None:
    """``json_list(..., encoded=True)`` of items given as UTF-8 texts each holding items, each item after
    ``JSON_GAP`` (no chunk empty): the list's text made by the caller a page at a time, and written as it
    is where stdout writes UTF-8 (``byte_writer``)."""
    write = byte_writer()
    any_chunk, it = _peeked(chunks)
    if not any_chunk:
        write(b"[]\n")
        return
    write(b"[\n")
    gap = len(JSON_GAP.encode())
    for n, chunk in enumerate(it):
        write(chunk if n else b"  " + chunk[gap:])
    write(b"\n]\n")


def byte_writer() -> Callable[[bytes], object]:
    """A writer of UTF-8 text to stdout: its bytes straight to the stream's buffer when the stream would write
    the same bytes (UTF-8, line breaks as they are: no text encoded again, ~190 MB for a JSON check of
    100,000 reports), else decoded and written as text. What was written as text before comes first."""
    out = _stdout()
    buffer = getattr(out, "buffer", None)
    if (isinstance(out, io.TextIOWrapper) and buffer is not None and os.linesep == "\n"
            and codecs.lookup(out.encoding).name == "utf-8"):
        out.flush()
        return buffer.write  # type: ignore[no-any-return]
    return lambda data: out.write(data.decode())


def encoded_lines(texts: Sequence[str]) -> list[bytes]:
    """Each text encoded as UTF-8, all in one call when none holds a line break (JSON text never does)."""
    lines = "\n".join(texts).encode().split(b"\n")
    return lines if len(lines) == len(texts) else [text.encode() for text in texts]


def json_list(items: Iterable[Any], *, encoded: bool = False) -> None:
    """A JSON list written item by item, one item per line; ``encoded``: the items are already JSON text
    as ``json_text(item, indent=None)`` writes it."""
    out = _stdout()
    _write_json_list(items, "", out, encoded)
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
    kind = type(value)
    if kind is str:
        return csv_field(value)
    if kind is int:
        return str(value)  # number_text of an int
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value)
    return csv_field(value)


def csv_rows(header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """CSV written as the rows come (a page at a time): numbers as ``presentation.numbers`` prints them, text defused."""
    any_row, it = _peeked(rows)
    _write_csv(header, _pages(it) if any_row else iter(()), columns=False)


def csv_columns(header: Sequence[str], pages: Iterable[Sequence[Sequence[object]]]) -> None:
    """``csv_rows`` of rows given a page at a time as its columns (each page one sequence per column)."""
    any_page, it = _peeked(pages)
    _write_csv(header, it if any_page else iter(()), columns=True)


def _write_csv(header: Sequence[str], pages: Iterator[Sequence[Sequence[object]]], columns: bool) -> None:
    out = _stdout()
    buffer = io.StringIO()  # a page is written in one call (the csv writer writes each row by itself)
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_field(h) for h in header])
    out.write(buffer.getvalue())  # the header now, as before any row
    buffer.seek(0)
    buffer.truncate()
    cache: dict[str, str] = {}  # repeated text (agencies, rules, titles) defused once

    def cell(value: object) -> object:
        if type(value) is str:
            text = cache.get(value)
            if text is None:
                text = csv_field(value)
                if len(cache) < 50_000:
                    cache[value] = text
            return text
        return csv_cell(value)

    def converted(column: Sequence[object]) -> Sequence[object]:
        kinds = set(map(type, column))
        if kinds <= _AS_WRITTEN:
            return column
        if kinds == _TEXT:
            # text with nothing to defuse (no control character, no formula at the start of a cell): as it is
            if "".join(column).isprintable() and not _FORMULA_CELL.search(  # type: ignore[arg-type]
                    "\n" + "\n".join(column)):  # type: ignore[arg-type]
                return column
        return [v if v is None or type(v) is int else cell(v) for v in column]

    def flush() -> None:
        out.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()

    def column_text(column: Sequence[object]) -> Sequence[str] | None:
        """A column's fields as the csv writer writes them (quoted where it quotes), or None (a carriage
        return: left to the writer, whose quoting of it depends on its version)."""
        kinds = set(map(type, column))
        if kinds <= _AS_WRITTEN:  # str() of an int or a bool never needs quoting
            if _NONE not in kinds:
                return list(map(str, column))
            return ("",) * len(column) if kinds == {_NONE} else ["" if v is None else str(v) for v in column]
        if kinds == _TEXT:
            joined = "".join(column)  # type: ignore[arg-type]
            if joined.isprintable() and not _FORMULA_CELL.search("\n" + "\n".join(column)):  # type: ignore[arg-type]
                texts: Sequence[str] = column  # type: ignore[assignment]  # nothing to defuse
            else:
                texts = list(map(cell, column))  # type: ignore[arg-type]  # text: text
                joined = "".join(texts)
        else:
            texts = ["" if v is None else str(v) if type(v) is int or type(v) is bool else cell(v)  # type: ignore[misc]
                     for v in column]
            joined = "".join(texts)
        if "\r" in joined:
            return None
        if "," in joined or '"' in joined or "\n" in joined:  # what the writer quotes, its quotes doubled
            return ['"' + v.replace('"', '""') + '"' if "," in v or '"' in v or "\n" in v else v for v in texts]
        return texts

    for page in pages:
        if columns:
            # each row joined in one call rather than written field by field (~20 fields a finding)
            # a column given more than once (the empty verdict columns) made once
            done: dict[int, Sequence[str] | None] = {}
            made = [done[id(c)] if id(c) in done else done.setdefault(id(c), column_text(c)) for c in page] \
                if len(page) > 1 else [None]
            if None not in made:
                out.write("\n".join(map(",".join, zip(*made, strict=True))) + "\n")
                continue
            writer.writerows(zip(*map(converted, page), strict=True))
        elif len(set(map(len, page))) == 1:  # a column at a time: most columns need no change, seen in C
            writer.writerows(zip(*map(converted, zip(*page, strict=True)), strict=True))
        else:
            writer.writerows([[v if v is None or type(v) is int else cell(v) for v in row] for row in page])
        flush()
    flush()


# a cell of a printable column joined by line breaks (after one) that starts with a formula character (the
# others FORMULA_START names, tab and line breaks, are not printable: such a column is converted cell by cell)
_FORMULA_CELL = re.compile("\n[" + re.escape("".join(c for c in FORMULA_START if c.isprintable())) + "]")
_NONE = type(None)


# what the csv writer prints as csv_cell would: None as "", an int and a bool by str()
_AS_WRITTEN = frozenset({type(None), int, bool})


# -- one call for a list of records -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One column of a record list: its Chinese header (table) and how to read it from a record."""

    header: str
    get: Callable[[Any], object]
    right: bool = False


def records(fmt: Format, items: Iterable[Any], *, columns: Sequence[Column],
            to_json: Callable[[Any], Any], csv_fields: Sequence[str] | None = None,
            csv_row: Callable[[Any], Sequence[object]] | None = None,
            json_line: Callable[[Any], str] | None = None,
            table_row: Callable[[Any], Sequence[object]] | None = None) -> None:
    """Write ``items`` as a table (``columns``), a JSON list (``to_json`` of each) or CSV (``csv_fields``
    named by their JSON field names, each row from ``csv_row``; by default the table's columns).
    ``json_line``, when given, writes an item's JSON itself (the text ``json_text(to_json(item), None)``
    would give, faster); ``table_row`` an item's table cells in one call (what the columns' getters give)."""
    getters = [c.get for c in columns]
    if fmt == "json" and json_line is not None:
        json_list(map(json_line, items), encoded=True)
    elif fmt == "json":
        json_list(to_json(item) for item in items)
    elif fmt == "csv":
        header = list(csv_fields) if csv_fields is not None else [c.header for c in columns]
        row_of = csv_row or (lambda item: [c.get(item) for c in columns])
        csv_rows(header, (row_of(item) for item in items))
    else:
        # streamed; nothing to list writes nothing (the caller's summary says so)
        cells = map(table_row, items) if table_row else ([get(item) for get in getters] for item in items)
        write_table([c.header for c in columns], cells,
                    right=[i for i, c in enumerate(columns) if c.right], header_alone=False)


# -- long listings ----------------------------------------------------------------------------------------

@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cycle collector off while a long listing is written (as it was before, when it was on): a page of
    1,000 rows makes thousands of tuples, which set it off every few hundred rows (~230 times, ~0.1 s for
    the findings of 100,000 reports), and a listing makes no cycle (every row, list and text is freed by
    its count as before)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
