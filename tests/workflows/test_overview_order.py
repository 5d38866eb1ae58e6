"""The overview's first page is the first page of the pinyin order, read without the pinyin of every name."""
from __future__ import annotations

import random

from xxgk.presentation.collation import PHRASES, agency_key
from xxgk.workflows.overview import first_in_archive

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


class Initials:
    """What ``first_in_archive`` asks of an archive, over a list of agencies; it counts what was read."""

    def __init__(self, agencies: list[tuple[int, str]]) -> None:
        self.agencies = agencies
        self.read = 0

    def agency_initials(self) -> list[str]:
        return sorted({name[:1] for _, name in self.agencies})

    def grid_agencies_starting(self, head: str) -> list[tuple[int, str]]:
        found = [a for a in self.agencies if a[1][:1] == head]
        self.read += len(found)
        return found


def test_the_first_page_from_the_archive_is_the_sorted_order_s_first_page():
    for seed in range(30):
        agencies = names(seed, random.Random(seed).choice([10, 200, 600, 3000]))
        expected = sorted(agencies, key=lambda a: agency_key(a[1]))
        for n in (1, 20, 120):
            assert first_in_archive(Initials(agencies), n) == expected[:n], (seed, n)  # type: ignore[arg-type]


def test_the_archive_s_first_page_reads_only_the_first_readings():
    heads = "安北淮盘东长"  # 东 and 长 start phrases (东阿 dong e, 长子县 zhang zi xian); 长 alone is chang
    agencies = [(i, f"{head}{i}市") for i, head in enumerate(heads * 300)]
    archive = Initials(agencies)
    expected = sorted(agencies, key=lambda a: agency_key(a[1]))
    assert first_in_archive(archive, 120) == expected[:120]  # type: ignore[arg-type]
    assert archive.read == 300  # the names of 安 only
    archive = Initials(agencies)
    assert first_in_archive(archive, 400) == expected[:400]  # type: ignore[arg-type]
    assert archive.read == 2 * 300  # 安 and 北: 东's names read dong, 长's chang or zhang, both after bei
    archive = Initials(agencies)
    assert first_in_archive(archive, 700) == expected[:700]  # type: ignore[arg-type]
    assert archive.read == 5 * 300  # 安, 北, 淮 (huai), then 东 and 长, which may read before huai; not 盘


def test_names_of_one_reading_and_names_with_no_reading():
    agencies = [(i, f"安{i}") for i in range(500)] + [(1000 + i, f"A{i}") for i in range(500)]
    expected = sorted(agencies, key=lambda a: agency_key(a[1]))
    assert first_in_archive(Initials(agencies), 120) == expected[:120]  # type: ignore[arg-type]
    assert first_in_archive(Initials([]), 120) == []  # type: ignore[arg-type]
