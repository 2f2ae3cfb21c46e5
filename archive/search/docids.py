"""Packing of the search index's rowid: publication minute, outlet code and a tie-breaker.

``docid = minute << 36 | outlet_code << 24 | seq`` where ``minute`` counts minutes since
1900-01-01 UTC (27 bits, until 2155; 0 = no publication date, sorted last), ``outlet_code`` is
the outlet's small number from ``search_outlets`` (12 bits; 0 = unknown outlet) and ``seq`` (24
bits) starts at the article id's low bits and is bumped past any docid already used.

Why: FTS5 walks its doclists in rowid order and honours rowid range constraints, so "newest
first" becomes ``ORDER BY rowid DESC LIMIT n`` (it stops after n), a date filter becomes a rowid
range, and outlet facets/filters read ``(rowid >> 24) & 4095`` without touching another table.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from datetime import UTC, date, datetime, time, timedelta, timezone

from archive.search.schema import DEAD_TABLE, DOCS_TABLE, OUTLETS_TABLE

logger = logging.getLogger(__name__)

KST = timezone(timedelta(hours=9), "KST")
EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
MINUTE_SHIFT = 36
OUTLET_SHIFT = 24
OUTLET_MASK = (1 << 12) - 1
SEQ_MASK = (1 << 24) - 1
MAX_MINUTE = (1 << 27) - 1
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_datetime(value: str | datetime | date) -> datetime:
    """An aware datetime from ISO 8601 text; naive values and bare dates are KST."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time())
    else:
        dt = datetime.fromisoformat(value.strip())
    return dt if dt.tzinfo else dt.replace(tzinfo=KST)


def minute_of(published: str | datetime | None) -> int:
    """Minutes since 1900 UTC of a publication time; 0 when absent or unparseable."""
    if not published:
        return 0
    try:
        dt = parse_datetime(published)
    except ValueError:
        logger.debug("unparseable publication date %r: indexed as undated", published)
        return 0
    minute = int((dt - EPOCH).total_seconds() // 60)
    return min(max(minute, 1), MAX_MINUTE)


def rowid_range(since: str | date | None, until: str | date | None) -> tuple[int, int]:
    """Inclusive rowid bounds for a publication-date filter (dates are whole KST days).

    Raises ValueError with a readable message for text that is not an ISO date/time.
    """
    lo, hi = 0, (1 << 63) - 1
    try:
        if since:
            lo = minute_of(parse_datetime(since)) << MINUTE_SHIFT
        if until:
            end = parse_datetime(until)
            is_day = isinstance(until, date) and not isinstance(until, datetime)
            if is_day or (isinstance(until, str) and _DATE_ONLY.match(until.strip())):
                end = end + timedelta(days=1)  # the whole day
                hi = (minute_of(end) << MINUTE_SHIFT) - 1
            else:
                hi = ((minute_of(end) + 1) << MINUTE_SHIFT) - 1
    except ValueError as exc:
        raise ValueError(f"not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM+09:00): {exc}") from None
    if since or until:
        lo = max(lo, 1 << MINUTE_SHIFT)  # a date filter excludes undated articles
    return lo, hi


def outlet_of(docid: int) -> int:
    """The outlet code packed into a docid."""
    return (docid >> OUTLET_SHIFT) & OUTLET_MASK


def outlet_code(conn: sqlite3.Connection, outlet: str | None, *, create: bool = True) -> int:
    """The small code of an outlet id (assigned on first use); 0 for none or when full."""
    if not outlet:
        return 0
    row = conn.execute(f"SELECT code FROM {OUTLETS_TABLE} WHERE outlet = ?", (outlet,)).fetchone()
    if row:
        return int(row[0])
    if not create:
        return -1
    (top,) = conn.execute(f"SELECT coalesce(max(code), 0) FROM {OUTLETS_TABLE}").fetchone()
    if top >= OUTLET_MASK:
        logger.warning("more than %d outlets: %r shares facet code 0 (unknown)", OUTLET_MASK, outlet)
        return 0
    conn.execute(f"INSERT INTO {OUTLETS_TABLE} (code, outlet) VALUES (?, ?)", (top + 1, outlet))
    return top + 1


def _taken(conn: sqlite3.Connection, docid: int) -> bool:
    row = conn.execute(
        f"SELECT 1 FROM {DOCS_TABLE} WHERE docid = ? UNION ALL SELECT 1 FROM {DEAD_TABLE} WHERE docid = ?",
        (docid, docid),
    ).fetchone()
    return row is not None


def allocate_docid(conn: sqlite3.Connection, article_id: int, minute: int, code: int) -> int:
    """A docid not used before (live or dead) for this article's minute and outlet."""
    base = (minute << MINUTE_SHIFT) | (code << OUTLET_SHIFT)
    seq = article_id & SEQ_MASK
    for _ in range(SEQ_MASK + 1):
        docid = base | seq
        if not _taken(conn, docid):
            return docid
        seq = (seq + 1) & SEQ_MASK
    raise RuntimeError("no free docid in this minute and outlet")  # 16.7M docs in one minute
