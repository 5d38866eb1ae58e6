"""The matcher's ``_ends_with_shortened`` jumps to the positions of a label's first character instead of
comparing every cut length: the same answer as the former loop (kept as ``_ends_with_shortened_slow``) on
every row label of every table, cut at every length, after text that may repeat the label's characters."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.importers import matcher as M

ROWS = [r for rows in M._TABLE_ROWS.values() for r in rows]
FULLS = sorted({f for r in ROWS for f in r.match_fulls})


def test_every_label_cut_at_every_length() -> None:
    seen = {True: 0, False: 0}
    for row in ROWS:
        for full in row.match_fulls:
            for k in range(len(full) + 1):
                for before in ("", "(三)", full[:3], "本年新收政府信息公开申请数"):
                    pending = before + full[:k]
                    want = M._ends_with_shortened_slow(pending, row.match_fulls)
                    assert M._ends_with_shortened(pending, row.match_fulls) == want, (pending, row.key)
                    seen[want] += 1
    assert seen[True] > 1000 and seen[False] > 1000  # both answers are exercised


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(range(len(ROWS))), st.lists(st.sampled_from(FULLS), max_size=3),
       st.integers(0, 60), st.integers(0, 60))
def test_any_pending_text(row_i: int, texts: list[str], cut: int, drop: int) -> None:
    fulls = ROWS[row_i].match_fulls
    pending = "".join(texts)[drop:] + fulls[0][:cut]
    assert M._ends_with_shortened(pending, fulls) == M._ends_with_shortened_slow(pending, fulls)
