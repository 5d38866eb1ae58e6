"""Reads that stream and page: the overview a page at a time, failures streamed in index order, counts
from the reports' own counts."""
from __future__ import annotations

import types
from itertools import islice

import pytest

from tests.conftest import SAMPLES
from xxgk.store import Archive
from xxgk.workflows.importing import import_paths


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("reads") / "a.sqlite"
    with Archive(path) as a:
        import_paths(a, [p for p in sorted(SAMPLES.iterdir()) if p.suffix in (".txt", ".html", ".htm", ".xlsx")],
                     jobs=1)
    with Archive(path, read_only=True) as a:
        yield a


def test_grid_pages_are_the_grid(filled):
    grid = filled.list_grid()
    assert filled.grid_years() == grid.years and filled.grid_size() == len(grid.rows) == 8
    pages = [filled.grid_rows(offset, 3) for offset in range(0, 9, 3)]
    assert [len(p) for p in pages] == [3, 3, 2]
    assert [r for p in pages for r in p] == grid.rows
    assert list(filled.iter_grid_rows()) == grid.rows
    from xxgk.store.reading import _GRID_COLUMNS

    plan = " ".join(r[3] for r in filled.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT {_GRID_COLUMNS} FROM agencies a CROSS JOIN reports r ON r.agency_id = a.id "
        "AND r.superseded_by IS NULL AND r.year IS NOT NULL ORDER BY a.name, r.year"))
    assert "TEMP B-TREE" not in plan, plan  # the overview streams in index order
    assert [r.agency for r in grid.rows] == sorted(r.agency for r in grid.rows)


def test_failures_stream_in_index_order(filled):
    stream = filled.iter_failures(statuses=("fail", "warn", "incomplete"))
    assert isinstance(stream, types.GeneratorType)
    every = filled.failures(statuses=("fail", "warn", "incomplete"))
    assert list(islice(filled.iter_failures(statuses=("fail", "warn", "incomplete")), 5)) == every[:5]
    for offset in (0, 3, len(every) - 2):
        assert filled.failures(statuses=("fail", "warn", "incomplete"), limit=4, offset=offset) == \
            every[offset:offset + 4]
    for filters, params in (([], []), (["r.year = ?"], [2024])):
        for filed in (True, False):
            sql, more = filled._failing_sql(filters, ("fail", "warn"), None, filed=filed)
            plan = " ".join(r[3] for r in filled.conn.execute(f"EXPLAIN QUERY PLAN {sql}", [*params, *more]))
            assert "TEMP B-TREE" not in plan and "SCAN c" not in plan, plan  # walked in its sort order
    with_passes = filled.failures(statuses=("fail", "warn", "incomplete", "pass"))
    assert [f for f in with_passes if f.status != "pass"] == every
    current = filled._reports("r.superseded_by IS NULL")
    assert len(with_passes) == sum(r.n_pass + r.n_fail + r.n_warn + r.n_incomplete for r in current)


def test_counts_agree_with_the_rows(filled):
    counts = filled.counts()
    rows = {t: filled.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("agencies", "reports", "report_values", "warnings")}
    assert (counts["agencies"], counts["reports"], counts["values"], counts["warnings"]) == \
        (rows["agencies"], rows["reports"], rows["report_values"], rows["warnings"])
    every = sum(len(filled.report_checks(r.id)) + sum(len(filled.cross_year_checks(r.id, o))
                for (o,) in filled.conn.execute("SELECT other_report_id FROM check_packs WHERE report_id = ? "
                                                "AND other_report_id IS NOT NULL", (r.id,)))
                for r in filled._reports("1"))
    assert counts["checks"] == every
    grid = filled.list_grid()  # count_current also counts the reports waiting for review (their checks list too)
    assert filled.count_current() == sum(len(r.cells) for r in grid.rows) + grid.needs_review


def test_failure_counts_are_the_rows_counted(filled):
    """The failures screen counts in SQL what it pages through: every filter, the same numbers."""
    from collections import Counter

    statuses = ("fail", "warn", "incomplete")
    for kwargs in ({}, {"year": 2024}, {"agency_like": "洪泽"}, {"rule": "A4"}, {"rule": "A4.1|C3"},
                   {"agency_like": "市", "year": 2022}):
        rows = filled.failures(statuses=statuses, **kwargs)
        counted = Counter((f.status, f.strict) for f in rows)
        assert filled.count_failures(statuses=statuses, **kwargs) == dict(counted), kwargs
    assert {f.rule for f in filled.failures(rule="A4.1|C3")} == {"A4.1", "C3"}
    hongze = filled.failures(agency_like="洪泽")
    assert hongze and {f.agency for f in hongze} == {"淮安市洪泽区人民政府"}
    assert filled.failures(agency_like="100%_") == [] and filled.count_failures(agency_like="100%_") == {}
    # a part of a name pages like the whole list
    every = filled.failures(agency_like="市", statuses=statuses)
    assert filled.failures(agency_like="市", statuses=statuses, limit=3, offset=2) == every[2:5]
