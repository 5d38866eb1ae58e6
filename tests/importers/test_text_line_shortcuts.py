"""The shortcuts text_to_cells takes for a line give what the full reading gives."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.numbers import is_value_token
from xxgk.importers.text import _words_split, text_to_cells

_TOKENS = st.sampled_from(["12", "0", "030", "1", "—", "无", "件。", "申请", "1,234", "12件", "-", "(一)", "3.5"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=8), st.sampled_from([" ", "  ", "\u3000", " \xa0"]))
def test_a_line_without_a_number_at_its_end_is_one_text_cell(tokens: list[str], sep: str) -> None:
    """A line whose last token is no value token: _words_split finds no trailing values (one text cell)."""
    line = sep.join(tokens)
    tail = line.rsplit(None, 1)[-1]
    if not is_value_token(tail):
        split, i, _ = _words_split.__wrapped__(line)
        assert i == len(split)


def test_running_text_in_a_pipe_document() -> None:
    """A sentence is one running-text cell; a short label with numbers after it is a PDF row."""
    table = "".join(f"| 行{i} | {i} | {i} |\n" for i in range(12))
    cells = text_to_cells(table + "我局共收到申请 12 件。\n行政许可 97\n本年度 共计 12\n")
    assert [(c.text, c.mode, c.narrative, c.row_end, c.where) for c in cells[-5:]] == [
        ("我局共收到申请 12 件。", "plain", True, True, "line 13"),
        ("行政许可", "words", False, False, "line 14"), ("97", "words", False, True, "line 14 word 2"),
        ("本年度 共计", "words", False, False, "line 15"), ("12", "words", False, True, "line 15 word 3")]
