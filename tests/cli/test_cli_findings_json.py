"""``xxgk check/failures --format json`` writes each finding with ``FailureJson`` (its rule's part encoded
once): byte for byte the line the generic ``json_text(finding.to_json(), indent=None)`` gives, on the real
samples (every status, cross-year identities with their year-keyed inputs) and on hostile text."""
from __future__ import annotations

import json

from tests.cli.test_cli_untrusted_text import HOSTILE, report
from xxgk.cli import output
from xxgk.cli.commands.checks import FailureJson
from xxgk.store import Archive
from xxgk.workflows.checking import ALL_STATUSES


def test_the_fast_line_is_the_generic_line(run, db, text_folder):
    assert run("import", text_folder)[0] == 0
    line = FailureJson()
    with Archive(db, read_only=True) as archive:
        found = list(archive.iter_failures(statuses=ALL_STATUSES))
    assert {f.status for f in found} == set(ALL_STATUSES) and any(f.other_report_id for f in found)
    assert any(f.inputs_json.startswith("[") for f in found) and any(f.inputs_json.startswith("{") for f in found)
    for f in found:
        assert line(f) == output.json_text(f.to_json(), indent=None)
    code, out, _ = run("check", "--all", "--format", "json")
    assert json.loads(out) == [f.to_json() for f in found]


def test_hostile_text_is_escaped_the_same(tmp_path):
    db = tmp_path / "a.sqlite"
    text = "".join(HOSTILE) + "淮安“市”"
    with Archive(db) as archive:
        archive.save_reports([report(text + "局", 2023, text, text, text, text.replace("/", "_") + ".txt", 5)])
        archive.save_reports([report(text + "局", None, text, text, text, "b.txt", 6)])
        found = list(archive.iter_failures(statuses=ALL_STATUSES))
    assert len(found) == 4
    line = FailureJson()
    for f in found:
        assert line(f) == output.json_text(f.to_json(), indent=None)
        assert "\x1b" not in line(f) and "\u202e" not in line(f) and "\\u009b" in line(f)
        assert json.loads(line(f)) == f.to_json()
