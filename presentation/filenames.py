"""File names built from report text (agency names), safe on every platform."""
from __future__ import annotations

import re
import unicodedata

FILENAME_MAX_BYTES = 150  # well under the 255-byte limit of common file systems, room for a suffix
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WIN_BAD = re.compile(r'[<>:"/\\|?*]')
_WIN_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


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


def export_name(agency: str, year_a: int, year_b: int, ext: str = "xlsx") -> str:
    """``淮安市洪泽区人民政府_2023-2024_对比.xlsx``: the default name of a comparison export."""
    ext = "".join(ch for ch in ext.lstrip(".") if ch.isascii() and ch.isalnum())[:8] or "xlsx"
    tail = f"_{int(year_a)}-{int(year_b)}_对比.{ext}"
    return safe_filename(f"{safe_filename(agency, fallback='机关', max_bytes=120)}{tail}")


def all_export_name(year_a: int, year_b: int, ext: str = "xlsx") -> str:
    """``全部机关_2023-2024_对比汇总.xlsx``: the default name of the 汇总 of every agency."""
    ext = "".join(ch for ch in ext.lstrip(".") if ch.isascii() and ch.isalnum())[:8] or "xlsx"
    return safe_filename(f"全部机关_{int(year_a)}-{int(year_b)}_对比汇总.{ext}")


def failures_export_name(year: int | None = None, agency: str | None = None, ext: str = "xlsx") -> str:
    """``勾稽关系清单_2024.xlsx``, ``勾稽关系清单_某局_全部年度.xlsx``: the failures list's default name."""
    ext = "".join(ch for ch in ext.lstrip(".") if ch.isascii() and ch.isalnum())[:8] or "xlsx"
    parts = ["勾稽关系清单"]
    if agency:
        parts.append(safe_filename(agency, fallback="机关", max_bytes=90))
    parts.append(str(int(year)) if year is not None else "全部年度")
    return safe_filename("_".join(parts) + f".{ext}")
