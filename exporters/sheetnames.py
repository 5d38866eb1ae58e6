"""Names and text made safe for spreadsheets and file systems.

* ``sheet_title`` / ``SheetNamer``: valid, unique Excel sheet names (≤ 31 UTF-16 units, none of
  ``[]:*?/\\``, not starting or ending with ``'``, not ``History``, unique case-insensitively).
* ``safe_filename``: a file name built from an agency name — no path separators, no ``..``, no control
  characters, Windows-reserved characters and names replaced, length limited.
* ``cell_text``: a string from a report made safe to store in a cell (control characters dropped).
* ``display_width``: the width of a text in "character cells" (CJK counts 2), for column widths.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SHEET_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What openpyxl refuses to write (it raises IllegalCharacterError): C0 controls except tab/LF/CR.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIN_BAD = re.compile(r'[<>:"/\\|?*]')
_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
FILENAME_MAX_BYTES = 150  # well under the 255-byte limit of common file systems, room for a suffix

# Text from a report that a spreadsheet program could read as the start of a formula.
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
        self._used: set[str] = set()
        for name in reserved:
            self._used.add(name.casefold())

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


def safe_filename(name: str, fallback: str = "export", max_bytes: int = FILENAME_MAX_BYTES) -> str:
    """A file name (no directory part) made from arbitrary text.

    Path separators, Windows-reserved characters and control characters become ``_``; ``..`` cannot
    survive; leading/trailing dots and spaces are removed; a Windows device name (``CON``, ``NUL.txt``)
    gets a ``_`` prefix; the result is at most ``max_bytes`` bytes of UTF-8 (cut on a character
    boundary, keeping the extension).
    """
    text = unicodedata.normalize("NFC", name or "")
    text = _CONTROL.sub("_", text)
    text = _WIN_BAD.sub("_", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = text.strip(" .")
    if not text:
        text = fallback
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > 8 or not ext.isascii():
        stem, ext = text, ""
    if stem.split(".")[0].strip().upper() in _WIN_RESERVED:
        stem = "_" + stem
    suffix = f".{ext}" if ext else ""
    budget = max(1, max_bytes - len(suffix.encode()))
    cut = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore").rstrip(" .")
    return (cut or fallback) + suffix


def cell_text(text: str | None) -> str | None:
    """Report text made storable in a cell: characters XML cannot hold are dropped."""
    if text is None:
        return None
    return _ILLEGAL_XML.sub("", str(text))


def looks_like_formula(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_START)


@lru_cache(maxsize=8192)
def display_width(text: str) -> int:
    """Columns a text needs in a spreadsheet: wide (CJK, full-width) characters count 2."""
    width = 0
    for ch in str(text):
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
