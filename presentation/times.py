"""Times as the office reads them: the archive keeps UTC ISO strings, people see local time.

The office's time zone is ``Asia/Shanghai`` (北京时间) unless ``XXGK_TZ`` names another IANA zone. Without
the system's zone database (Windows without ``tzdata``) Asia/Shanghai is the fixed UTC+08:00 it has
been since 1991; an unknown zone name falls back to the default.
"""
from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Shanghai"
ZONE_ENV = "XXGK_TZ"
_NAMES = {"Asia/Shanghai": "北京时间", "Asia/Chongqing": "北京时间", "Asia/Harbin": "北京时间", "PRC": "北京时间",
          "UTC": "UTC", "Etc/UTC": "UTC"}


def office_zone_name() -> str:
    """The configured zone name (``XXGK_TZ``, else ``Asia/Shanghai``), known to be usable."""
    name = (os.environ.get(ZONE_ENV) or "").strip() or DEFAULT_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE
    return name


def office_zone() -> tzinfo:
    name = office_zone_name()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # no zone database at all
        return timezone(timedelta(hours=8), "CST")


def zone_label() -> str:
    """``北京时间`` for the default zone, else the zone's name (``Asia/Urumqi``)."""
    name = office_zone_name()
    return _NAMES.get(name, name)


def parse_utc(iso: str) -> datetime | None:
    """A stored ISO 8601 time (UTC when it carries no offset); None when it cannot be read."""
    try:
        when = datetime.fromisoformat(iso.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def local_time(iso: str) -> datetime | None:
    when = parse_utc(iso)
    return when.astimezone(office_zone()) if when is not None else None


def local_time_text(iso: str | None, seconds: bool = False) -> str:
    """``2024-03-01 07:30`` for the stored ``2024-02-29T23:30:00+00:00`` (Beijing); unreadable text as is."""
    if not iso:
        return ""
    when = local_time(iso)
    if when is None:
        return iso
    return when.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def now_text() -> str:
    """The current local time, ``2024-03-01 07:30``."""
    return datetime.now(office_zone()).strftime("%Y-%m-%d %H:%M")
