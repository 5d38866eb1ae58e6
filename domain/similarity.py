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
