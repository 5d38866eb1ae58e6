"""Identities: pass / fail / warn / incomplete on hand-made tables, and property tests."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain import templates as T
from xxgk.domain.identities import check_c, check_cross_year, check_report
from xxgk.domain.narrative import narrative_checks

COLS = [c.key for c in T.T3_COLUMNS]


def consistent_t3(leaf_values: dict[str, list[int]], carried_in: list[int]) -> dict[str, int]:
    """Build a 2021 table 三 that satisfies every identity from per-leaf breakdowns (6 columns)."""
    vals: dict[str, int] = {}
    for leaf, six in leaf_values.items():
        for c, v in zip(COLS[:6], six, strict=True):
            vals[f"t3.{leaf}.{c}"] = v
        vals[f"t3.{leaf}.total"] = sum(six)
    for i, c in enumerate(COLS):
        done = sum(vals[f"t3.{leaf}.{c}"] for leaf in leaf_values)
        vals[f"t3.3.7.{c}"] = done
        carry_in = carried_in[i] if i < 6 else sum(carried_in)
        vals[f"t3.2.{c}"] = carry_in
        vals[f"t3.4.{c}"] = carry_in  # carried out = carried in; new = done
        vals[f"t3.1.{c}"] = done
    return vals


leaf_strategy = st.lists(st.integers(0, 500), min_size=6, max_size=6)


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({leaf: leaf_strategy for leaf in T.T3_LEAVES_A}),
       st.lists(st.integers(0, 50), min_size=6, max_size=6))
def test_consistent_tables_pass(leaves, carried) -> None:
    vals = consistent_t3(leaves, carried)
    checks = check_report(vals, "2021")
    assert checks and all(c.status == "pass" for c in checks), [c.message for c in checks if c.status != "pass"]


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({leaf: leaf_strategy for leaf in T.T3_LEAVES_A}),
       st.lists(st.integers(0, 50), min_size=6, max_size=6),
       st.sampled_from(T.T3_LEAVES_A), st.sampled_from(COLS[:6]), st.integers(1, 9))
def test_one_changed_cell_fails_with_the_difference(leaves, carried, leaf, col, bump) -> None:
    vals = consistent_t3(leaves, carried)
    vals[f"t3.{leaf}.{col}"] += bump
    failing = [c for c in check_report(vals, "2021") if c.status == "fail"]
    rules = {(c.rule, c.scope) for c in failing}
    assert ("A3.3", leaf) in rules  # the row total no longer matches
    assert ("A3.2", col) in rules  # the column's result sum no longer matches
    a32 = next(c for c in failing if (c.rule, c.scope) == ("A3.2", col))
    assert a32.difference == -bump
    assert f"t3.{leaf}.{col}" in a32.keys


def test_blank_input_is_incomplete_never_pass() -> None:
    vals = consistent_t3({leaf: [0] * 6 for leaf in T.T3_LEAVES_A}, [0] * 6)
    vals["t3.1.natural"] = None
    by = {(c.rule, c.scope): c.status for c in check_report(vals, "2021")}
    assert by[("A3.1", "natural")] == "incomplete"
    assert by[("A3.3", "1")] == "incomplete"
    assert by[("A3.1", "total")] == "pass"


def test_missing_key_is_incomplete() -> None:
    vals = consistent_t3({leaf: [1] * 6 for leaf in T.T3_LEAVES_A}, [0] * 6)
    del vals["t3.3.5.2.natural"]
    by = {(c.rule, c.scope): c.status for c in check_report(vals, "2021")}
    assert by[("A3.2", "natural")] == "incomplete"


def test_negative_and_fractional_counts_fail_a34() -> None:
    vals = consistent_t3({leaf: [0] * 6 for leaf in T.T3_LEAVES_A}, [0] * 6)
    vals["t3.3.1.legal"] = -1
    vals["t3.3.2.social"] = 1.5
    a34 = [c for c in check_report(vals, "2021") if c.rule == "A3.4"]
    assert len(a34) == 1 and a34[0].status == "fail"
    assert set(a34[0].inputs) == {"t3.3.1.legal", "t3.3.2.social"}


def test_t4_soft_and_strict() -> None:
    vals = {k: 0 for k in T.T4_KEYS}
    vals.update({"t4.review.upheld": 10, "t4.review.corrected": 1, "t4.review.total": 0})
    by = {(c.rule, c.scope): c for c in check_report(vals, "2021")}
    assert by[("A4.1", "review")].status == "fail"
    assert by[("A4.1", "review")].expected == 11 and by[("A4.1", "review")].difference == -11
    assert by[("A4.2", "suit_direct")].status == "pass"


def test_a21_is_soft() -> None:
    vals = {"t2.regulations.issued": 5, "t2.regulations.repealed": 0, "t2.regulations.in_force": 3}
    [a21] = [c for c in check_report(vals, "2021") if c.rule == "A2.1"]
    assert a21.status == "warn" and not a21.strict


def test_c3_and_c4_fallback() -> None:
    vals = {"c.ans.total": 10, "c.ans.already_public": 1, "c.ans.granted": 2, "c.ans.partial": 0, "c.ans.refused": 4,
            "c.ans.not_this_agency": 0, "c.ans.not_exist": 0, "c.ans.asked_to_amend": 0, "c.ans.other_channel": 0,
            "c.ans.refused.state_secret": 1, "c.ans.refused.commercial_secret": 1}
    by = {c.rule: c for c in check_c(vals)}
    assert by["C3"].status == "fail" and by["C3"].expected == 7 and by["C3"].actual == 10
    # a variant without the catch-all reason: "≥" instead of "="
    assert by["C4"].status == "pass" and "≥" in by["C4"].formula


def test_cross_year_x1_and_x3() -> None:
    class R:
        def __init__(self, year, template, values):
            self.year, self.template, self._v = year, template, values

        def value_map(self):
            return self._v

    prev = R(2023, "2021", {"t3.4.total": 5, "t3.4.natural": 5, "t2.normative.in_force": 10})
    cur = R(2024, "2021", {"t3.2.total": 4, "t3.2.natural": 5, "t2.normative.in_force": 11,
                           "t2.normative.issued": 2, "t2.normative.repealed": 1})
    by = {(c.rule, c.scope): c for c in check_cross_year(prev, cur)}
    assert by[("X1", "total")].status == "fail" and by[("X1", "total")].difference == -1
    assert by[("X1", "natural")].status == "pass"
    assert by[("X3", "normative")].status == "pass"
    assert check_cross_year(cur, prev) == []  # not consecutive in that order
    assert all(c.rule != "X1" for c in check_cross_year(R(2018, "pre2019", {}), R(2019, "2019", {"t3.2.total": 1})))


def test_narrative_scope_difference_is_a_warning() -> None:
    [c] = narrative_checks("2024年，区政府办代表区政府受理政府信息公开申请 17 件。", {"t3.1.total": 95}, pre2019=False)
    assert c.status == "warn" and c.actual == 17 and c.expected == 95 and not c.strict
