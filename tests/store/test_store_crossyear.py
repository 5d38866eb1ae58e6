"""Cross-year identities (spec §5) are computed when both years are archived, and kept current."""
from __future__ import annotations

COLS = ("natural", "commercial", "research", "social", "legal", "other", "total")


def carry_out(n):  # year N-1: row 四 结转下年度
    return {f"t3.4.{c}": n for c in COLS}


def carry_in(n):  # year N: row 二 上年结转
    return {f"t3.2.{c}": n for c in COLS}


def x1(archive, report_id):
    return [c for c in archive.report_detail(report_id).cross_year if c.check.rule == "X1"]


def test_x1_fail_is_stored(archive, make):
    prev = archive.save_report(make(year=2022, values=carry_out(5), checks=[]))
    cur = archive.save_report(make(year=2023, values=carry_in(5) | {"t3.2.total": 7}, checks=[]))
    rows = x1(archive, cur.report_id)
    assert len(rows) == 7
    assert all(r.report_id == cur.report_id and r.other_report_id == prev.report_id for r in rows)
    [total] = [r for r in rows if r.check.scope == "total"]
    assert total.check.status == "fail" and total.check.strict
    assert {r.check.status for r in rows if r.check.scope != "total"} == {"pass"}
    # the N-1 report sees the same pair
    assert len(x1(archive, prev.report_id)) == 7
    # archive-wide failures and the grid count it on year N
    [f] = archive.failures(rule="X1")
    assert (f.report_id, f.other_report_id, f.other_year, f.scope) == (cur.report_id, prev.report_id, 2022, "total")
    assert archive.list_grid().cell("淮安市洪泽区人民政府", 2023).n_strict_fail == 1
    assert archive.list_grid().cell("淮安市洪泽区人民政府", 2022).n_strict_fail == 0


def test_order_of_import_does_not_matter(archive, make):
    cur = archive.save_report(make(year=2023, values=carry_in(5) | {"t3.2.total": 7}, checks=[]))
    assert x1(archive, cur.report_id) == []
    archive.save_report(make(year=2022, values=carry_out(5), checks=[]))
    assert [r.check.status for r in x1(archive, cur.report_id) if r.check.scope == "total"] == ["fail"]


def test_new_version_recomputes_without_stale_rows(archive, make):
    archive.save_report(make(year=2022, values=carry_out(5), checks=[], content="v1"))
    cur = archive.save_report(make(year=2023, values=carry_in(5) | {"t3.2.total": 7}, checks=[]))
    fixed = archive.save_report(make(year=2022, values=carry_out(5) | {"t3.4.total": 7}, checks=[], content="v2"))
    assert fixed.status == "new_version"
    rows = x1(archive, cur.report_id)
    assert len(rows) == 7 and {r.check.status for r in rows} == {"pass"}
    assert {r.other_report_id for r in rows} == {fixed.report_id}
    assert archive.failures(rule="X1") == []
    assert archive.list_grid().cell("淮安市洪泽区人民政府", 2023).n_fail == 0


def test_no_cross_year_across_a_gap_or_other_agency(archive, make):
    archive.save_report(make(year=2021, values=carry_out(5), checks=[]))
    archive.save_report(make("盘锦市商务局", 2022, values=carry_in(9), checks=[]))
    cur = archive.save_report(make(year=2023, values=carry_in(9), checks=[]))
    assert x1(archive, cur.report_id) == []
    assert archive.counts()["checks"] == 0
