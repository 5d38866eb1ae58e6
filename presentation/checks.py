"""How one check result reads to a reviewer: what it expects, what was found, and the difference.

A limit (``≤``, ``≥``: 办理结果不超过申请总量, 本年制发不超过现行有效与本年废止之和 …) reads as a limit:
``≤ 10，实为 0，相符`` — never ``10 0 -10``, which reads like a failure. The operator is read from the
check's formula (the domain writes ``lhs ≤ rhs``), so results archived before this wording read the same.
"""
from __future__ import annotations

from typing import Protocol

from xxgk.presentation.numbers import Number, number_text, signed_text

LIMITS = ("≤", "≥")


class CheckLike(Protocol):
    """A ``CheckResult`` or a ``Failure``: the fields these texts read."""

    @property
    def status(self) -> str: ...
    @property
    def formula(self) -> str: ...
    @property
    def expected(self) -> Number | None: ...
    @property
    def actual(self) -> Number | None: ...
    @property
    def difference(self) -> Number | None: ...


def check_op(check: CheckLike) -> str:
    """``≤``, ``≥`` for a limit, ``=`` for an equality (and for checks without a formula of that shape)."""
    formula = check.formula or ""
    for op in LIMITS:
        if f" {op} " in formula:
            return op
    return "="


def expected_text(check: CheckLike) -> str:
    """The 应为 column: ``10`` for an equality, ``≤10`` for a limit; blank when nothing was computed."""
    text = number_text(check.expected)
    op = check_op(check)
    return f"{op}{text}" if text and op != "=" else text


def difference_text(check: CheckLike) -> str:
    """The 差 column: the signed difference; nothing for a limit that holds (there is no shortfall)."""
    if check.difference is None:
        return ""
    if check_op(check) != "=" and check.status == "pass":
        return ""
    return signed_text(check.difference)


def outcome_text(check: CheckLike) -> str:
    """One phrase: ``≤ 10，实为 0，相符``; ``应为 10，实为 8，相差 -2``; ``≤ 10，实为 13，超出 3``."""
    if check.expected is None and check.actual is None:
        return "有空白或缺失，无法核对" if check.status == "incomplete" else ""
    op = check_op(check)
    head = f"{op} {number_text(check.expected)}" if op != "=" else f"应为 {number_text(check.expected)}"
    text = f"{head}，实为 {number_text(check.actual)}"
    if check.status == "pass":
        return text + "，相符"
    diff = check.difference
    if diff is None:
        return text
    if op == "≤":
        return text + f"，超出 {number_text(abs(diff))}"
    if op == "≥":
        return text + f"，少 {number_text(abs(diff))}"
    return text + f"，相差 {signed_text(diff)}"
