"""File names as text: what a name that is not UTF-8 on disk becomes before it is stored or shown."""
from __future__ import annotations


def readable_name(name: str) -> str:
    """A file name as text that can be stored and shown. A name that is not UTF-8 on disk (a GBK name from a
    zip made on Windows) arrives with surrogate escapes, which SQLite cannot store: each part of the path
    (split at "/": only POSIX names escape bytes) is decoded as UTF-8, else as GB18030, else with U+FFFD
    for what neither reads."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    parts = []
    for part in name.split("/"):
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            raw = part.encode("utf-8", "surrogateescape") if _escaped_only(part) else part.encode("utf-8", "replace")
            try:
                part = raw.decode("gb18030")
            except UnicodeDecodeError:
                part = raw.decode("utf-8", "replace")
        parts.append(part)
    return "/".join(parts)


def _escaped_only(part: str) -> bool:
    """Every surrogate in ``part`` is an escaped byte (U+DC80–U+DCFF), as os.fsdecode makes them."""
    return all("\udc80" <= ch <= "\udcff" for ch in part if "\ud800" <= ch <= "\udfff")
