"""What a file is, decided by its content, never by its name.

``sniff`` returns one of ``pdf``, ``docx``, ``xlsx``, ``zip`` (an archive that is neither), ``doc`` (the
old binary Word/WPS format, an OLE2 compound file holding a ``WordDocument`` stream), ``xls`` (an old
binary workbook), ``rtf``, ``html`` or ``text``. A page saved as ``.txt`` (a scraped article body: ``<p>``
and ``<table>`` markup without ``<html>``) is HTML; a PDF or a workbook with a wrong extension is read as
what it is.
"""
from __future__ import annotations

import io
import re
import zipfile

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_BOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

# Markers that make a document HTML wherever they appear in its head.
_STRONG = (b"<!doctype html", b"<html", b"<table", b"<body", b"<head", b"<meta ")
# Block and inline elements of an article body; a few of them (opened and closed) make a page.
_TAG = re.compile(r"<(/?)(p|div|span|table|tbody|thead|tr|td|th|br|strong|b|font|h[1-6]|li|ul|ol|section|"
                  r"article|img|a|center|em|i|u|sup|sub|o:p|style|script)(?=[\s>/])[^<>]{0,400}>", re.I)
_ENTITY = re.compile(r"&(?:nbsp|amp|lt|gt|quot|ldquo|rdquo|mdash|hellip|#\d{2,6});")


def zip_names(data: bytes) -> list[str] | None:
    """The member names of a zip archive from its central directory, or None when the index is unreadable
    (or declares more than ``safety.MAX_ZIP_INDEX``: zipfile would build an object per entry first)."""
    from xxgk.importers.safety import MAX_ZIP_INDEX, MAX_ZIP_MEMBERS, zip_index_size

    index = zip_index_size(data)
    if index is not None and (index[0] > MAX_ZIP_MEMBERS or index[1] > MAX_ZIP_INDEX):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None


def _zip_kind(data: bytes) -> str:
    names = zip_names(data)
    if names is None:  # a damaged zip (a download cut short): the local headers still name the parts
        head = data[:1 << 20]
        return "docx" if b"word/" in head and b"xl/" not in head else "xlsx"
    lower = [n.lower() for n in names]
    if any(n.startswith("word/") for n in lower):
        return "docx"
    if any(n.startswith("xl/") for n in lower):
        return "xlsx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    if _WORD_STREAM in data:
        return "doc"
    if any(s in data for s in _BOOK_STREAMS):
        return "xls"
    return "doc"  # WPS and other OLE2 writers: treated as an old word-processor file


def looks_like_markup(head: str) -> bool:
    """True when text is an HTML page or fragment: a scraped article body saved as text.

    A few tags are not enough (a report's prose may say ``<5件``): it takes at least four element tags of
    at least two kinds, with a closing tag or a ``<br>``, or markup making up a noticeable share of the text.
    """
    if "<" not in head:  # every marker and tag below starts with "<": most text reports have none
        return False
    low = head.lower()
    if any(m.decode() in low for m in _STRONG):
        return True
    tags = _TAG.findall(head)
    if len(tags) < 4:
        return False
    kinds = {name.lower() for _slash, name in tags}
    closing = any(slash for slash, _name in tags) or "br" in kinds
    if len(kinds) >= 2 and closing:
        return True
    return len(tags) >= 20 or len(_ENTITY.findall(head)) >= 10


def _text_head(data: bytes) -> str:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", errors="ignore")
    if sample.count(0) > len(sample) // 4:  # UTF-16 without a BOM
        even = sample[0::2].count(0)
        return sample.decode("utf-16-be" if even > sample[1::2].count(0) else "utf-16-le", errors="ignore")
    # Tags are ASCII in every encoding a page is saved in: latin-1 keeps their bytes as they are.
    return sample.decode("latin-1")


def sniff(data: bytes) -> str:
    """The kind of an input, from its content (see the module docstring)."""
    if data[:4] == b"PK\x03\x04" or data[:4] == b"PK\x05\x06":
        return _zip_kind(data)
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:8] == OLE2:
        return _ole_kind(data)
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    if looks_like_markup(_text_head(data)):
        return "html"
    return "text"
