"""Report text in spreadsheets: valid unique sheet names, storable cell text, never a formula.

* ``sheet_title`` / ``SheetNamer``: valid, unique Excel sheet names (≤ 31 UTF-16 units, none of
  ``[]:*?/\\``, not starting or ending with ``'``, not ``History``, unique case-insensitively);
* ``cell_text``: text XML can hold (C0 controls other than tab and line breaks dropped);
* ``csv_field``: a CSV text field a spreadsheet program will not run (``= + - @``, tab, CR get a ``'``)
  and that holds no control or escape sequence (C0, C1, bidirectional overrides).
"""
from __future__ import annotations

import re
import unicodedata

from xxgk.presentation.text import strip_control

SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What openpyxl refuses to write (it raises IllegalCharacterError): C0 controls except tab/LF/CR.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Text a spreadsheet program could read as the start of a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, limit: int) -> str:
    out = []
    used = 0
    for ch in text:
        n = 2 if ord(ch) > 0xFFFF else 1
        if used + n > limit:
            break
        out.append(ch)
        used += n
    return "".join(out)


def sheet_title(name: str, fallback: str = "Sheet") -> str:
    """One valid sheet name for ``name`` (not yet made unique)."""
    text = unicodedata.normalize("NFC", name or "")
    text = _CONTROL.sub("", text)
    text = _SHEET_BAD.sub("_", text).strip()
    text = _cut_utf16(text, SHEET_MAX).strip()
    text = text.strip("'").strip()
    if not text or text.casefold() == "history":
        text = fallback if text.casefold() != "history" else f"{text}_"
    return _cut_utf16(text, SHEET_MAX)


class SheetNamer:
    """Hands out sheet names, unique case-insensitively; a clash gets a numeric suffix `` (2)``, `` (3)`` …"""

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._used: set[str] = {name.casefold() for name in reserved}

    def take(self, name: str, fallback: str = "Sheet") -> str:
        base = sheet_title(name, fallback)
        if base.casefold() not in self._used:
            self._used.add(base.casefold())
            return base
        n = 2
        while True:
            suffix = f" ({n})"
            candidate = _cut_utf16(base, SHEET_MAX - utf16_len(suffix)).rstrip().rstrip("'") + suffix
            if candidate.casefold() not in self._used:
                self._used.add(candidate.casefold())
                return candidate
            n += 1


def cell_text(text: str | None) -> str | None:
    """Report text made storable in a cell: characters XML cannot hold are dropped."""
    if text is None:
        return None
    return _ILLEGAL_XML.sub("", str(text))


def looks_like_formula(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_START)


def csv_field(value: object) -> str:
    """A CSV text field made inert for spreadsheet programs (the raw text stays in the archive and JSON):
    no formula start, no control character but line feeds and tabs."""
    if value is None:
        return ""
    # strip_control drops every character cell_text drops (and C1, bidirectional and zero-width marks)
    text = strip_control(str(value))
    return "'" + text if text.startswith(FORMULA_START) else text
