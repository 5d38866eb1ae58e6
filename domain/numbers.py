"""Cell text → value (spec §9). A blank is not 0, a dash is not 0: both are NULL with a note."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from xxgk.domain.normalise import nfkc

Number = int | float

DASHES = {"-", "--", "---", "—", "——", "―", "――", "─", "/", "\\", "－", "~", "…", "...", "－－", "—-"}
NONE_WORDS = {"无", "無", "空", "暂无", "不适用", "/无"}
UNITS = ("万元", "人次", "元", "件", "次", "条", "个", "人", "篇", "项", "家", "户", "期", "场", "份", "%")
_NUM = re.compile(r"^([+-]?)(\d+(?:\.\d+)?)$")
_UNIT_RE = re.compile(r"^(约|近|共|计|共计)?([+-]?\d+(?:\.\d+)?)(万)?(余|多)?(" + "|".join(UNITS) + r")?(余|多)?$")
MAX_DIGITS = 15  # before the decimal point: no count or amount in a report comes near (SQLite's integers stop
# at 19 digits, Python's int() at 4,300): a longer one is kept as printed, in its place, but like a dash it
# has no value (NULL: the identities reading it are incomplete)
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d)[,，\s](?=\d{3}(?!\d))")


# CJK ideographs no value cell can hold: every one but the prefixes, units and none-words above. NFKC keeps
# ideographs as they are, so a cell holding one is text whatever else it holds: running text (a sentence,
# a label) is told apart by one C-level scan, before NFKC and the value patterns.
_VALUE_IDEOGRAPHS = "约近共计万余多" + "".join(UNITS) + "".join(NONE_WORDS)


def _ideographs_except(allowed: str) -> str:
    ranges, start = [], 0x4E00
    for cp in sorted({ord(c) for c in allowed if "\u4e00" <= c <= "\u9fff"}):
        if start < cp:
            ranges.append(f"{chr(start)}-{chr(cp - 1)}")
        start = cp + 1
    ranges.append(f"{chr(start)}-\u9fff")
    return "[" + "".join(ranges) + "]"


_TEXT_IDEOGRAPH = re.compile(_ideographs_except(_VALUE_IDEOGRAPHS))


@dataclass(frozen=True)
class CellValue:
    kind: str  # "number" | "blank" | "dash" | "text"
    value: Number | None = None
    unit: str | None = None
    note: str | None = None  # "dash", "none-word", "approximate", "signed", "out-of-range"


BLANK = CellValue("blank", note="blank")


@lru_cache(maxsize=1 << 16)
def parse_cell(text: str) -> CellValue:
    """The value a printed cell holds. Memoised: reports repeat the same few hundred cell texts ("0", "",
    the form's labels), and a ``CellValue`` is immutable."""
    if text.isdigit() and text.isascii() and len(text) <= MAX_DIGITS:
        return CellValue("number", int(text))  # the common case, a count: what _parse gives it, 10x faster
    return _parse(text)


def _parse(text: str) -> CellValue:
    if _TEXT_IDEOGRAPH.search(text):
        return CellValue("text")
    s = nfkc(text).replace("\u00a0", " ").strip()
    if not s:
        return BLANK
    compact = _SPACES.sub("", s)
    if compact in DASHES or set(compact) <= set("-—―─－"):
        return CellValue("dash", note="dash")
    if compact in NONE_WORDS:
        return CellValue("dash", note="none-word")
    t = _THOUSANDS.sub("", s)
    t = _SPACES.sub("", t)
    m = _NUM.match(t)
    if m and _too_long(m.group(2)):
        return CellValue("dash", note="out-of-range")
    if m:
        return CellValue("number", _to_number(m.group(1), m.group(2)), note="signed" if m.group(1) == "+" else None)
    m = _UNIT_RE.match(t)
    if m and _too_long(m.group(2)):
        return CellValue("dash", note="out-of-range")
    if m:
        approx = bool(m.group(1) in ("约", "近") or m.group(4) or m.group(6))
        num = _to_number("", m.group(2))
        unit = m.group(5)
        if m.group(3) and unit == "元":  # 12.5万元: the unit 万元 printed in the cell, never rescaled
            unit = "万元"
        elif m.group(3):  # 万 alone (1.2万件): the printed number is in units of 10,000
            scaled = round(float(m.group(2)) * 10000, 4)
            num = int(scaled) if scaled == int(scaled) else scaled
            approx = True
        return CellValue("number", num, unit=unit, note="approximate" if approx else None)
    return CellValue("text")


def _too_long(digits: str) -> bool:
    return len(digits.partition(".")[0]) > MAX_DIGITS


def _to_number(sign: str, digits: str) -> Number:
    if "." in digits:
        f = float(digits)
        return -f if sign == "-" else f
    n = int(digits)
    return -n if sign == "-" else n


def is_value_token(token: str) -> bool:
    """For PDF words: a token that is a number or a dash (never a blank: PDF text drops blanks). ASCII digits
    always are one (a count, or a number too long to be one, kept like a dash), told without the memo: most
    of a report's numbers are new to it."""
    return (token.isdigit() and token.isascii()) or _is_value_token(token)


@lru_cache(maxsize=1 << 16)
def _is_value_token(token: str) -> bool:
    cv = parse_cell(token)
    return cv.kind in ("number", "dash") and cv.note != "none-word"
