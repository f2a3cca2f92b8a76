"""Publication dates as publishers write them: ISO 8601, RFC 2822 (RSS pubDate), "March 5, 2024"."""

from __future__ import annotations

import datetime as dt
import re

# Front matter keys and HTML/JSON-LD properties that hold the publication date, by priority.
DATE_KEYS = (
    "date",
    "published",
    "pubdate",
    "publishdate",
    "published_at",
    "publishedat",
    "publication_date",
    "datepublished",
    "article:published_time",
    "og:published_time",
    "dc.date",
    "dc.date.issued",
)

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_WRITTEN = re.compile(r"(?i)\b([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_RFC = re.compile(r"(?i)\b(\d{1,2})\s+([a-z]{3,9})\.?\s+(\d{4})\b")


def parse_date(value: str) -> dt.date | None:
    """The date in `value`, or None when it holds none we recognise."""
    value = value.strip()
    if not value:
        return None
    m = _ISO.search(value)
    if m:
        return _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _WRITTEN.search(value)
    if m and m.group(1).lower() in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    m = _RFC.search(value)
    if m and m.group(2).lower() in _MONTHS:
        return _make(int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1)))
    return None


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
