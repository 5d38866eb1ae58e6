"""The Traditional-character table is what OpenCC's public API says (regenerate: scripts/gen_traditional.py)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from opencc import OpenCC

from xxgk.domain.normalise import _splitter, to_simplified
from xxgk.domain.traditional import TRADITIONAL


def test_table_matches_installed_opencc() -> None:
    cc = OpenCC("t2s")
    cjk = [chr(c) for c in range(0x4E00, 0xA000)]
    assert {ch for ch in cjk if cc.convert(ch) != ch} == {ch for ch in TRADITIONAL if 0x4E00 <= ord(ch) < 0xA000}


def test_convert_only_when_traditional() -> None:
    assert to_simplified("社會公益組織") == "社会公益组织"
    assert to_simplified("社会公益组织") == "社会公益组织"


_SEPARATORS = OpenCC("t2s").split_chars_re.pattern.replace("\\", "").replace("|", "")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_SEPARATORS + " \t\n\u3000\xa0|\\a1漢字臺灣"), max_size=40))
def test_splitter_splits_as_opencc(text: str) -> None:
    """to_simplified's separator pattern (one character class) cuts a text where OpenCC's own does."""
    assert _splitter().split(text) == OpenCC("t2s").split_chars_re.split(text)
    assert _splitter().pattern != OpenCC("t2s").split_chars_re.pattern  # the class, not OpenCC's fallback


def test_traditional_text_converted_as_opencc() -> None:
    text = "本機關於2023年（1月1日—12月31日）收到申請，“依申請公開”：共計 12 件。臺灣、澳門"
    assert to_simplified(text) == OpenCC("t2s").convert(text)
