"""A check reads as what it checks: a limit as a limit (``≤ 10，实为 0，相符``), never ``10 0 -10``."""
from __future__ import annotations

from xxgk.domain.identities import Eq, evaluate
from xxgk.domain.model import CheckResult
from xxgk.presentation.checks import check_op, difference_text, expected_text, outcome_text
from xxgk.presentation.reports import where_text


def limit(issued: int, in_force: int, repealed: int) -> CheckResult:
    eq = Eq("A2.1", "规章：本年制发不超过现行有效与本年废止之和", ["t2.regulations.issued"],
            ["t2.regulations.in_force", "t2.regulations.repealed"], strict=False, op="<=", scope="regulations")
    return evaluate(eq, {"t2.regulations.issued": issued, "t2.regulations.in_force": in_force,
                         "t2.regulations.repealed": repealed})


def test_a_passing_limit_reads_as_a_limit():
    c = limit(0, 10, 0)  # 本年制发 0 ≤ 现行有效 10 + 废止 0
    assert c.status == "pass" and check_op(c) == "≤"
    assert expected_text(c) == "≤10"
    assert difference_text(c) == ""  # no "-10": nothing is short
    assert outcome_text(c) == "≤ 10，实为 0，相符"


def test_a_failing_limit_says_by_how_much_it_is_exceeded():
    c = limit(13, 8, 2)
    assert c.status == "warn"
    assert expected_text(c) == "≤10" and difference_text(c) == "+3"
    assert outcome_text(c) == "≤ 10，实为 13，超出 3"


def test_an_equality_keeps_its_signed_difference():
    eq = Eq("A4.1", "行政复议总计等于各项之和", ["t4.review.total"], ["t4.review.upheld", "t4.review.corrected"])
    c = evaluate(eq, {"t4.review.total": 0, "t4.review.upheld": 10, "t4.review.corrected": 1})
    assert check_op(c) == "=" and expected_text(c) == "11" and difference_text(c) == "-11"
    assert outcome_text(c) == "应为 11，实为 0，相差 -11"
    blank = evaluate(eq, {"t4.review.total": None, "t4.review.upheld": 10, "t4.review.corrected": 1})
    assert blank.status == "incomplete" and outcome_text(blank) == "有空白或缺失，无法核对"


def test_where_a_cell_was_read_in_words():
    assert where_text("line 74 word 3") == "第 74 行第 3 个数"
    assert where_text("表三!H8") == "工作表“表三”H8 单元格"
    assert where_text("page 3 table 2 r5c7") == "第 3 页第 2 个表格第 5 行第 7 列"
    assert where_text("table 2 r3c4") == "第 2 个表格第 3 行第 4 列"
    assert where_text("001.txt") == "001.txt"
