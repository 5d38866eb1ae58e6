"""How a parsed report is laid out in the archive, as pure functions (no SQL, no connection).

``prepare`` turns a ``ParsedReport`` into a ``PreparedReport``: plain tuples and bytes, ready for the
writer's ``executemany``, cheap to pickle. It runs wherever the parsing runs (a worker process of the
import pool, or the saving process itself), so the one process that writes the archive does little more
than insert rows.

The compact layout, and why it loses nothing:

* **Check rules** — rule, scope, strict, title, formula and keys — are the same in thousands of reports:
  each is stored once (``check_rules``), and each group of checks (a report's own identities, or the
  identities between two years) refers to the ordered list of its rules (``check_sets``).
* **Passing checks** (84% of all) are packed per group into one zlib-compressed JSON array
  (``check_packs.passes``): ``[ord, message, inputs, expected, actual, difference]``. A message that
  starts with the rule's title keeps only the rest (``["…rest"]``); inputs keyed exactly by the rule's keys,
  in order, keep only the values (a JSON list). Both are undone on reading, exactly.
* **Checks that do not pass** are rows of their own (``checks``), so the archive-wide failure lists are
  plain indexed queries.
* **Values** refer to their (key, label, section, unit) stored once (``value_labels``).
* **The source file's bytes** are kept compressed (``sources``, zlib at ``SOURCE_LEVEL``), once per file; a
  text report's full text is not stored again when decoding those bytes gives it back exactly.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any, NamedTuple

from xxgk.domain.model import CheckResult, Number, ParsedReport, Value

SOURCE_CODEC = "zlib"
# the source's zlib level: 2 is twice as fast as 9 (0.09 against 0.18 ms a file of the bench corpus, in the
# worker that parses it) for 4% more (3.70 against 3.56 KB a file); the stored bytes decompress the same
SOURCE_LEVEL = 2
TEXT_ZLIB = "zlib"  # the text, UTF-8, zlib-compressed
TEXT_FROM_SOURCE = "source"  # the text is the source bytes decoded with the report's encoding

# (rule, scope, strict, title, formula, keys as JSON)
RuleSpec = tuple[str, str, int, str, str, str]
# (key, label, section, unit, raw, value, where, note)
ValueRow = tuple[str, str, "str | None", "str | None", str, "Number | None", str, "str | None"]
_KEY, _NUMBER = itemgetter(0), itemgetter(5)  # of a ValueRow
# (ord, status, message, inputs JSON, expected, actual, difference)
FailingRow = tuple[int, str, str, str, "Number | None", "Number | None", "Number | None"]
Counts = tuple[int, int, int, int, int]  # n_pass, n_fail, n_strict_fail, n_warn, n_incomplete


def as_spec(row: Sequence[Any]) -> RuleSpec:
    """A rule spec from a row or a JSON list."""
    rule, scope, strict, title, formula, keys = row
    return (str(rule), str(scope), int(strict), str(title), str(formula), str(keys))


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # made once: json.dumps makes one a call


def compact_json(obj: Any) -> str:
    return _COMPACT.encode(obj)


class PreparedChecks(NamedTuple):
    """One group of checks: the rule of each (in order), the failing ones as rows, the passing ones packed."""

    rules_key: str  # JSON list of every check's RuleSpec, in order: the writer's key for the check set
    failing: list[FailingRow]
    passes: bytes  # zlib(JSON) of the passing checks; b"" when none pass
    counts: Counts


class PreparedSource(NamedTuple):
    sha256: str
    size: int
    codec: str
    data: bytes


class PreparedReport(NamedTuple):
    """A parsed report as the archive stores it (see the module docstring)."""

    file: str
    sha256: str
    part: str | None
    format: str
    encoding: str | None
    agency: str | None
    year: int | None
    template: str | None
    agency_source: str | None
    year_source: str | None
    scope: str | None
    table_templates: str  # JSON
    needs_review: bool
    content_sha: bytes
    values: list[ValueRow]
    labels_key: str | None  # the (key, label, section, unit) of every value as one string: the writer's key
    checks: PreparedChecks
    warnings: list[tuple[str, str]]
    text_codec: str
    text_data: bytes
    agency_aliases: tuple[str, ...] = ()  # the parser's other spellings of the agency (recorded if distinctive)
    # the text's lines as the search index holds them (``line_texts``: line n at index n - 1, "" for a blank
    # line): made where the file is parsed (a worker of the pool), so the one writing process does not decode
    # and split the text again; None: the writer makes them from the stored text
    lines: list[str] | None = None

    def value_map(self) -> dict[str, Number | None]:
        return dict(zip(map(_KEY, self.values), map(_NUMBER, self.values), strict=True))


class PreparedFile(NamedTuple):
    """Everything one input file adds to the archive: its reports (a workbook may hold several) and its bytes."""

    path: str
    source: PreparedSource | None
    reports: list[PreparedReport]


# -- content -----------------------------------------------------------------------------------------

def normalised_text(text: str) -> str:
    """The text as the content digest sees it: no byte-order mark, ``\\n`` line endings."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_lines(text: str) -> list[str]:
    """``text`` as numbered lines (index 0 is line 1), NFKC: ``\\r\\n`` and ``\\r`` are line breaks, as
    in the app's source view."""
    flat = unicodedata.normalize("NFKC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return flat.split("\n")


def search_lines(text: str) -> list[tuple[int, str]]:
    """The (line number, text) of the non-blank lines of ``text``, stripped (the rows of schema 6's index)."""
    return [(n, stripped) for n, line in enumerate(text_lines(text), 1) if (stripped := line.strip())]


# a raw line -> that line NFKC and stripped, for the lines met lately in this process: most lines of a report
# (table labels, headings, boilerplate) are lines of earlier reports, and normalising the whole text again was
# 0.12 ms a report of the bench corpus; a line kept here is also the same string object in every report, so a
# chunk of prepared files pickles it once
_LINES: dict[str, str] = {}
_LINES_LIMIT = 50_000


def none_at(items: Sequence[object]) -> list[int]:
    """The positions of the ``None`` items, found in C (a report's ~220 lines, a few of them unknown)."""
    return list(compress(range(len(items)), map(is_, items, repeat(None))))


def line_texts(text: str) -> list[str]:
    """Each line of ``text`` stripped (line n at index n - 1, "" for a blank line), without the blank lines at
    the end: what the search index holds of a report (``store.search``).

    The same as ``map(str.strip, text_lines(text))``, line by line: NFKC never makes nor takes a ``\n`` (it
    has no decomposition, composes with nothing and reorders nothing across it), so the normal form of the
    whole text is the normal forms of its lines joined by ``\n``."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cache = _LINES
    lines: list[str | None] = list(map(cache.get, raw))
    if None in lines:
        if len(cache) > _LINES_LIMIT:
            cache.clear()
        normalize = unicodedata.normalize
        for at in none_at(lines):
            line = raw[at]
            lines[at] = cache[line] = normalize("NFKC", line).strip()
    while lines and not lines[-1]:
        lines.pop()
    return lines  # type: ignore[return-value]  # every line's text now


def content_digest(text: str, format: str, part: str | None) -> bytes:
    """16 bytes identifying a report's decoded content: the same text in another encoding or with other
    line endings (and the same format and workbook part) has the same digest."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{format}\x00{part or ''}\x00".encode())
    h.update(normalised_text(text).encode("utf-8", "surrogatepass"))
    return h.digest()


def pack_source(data: bytes, sha256: str) -> PreparedSource:
    return PreparedSource(sha256, len(data), SOURCE_CODEC, zlib.compress(data, SOURCE_LEVEL))


def unpack_source(codec: str, data: bytes) -> bytes:
    if codec != SOURCE_CODEC:
        raise ValueError(f"unknown source codec {codec!r}")
    return zlib.decompress(data)


def pack_text(text: str, source: bytes | None, encoding: str | None, format: str) -> tuple[str, bytes]:
    """(codec, data): nothing more than a marker when the source bytes decode to exactly this text."""
    if source is not None and encoding and format == "text":
        try:
            if source.decode(encoding) == text:
                return TEXT_FROM_SOURCE, b""
        except (LookupError, UnicodeDecodeError):
            pass
    return TEXT_ZLIB, zlib.compress(text.encode("utf-8", "surrogatepass"), 6)


def unpack_text(codec: str, data: bytes, source: bytes | None, encoding: str | None) -> str:
    if codec == TEXT_FROM_SOURCE:
        if source is None or not encoding:
            raise ValueError("the text is kept as the source file, but the source is missing")
        return source.decode(encoding)
    if codec == TEXT_ZLIB:
        return zlib.decompress(data).decode("utf-8", "surrogatepass")
    raise ValueError(f"unknown text codec {codec!r}")


# -- checks ------------------------------------------------------------------------------------------

def rule_spec(check: CheckResult) -> RuleSpec:
    return _rule_entry(check)[0]


# rule -> (spec, spec as JSON): a report has ~50 checks and their rules repeat across every report, so the
# JSON of each rule is made once per process, not once per check
_RULES: dict[tuple[Any, ...], tuple[RuleSpec, str]] = {}


def _rule_entry(check: CheckResult) -> tuple[RuleSpec, str]:
    ident = (check.rule, check.scope, check.strict, check.title, check.formula, tuple(check.keys))
    entry = _RULES.get(ident)
    if entry is None:
        if len(_RULES) > 50_000:
            _RULES.clear()
        spec: RuleSpec = (check.rule, check.scope or "", int(bool(check.strict)), check.title or "",
                          check.formula or "", compact_json(list(check.keys)))
        entry = _RULES[ident] = (spec, compact_json(spec))
    return entry


def encode_inputs(inputs: dict[str, Number | None], keys: Sequence[str]) -> Any:
    """The inputs as stored: only the values when they are keyed by ``keys`` exactly, in order."""
    if len(inputs) == len(keys) and list(inputs) == list(keys):
        return list(inputs.values())
    return inputs


def decode_inputs(stored: Any, keys: Sequence[str]) -> dict[str, Number | None]:
    if isinstance(stored, list):
        return dict(zip(keys, stored, strict=True))
    return dict(stored)


def encode_message(message: str, title: str) -> str | list[str]:
    if title and message.startswith(title):
        return [message[len(title):]]
    return message


def decode_message(stored: str | list[str], title: str) -> str:
    if isinstance(stored, list):
        return title + stored[0]
    return stored


def prepare_checks(checks: Sequence[CheckResult]) -> PreparedChecks:
    """Split one group of checks into rules, failing rows and the packed passes (see the module docstring).

    ``encode_message``/``encode_inputs`` and ``_rule_entry`` inlined: this runs for every check of every report
    (some 45 a report), and the calls were a third of its time."""
    specs: list[str] = []
    failing: list[FailingRow] = []
    passes: list[list[Any]] = []
    n_pass = n_fail = n_strict = n_warn = n_incomplete = 0
    rules = _RULES
    for ord_, c in enumerate(checks):
        keys = tuple(c.keys)
        entry = rules.get((c.rule, c.scope, c.strict, c.title, c.formula, keys))
        if entry is None:
            entry = _rule_entry(c)
        spec_title = entry[0][3]
        specs.append(entry[1])
        inputs = c.inputs
        stored: Any = list(inputs.values()) if len(inputs) == len(keys) and tuple(inputs) == keys else inputs
        message = c.message or ""
        if c.status == "pass":
            n_pass += 1
            passes.append([ord_, [message[len(spec_title):]] if spec_title and message.startswith(spec_title)
                           else message, stored, c.expected, c.actual, c.difference])
            continue
        # anything else is a row (the CHECK constraint of ``checks`` refuses an unknown status)
        if c.status == "fail":
            n_fail += 1
            n_strict += bool(c.strict)
        elif c.status == "warn":
            n_warn += 1
        elif c.status == "incomplete":
            n_incomplete += 1
        failing.append((ord_, c.status, message, compact_json(stored), c.expected, c.actual, c.difference))
    packed = zlib.compress(compact_json(passes).encode("utf-8", "surrogatepass"), 6) if passes else b""
    ident = tuple(specs)  # the rules' JSON strings are _RULES' own objects: this hashes quickly
    rules_key = _SETS.get(ident)
    if rules_key is None:
        if len(_SETS) > 500:
            _SETS.clear()
        rules_key = _SETS[ident] = "[" + ",".join(specs) + "]"
    return PreparedChecks(rules_key, failing, packed, (n_pass, n_fail, n_strict, n_warn, n_incomplete))


# the rules of a group (their JSON strings) -> its rules_key, made once (one string object: its hash is kept)
_SETS: dict[tuple[str, ...], str] = {}


def unpack_passes(data: bytes | None) -> list[list[Any]]:
    if not data:
        return []
    out: list[list[Any]] = json.loads(zlib.decompress(data).decode("utf-8", "surrogatepass"))
    return out


def check_from_parts(spec: RuleSpec, status: str, message: str, inputs: Any, expected: Number | None,
                     actual: Number | None, difference: Number | None) -> CheckResult:
    rule, scope, strict, title, formula, keys_json = spec
    keys = json.loads(keys_json)
    return CheckResult(rule=rule, status=status, message=message, keys=keys, title=title,  # type: ignore[arg-type]
                       formula=formula, strict=bool(strict), scope=scope, inputs=decode_inputs(inputs, keys),
                       expected=expected, actual=actual, difference=difference)


def unpack_checks(specs: Sequence[RuleSpec], failing: Iterable[Sequence[Any]],
                  passes: bytes | None) -> list[CheckResult]:
    """The group's checks in their original order, from its rules, failing rows and packed passes."""
    by_ord: dict[int, CheckResult] = {}
    for ord_, message, inputs, expected, actual, difference in unpack_passes(passes):
        spec = specs[ord_]
        by_ord[ord_] = check_from_parts(spec, "pass", decode_message(message, spec[3]), inputs, expected, actual,
                                        difference)
    for ord_, status, message, inputs_json, expected, actual, difference in failing:
        by_ord[ord_] = check_from_parts(specs[ord_], status, message, json.loads(inputs_json), expected, actual,
                                        difference)
    return [by_ord[i] for i in sorted(by_ord)]


# -- values ----------------------------------------------------------------------------------------

# (a Value's fields are read by comprehensions: on a slots dataclass the interpreter's specialised attribute
# reads are faster than an attrgetter's generic lookup, 0.045 against 0.059 ms for a report's ~165 rows)
_LAYOUTS: dict[tuple[Any, ...], str | None] = {}  # the labels of a layout -> its labels_key (made once)


def labels_key(values: Sequence[Value]) -> str | None:
    """The (key, label, section, unit) of every value, in order, as one string: reports of one layout share
    it, so the writer looks up the ids of all their labels at once. None when a text holds one of the
    separators (the string would be ambiguous; counted once over the whole string): the writer then looks
    each label up. Made once per layout in a process (the same string object each time: its hash is kept)."""
    ident = tuple([(v.key, v.label, v.section, v.unit) for v in values])
    try:
        return _LAYOUTS[ident]
    except KeyError:
        pass
    if len(_LAYOUTS) > 500:
        _LAYOUTS.clear()
    key = _LAYOUTS[ident] = _labels_key(values)
    return key


def _labels_key(values: Sequence[Value]) -> str | None:
    nones = 0
    parts = []
    for v in values:
        section, unit = v.section, v.unit
        if section is None:
            nones += 1
            section = "\x00"
        if unit is None:
            nones += 1
            unit = "\x00"
        parts.append(f"{v.key}\x1f{v.label}\x1f{section}\x1f{unit}")
    key = "\x1e".join(parts)
    if (key.count("\x1f") != 3 * len(parts) or key.count("\x1e") != max(0, len(parts) - 1)
            or key.count("\x00") != nones):
        return None
    return key


# -- a whole report ----------------------------------------------------------------------------------

def prepare(parsed: ParsedReport, source: bytes | None = None) -> PreparedReport:
    """``parsed`` as the archive stores it; ``source`` is the file's bytes when known (to decide whether the
    text needs storing apart from them)."""
    text = parsed.text or ""
    text_codec, text_data = pack_text(text, source, parsed.encoding, parsed.format)
    return PreparedReport(
        file=parsed.file, sha256=parsed.sha256, part=parsed.part, format=parsed.format, encoding=parsed.encoding,
        agency=parsed.agency, year=parsed.year, template=parsed.template, agency_source=parsed.agency_source,
        year_source=parsed.year_source, scope=parsed.scope,
        table_templates=json.dumps(parsed.table_templates, ensure_ascii=False), needs_review=parsed.needs_review,
        content_sha=content_digest(text, parsed.format, parsed.part),
        values=[(v.key, v.label, v.section, v.unit, v.raw, v.value, v.where, v.note) for v in parsed.values],
        labels_key=labels_key(parsed.values),
        checks=prepare_checks(parsed.checks), warnings=[(w.message, w.where) for w in parsed.warnings],
        text_codec=text_codec, text_data=text_data, agency_aliases=tuple(parsed.agency_aliases),
        lines=line_texts(text))


def prepare_file(path: str, reports: Sequence[ParsedReport], source: bytes | None) -> PreparedFile:
    """All reports of one file, with the file's bytes packed once (when given)."""
    packed = pack_source(source, reports[0].sha256) if source is not None and reports else None
    return PreparedFile(path, packed, [prepare(r, source) for r in reports])


# -- the long keys, sent once between processes --------------------------------------------------------
#
# A prepared report's ``checks.rules_key`` (the JSON of its ~45 rules, 15-25 KB) and ``labels_key`` (about
# 10 KB) are the same in every report of one layout: they were half of what a worker of the import pool sent
# for each file, pickled there and unpickled by the one writing process. A worker sends each rules key whole
# once, then a reference to it (``REFERENCE`` + its digest); the process that receives the files puts it back
# (``KeyTable.resolve``: the writer needs the rules themselves for a new check set), the same string object
# each time (its hash is computed once). The labels key goes as its reference only: the writer uses it as
# nothing but the key of its cache of label ids (a reference names the same labels as the whole key; on a
# miss the writer reads each value's own label), so no process keeps every layout's labels whole.

REFERENCE = "\x00"  # starts a reference; no key does (rules_key is a JSON list; labels_key refuses a NUL first)
_SENT_LIMIT = 200  # rules keys a worker remembers having sent (then it starts again: it sends them whole anew)
_LABELS_LIMIT = 1000  # labels keys whose reference a worker keeps made
_TABLE_LIMIT = 2000  # rules keys the receiving side keeps, the oldest dropped first (a reference it no longer
# holds: the file is parsed again in that process)


def key_reference(key: str) -> str:
    return REFERENCE + hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class KeyReferences:
    """The sending side (one per worker process): a rules key goes whole the first time, then by reference;
    a labels key always by reference."""

    def __init__(self) -> None:
        self._sent: dict[str, str] = {}  # rules key -> its reference
        self._labels: dict[str, str] = {}  # labels key -> its reference

    def _key(self, key: str) -> str:
        if key.startswith(REFERENCE):
            return key
        ref = self._sent.get(key)
        if ref is None:
            if len(self._sent) >= _SENT_LIMIT:
                self._sent.clear()
            self._sent[key] = key_reference(key)
            return key
        return ref

    def _label(self, key: str | None) -> str | None:
        if key is None or key.startswith(REFERENCE):
            return key
        ref = self._labels.get(key)
        if ref is None:
            if len(self._labels) >= _LABELS_LIMIT:
                self._labels.clear()
            ref = self._labels[key] = key_reference(key)
        return ref

    def file(self, file: PreparedFile) -> PreparedFile:
        reports = [r._replace(labels_key=self._label(r.labels_key),
                              checks=r.checks._replace(rules_key=self._key(r.checks.rules_key)))
                   for r in file.reports]
        return file._replace(reports=reports)


class KeyTable:
    """The receiving side: the rules keys sent whole so far, by reference (pure data: no archive state)."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}  # reference -> key

    def _key(self, key: str) -> str | None:
        if key.startswith(REFERENCE):
            return self._keys.get(key)
        ref = key_reference(key)
        known = self._keys.get(ref)
        if known is not None:
            return known  # the first copy: one string object per key
        if len(self._keys) >= _TABLE_LIMIT:
            del self._keys[next(iter(self._keys))]  # the oldest
        self._keys[ref] = key
        return key

    def resolve(self, file: PreparedFile) -> PreparedFile | None:
        """``file`` with its rules keys whole again; None when it refers to one this table does not hold."""
        reports = []
        for r in file.reports:
            rules = self._key(r.checks.rules_key)
            if rules is None:
                return None
            reports.append(r._replace(checks=r.checks._replace(rules_key=rules)))
        return file._replace(reports=reports)
