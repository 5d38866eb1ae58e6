"""Report text on a terminal: safe, measured and cut by terminal cells.

Report text is data. Before it reaches a terminal (the app's widgets, the CLI's tables) it loses every
control character and escape sequence (C0, C1, ESC, DEL, bidirectional overrides, zero-width marks), and
East-Asian "ambiguous" punctuation (“ ” … — ①) becomes an unambiguous equivalent, because terminals
disagree on its width and tables would not line up. The archive and JSON keep the raw text.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                      r"\ufff9-\ufffb]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                          r"\ufff9-\ufffb]")
_WS = re.compile(r"\s+")
# One space between words is already one line: only other whitespace, or a run of it, needs the rewrite.
_WS_NOT_SPACE = re.compile(r"[^\S ]")
_AMBIGUOUS = {"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "—": "-", "―": "-", "–": "-", "°": "o", "×": "x",
              "※": "*", "○": "o", "●": "*", "■": "#", "□": "#", "△": "^", "▲": "^", "→": "->", "←": "<-", "§": "S",
              "≈": "~=", "≤": "<=", "≥": ">="}
_AMBIGUOUS_CHAR = re.compile("[" + "".join(_AMBIGUOUS) + "]")
# NFKC turns the full-width forms into ASCII and the ideographic space into a space. Chinese text is full of
# them (（），：), and a lookup of just those is 5-10x faster than a normalisation pass over the whole text; the
# result is checked, and normalised in full only when something else is left (same output either way: those
# characters decompose to one ASCII starter each, so the text's NFKD, hence its NFKC, is unchanged).
_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]")


def _half_width(match: re.Match[str]) -> str:
    ch = match.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def _unambiguous(match: re.Match[str]) -> str:
    return _AMBIGUOUS[match.group()]


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, without a pass over text that is already normal."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    # the commonest first, each by one scan in C
    text = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",").replace("；", ";")
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULL_WIDTH.sub(_half_width, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def strip_control(text: str) -> str:
    """``text`` without characters a terminal would act on (line breaks and tabs are kept)."""
    # every character removed here is one str.isprintable refuses (Cc, Cf, Zl, Zp): most text has none
    return text if text.isprintable() else _CONTROL.sub("", text)


def terminal_text(text: object) -> str:
    """Report text safe for one terminal line or block: NFKC, no control characters, no ambiguous widths."""
    if text is None:
        return ""
    return _AMBIGUOUS_CHAR.sub(_unambiguous, strip_control(nfkc(str(text))))


# Text whose every character is printable ASCII, CJK (ideographs, 、。〃 and the brackets 〈〉《》「」『』【】),
# the minus sign or one of the ambiguous-width characters mapped above, and that has no run of spaces, is on
# one line once those are mapped: NFKC leaves each of these characters as it is (none has a compatibility
# decomposition or composes with a neighbour; "…" becomes "..." either way), none is a control character or
# whitespace but the space. Most report text and every identity message is this after its full-width
# punctuation is made ASCII: one scan instead of the whole pipeline (``_one_line``, the same result).
_NOT_PLAIN = re.compile("[^\x20-\x7e\u3001-\u3003\u3008-\u3011\u3400-\u4dbf\u4e00-\u9fff\u2212"
                        + "".join(map(re.escape, _AMBIGUOUS)) + "]|  ")


def one_line(text: object) -> str:
    """``terminal_text`` on one line: every run of whitespace (line breaks included) is one space."""
    if text is None:
        return ""
    # the commonest full-width punctuation first, as nfkc() does
    text = str(text).replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",").replace("；", ";")
    if _NOT_PLAIN.search(text) is None:
        return _AMBIGUOUS_CHAR.sub(_unambiguous, text).strip()
    return _one_line(text)


# the same test over a column joined by line breaks, its characters by one class (a scan in C much faster
# than trying the alternation at every character), the run of spaces apart; and the ambiguous characters
# left out of the class, so that one scan finds both those the fast path maps and any it does not cover
_PLAIN_CHARS = _NOT_PLAIN.pattern.replace("[^", "[^\n", 1).removesuffix("|  ")
_NOT_PLAIN_OR_AMBIGUOUS = re.compile(_PLAIN_CHARS.replace("".join(map(re.escape, _AMBIGUOUS)), "", 1))


def one_lines(texts: Sequence[str]) -> list[str]:
    """``one_line`` of each text, a column of a table at a time: the texts joined by line breaks go through
    the fast path once (its replacements and its scan run in C over the whole column, not once per text),
    unless a text holds a line break itself or anything the fast path does not cover."""
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1:  # a text of several lines
        return list(map(one_line, texts))
    joined = joined.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",").replace("；", ";")
    if "  " in joined:
        return list(map(one_line, texts))
    found = set(_NOT_PLAIN_OR_AMBIGUOUS.findall(joined))
    if not found.issubset(_AMBIGUOUS):
        return list(map(one_line, texts))
    for ch in found:  # each to ASCII (none maps to another one): as _AMBIGUOUS_CHAR.sub does
        joined = joined.replace(ch, _AMBIGUOUS[ch])
    return list(map(str.strip, joined.split("\n")))


def _one_line(text: str) -> str:
    """``one_line`` step by step (the reference its fast path is tested against)."""
    text = terminal_text(text)
    if "  " in text or _WS_NOT_SPACE.search(text):
        text = _WS.sub(" ", _CONTROL_ALL.sub(" ", text))
    return text.strip()


def plain_line(text: object) -> str:
    """A message on one line, its wording kept exactly (no NFKC: full-width punctuation stays), with no
    control character at all and every run of whitespace one space: for messages that quote report text."""
    if text is None:
        return ""
    return _WS.sub(" ", _CONTROL_ALL.sub(" ", str(text))).strip()


@lru_cache(maxsize=65536)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


# Text of only ASCII and characters that are two cells in every Unicode version (CJK ideographs with
# extension A, CJK punctuation, kana, Hangul syllables, the full-width forms), all three bytes in UTF-8: its
# width is counted from its length and its UTF-8 length, not character by character.
_NOT_SIMPLE = re.compile("[^\x00-\x7f\u3000-\u3029\u3030-\u303e\u3041-\u3096\u30a1-\u30fa\u3400-\u4dbf"
                         "\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60\uffe0-\uffe6]")


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide (CJK, full-width) characters 2, combining marks 0."""
    if text.isascii():
        return len(text)
    if not _NOT_SIMPLE.search(text):  # n ASCII + w wide: n + 3w bytes, n + w characters, n + 2w cells
        return len(text) + (len(text.encode()) - len(text)) // 2
    return sum(_char_width(ch) for ch in text)


def clip(text: str, width: int, marker: str = "..") -> str:
    """``text`` cut to at most ``width`` cells; ``marker`` ends a cut text ("…" has an ambiguous width)."""
    if display_width(text) <= width:
        return text
    room = max(0, width - len(marker))
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > room:
            break
        out.append(ch)
        used += w
    return "".join(out) + marker[:width]


def pad(text: str, width: int, align: str = "left") -> str:
    """``text`` padded with spaces to ``width`` cells (``align``: left, right or center)."""
    gap = max(0, width - display_width(text))
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` cells (CJK text has no spaces to break at)."""
    if width <= 0:
        return [text]
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width and line:
            lines.append("".join(line))
            line, used = [], 0
        line.append(ch)
        used += w
    if line or not lines:
        lines.append("".join(line))
    return lines
