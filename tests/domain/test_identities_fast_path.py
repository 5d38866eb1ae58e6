"""The identities read a report's values through one ``itemgetter`` call on ``_Values`` (a dict whose missing
keys read None); any other mapping is read key by key with ``.get``. Both must give the same results."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.identities import Eq, _eq, _Values, evaluate

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
