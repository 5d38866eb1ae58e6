"""How much of a report's narrative is repeated verbatim from another report (pure, no I/O).

Method (sentence level, no shingles): both texts are NFKC-normalised and lines that are table cells
(containing ``|``) are dropped. The new text is split into sentences on ``。！？；`` and line breaks,
whitespace is removed, and sentences shorter than ``MIN_SENTENCE`` characters are ignored (headings,
"一、总体情况", dates). A sentence counts as repeated when it occurs verbatim anywhere in the old
narrative (also whitespace-free), so differences in where the two texts break lines or sentences do
not matter. The share is weighted by characters: repeated characters / all narrative characters of the
new text. A sentence with one changed number (a new year, a new count) is *not* repeated.

Cost: one substring search of the old narrative per new sentence — a few milliseconds for two
20,000-character reports.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MIN_SENTENCE = 8
_SPLIT = re.compile(r"[。!?;\n]")  # NFKC turns ！？； into !?;
_SPACE = re.compile(r"\s+")


def narrative_lines(text: str) -> list[str]:
    """The lines of ``text`` that are running text (table-cell lines, with ``|``, dropped), NFKC form."""
    return [line for line in unicodedata.normalize("NFKC", text).splitlines() if "|" not in line]


def sentences(text: str) -> list[str]:
    """The whitespace-free narrative sentences of ``text`` of at least ``MIN_SENTENCE`` characters."""
    out = []
    for line in narrative_lines(text):
        for piece in _SPLIT.split(line):
            piece = _SPACE.sub("", piece)
            if len(piece) >= MIN_SENTENCE:
                out.append(piece)
    return out


def repeated_share(text_old: str, text_new: str) -> float:
    """Share (0.0–1.0, by characters) of ``text_new``'s narrative found verbatim in ``text_old``.

    0.0 when the new text has no narrative sentence at all.
    """
    new = sentences(text_new)
    total = sum(len(s) for s in new)
    if not total:
        return 0.0
    old = _SPACE.sub("", "\n".join(narrative_lines(text_old)))
    seen: dict[str, bool] = {}
    repeated = 0
    for s in new:
        hit = seen.get(s)
        if hit is None:
            hit = seen[s] = s in old
        if hit:
            repeated += len(s)
    return repeated / total


# ---------------------------------------------------------------- per section, passages (the checklist)
#
# The checklist measures repetition the way an evaluator reads two years side by side: a passage copied
# with only its year or a count changed is still copied. Each section's running text (lines joined, so a
# PDF's line breaks do not matter; whitespace removed) is compared with last year's whole narrative by
# shingles of ``SHINGLE`` characters: a character of the new text is repeated when some run of
# ``SHINGLE`` characters containing it occurs verbatim last year. ``2024年,区政府严格落实《…》`` against
# ``2023年,区政府严格落实《…》`` is repeated except for its year. The forms' own sentences (the 编制 and
# 统计期限 sentences, the table headers' notes) are left out first (``BOILERPLATE``): every report prints them.

SHINGLE = 12
BOILERPLATE = re.compile(
    r"根据《中华人民共和国政府信息公开条例》|依据《中华人民共和国政府信息公开条例》|要求编制|规定编制|有关规定.{0,20}编制|"
    r"统计期限|统计时限|如对本报告有疑问|如对本年度报告有疑问|联系(?:地址|电话)|邮编|电子邮箱|"
    r"本列数据的勾稽关系|第一项加第二项之和|报告全文由")
# a sub-heading standing as a sentence of its own: "(三)政府信息管理情况。" (the 2021 form's guidance names them)
_SUBHEADING = re.compile(r"^(?:\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])[^。]{1,24}[。:]?$")


def plain_sentences(lines: list[str]) -> list[str]:
    """The sentences of some lines of running text: joined, whitespace removed, split on ``。!?;``,
    the forms' boilerplate (``BOILERPLATE``) left out."""
    joined = _SPACE.sub("", "".join(unicodedata.normalize("NFKC", ln) for ln in lines if "|" not in ln))
    return [s for s in re.split(r"(?<=[。!?;])", joined)
            if s and not BOILERPLATE.search(s) and not _SUBHEADING.match(s)]


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return {text[i:i + k] for i in range(len(text) - k + 1)}


def repeated_spans(new: str, old: set[str] | str, k: int = SHINGLE) -> list[tuple[int, int]]:
    """The runs of ``new`` (start, end) covered by shingles of ``old`` (a text or its ``shingles``)."""
    index = shingles(old, k) if isinstance(old, str) else old
    spans: list[tuple[int, int]] = []
    for i in range(len(new) - k + 1):
        if new[i:i + k] in index:
            if spans and spans[-1][1] >= i:
                spans[-1] = (spans[-1][0], i + k)
            else:
                spans.append((i, i + k))
    return spans


@dataclass(frozen=True)
class Passage:
    section: str  # the heading of the section it is in
    text: str  # the repeated text, whitespace removed


@dataclass
class SectionRepetition:
    section: str  # its heading as printed
    chars: int  # characters of running text measured (boilerplate left out)
    repeated: int  # of which repeated from last year

    @property
    def share(self) -> float:
        return self.repeated / self.chars if self.chars else 0.0


@dataclass
class Repetition:
    sections: list[SectionRepetition]
    passages: list[Passage]  # the longest repeated passages, longest first

    @property
    def chars(self) -> int:
        return sum(s.chars for s in self.sections)

    @property
    def repeated(self) -> int:
        return sum(s.repeated for s in self.sections)

    @property
    def share(self) -> float:
        return self.repeated / self.chars if self.chars else 0.0


def section_repetition(sections: list[tuple[str, list[str]]], old_text: str, *, passages: int = 5,
                       k: int = SHINGLE) -> Repetition:
    """How much of each section (``(heading, lines)``) repeats ``old_text`` (last year's report), with the
    ``passages`` longest repeated passages."""
    old = _SPACE.sub("", "".join(narrative_lines(old_text)))
    index = shingles(old, k)
    out: list[SectionRepetition] = []
    found: list[Passage] = []
    for heading, lines in sections:
        body = "".join(plain_sentences(lines))
        spans = repeated_spans(body, index, k)
        out.append(SectionRepetition(heading, len(body), sum(b - a for a, b in spans)))
        found += [Passage(heading, body[a:b]) for a, b in spans]
    found.sort(key=lambda p: -len(p.text))
    return Repetition(out, found[:passages])
