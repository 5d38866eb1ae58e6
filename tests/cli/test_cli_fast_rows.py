"""The shortcuts ``check``/``failures`` take at 100,000 reports give what the generic path gives: a table
row in one call (``_table_row``) the cells of ``COLUMNS``; a year-keyed inputs object passed through
(``FailureJson``) only when decoding and encoding it again would give the same text."""
from __future__ import annotations

import io
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


def _archives(run, db, text_folder, tmp_path):
    """The samples' archive and one of hostile text (a report waiting for review among them)."""
    assert run("import", text_folder)[0] == 0
    hostile = tmp_path / "h.sqlite"
    text = "".join(HOSTILE) + "淮安“市”"
    with Archive(hostile) as archive:
        archive.save_reports([report(text + "局", 2023, text, text, text, "=a.txt", 5)])
        archive.save_reports([report(None, None, text, text, text, "b.txt", 6)])
    return db, hostile


def _queries(db):
    with Archive(db, read_only=True) as archive:
        found = list(iter_findings(archive))
    rules = f"{found[0].rule.split('.')[0]}|{found[-1].rule_id}"  # a family, and a rule with its scope
    return [{}, {"year": 2023}, {"rule": rules}, {"statuses": ("incomplete", "warn")},
            {"statuses": ("incomplete", "fail")}, {"agency": "淮安市洪泽区人民政府"}]


@pytest.mark.parametrize("page", [1000, 2, 3])
def test_the_table_from_pages_is_the_table_from_findings(run, db, text_folder, tmp_path, monkeypatch, page):
    """``_table_pages`` (the store's narrow rows a page at a time) gives the table and the counts of the
    findings' records, with pages short enough that widths change from page to page."""
    from xxgk.cli.commands.checks import _table_pages
    from xxgk.workflows.checking import FindingCounts, finding_pages

    monkeypatch.setattr(output, "PAGE", page)
    db, hostile = _archives(run, db, text_folder, tmp_path)
    headers = [c.header for c in COLUMNS]
    for path, queries in ((db, _queries(db)), (hostile, [{}])):
        with Archive(path, read_only=True) as archive:
            for query in queries:
                pages_counts, rows_counts = FindingCounts(), FindingCounts()
                found = finding_pages(archive, "lines", size=page, **query)
                assert found is not None
                buffer = io.StringIO()
                output.write_columns(headers, _table_pages(found, pages_counts), out=buffer)
                wide = output.render_table(headers, map(_table_row, rows_counts.counting(
                    iter_findings(archive, **query))))
                assert buffer.getvalue().removesuffix("\n") == wide and len(wide.splitlines()) > 3, query
                assert pages_counts.summary(7) == rows_counts.summary(7)
                assert pages_counts.has_strict_failure == rows_counts.has_strict_failure
            assert finding_pages(archive, "lines", statuses=ALL_STATUSES) is None  # passes: the records' way


@pytest.mark.parametrize("page", [1000, 2])
def test_csv_from_pages_is_the_csv_of_the_findings(run, db, text_folder, tmp_path, capsys, page):
    from xxgk.cli.commands.checks import FAILURE_FIELDS, _csv_pages, _csv_row
    from xxgk.workflows.checking import FindingCounts, finding_pages

    db, hostile = _archives(run, db, text_folder, tmp_path)
    for path, queries in ((db, _queries(db)), (hostile, [{}])):
        with Archive(path, read_only=True) as archive:
            for query in queries:
                pages_counts, rows_counts = FindingCounts(), FindingCounts()
                found = finding_pages(archive, "flat", size=page, **query)
                assert found is not None
                output.csv_columns(FAILURE_FIELDS, _csv_pages(found, pages_counts))
                got = capsys.readouterr().out
                output.csv_rows(FAILURE_FIELDS, map(_csv_row, rows_counts.counting(iter_findings(archive, **query))))
                assert got == capsys.readouterr().out and got.count("\n") > 2, query
                assert pages_counts.summary(3) == rows_counts.summary(3)


@pytest.mark.parametrize("page", [1000, 2])
def test_json_from_pages_is_the_json_of_the_findings(run, db, text_folder, tmp_path, capsys, page):
    """``_json_pages`` writes each finding as the generic ``json_text(finding.to_json())`` does."""
    from xxgk.cli.commands.checks import _json_pages
    from xxgk.workflows.checking import FindingCounts, finding_pages

    db, hostile = _archives(run, db, text_folder, tmp_path)
    for path, queries in ((db, _queries(db)), (hostile, [{}])):
        with Archive(path, read_only=True) as archive:
            for query in queries:
                pages_counts, rows_counts = FindingCounts(), FindingCounts()
                found = finding_pages(archive, "json", size=page, **query)
                assert found is not None
                output.json_chunks(_json_pages(found, pages_counts))
                got = capsys.readouterr().out
                output.json_list(f.to_json() for f in rows_counts.counting(iter_findings(archive, **query)))
                want = capsys.readouterr().out
                assert got == want and json.loads(got), query
                assert pages_counts.summary(3) == rows_counts.summary(3)
    assert "\x1b" not in got and "\\u009b" in got  # the hostile archive's: controls escaped


def test_json_from_pages_with_a_line_break_in_stored_inputs(run, db, text_folder, capsys):
    """A stored inputs text holding a line break (never written so, but taken as it is by ``inputs_text``)
    leaves the page's lines apart: each one is still the generic path's."""
    import sqlite3

    from xxgk.cli.commands.checks import _json_pages
    from xxgk.workflows.checking import FindingCounts, finding_pages

    assert run("import", text_folder)[0] == 0
    with Archive(db, read_only=True) as archive:
        listed = [f for f in iter_findings(archive) if f.inputs_json.startswith("[") and len(f.keys) > 1]
    conn = sqlite3.connect(db)
    with conn:
        odd = listed[0].inputs_json.replace(",", "\n,", 1)
        conn.execute("UPDATE checks SET inputs = ? WHERE inputs = ?", (odd, listed[0].inputs_json))
    conn.close()
    with Archive(db, read_only=True) as archive:
        found = finding_pages(archive, "json")
        assert found is not None
        output.json_chunks(_json_pages(found, FindingCounts()))
        got = capsys.readouterr().out
        output.json_list(map(FailureJson(), iter_findings(archive)), encoded=True)
        assert got == capsys.readouterr().out and "\n," in got


def test_a_message_is_copied_into_json_only_when_json_writes_it_so():
    """``json_as_is``: a character (UTF-8) is copied as it is only when ``json_scalar`` writes it as it is
    (every printable one: the others, and a quote or backslash, are written the generic way); invalid
    UTF-8 is never copied, nor two texts whose halves would make a character together."""
    chars = [chr(c) for c in [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 97)]]
    copied = {c for c in chars if output.json_as_is([c.encode()])}
    assert copied == {c for c in chars if c.isprintable()} - {'"', "\\"}
    assert [c for c in copied if output.json_scalar(c) != f'"{c}"'] == []
    assert output.json_as_is(["淮安“市” 1,2".encode(), b"", "中".encode()])
    assert not output.json_as_is([b"a", "中".encode()[:2], "中".encode()[2:]])
    assert not output.json_as_is([b"ok", b"\xff"]) and not output.json_as_is([b'a"b']) and not output.json_as_is([b"a\\"])


def test_json_pages_of_an_archive_in_another_encoding(run, db, text_folder, capsys):
    """An archive in UTF-16 (not one xxgk makes): its messages read as text, the same JSON."""
    import sqlite3

    from xxgk.cli.commands.checks import _json_pages
    from xxgk.workflows.checking import FindingCounts, finding_pages

    conn = sqlite3.connect(db)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t(x)")  # the encoding is the file's from now on
    conn.execute("DROP TABLE t")
    conn.close()
    assert run("import", text_folder)[0] == 0
    with Archive(db, read_only=True) as archive:
        assert archive.conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
        found = finding_pages(archive, "json")
        assert found is not None
        output.json_chunks(_json_pages(found, FindingCounts()))
        got = capsys.readouterr().out
        output.json_list(map(FailureJson(), iter_findings(archive)), encoded=True)
        assert got == capsys.readouterr().out and got.count("\n") > 3


def test_a_message_not_utf8_is_an_archive_error_in_json_as_in_a_table(run, db, text_folder):
    import sqlite3

    assert run("import", text_folder)[0] == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE checks SET message = CAST(x'e4b8ff' AS TEXT) WHERE rowid = "
                     "(SELECT min(rowid) FROM checks WHERE status = 'fail')")
    conn.close()
    for fmt in ("json", "table"):
        code, out, err = run("check", "--format", fmt)
        assert code == 2 and err.count("\n") == 1 and str(db) in err and "UTF-8" in err, (fmt, err)


@pytest.mark.parametrize("stream", ["utf-8", "gb18030", "ascii", "utf-16", "text"])
def test_json_chunks_write_what_json_list_writes(monkeypatch, stream):
    """The UTF-8 pages ``json_chunks`` is given: written as bytes to a UTF-8 stream, else as text in the
    stream's own encoding (its errors as it has them), after what the stream held already."""
    items = ['{"a": "中文"}', '{"b": "\u009b x"}', '{"c": "é"}']

    def written(write):
        buffer = io.BytesIO()
        if stream == "text":
            out = io.StringIO()
        else:
            out = io.TextIOWrapper(buffer, encoding=stream, errors="replace", newline="\n")
        monkeypatch.setattr(output.sys, "stdout", out)
        out.write("前")
        write()
        out.write("后")
        out.flush()
        return out.getvalue() if stream == "text" else buffer.getvalue()

    want = written(lambda: output.json_list(items, encoded=True))
    chunks = [(output.JSON_GAP + items[0] + output.JSON_GAP + items[1]).encode(), (output.JSON_GAP + items[2]).encode()]
    assert written(lambda: output.json_chunks(iter(chunks))) == want
    assert written(lambda: output.json_chunks(iter([]))) == written(lambda: output.json_list([], encoded=True))


STORED = ['{"2021:a.b":0,"2022:c":-12,"2022:d":null}', "{}", '{"k":1}', '{"k":1.5}', '{"k":-0}', '{"k":1e3}',
          '{"a":1,"a":2}', '{"\\u00e9":1}', '{"中":1}', '{"k":[1]}', '{"k": 1}', '{"k":"x"}', '{"k":01}',
          '{"k":nullx}', '{"k":12,"j":0}', "[1,null,-3]", "[1.5,2]", "[1]"]


@pytest.mark.parametrize("odd", STORED)
def test_a_page_of_inputs_is_each_one_written_alone(odd):
    """A page's stored inputs rewritten together are what ``inputs_text`` writes of each, whatever odd
    one is among them (then they are written one by one)."""
    from xxgk.cli.commands.checks import _inputs_texts, inputs_text

    plain = ['{"2021:x":1,"2022:x":2}', '{"2021:x":null,"2022:x":0}', "[3,4]"]
    keys = [["2021:x", "2022:x"], ["2021:x", "2022:x"], ["p", "q"]]
    odd_keys = ["a", "b", "c"] if odd.startswith("[") and odd.count(",") == 2 else ["a", "b"][:odd.count(",") + 1]
    for page, page_keys in (([*plain, odd], [*keys, odd_keys]), ([odd, *plain, odd], [odd_keys, *keys, odd_keys])):
        if odd.startswith("["):
            try:
                if len(json.loads(odd)) != len(odd_keys):
                    continue
            except ValueError:
                continue
        quoted = [[output.json_scalar(k) + ": " for k in ks] for ks in page_keys]
        try:
            want = [inputs_text(s, q, k) for s, q, k in zip(page, quoted, page_keys, strict=True)]
        except ValueError:
            continue  # not JSON: never stored
        shapes: dict[str, bool] = {}
        for _ in range(2):  # the shapes seen, then known
            assert _inputs_texts(page, quoted, page_keys, shapes) == want


def test_the_failing_checks_are_listed_through_their_index(run, db, text_folder):
    """Migration 11's index serves the listings (their SQL names the statuses) and changes no row."""
    import sqlite3

    assert run("import", text_folder)[0] == 0
    with Archive(db, read_only=True) as archive:
        sql, _ = archive._failing_sql([], ("fail", "warn"), None, filed=True)
        plan = " ".join(str(r) for r in archive.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "checks_failing" in plan
        found = list(archive.iter_failures())
        counts = archive.count_failures()
    listed = run("check", "--format", "json")[1]
    conn = sqlite3.connect(db)  # back to schema 10: no such index
    conn.executescript("DROP INDEX checks_failing; DELETE FROM schema_version WHERE version = 11;")
    conn.close()
    with Archive(db, read_only=True, accept_old_schema=True) as archive:  # the same rows without it
        assert list(archive.iter_failures()) == found and archive.count_failures() == counts
    with Archive(db) as archive:  # upgraded
        assert archive.conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'checks_failing'").fetchone()[0]
    assert run("check", "--format", "json")[1] == listed and len(found) > 3


def test_the_cycle_collector_is_as_it_was_after_a_listing(run, db, text_folder):
    import gc

    assert run("import", text_folder)[0] == 0
    assert gc.isenabled()
    for argv in (("check", "--format", "json"), ("failures",), ("list", "--format", "csv")):
        assert run(*argv)[0] in (0, 1) and gc.isenabled()
    with output.no_cycle_collection():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with output.no_cycle_collection():
            pass
        assert not gc.isenabled()  # left off, as it was
    finally:
        gc.enable()
