"""The compact layout gives back exactly what was saved, also for awkward content."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.domain.model import CheckResult, ParsedReport, ParseWarning, Value
from xxgk.store import Archive, codec
from xxgk.store.codec import labels_key, line_texts, prepare_checks, unpack_checks

texts = st.text(alphabet=st.sampled_from(list("申请数量（）:：\x00\x1e\x1f |-—abc123")), max_size=12)
numbers = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False))


@st.composite
def checks(draw):
    keys = draw(st.lists(st.sampled_from(["t3.1.total", "t3.2.total", "t3.4.total", "2024:t3.2.total"]),
                         max_size=3, unique=True))
    title = draw(texts)
    inputs = {k: draw(numbers) for k in keys} if draw(st.booleans()) else {k: draw(numbers) for k in keys[:1]}
    message = (title + draw(texts)) if draw(st.booleans()) else draw(texts)
    return CheckResult(rule=draw(st.sampled_from(["A3.1", "A3.2", "X1"])), status=draw(st.sampled_from(
        ["pass", "fail", "warn", "incomplete"])), message=message, keys=keys, title=title, formula=draw(texts),
        strict=draw(st.booleans()), scope=draw(texts), inputs=inputs, expected=draw(numbers),
        actual=draw(numbers), difference=draw(numbers))


@settings(max_examples=200, deadline=None)
@given(st.lists(checks(), max_size=8))
def test_checks_round_trip(group):
    prepared = prepare_checks(group)
    import json

    specs = [tuple(s) for s in json.loads(prepared.rules_key)]
    back = unpack_checks(specs, prepared.failing, prepared.passes)
    assert back == group
    assert [type(c.expected) for c in back] == [type(c.expected) for c in group]
    assert prepared.counts[0] == sum(c.status == "pass" for c in group)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(texts, texts, st.one_of(st.none(), texts), st.one_of(st.none(), texts), numbers),
                min_size=1, max_size=6), st.lists(checks(), max_size=4))
def test_a_report_round_trips_through_the_archive(tmp_path_factory, cells, group):
    values = [Value(key=f"k{i}.{k}", label=label, value=v, raw=str(v), section=section, unit=unit,
                    where=f"line {i}", note=label or None) for i, (k, label, section, unit, v) in enumerate(cells)]
    report = ParsedReport(file="/x/怪.txt", sha256="a" * 64, format="text", agency="盘锦市商务局", year=2022,
                          template="2021", values=values, checks=group, text="正文\x00\r\n第二行",
                          warnings=[ParseWarning("提示\x1e", "line 1")], table_templates={"t3": "2021"})
    with Archive(tmp_path_factory.mktemp("rt") / "a.sqlite") as a:
        res = a.save_report(report, "正文\x00\r\n第二行".encode())
        again = a.save_report(report)  # the same labels again: looked up, not stored twice
        assert again.status == "unchanged"
        detail = a.report_detail(res.report_id)
        assert detail.values == values and detail.checks == group and detail.warnings == report.warnings
        assert a.report_text(res.report_id) == report.text
        assert a.counts()["values"] == len(values)


def test_labels_key_is_none_when_it_could_be_ambiguous():
    plain = [Value("a", "b", 1, "1"), Value("c", "d", 2, "2", section="", unit=None)]
    assert labels_key(plain) == "a\x1fb\x1f\x00\x1f\x00\x1ec\x1fd\x1f\x1f\x00"
    for label in ("b\x1fc", "b\x1ec", "b\x00"):
        assert labels_key([Value("a", label, 1, "1")]) is None
    assert labels_key([]) == ""


def test_long_keys_go_whole_once_then_by_reference(tmp_path):
    """A worker of the import pool sends a file's rules key whole the first time, then as a reference, and its
    labels key as a reference only (the writer's cache key); the receiving side puts the rules back, and cannot
    be fooled by a reference it never received."""
    from tests.conftest import SAMPLES
    from xxgk.importers import parse_path
    from xxgk.store.codec import REFERENCE, KeyReferences, KeyTable, key_reference, prepare_file

    path = SAMPLES / "hongze_2023.pdf.txt"
    file = prepare_file(str(path), parse_path(path), path.read_bytes())
    [report] = file.reports
    assert report.labels_key and report.checks.rules_key.startswith("[")
    sender, receiver = KeyReferences(), KeyTable()
    first, second = sender.file(file), sender.file(file)
    labelled = file._replace(reports=[report._replace(labels_key=key_reference(report.labels_key))])
    assert first == labelled  # the rules whole, the labels by reference
    [sent] = second.reports
    assert sent.labels_key == labelled.reports[0].labels_key and sent.checks.rules_key.startswith(REFERENCE)
    assert len(sent.labels_key) < 40 and len(sent.checks.rules_key) < 40
    assert KeyTable().resolve(second) is None  # never received whole: nothing to guess
    assert receiver.resolve(first) == labelled
    again = receiver.resolve(second)
    assert again == labelled
    assert again.reports[0].checks.rules_key is receiver.resolve(first).reports[0].checks.rules_key  # one copy
    waiting = file._replace(reports=[report._replace(labels_key=None)])  # a label with a separator in it
    assert KeyReferences().file(waiting) == waiting and receiver.resolve(sender.file(waiting)) == waiting


# line breaks, marks that combine, Hangul jamo that compose, full-width and compatibility forms, other breaks
_LINE_CHARS = list("\n\r \t a e\u0301\u0327\u0345\u1100\u1161\u11a8\uac00\uff21\uff0c\u3000\u2028\x85\ufb01"
                   "\u00bd\u2460\u0f73\u212b申请")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(_LINE_CHARS), max_size=10), min_size=1, max_size=6))
def test_line_texts_are_the_whole_text_normalised_then_split(texts):
    """Lines normalised one by one (and remembered) are the lines of the whole text normalised at once."""
    codec._LINES.clear()
    for text in texts + texts:  # the second time every line comes from what was remembered
        whole = list(map(str.strip, unicodedata.normalize(
            "NFKC", text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")))
        while whole and not whole[-1]:
            whole.pop()
        assert line_texts(text) == whole


def test_line_texts_by_hand():
    assert line_texts("ＡＢ１\r\n  二、 \r\re\u0301\n\n \n") == ["AB1", "二、", "", "\u00e9"]
