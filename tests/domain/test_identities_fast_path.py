"""The identities read a report's values through one ``itemgetter`` call on ``_Values`` (a dict whose missing
keys read None); any other mapping is read key by key with ``.get``. Both must give the same results."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain import identities as I
from xxgk.domain.identities import Eq, _eq, _Values, evaluate
from xxgk.domain.model import CheckResult

KEYS = ["k.a", "k.b", "k.c", "k.d", "k.e"]
EQS = [Eq("R1", "一等于其余之和", ["k.a"], ["k.b", "k.c", "k.d"]),
       Eq("R2", "不超过", ["k.a"], ["k.b"], strict=False, op="<="),
       Eq("R3", "不少于", ["k.a", "k.b"], ["k.e"], op=">=", scope="x"),
       Eq("R4", "只有一格", ["k.a"], []),  # one key: the getter returns one value, not a tuple
       Eq("R5", "七项以上", ["k.a"], ["k.b", "k.c", "k.d", "k.e", "k.b", "k.c", "k.d"])]
NUMBER = st.one_of(st.none(), st.integers(-3, 30), st.sampled_from([0.5, 2.0, 1e-7, -0.0, 12.25]))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), NUMBER), st.booleans())
def test_the_report_path_and_the_mapping_path_agree(values: dict[str, int | float | None], require_all: bool) -> None:
    for eq in EQS:
        fast = evaluate(eq, _Values(values), require_all=require_all)
        slow = evaluate(eq, dict(values), require_all=require_all)
        assert fast.to_json() == slow.to_json()
        assert repr(fast.to_json()) == repr(slow.to_json())  # 0 and 0.0 differ here


def test_an_eq_is_built_once_and_prepared_once() -> None:
    a = _eq("R9", "同一条", ["k.a"], ["k.b"], op="<=")
    assert _eq("R9", "同一条", ("k.a",), ("k.b",), op="<=") is a
    evaluate(a, _Values({"k.a": 1, "k.b": 2}))
    assert a._prep is not None and a._prep.keys == ("k.a", "k.b")
    assert Eq("R9", "同一条", ["k.a"], ["k.b"], op="<=")._prep is None  # the class default: not prepared
    assert a == Eq("R9", "同一条", ["k.a"], ["k.b"], op="<=")  # the memo is no field: equality unchanged


def _evaluate_reference(eq: Eq, values: dict[str, int | float | None], require_all: bool) -> CheckResult:
    """evaluate as it was before its results read the Eq's fields from its _Prep (the same results)."""
    keys = [*eq.lhs, *eq.rhs]
    inputs = {k: values.get(k) for k in keys}
    formula = I._formula(tuple(eq.lhs), tuple(eq.rhs), eq.op)
    if None in inputs.values():
        missing = [k for k in keys if inputs[k] is None]
        if require_all or len(missing) == len(keys):
            names = "、".join(I._short(k) for k in missing[:4]) + ("等" if len(missing) > 4 else "")
            return CheckResult(eq.rule, "incomplete", f"{eq.title}：{names}为空白或缺失，无法核对", keys, eq.title,
                               formula, eq.strict, eq.scope, inputs)
        lhs = I._tidy(sum(inputs[k] or 0 for k in eq.lhs))
        rhs = I._tidy(sum(inputs[k] or 0 for k in eq.rhs))
    else:
        lhs = I._tidy(sum(inputs[k] for k in eq.lhs))  # type: ignore[misc]
        rhs = I._tidy(sum(inputs[k] for k in eq.rhs))  # type: ignore[misc]
    diff = I._tidy(lhs - rhs)
    if I._OK[eq.op](lhs, rhs):
        status = "pass"
        msg = f"{eq.title}：{I._fmt(lhs)} {I._OPS[eq.op]} {I._fmt(rhs)}，相符"
    else:
        status = "fail" if eq.strict else "warn"
        shown = [k for k in eq.rhs if inputs[k] != 0] if len(eq.rhs) > 6 else list(eq.rhs)
        parts = " + ".join(f"{I._short(k)} {I._fmt(inputs[k])}" for k in shown) or "0"
        if len(shown) < len(eq.rhs):
            parts += f"（其余 {len(eq.rhs) - len(shown)} 项为 0）"
        lparts = " + ".join(f"{I._short(k)} {I._fmt(inputs[k])}" for k in eq.lhs)
        msg = f"{eq.title}不符：{lparts} 应{I._op(eq.op)} {parts} = {I._fmt(rhs)}，相差 {I._fmt(diff)}"
    return CheckResult(eq.rule, status, msg, keys, eq.title, formula, eq.strict, eq.scope, inputs, rhs, lhs, diff)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), NUMBER), st.booleans())
def test_evaluate_gives_what_the_plain_evaluation_gives(values: dict[str, int | float | None],
                                                        require_all: bool) -> None:
    for eq in EQS:
        got = evaluate(eq, _Values(values), require_all=require_all)
        ref = _evaluate_reference(eq, values, require_all)
        assert got == ref
        assert repr(got) == repr(ref)  # 0 and 0.0 differ here
