"""Label text normalisation (spec §10): NFKC → Traditional→Simplified → whitespace → quotes → enumerators.

``match_form`` is what label lookup compares; ``printed_form`` is what we store and show as the printed
label (Simplified, whitespace inside CJK removed); ``display_safe`` replaces East-Asian "ambiguous"
width characters so terminal tables line up; ``strip_control`` removes characters a terminal would act on.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_QUOTES = str.maketrans("", "", "“”„‟「」『』‘’‚‛\"'`")
# Leading enumerators (spec §10.1 step 5): 其中:, 一、, (一), 1. / 1、 / (1) / 6 (no dot).
ENUM_RE = re.compile(
    r"^(?:其中[:：]?|[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|\(?\d{1,2}[).、,]|\(?\d{1,2}(?=[^\d.]))"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}（）()、：:，,.])\s+|\s+(?=[{_CJK}（）()、：:，,])")


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # opencc-python-reimplemented

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters that OpenCC's t2s table changes: their presence means the text needs converting."""
    import os

    import opencc

    path = os.path.join(os.path.dirname(opencc.__file__), "dictionary", "TSCharacters.txt")
    chars: set[str] = set()
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                src, _, dst = line.rstrip("\n").partition("\t")
                if len(src) == 1 and src not in dst.split():
                    chars.add(src)
    except OSError:  # pragma: no cover - a broken install: convert everything, slower but right
        return frozenset()
    return frozenset(chars)


def looks_traditional(text: str, threshold: int = 3) -> bool:
    trad = _traditional_chars()
    if not trad:
        return True
    n = 0
    for ch in text:
        if ch in trad:
            n += 1
            if n >= threshold:
                return True
    return False


def to_simplified(text: str, force: bool = False) -> str:
    """Traditional → Simplified, only when the text has Traditional characters (most reports have none)."""
    if not text or not (force or looks_traditional(text, threshold=1)):
        return text
    return _converter().convert(text)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def match_form(text: str) -> str:
    """The form labels are compared in: NFKC, Simplified, no whitespace, no quotes, unified enumerators."""
    s = to_simplified(nfkc(text))
    s = _WS.sub("", s).translate(_QUOTES)
    s = s.replace("、", "、").replace("﹑", "、")
    s = re.sub(r"^(\d{1,2})、", r"\1.", s)  # 1、属于 → 1.属于
    s = s.replace("〔", "[").replace("〕", "]")
    return s


def strip_enumerator(form: str) -> str:
    """Remove leading enumerators from a match_form string ("(三)1.属于国家秘密" keeps "属于国家秘密")."""
    prev = None
    while prev != form:
        prev = form
        form = ENUM_RE.sub("", form, count=1)
    return form


def printed_form(text: str) -> str:
    """The printed label as stored: NFKC, Simplified, whitespace inside CJK runs removed, trimmed."""
    s = to_simplified(nfkc(text)).strip()
    s = _INNER_SPACE.sub("", s)
    return _WS.sub(" ", s)


_AMBIGUOUS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "—": "-", "―": "-",
                            "–": "-", "·": "·", "°": "o", "×": "x", "※": "*", "○": "o", "●": "*",
                            "■": "#", "□": "#", "△": "^", "▲": "^", "→": "->", "←": "<-", "§": "S"})


def strip_control(text: str) -> str:
    return _CONTROL.sub("", text)


def display_safe(text: str) -> str:
    """Text safe for a terminal table: no control characters, no ambiguous-width punctuation."""
    return strip_control(nfkc(text)).translate(_AMBIGUOUS)
