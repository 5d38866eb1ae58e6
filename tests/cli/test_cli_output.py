"""The one output helper: streamed JSON and CSV, escaped controls, defused fields, aligned CJK tables."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest

from xxgk.cli import output
from xxgk.cli.output import Column


def test_json_list_is_written_as_the_items_come(capsys):
    seen: list[str] = []

    def items() -> Iterator[dict]:
        for n in range(3):
            yield {"n": n, "名称": "局"}
            seen.append(capsys.readouterr().out)  # what was written before the next item was asked for

    output.json_list(items())
    rest = capsys.readouterr().out
    assert seen[0].startswith("[\n  {") and '"n": 0' in seen[0] and '"n": 1' not in seen[0]
    assert json.loads("".join(seen) + rest) == [{"n": n, "名称": "局"} for n in range(3)]
    # one item per line (json's fast encoder), the text kept
    assert ("".join(seen) + rest).splitlines() == ["[", '  {"n": 0, "名称": "局"},', '  {"n": 1, "名称": "局"},',
                                                   '  {"n": 2, "名称": "局"}', "]"]


def test_json_object_with_a_streamed_list(capsys):
    output.json_object({"years": [2023, 2024], "needs_review": 0}, "agencies", iter([{"a": 1}, {"a": 2}]))
    text = capsys.readouterr().out
    assert json.loads(text) == {"years": [2023, 2024], "needs_review": 0, "agencies": [{"a": 1}, {"a": 2}]}
    output.json_object({"years": []}, "agencies", iter(()))
    assert json.loads(capsys.readouterr().out) == {"years": [], "agencies": []}


def test_an_error_before_the_first_item_writes_nothing(capsys):
    def failing() -> Iterator[dict]:
        raise LookupError("no such agency")
        yield {}

    with pytest.raises(LookupError):
        output.json_list(failing())
    with pytest.raises(LookupError):
        output.csv_rows(["a"], ([x] for x in failing()))
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("hostile", ["\x1b[2J", "\x9b31m", "\x85", "\u202e", "\u2066", "\x7f", "\x00", "\u200b"])
def test_json_keeps_the_text_and_escapes_terminal_controls(hostile):
    text = output.json_text({"agency": f"淮安{hostile}市"})
    assert json.loads(text) == {"agency": f"淮安{hostile}市"}
    assert hostile not in text and "淮安" in text  # raw CJK, escaped control


def test_csv_numbers_and_defused_text(capsys):
    output.csv_rows(["agency", "value", "delta"], iter([["=1+2", 96171.65432, -11], ["\x1b[2J局", 0.1 + 0.2, None]]))
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["agency", "value", "delta"], ["'=1+2", "96171.65432", "-11"], ["[2J局", "0.3", ""]]


def test_table_cells_are_terminal_safe_and_aligned():
    text = output.render_table(("机关", "n"), [("\x1b]52;c;aGk=\x07淮安“市”", 1), ("ab", 22)], right=(1,))
    lines = text.splitlines()
    assert "\x1b" not in text and "\x07" not in text
    assert lines[2] == ']52;c;aGk=淮安"市"   1' and lines[3] == "ab" + " " * 18 + "22"


def test_records_writes_every_format(capsys):
    rows = [{"name": "甲局", "n": 2}, {"name": "乙局", "n": 10}]
    columns = [Column("机关", lambda r: r["name"]), Column("份数", lambda r: r["n"], right=True)]
    output.records("table", rows, columns=columns, to_json=dict)
    assert capsys.readouterr().out.splitlines()[2:] == ["甲局     2", "乙局    10"]
    output.records("csv", rows, columns=columns, to_json=dict, csv_fields=("name", "n"),
                   csv_row=lambda r: [r["name"], r["n"]])
    assert capsys.readouterr().out == "name,n\n甲局,2\n乙局,10\n"
    output.records("json", iter(rows), columns=columns, to_json=dict)
    assert json.loads(capsys.readouterr().out) == rows
    output.records("table", [], columns=columns, to_json=dict)
    assert capsys.readouterr().out == ""


def test_a_long_table_is_written_page_by_page(capsys, monkeypatch):
    monkeypatch.setattr(output, "PAGE", 2)
    seen: list[str] = []

    def rows() -> Iterator[tuple[str, int]]:
        for name, n in (("甲局", 1), ("乙局", 2), ("淮安市洪泽区局", 3), ("丙局", 4)):
            yield name, n
            seen.append(capsys.readouterr().out)

    assert output.write_table(("机关", "份数"), rows(), right=(1,)) == 4
    lines = ("".join(seen) + capsys.readouterr().out).splitlines()
    # the first page was out when the third row was asked for (and nothing before): sized by the header and it
    assert seen[0] == "" and seen[1].splitlines() == ["机关  份数", "----  ----", "甲局     1", "乙局     2"]
    # a wider cell on a later page widens its column from there on; nothing is cut
    assert lines[4:] == ["淮安市洪泽区局     3", "丙局               4"]


def test_a_table_without_rows(capsys):
    assert output.write_table(("机关", "份数"), iter(())) == 0
    assert capsys.readouterr().out == "机关  份数\n----  ----\n"  # output.table: the header alone, as before
    assert output.write_table(("机关", "份数"), iter(()), header_alone=False) == 0
    assert capsys.readouterr().out == ""


def test_the_last_column_is_not_padded_and_its_rule_is_short(capsys):
    output.table(("机关", "说明"), [("甲局", "不符" * 30), ("乙", "ok")])
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["机关  说明", "----  " + "-" * 40, "甲局  " + "不符" * 30, "乙    ok"]


def test_a_table_is_the_same_whatever_its_cells_cache_holds(monkeypatch):
    # the padded texts are a cache: forgetting them (a small CACHE_MAX) must not change a character
    rows = [(name, n, flag, note) for i in range(40)
            for name, n, flag, note in [(f"机关{i % 7}", i % 3 or None, i % 2 == 0, f"#{i}"),
                                        (i % 5, 1.5 * i, "是", "说明“甲”")]]
    monkeypatch.setattr(output, "PAGE", 4)
    wide = output.render_table(("机关", "n", "f", "说明"), rows, right=(1,))
    monkeypatch.setattr(output._Column, "CACHE_MAX", 2)
    assert output.render_table(("机关", "n", "f", "说明"), rows, right=(1,)) == wide
    lines = wide.splitlines()
    assert lines[2].split() == ["机关0", "是", "#0"] and lines[3].split() == ["0", "0", "是", '说明"甲"']
    assert "True" not in wide and "1.5" in wide


@pytest.mark.parametrize("odd", ['a,b', 'say "hi"', "two\nlines", "cr\rhere", "", None, True, 1.5, -0.0, 96171.65432,
                                 "=1+2", "-3", "@x", "\ttab", "\x1b[2J局", "淮安，市", 12, "x\u202e"])
def test_csv_columns_are_the_csv_writers_rows(capsys, odd):
    """``csv_columns`` joins each row itself when it can: the same bytes as ``csv_rows`` (the csv writer),
    whatever odd value a column holds among plain ones (quoted, doubled, defused, or left to the writer)."""
    rows = [["淮安市", 2023, 7, odd, None, True, "plain text"], ["局", 2024, 8, "ok", 3, False, odd],
            [odd, None, 9, "ok", -12, True, "x"]]
    output.csv_rows(["agency", "year", "id", "a", "b", "c", "d"], iter(rows))
    want = capsys.readouterr().out
    columns = [list(column) for column in zip(*rows, strict=True)]
    output.csv_columns(["agency", "year", "id", "a", "b", "c", "d"], iter([columns]))
    assert capsys.readouterr().out == want
    assert list(csv.reader(io.StringIO(want)))[1][0] == "淮安市"
