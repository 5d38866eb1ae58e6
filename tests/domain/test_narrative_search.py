"""The narrative counts are found from the occurrences of their word (行政复议, 行政诉讼), not by ``re`` trying the
patterns at every position: the same leftmost match, including the optional words before it."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.narrative import _APPS, _REVIEW, _SUIT, _search, narrative_body, narrative_lines


@pytest.mark.parametrize(("pat", "body", "start", "number"), [
    (_REVIEW, "本年度被申请行政复议3件，行政诉讼1件", 3, "3"),  # 被申请 (three characters before the word) is part of it
    (_REVIEW, "办理行政复议案件共 2 件", 0, "2"),
    (_REVIEW, "行政复议行政复议1件", 4, "1"),  # the first occurrence has no number: the second is the match
    (_REVIEW, "发生行政复议申请共计7起。", 0, "7"),
    (_SUIT, "本年度被申请行政复议3件，行政诉讼1件", 13, "1"),
    (_SUIT, "收到行政诉讼案件0起", 0, "0"),
    (_SUIT, "涉及行政诉讼", None, None),
    (_APPS, "共收到政府信息公开申请 58 件", 0, "58"),
])
def test_search_finds_the_leftmost_match(pat, body, start, number) -> None:
    m = _search(pat, body)
    assert (m.start() if m else None, m.group(1) if m else None) == (start, number)
    ref = pat.search(body)
    assert (m.span() if m else None) == (ref.span() if ref else None)


def test_a_line_of_numbers_is_told_by_its_first_character() -> None:
    """narrative_lines runs _NUMBERS_ONLY only on a line starting with one of its characters: \\d is
    str.isdecimal (every code point), and the rest of the class is whitespace (stripped) or .,-—."""
    digit = re.compile(r"\d")
    assert all(bool(digit.match(c)) == c.isdecimal() for c in map(chr, range(0x110000)))
    assert narrative_lines("12 0 3\n—\n- 5 -\n一、总体情况\n2023年，我局\n.5") == ["一、总体情况", "2023年,我局"]  # (NFKC: ，→,)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\u3000\x0b\x85\u2028|\r\n12.-—受理申请件，行政复议"), max_size=60))
def test_the_narrative_body_is_its_lines_joined(text: str) -> None:
    assert narrative_body(text) == "".join(narrative_lines(text))
    assert narrative_body(text, normalized=True) == "".join(narrative_lines(text, normalized=True))
