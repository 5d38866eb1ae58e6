"""The agency lookup is indexed: the same decisions as comparing a name with every known spelling, at a
cost that does not grow with the number of agencies."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.names import clean_name, is_prefix_variant, pick_agency, variant_keys
from xxgk.store import Archive

PROVINCES = ["江苏省", "辽宁省", ""]
CITIES = ["淮安市", "宿迁市", "盘锦市", ""]
DISTRICTS = ["洪泽区", "清江浦区", "双台子区", "泗洪县", ""]
OFFICES = ["人民政府", "财政局", "人民政府办公室", "公安局", "商务局"]
names = st.builds(lambda p, c, d, o: p + c + d + o, st.sampled_from(PROVINCES), st.sampled_from(CITIES),
                  st.sampled_from(DISTRICTS), st.sampled_from(OFFICES))


def brute_force(sequence: list[str]) -> list[tuple[str, list[str]]]:
    """What the archive should hold after resolving ``sequence``: every spelling compared with every agency."""
    agencies: dict[int, list[str]] = {}
    for raw in sequence:
        name = clean_name(raw)
        found = next((i for i, s in agencies.items() if s[0] == name), None)
        if found is None:
            found = next((i for i, s in agencies.items() if name in s[1:]), None)
        if found is None:
            found = pick_agency(name, agencies)
        if found is None:
            agencies[len(agencies) + 1] = [name]
        elif name not in agencies[found]:
            agencies[found].append(name)
    return sorted((s[0], sorted(s[1:])) for s in agencies.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=1, max_size=25))
def test_indexed_lookup_decides_like_a_full_comparison(tmp_path_factory, sequence):
    path = tmp_path_factory.mktemp("idx") / "a.sqlite"
    with Archive(path) as a:
        with a._write():
            for name in sequence:
                if len(clean_name(name)) >= 2:
                    a._resolve_agency(name)
        got = sorted((i.name, i.aliases) for i in a.agencies())
    assert got == brute_force([n for n in sequence if len(clean_name(n)) >= 2])


@given(st.sampled_from(PROVINCES + CITIES), names)
def test_variant_keys_find_every_prefix_variant(prefix, name):
    longer = prefix + name
    if is_prefix_variant(name, longer):
        assert clean_name(name) in variant_keys(longer)


def _steps(archive: Archive, name: str) -> int:
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    archive.conn.set_progress_handler(count, 1)
    try:
        archive._lookup_agency(name)
    finally:
        archive.conn.set_progress_handler(None, 1)
    return steps[0]


def test_lookup_cost_does_not_grow_with_the_agencies(tmp_path):
    """SQLite virtual-machine steps of one lookup of a new name: about the same with 20 or 4,000 agencies
    (the old rule scanned every agency and alias: 200 times more)."""
    costs = []
    with Archive(tmp_path / "a.sqlite") as a:
        for total in (20, 4000):
            with a._write():
                have = a.counts()["agencies"]
                for i in range(have, total):
                    a._resolve_agency(f"示范{i:05d}市第{i % 9}区人民政府")
            costs.append(_steps(a, "第3区人民政府办公室新设的一个机关"))
    assert costs[1] < 2 * costs[0] + 50, costs
