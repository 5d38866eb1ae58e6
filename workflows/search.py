"""Search the archive's text (``xxgk search``, the app's search screen): the lines of current reports
that contain every term, with where each match starts, so that a hit opens the report at its line.

Terms are split on spaces and NFKC-normalised; a term of 3 characters or more is looked up in the trigram
index, a shorter one (收费) matched within the lines found (or over every line when all terms are short).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from xxgk.store import Archive, ArchiveError
from xxgk.store.search import SearchHit, search_terms

LIMIT = 200  # hits per page


@dataclass
class SearchResult:
    terms: list[str]
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    offset: int = 0

    @property
    def more(self) -> int:
        """Hits after this page."""
        return max(0, self.total - self.offset - len(self.hits))


def search(archive: Archive, query: Sequence[str], *, agency: str | None = None, year: int | None = None,
           limit: int = LIMIT, offset: int = 0) -> SearchResult:
    """The hits of ``query`` (a list of words, or one string of them) in the current reports."""
    terms = search_terms([query] if isinstance(query, str) else query)
    if not terms:
        raise ArchiveError("请给出要查找的文字，如：xxgk search 依申请 收费")
    agency_id = archive.agency(agency).id if agency else None
    hits, total = archive.search(terms, agency_id=agency_id, year=year, limit=limit, offset=offset)
    return SearchResult(terms, hits, total, offset)


def first_match(text: str, terms: Sequence[str]) -> int:
    """Where the first of ``terms`` starts in ``text`` (0 when none is found as typed)."""
    found = [i for i in (text.find(t) for t in terms) if i >= 0]
    return min(found) if found else 0


def excerpt(text: str, terms: Sequence[str], width: int) -> tuple[str, int]:
    """A piece of ``text`` at most ``width`` characters long around its first match, and where the match
    starts in it (``..`` marks text left out: "…" has an ambiguous width on a terminal)."""
    if len(text) <= width:
        return text, first_match(text, terms)
    start = max(0, first_match(text, terms) - width // 4)
    piece = text[start:start + width - (2 if start else 0)]
    if start:
        piece = ".." + piece
    return piece, first_match(piece, terms)
