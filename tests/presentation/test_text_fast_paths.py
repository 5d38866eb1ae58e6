"""The fast paths of ``presentation.text`` (NFKC skipped for normal text, full-width forms looked up, the
common wide characters counted by one pattern) give exactly what the plain definitions give, on every line
of every text sample and on hand-made edge cases."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from xxgk.presentation.text import display_width, nfkc, one_line, terminal_text

SAMPLES = Path(__file__).resolve().parents[2] / "sample_reports"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                      r"\ufff9-\ufffb]")
_CONTROL_ALL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                          r"\ufff9-\ufffb]")
_AMBIGUOUS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "…": "...", "—": "-", "―": "-", "–": "-",
                            "°": "o", "×": "x", "※": "*", "○": "o", "●": "*", "■": "#", "□": "#", "△": "^",
                            "▲": "^", "→": "->", "←": "<-", "§": "S", "≈": "~=", "≤": "<=", "≥": ">="})


def plain_terminal_text(text: str) -> str:
    return _CONTROL.sub("", unicodedata.normalize("NFKC", text)).translate(_AMBIGUOUS)


def plain_one_line(text: str) -> str:
    return re.sub(r"\s+", " ", _CONTROL_ALL.sub(" ", plain_terminal_text(text))).strip()


def plain_width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def sample_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        lines += path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return lines


EDGES = ["", " ", "  a  b ", "a\tb\nc\r\nd", "（总计）：１２３，　全角", "Ａ\u0301", "\uff21\u0301\u3000x", "ｶﾞ", "가각",
         "①②", "“危及”…—", "\x1b[2J淮安\x9b31m\u202e市", "a\u00a0b", "\u3000\u3000", "﹙1﹚", "㈠", "\u302a字\u3099",
         "\U00020000\U0002a6df", "\u2028x\u2029", "ﾟ", "\ufe30", "\u303f\u3030"]


def test_samples_are_real_text():
    assert len(sample_lines()) > 1000


@pytest.mark.parametrize("text", EDGES)
def test_edge_cases(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert terminal_text(text) == plain_terminal_text(text)
    assert one_line(text) == plain_one_line(text)
    assert display_width(text) == plain_width(text)


def test_every_sample_line_as_the_plain_definitions_give_it():
    for line in sample_lines():
        assert terminal_text(line) == plain_terminal_text(line), line
        assert one_line(line) == plain_one_line(line), line
        assert display_width(line) == plain_width(line), line
        shown = one_line(line)
        assert display_width(shown) == plain_width(shown), shown


def test_the_width_shortcut_holds_in_this_unicode_version():
    # display_width counts text of ASCII and these characters from its UTF-8 length: each must be two cells
    from xxgk.presentation.text import _NOT_SIMPLE
    for cp in range(0x80, 0x110000):
        ch = chr(cp)
        if not _NOT_SIMPLE.match(ch):
            assert len(ch.encode("utf-8", "surrogatepass")) == 3 and plain_width(ch) == 2, hex(cp)


def test_every_control_character_is_one_isprintable_refuses():
    # strip_control skips its pattern for text str.isprintable accepts
    from xxgk.presentation.text import _CONTROL, strip_control
    for cp in range(0x110000):
        ch = chr(cp)
        if _CONTROL.match(ch):
            assert not ch.isprintable() and strip_control(f"a{ch}b") == "ab", hex(cp)


def test_the_plain_characters_of_one_line_need_nothing_but_the_ambiguous_map():
    # one_line returns text of only these characters (and no run of spaces) with the map applied, nothing else
    from xxgk.presentation.text import _AMBIGUOUS as MAPPED
    from xxgk.presentation.text import _NOT_PLAIN
    plain = [chr(cp) for cp in range(0x110000) if not _NOT_PLAIN.match(chr(cp))]
    assert len(plain) > 20000 and "\t" not in plain and "\u3000" not in plain and "，" not in plain
    for ch in plain:
        assert ch.isprintable() and not unicodedata.combining(ch), hex(ord(ch))
        assert not ch.isspace() or ch == " ", hex(ord(ch))
        assert unicodedata.normalize("NFKC", ch) in (ch, MAPPED.get(ch)), hex(ord(ch))
        assert unicodedata.decomposition(ch) == "" or ch in MAPPED, hex(ord(ch))


def test_one_line_on_mixed_text_as_the_plain_definition_gives_it():
    import random
    rng = random.Random(12)
    alphabet = list("ab 1,:;()（）：，；、。《》【】〃中文字\u2212\u3000\t\n\u00a0ｶﾞ\u0301\u3099Ａ①") + list(
        "“”‘’…—―–°×※○●■□△▲→←§≈≤≥") + ["\x1b", "\u202e", "\u200b", "  "]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert one_line(text) == plain_one_line(text), repr(text)


def test_a_column_of_lines_as_one_line_gives_each():
    import random

    from xxgk.presentation.text import one_lines
    rng = random.Random(7)
    alphabet = list("ab 1,:;()（）：，；、。中文\u2212\u3000\t\n“”…≤×") + ["\x1b", "  ", "\r\n"]
    for _ in range(3000):
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(0, 6))]
        assert one_lines(texts) == [one_line(t) for t in texts], texts
    plain = ["甲（乙）：1，2 ≤ 3 ", " “丙”…"] * 50
    assert one_lines(plain) == [one_line(t) for t in plain] == ['甲(乙):1,2 <= 3', '"丙"...'] * 50
    for line in sample_lines()[:3000]:
        assert one_lines([line, line]) == [one_line(line)] * 2
