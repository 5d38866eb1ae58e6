"""The overview's first page is the first page of the pinyin order, read without the pinyin of every name."""
from __future__ import annotations

import random

from xxgk.presentation.collation import PHRASES, agency_key
from xxgk.workflows.overview import first_in_order

HEADS = ["安", "阿", "爱", "澳", "北", "东", "大", "长", "重", "六", "乐", "单", "淮", "盘", "A", "a", "1", "（", "〇", "𠀀"]
TAILS = ["安", "庆", "市", "人民政府", "财政局", "子县", "亭", "县", "x", "Z", " ", "东阿", "厦门"]


def names(seed: int, n: int) -> list[tuple[int, str]]:
    rng = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        name = rng.choice(HEADS) + "".join(rng.choice(TAILS) for _ in range(rng.randint(0, 3)))
        if rng.random() < 0.05:
            name = rng.choice(list(PHRASES)) + name
        out.add(name)
    return list(enumerate(sorted(out, key=lambda _: rng.random())))


def test_the_first_page_is_the_sorted_order_s_first_page():
    for seed in range(30):
        agencies = names(seed, random.Random(seed).choice([10, 200, 600, 3000]))
        expected = sorted(agencies, key=lambda a: agency_key(a[1]))
        for n in (1, 20, 120):
            assert first_in_order(agencies, n) == expected[:n], (seed, n)


def test_names_of_one_reading_and_names_with_no_reading():
    agencies = [(i, f"安{i}") for i in range(500)] + [(1000 + i, f"A{i}") for i in range(500)]
    expected = sorted(agencies, key=lambda a: agency_key(a[1]))
    assert first_in_order(agencies, 120) == expected[:120]
    assert first_in_order([], 120) == []
