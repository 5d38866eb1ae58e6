"""Label text normalisation (spec §10): NFKC → Traditional→Simplified → whitespace → quotes → enumerators.

``match_form`` is what label lookup compares; ``printed_form`` is what we store and show as the printed
label (Simplified, whitespace inside CJK removed). Showing text on a terminal is ``xxgk.presentation.text``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from xxgk.domain.traditional import TRADITIONAL

_WS = re.compile(r"\s+")
_NUMBERED = re.compile(r"^(\d{1,2})、")
_QUOTES = str.maketrans("", "", "“”„‟「」『』‘’‚‛\"'`")
# The same deletion as one regex pass: str.translate looks every character up in the table (slow on CJK
# text), a character class scan skips the text in C
_QUOTE_CHARS = re.compile("[" + re.escape("“”„‟「」『』‘’‚‛\"'`") + "]")
# Leading enumerators (spec §10.1 step 5): 其中:, 一、, (一), 1. / 1、 / (1) / 6 (no dot).
ENUM_RE = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\(?\d{1,2}[).、,]|\(?\d{1,2}(?=[^\d.]))"
)
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}（）()、：:，,.])\s+|\s+(?=[{_CJK}（）()、：:，,])")


@lru_cache(maxsize=1)
def _converter() -> Any:  # opencc.OpenCC (the package carries no type information)
    from opencc import OpenCC  # opencc-python-reimplemented

    return OpenCC("t2s")


# Character classes of the Traditional characters: a C-level scan, several times faster than a set over the
# text. The BMP ones compile to one bitmap; the few outside the BMP are looked for only in a text that has
# such characters at all (a class mixing both is scanned item by item).
_TRADITIONAL_BMP = re.compile("[" + "".join(re.escape(c) for c in sorted(TRADITIONAL) if ord(c) < 0x10000) + "]")
_TRADITIONAL_ASTRAL = re.compile("[" + "".join(re.escape(c) for c in sorted(TRADITIONAL) if ord(c) >= 0x10000) + "]")
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def has_traditional(text: str) -> bool:
    """``text`` holds at least one character OpenCC's t2s would change."""
    return bool(_TRADITIONAL_BMP.search(text) or (_ASTRAL.search(text) and _TRADITIONAL_ASTRAL.search(text)))


def to_simplified(text: str, force: bool = False) -> str:
    """Traditional → Simplified, only when the text has Traditional characters (most reports have none).

    OpenCC converts the pieces between its separators (whitespace, punctuation) one by one, so converting
    piece by piece is the same conversion; the pieces are memoised, so the labels the matcher converted
    are not converted again when agency/year detection converts the whole text."""
    if not text or not (force or has_traditional(text)):
        return text
    parts: list[str] = _splitter().split(text)
    return "".join(p if i % 2 or not p else _convert_piece(p) for i, p in enumerate(parts))


@lru_cache(maxsize=1)
def _splitter() -> re.Pattern[str]:
    """OpenCC's separator pattern (``(\\s+|-|,|…)``: whitespace, or one of ~70 punctuation marks, tried one
    alternative after another at every position) as whitespace or one character class: the same splits (at
    a position either \\s+ matches, or at most one single-character alternative), scanned in C. OpenCC's own
    pattern when it is not of that shape."""
    own: re.Pattern[str] = _converter().split_chars_re
    alts = own.pattern[1:-1].split("|") if own.pattern.startswith("(") and own.pattern.endswith(")") else []
    chars = [a[1:] if a.startswith("\\") and len(a) == 2 else a for a in alts[1:]]
    if not alts or alts[0] != r"\s+" or not chars or any(len(c) != 1 or c == "|" for c in chars):
        return own
    return re.compile(r"(\s+|[" + "".join(re.escape(c) for c in chars) + "])")


@lru_cache(maxsize=1 << 15)
def _convert_piece(piece: str) -> str:
    simplified: str = _converter().convert(piece)
    return simplified


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, several times faster on report text.

    Report text is full of compatibility characters (full-width ，：（）, the ideographic space), each of
    which NFKC maps to a fixed string. Replacing each by its own NFKC form (one regex pass) gives a text
    with the same NFKD, hence the same NFKC; when that text is already in NFKC form (checked: composition
    and ordering across neighbours included), it *is* the NFKC form. Otherwise (rare) the full algorithm."""
    if _is_normalized("NFKC", text):
        return text
    pattern, table = _COMPAT or _compat_table()
    mapped = pattern.sub(lambda m: table[m.group()], text)
    return mapped if _is_normalized("NFKC", mapped) else unicodedata.normalize("NFKC", text)


_is_normalized = unicodedata.is_normalized
# Where report text draws compatibility characters from (any other is right too, by the full algorithm):
# Latin-1 (no-break space, ², ½), general punctuation (…, thin spaces), Roman numerals (Ⅳ), enclosed
# numbers (①), the ideographic space, enclosed CJK (㈠), CJK compatibility ideographs, vertical and small
# forms (﹑), full-width and half-width forms. Built at the first use (~1,200 characters, ~1.5 ms; kept,
# not a memo: no lru_cache, so that bench_parse's "memos cleared" bound does not rebuild it per report).
_COMPAT_BLOCKS = ((0x00A0, 0x00BF), (0x2000, 0x206F), (0x2160, 0x217F), (0x2460, 0x24FF), (0x3000, 0x3000),
                  (0x3200, 0x32FF), (0xF900, 0xFAFF), (0xFE30, 0xFE6F), (0xFF00, 0xFFEF))


_COMPAT: tuple[re.Pattern[str], dict[str, str]] | None = None


def _compat_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """The characters of those blocks that NFKC changes, each with its NFKC form, and their pattern."""
    global _COMPAT
    table = {}
    for lo, hi in _COMPAT_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            form = unicodedata.normalize("NFKC", ch)
            if form != ch:
                table[ch] = form
    _COMPAT = re.compile("[" + "".join(re.escape(c) for c in sorted(table)) + "]"), table
    return _COMPAT


@lru_cache(maxsize=65536)
def match_form(text: str) -> str:
    """The form labels are compared in: NFKC, Simplified, no whitespace, no quotes, unified enumerators."""
    s = to_simplified(nfkc(text))
    s = _QUOTE_CHARS.sub("", "".join(s.split()))  # (str.split's whitespace is re's \s, several times faster)
    s = s.replace("、", "、").replace("﹑", "、")
    numbered = _NUMBERED.match(s)  # 1、属于 → 1.属于 (a match first: re.sub parses its template per call)
    if numbered:
        s = f"{numbered.group(1)}.{s[numbered.end():]}"
    s = s.replace("〔", "[").replace("〕", "]")
    return s


@lru_cache(maxsize=1 << 14)
def strip_enumerator(form: str) -> str:
    """Remove leading enumerators from a match_form string ("(三)1.属于国家秘密" keeps "属于国家秘密")."""
    prev = None
    while prev != form:
        prev = form
        form = ENUM_RE.sub("", form, count=1)
    return form


@lru_cache(maxsize=1 << 14)
def printed_form(text: str) -> str:
    """The printed label as stored: NFKC, Simplified, whitespace inside CJK runs removed, trimmed.
    Memoised like ``match_form``: reports print the same labels."""
    s = to_simplified(nfkc(text)).strip()
    s = _INNER_SPACE.sub("", s)
    return _WS.sub(" ", s)
