"""Agency names: when a report has one, and when two spellings name the same agency. Pure functions.

The archive keys reports by agency, and reports spell the same agency in more than one way:
``洪泽区人民政府`` in one year's title, ``淮安市洪泽区人民政府`` in the next. The rule here is deliberately
narrow, because merging two different agencies is worse than showing one agency twice (which
``xxgk assign`` can fix):

* names are compared after :func:`clean_name` (NFKC, whitespace removed);
* two names are *prefix variants* when the longer one ends with the shorter one, the extra leading
  part ends in an administrative unit (省, 市, 自治区, 区, 县, 州, 盟, 旗), and the shorter one still
  starts with a place name of its own (``洪泽区…``, not a bare ``公安局`` or ``市公安局``);
* a new name is merged into an existing agency only when exactly one agency has a spelling that is a
  prefix variant of it, and *every* spelling of that agency is compatible with the new name (so
  ``洪泽区人民政府`` does not pull ``淮安市洪泽区…`` and ``宿迁市洪泽区…`` into one agency).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# The administrative units a dropped prefix may end in (longest first: 自治区 before 区).
PREFIX_UNITS = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "州", "盟", "旗")
# The shorter spelling must itself begin with a place name: at least two characters and a unit.
_PLACE_START = re.compile(r"^.{2,}?(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|盟|旗|镇|乡|街道)")
MIN_SHORT_LEN = 5  # "洪泽区政府" is the shortest plausible agency name that can stand on its own


def clean_name(name: str) -> str:
    """The form agency names are compared and stored in: NFKC, no whitespace at all."""
    return "".join(unicodedata.normalize("NFKC", name).split())


def needs_review(agency: str | None, year: int | None) -> bool:
    """The one rule for filing: a report without an agency (a blank name counts) or a year is stored for
    review, never filed under a guess."""
    return not clean_name(agency or "") or year is None


def is_prefix_variant(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ only by a leading administrative prefix.

    >>> is_prefix_variant("洪泽区人民政府", "淮安市洪泽区人民政府")
    True
    >>> is_prefix_variant("公安局", "淮安市公安局")
    False
    """
    a, b = clean_name(a), clean_name(b)
    if a == b:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < MIN_SHORT_LEN or not long_.endswith(short):
        return False
    prefix = long_[: len(long_) - len(short)]
    if len(prefix) < 2 or not prefix.endswith(PREFIX_UNITS):
        return False
    return _PLACE_START.match(short) is not None


def is_distinctive(name: str) -> bool:
    """A spelling that can name one agency on its own: it begins with a place name (``平潭综合实验区管委会``,
    ``洪泽区人民政府``), unlike a bare short form (``财金局``, ``管委会``) that names a different agency in every
    region. Only distinctive spellings are looked up exactly as aliases."""
    name = clean_name(name)
    return len(name) >= MIN_SHORT_LEN and _PLACE_START.match(name) is not None


def compatible(a: str, b: str) -> bool:
    """Same name, or prefix variants of each other."""
    return clean_name(a) == clean_name(b) or is_prefix_variant(a, b)


def pick_agency(name: str, known: Mapping[int, Iterable[str]]) -> int | None:
    """The id of the one known agency ``name`` is a prefix variant of, or None (none, or ambiguous).

    ``known`` maps agency id to all its spellings (name and aliases). Exact matches are the caller's
    business (they are looked up first, by index); this only decides the prefix rule.
    """
    hits: list[int] = []
    for agency_id, spellings in known.items():
        spellings = list(spellings)
        if any(is_prefix_variant(name, s) for s in spellings) and all(compatible(name, s) for s in spellings):
            hits.append(agency_id)
    return hits[0] if len(hits) == 1 else None


def variant_keys(name: str) -> list[str]:
    """The shorter spellings ``name`` can be a prefix variant of: each ending of ``name`` left after
    dropping a leading part of at least two characters that ends in an administrative unit, when the
    ending is at least ``MIN_SHORT_LEN`` long. (``淮安市洪泽区人民政府`` → ``洪泽区人民政府``.)

    Two spellings are prefix variants only if the shorter one is among the longer one's keys, so an
    index of every known spelling's keys finds all candidates for a new name in both directions
    without comparing it with every agency (``is_prefix_variant`` then decides).
    """
    name = clean_name(name)
    return [name[i:] for i in range(2, len(name) - MIN_SHORT_LEN + 1) if name[:i].endswith(PREFIX_UNITS)]
