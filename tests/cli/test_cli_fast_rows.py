"""The shortcuts ``check``/``failures`` take at 100,000 reports give what the generic path gives: a table
row in one call (``_table_row``) the cells of ``COLUMNS``; a year-keyed inputs object passed through
(``FailureJson``) only when decoding and encoding it again would give the same text."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.cli.test_cli_untrusted_text import HOSTILE, report
from xxgk.cli import output
from xxgk.cli.commands.checks import COLUMNS, FailureJson, _table_row
from xxgk.store import Archive
from xxgk.workflows.checking import ALL_STATUSES, iter_findings


def _cells(row):
    return [output.cell_text(v) for v in row]


def test_a_table_row_is_the_columns_cells(run, db, text_folder, tmp_path):
    assert run("import", text_folder)[0] == 0
    hostile = tmp_path / "h.sqlite"
    text = "".join(HOSTILE) + "淮安“市”"
    with Archive(hostile) as archive:
        archive.save_reports([report(text + "局", 2023, text, text, text, "a.txt", 5)])
        archive.save_reports([report(None, None, text, text, text, "b.txt", 6)])
    found = []
    for path in (db, hostile):
        with Archive(path, read_only=True) as archive:
            found += list(iter_findings(archive, statuses=ALL_STATUSES))
    assert any(f.other_year for f in found) and any(f.agency is None for f in found)
    assert {f.status for f in found} == set(ALL_STATUSES)
    for f in found:
        assert _cells(_table_row(f)) == _cells([c.get(f) for c in COLUMNS])


@pytest.mark.parametrize("stored", [
    '{"2021:a.b":0,"2022:c":-12,"2022:d":null}', "{}", '{"k":1}',  # passed through
    '{"k":1.5}', '{"k":-0}', '{"k":1e3}', '{"a":1,"a":2}', '{"\\u00e9":1}', '{"中":1}', '{"k":[1]}',
    '{"k": 1}', '{"k":"x"}', '{"k":01}',
])
def test_year_keyed_inputs_are_written_as_decoded(run, db, text_folder, stored):
    assert run("import", text_folder)[0] == 0
    with Archive(db, read_only=True) as archive:
        cross = next(f for f in iter_findings(archive, statuses=ALL_STATUSES) if f.inputs_json.startswith("{"))
    try:
        decoded = json.loads(stored)
    except ValueError:
        return  # not JSON: never stored
    f = replace(cross, inputs_json=stored)
    line = FailureJson()(f)
    assert json.loads(line)["inputs"] == decoded
    assert line == output.json_text(cross.to_json() | {"inputs": decoded}, indent=None)


def test_a_grid_row_as_list_writes_it_is_its_json(run, db, text_folder):
    from xxgk.cli.commands.overview import row_json
    from xxgk.workflows.overview import iter_grid_rows

    assert run("import", text_folder)[0] == 0
    with Archive(db, read_only=True) as archive:
        years = archive.grid_years()
        rows = list(iter_grid_rows(archive))
    assert len(rows) > 3 and any(len(r.cells) < len(years) for r in rows)
    rows[0].cells[next(iter(rows[0].cells))].n_excluded = 2  # as `list --open` counts
    for r in rows:
        assert output.json_text(row_json(r, years), None) == output.json_text(r.to_json(years), None)


def test_the_table_from_narrow_lines_is_the_table_from_findings(run, db, text_folder, tmp_path):
    from xxgk.cli.commands.checks import _line_cells
    from xxgk.workflows.checking import FindingCounts, iter_finding_lines

    assert run("import", text_folder)[0] == 0
    hostile = tmp_path / "h.sqlite"
    text = "".join(HOSTILE) + "淮安“市”"
    with Archive(hostile) as archive:
        archive.save_reports([report(text + "局", 2023, text, text, text, "a.txt", 5)])
        archive.save_reports([report(None, None, text, text, text, "b.txt", 6)])
    headers = [c.header for c in COLUMNS]
    with Archive(db, read_only=True) as archive:
        found = list(iter_findings(archive))
    rules = f"{found[0].rule.split('.')[0]}|{found[-1].rule_id}"  # a family, and a rule with its scope
    for path, queries in ((db, [{}, {"year": 2023}, {"rule": rules}, {"statuses": ("incomplete", "warn")},
                                {"agency": "淮安市洪泽区人民政府"}]), (hostile, [{}])):
        with Archive(path, read_only=True) as archive:
            for query in queries:
                lines_counts, rows_counts = FindingCounts(), FindingCounts()
                lines = iter_finding_lines(archive, **query)
                assert lines is not None
                narrow = output.render_table(headers, map(_line_cells, lines_counts.counting_lines(lines)))
                wide = output.render_table(headers, map(_table_row, rows_counts.counting(
                    iter_findings(archive, **query))))
                assert narrow == wide and len(narrow.splitlines()) > 3, query
                assert lines_counts.summary(7) == rows_counts.summary(7)
            assert iter_finding_lines(archive, statuses=ALL_STATUSES) is None  # passes: the records' way


def test_flat_rows_are_the_csv_rows_of_the_findings(run, db, text_folder, tmp_path):
    from xxgk.cli.commands.checks import _NO_VERDICT, _csv_row
    from xxgk.workflows.checking import FindingCounts, iter_finding_flat

    assert run("import", text_folder)[0] == 0
    hostile = tmp_path / "h.sqlite"
    text = "".join(HOSTILE) + "淮安“市”"
    with Archive(hostile) as archive:
        archive.save_reports([report(text + "局", 2023, text, text, text, "=a.txt", 5)])
        archive.save_reports([report(None, None, text, text, text, "b.txt", 6)])
    for path in (db, hostile):
        with Archive(path, read_only=True) as archive:
            for query in ({}, {"year": 2023}, {"statuses": ("incomplete", "fail")}):
                flat_counts, rows_counts = FindingCounts(), FindingCounts()
                flat = iter_finding_flat(archive, **query)
                assert flat is not None
                got = [list(r + _NO_VERDICT) for r in flat_counts.counting_lines(flat, 2, 6, 5)]
                want = [_csv_row(f) for f in rows_counts.counting(iter_findings(archive, **query))]
                assert got == want and got, query
                assert flat_counts.summary(3) == rows_counts.summary(3)
                assert flat_counts.has_strict_failure == rows_counts.has_strict_failure
