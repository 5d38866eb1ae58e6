"""Text reports (copied web pages, PDF-extracted text, Word tables) → cells (spec §7 layouts F1–F4).

Per line: a line of only pipes is padding (a row break); ``cell |`` lines are one cell each (F1);
``a | b | c |`` lines are a row (F2); tab-separated lines are a row (Word); other lines are split into
whitespace tokens whose trailing numbers are value cells (PDF text, F3/F4).
"""
from __future__ import annotations

import re

from xxgk.domain.model import ParsedReport
from xxgk.importers.cells import Cell
from xxgk.importers.decode import decode_bytes

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
                         r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
_PIPES = re.compile(r"^\|{2,}$")


def parse_text(data: bytes, name: str, sha: str, agency: str | None = None,
               year: int | None = None) -> ParsedReport:
    from xxgk.importers.report import build_report

    text, enc = decode_bytes(data, name)
    return build_report(text_to_cells(text), text, file=name, sha256=sha, format="text", encoding=enc,
                        agency=agency, year=year)


def text_to_cells(text: str) -> list[Cell]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pipe_lines = sum(1 for ln in lines if "|" in ln)
    tab_lines = sum(1 for ln in lines if "\t" in ln.strip())
    cells: list[Cell] = []
    for no, line in enumerate(lines, 1):
        where = f"line {no}"
        stripped = line.strip()
        if not stripped:
            continue
        if PAGE_NUMBER.match(stripped):
            continue
        if _PIPES.match(stripped):
            cells.append(Cell("", where, mode="pipe_cell", pad=True, row_end=True))
            continue
        if "|" in stripped:
            pieces = stripped.split("|")
            pieces = pieces[:-1] if len(pieces) > 1 else pieces  # text after the last pipe is padding
            if len(pieces) == 1:
                cells.append(Cell(pieces[0].strip(), where, mode="pipe_cell"))
                continue
            row = [Cell(p.strip(), f"{where} cell {i}", mode="pipe_row") for i, p in enumerate(pieces, 1)]
            row[-1].row_end = True
            cells.extend(row)
            continue
        if "\t" in stripped and tab_lines >= 3:
            pieces = line.rstrip("\n").split("\t")
            row = [Cell(p.strip(), f"{where} cell {i}", mode="tab") for i, p in enumerate(pieces, 1)]
            row[-1].row_end = True
            cells.extend(row)
            continue
        if pipe_lines >= 10:  # running text between the tables of a pipe document
            cells.append(Cell(stripped, where, mode="plain", narrative=True, row_end=True))
            continue
        cells.extend(_words_line(stripped, where))
    return cells


def _words_line(line: str, where: str) -> list[Cell]:
    from xxgk.domain.numbers import is_value_token

    tokens = _join_thousands(line.split())
    i = len(tokens)
    while i > 0 and is_value_token(tokens[i - 1]):
        i -= 1
    out: list[Cell] = []
    if i > 0:
        out.append(Cell(" ".join(tokens[:i]), where, mode="words", parts=tokens[:i]))
    for j, tok in enumerate(tokens[i:], i + 1):
        out.append(Cell(tok, f"{where} word {j}", mode="words"))
    if out:
        out[-1].row_end = True
    return out


def _join_thousands(tokens: list[str]) -> list[str]:
    """`1 030` printed with a space as thousands separator: a 3-digit group with a leading zero joins."""
    out: list[str] = []
    for tok in tokens:
        if out and len(tok) == 3 and tok.isdigit() and tok[0] == "0" and out[-1].isdigit() and len(out[-1]) <= 3:
            out[-1] += tok
        else:
            out.append(tok)
    return out
