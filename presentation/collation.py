"""The order agencies are listed in, the same in the app and the CLI: by pinyin (安 before 东 before 淮 before
盘), the way a Chinese reader looks a name up, not by code point.

``agency_key(name)`` is a sort key: every CJK character becomes its toneless syllable (``淮安市`` →
``huai an shi ``), other characters stay as they are (lower-cased); ties fall back to the name itself,
so the order is total and stable. The readings come from pypinyin through a generated table
(``pinyin_table``, see scripts/build_pinyin_table.py for why not pypinyin itself at run time); the
characters and phrases read differently in agency names than pypinyin's first reading are below.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")

# Characters whose usual reading in agency and place names is not pypinyin's first one.
CHAR_READINGS = {"长": "chang", "厦": "xia", "朝": "chao"}
# Phrases that read otherwise (place names, titles): applied before the characters.
PHRASES = {
    "重庆": "chong qing", "重阳": "chong yang", "长子县": "zhang zi xian", "银行": "yin hang", "六安": "lu an",
    "六合": "lu he", "蚌埠": "beng bu", "番禺": "pan yu", "乐亭": "lao ting", "乐清": "yue qing", "单县": "shan xian",
    "东阿": "dong e", "铅山": "yan shan", "莘县": "shen xian", "会计": "kuai ji", "尉氏": "yu shi",
    "大厦": "da sha",
}
_PHRASE = re.compile("|".join(sorted(map(re.escape, PHRASES), key=len, reverse=True)))


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from xxgk.presentation.pinyin_table import FIRST, READINGS, ZERO

    table = {FIRST + i: f"{r} " for i, r in enumerate(READINGS.split(" ")) if r}
    table[ord("〇")] = f"{ZERO} "
    table.update({ord(ch): f"{r} " for ch, r in CHAR_READINGS.items()})
    return table


def _phrase(match: re.Match[str]) -> str:
    return PHRASES[match.group()] + " "


def pinyin_text(name: str) -> str:
    """``淮安市洪泽区`` → ``huai an shi hong ze qu `` (other characters kept, lower-cased)."""
    if _PHRASE.search(name):
        name = _PHRASE.sub(_phrase, name)
    return name.translate(_table()).lower()


def agency_key(name: str) -> tuple[str, str]:
    """The sort key of an agency name (pinyin, then the name itself)."""
    return pinyin_text(name), name


def by_agency(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """``items`` in agency order, ``name(item)`` giving each one's agency name."""
    return sorted(items, key=lambda item: agency_key(name(item)))
