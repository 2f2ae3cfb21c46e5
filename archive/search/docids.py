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
import sqlite3
from datetime import UTC, date, datetime

from archive.kst import day_bounds, parse_datetime
from archive.search.schema import DEAD_TABLE, DOCS_TABLE, OUTLETS_TABLE

logger = logging.getLogger(__name__)

EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
MINUTE_SHIFT = 36
OUTLET_SHIFT = 24
OUTLET_MASK = (1 << 12) - 1
SEQ_MASK = (1 << 24) - 1
MAX_MINUTE = (1 << 27) - 1


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
    """Inclusive rowid bounds for a publication-date filter (dates are whole KST days,
    :func:`archive.kst.day_bounds`). Raises ValueError with a readable message for bad text."""
    start, end = day_bounds(since, until)
    lo = minute_of(start) << MINUTE_SHIFT if start else 0
    hi = (minute_of(end) << MINUTE_SHIFT) - 1 if end else (1 << 63) - 1
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
