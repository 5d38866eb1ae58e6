"""Text reports (copied web pages, PDF-extracted text, Word tables) → cells (spec §7 layouts F1–F4).

Per line: a line of only pipes is padding (a row break); ``cell |`` lines are one cell each (F1);
``a | b | c |`` lines are a row (F2); tab-separated lines are a row (Word); other lines are split into
whitespace tokens whose trailing numbers are value cells (PDF text, F3/F4).

Two layouts are told apart from the whole text:

* **separator pipes**: no line holds text and a pipe, but lone ``|`` lines stand between the cells (a
  table copied one cell per line with its borders as ``|``). Each line next to a lone pipe is one cell;
  a run of k lone pipes between two cells holds k − 1 blank cells. In F1 the same lone ``|`` is itself a
  blank cell (``text |`` lines show the document is F1).
* **rows without pipes inside a pipe document** (表二 or 表四 pasted from a PDF into a page whose other
  tables have pipes): a line that is a short label followed by numbers (``行政许可 97``), or only numbers,
  is read as a PDF line, not as running text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

from xxgk.domain.model import ParsedReport
from xxgk.domain.numbers import is_value_token
from xxgk.importers.cells import Cell
from xxgk.importers.decode import decode_bytes
from xxgk.importers.safety import (
    MAX_TEXT_BYTES,
    MAX_TEXT_CELLS,
    check_bytes,
    check_text_chars,
    text_cells_refused,
)

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
_PAGE_START = frozenset("-—–－第")  # the first character of every PAGE_NUMBER line (or a digit)
_PAGE_END = frozenset("-—–－页")  # and its last (or a digit: re's \d is str.isdecimal)
_PIPES = re.compile(r"^\|{2,}$")


def parse_text(data: bytes, name: str, sha: str, agency: str | None = None,
               year: int | None = None) -> ParsedReport:
    from xxgk.importers.report import build_report

    check_bytes(len(data), MAX_TEXT_BYTES, "文本", name)
    text, enc = decode_bytes(data, name)
    check_text_chars(len(text), name)
    return build_report(text_to_cells(text, name), text, file=name, sha256=sha, format="text", encoding=enc,
                        agency=agency, year=year, cells_from_text=True)


def text_to_cells(text: str, name: str = "文本", limit: int = MAX_TEXT_CELLS) -> list[Cell]:
    """The cells of a text (``name`` is used if it makes more than ``limit``: refused before they are made)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    strips = list(map(str.strip, lines))  # every line stripped once, the counts below in C-level passes
    pipe_lines = sum(map(str.__contains__, strips, repeat("|"))) if "|" in text else 0
    tab_lines = sum(map(str.__contains__, strips, repeat("\t"))) if "\t" in text else 0
    lone = strips.count("|") if pipe_lines else 0
    if lone >= 3 and lone == pipe_lines:
        return _separator_cells(lines, name, limit)
    cells: list[Cell] = []
    add, extend = cells.append, cells.extend
    wheres = _line_wheres(len(lines))
    # A line makes at most len(line) + 1 cells (_pieces): a text that cannot reach the limit is not counted
    guard = len(text) + len(lines) > limit
    for no, (line, stripped) in enumerate(zip(lines, strips, strict=True), 1):
        if not stripped:
            continue
        if guard and (len(cells) > limit or (len(stripped) > 1000 and len(cells) + _pieces(stripped) > limit)):
            raise text_cells_refused(len(cells) + _pieces(stripped), name)  # a long line: counted first
        first = stripped[0]
        last = stripped[-1]
        if ((first in _PAGE_START or first.isdecimal()) and (last in _PAGE_END or last.isdecimal())
                and PAGE_NUMBER.match(stripped)):
            continue
        if "|" in stripped:
            if first == "|" and len(stripped) >= 2 and not stripped.strip("|"):  # a line of only pipes
                add(Cell("", wheres[no], "pipe_cell", True, True))
                continue
            pieces = stripped.split("|")
            if len(pieces) == 2:  # "cell |": text after the last pipe is padding
                add(Cell(pieces[0].strip(), wheres[no], "pipe_cell"))
                continue
            where = f"line {no} cell "
            row = [Cell(p.strip(), f"{where}{i}", "pipe_row") for i, p in enumerate(pieces[:-1], 1)]
            row[-1].row_end = True
            extend(row)
            continue
        if tab_lines >= 3 and "\t" in stripped:
            where = f"line {no} cell "
            row = [Cell(p.strip(), f"{where}{i}", "tab") for i, p in enumerate(line.split("\t"), 1)]
            row[-1].row_end = True
            extend(row)
            continue
        if pipe_lines >= 10:  # running text between the tables of a pipe document, or a row pasted from a PDF
            tail = stripped.rsplit(None, 1)[-1]
            if not is_value_token(tail):
                # no number at its end: one cell, never a row (told from its last token: _words_split would
                # make it one text cell; a sentence is new to every report, splitting it is the cost)
                add(Cell(stripped, wheres[no], "plain", True, False, True))
                continue
            row = _words_line(stripped, wheres[no])
            if _row_like(row):
                extend(row)
            else:
                add(Cell(stripped, wheres[no], "plain", True, False, True))
            continue
        extend(_words_line(stripped, wheres[no]))
    return cells


_LINE_WHERE = [""]  # "line N" at index N, shared by every text (formatting a number per cell adds up)
_LINE_WHERE_CAP = 20000


def _line_wheres(n: int) -> list[str]:
    """``"line N"`` at index N for N ≤ n (index 0 unused)."""
    if n >= _LINE_WHERE_CAP:  # a very long text: its own list, the shared one stays small
        return ["", *(f"line {i}" for i in range(1, n + 1))]
    if len(_LINE_WHERE) <= n:
        _LINE_WHERE.extend(f"line {i}" for i in range(len(_LINE_WHERE), n + 1))
    return _LINE_WHERE


def _pieces(line: str) -> int:
    """At most how many cells a line makes (pipes, tabs or words)."""
    if not line.strip("|"):
        return 1  # a line of only pipes: padding
    return max(line.count("|"), line.count("\t"), len(line.split())) + 1


_SENTENCE_MARKS = frozenset("。；;！？!?")


def _row_like(row: list[Cell]) -> bool:
    """A PDF line that is a table row: a short label (not a sentence) and numbers, or two numbers or more."""
    if len(row) < 2:  # text only, or one lone number
        return False
    if not row[0].parts:  # numbers only
        return True
    label = row[0].text
    return len(label) <= 60 and _SENTENCE_MARKS.isdisjoint(label) and any("\u4e00" <= ch <= "\u9fff" for ch in label)


def _separator_cells(lines: list[str], name: str, limit: int) -> list[Cell]:
    """The separator-pipe layout (see the module docstring): cells one per line between lone ``|`` lines."""
    items = [(no, ln.strip()) for no, ln in enumerate(lines, 1) if ln.strip()]
    cells: list[Cell] = []
    for k, (no, s) in enumerate(items):
        if len(cells) > limit or (len(s) > 1000 and len(cells) + _pieces(s) > limit):
            raise text_cells_refused(len(cells) + _pieces(s), name)
        prev_pipe = k > 0 and items[k - 1][1] == "|"
        next_pipe = k + 1 < len(items) and items[k + 1][1] == "|"
        if s == "|":
            if prev_pipe:  # the cell between two lone pipes is blank: a run of k pipes holds k - 1 blanks
                cells.append(Cell("", f"line {no}", "pipe_cell"))
            continue
        if ((s[0] in _PAGE_START or s[0].isdecimal()) and (s[-1] in _PAGE_END or s[-1].isdecimal())
                and PAGE_NUMBER.match(s)):
            continue
        if prev_pipe or next_pipe:
            cells.append(Cell(s, f"line {no}", "pipe_cell"))
        else:
            cells.extend(_words_line(s, f"line {no}"))
    return cells


def _words_line(line: str, where: str) -> list[Cell]:
    tokens, i, head_text = _words_split(line)
    n = len(tokens)
    if i == n:  # no number at the end: one text cell (its parts the memo's tuple: read only)
        return [Cell(head_text, where, "words", True, False, False, tokens)]
    out = [Cell(head_text, where, "words", False, False, False, tokens[:i])] if i > 0 else []
    suffix = _word_suffixes(n)
    out += [Cell(tokens[j], where + suffix[j], "words") for j in range(i, n)]
    out[-1].row_end = True
    return out


_WORD_SUFFIX: list[str] = []  # " word N" for the token at index N − 1 (no number formatted per cell)


def _word_suffixes(n: int) -> list[str]:
    if len(_WORD_SUFFIX) < n:
        if n > 4096:  # a pathological line: its own list
            return [f" word {j + 1}" for j in range(n)]
        _WORD_SUFFIX.extend(f" word {j + 1}" for j in range(len(_WORD_SUFFIX), n))
    return _WORD_SUFFIX


@lru_cache(maxsize=1 << 14)
def _words_split(line: str) -> tuple[tuple[str, ...], int, str]:
    """A PDF line's tokens, where its trailing value tokens start, and its text before them. Memoised: the
    same label and number lines recur in report after report (each call makes its own cells from it)."""
    tokens = line.split()
    if len(tokens) > 1 and _GROUP_OF_THREE.search(line):
        tokens = _join_thousands(tokens)
    i = len(tokens)
    while i > 0 and is_value_token(tokens[i - 1]):
        i -= 1
    return tuple(tokens), i, " ".join(tokens[:i])


# A token after the first that may be a thousands group (three characters, a leading 0): the only tokens
# _join_thousands joins; most lines have none, and the test is one C-level scan.
_GROUP_OF_THREE = re.compile(r"\s0\S\S(?!\S)")


def _join_thousands(tokens: list[str]) -> list[str]:
    """`1 030` printed with a space as thousands separator: a 3-digit group with a leading zero joins."""
    out: list[str] = []
    for tok in tokens:
        if out and len(tok) == 3 and tok.isdigit() and tok[0] == "0" and out[-1].isdigit() and len(out[-1]) <= 3:
            out[-1] += tok
        else:
            out.append(tok)
    return out
