"""The search page's model: parse the request's parameters, call ``archive.search.search`` (the
search engineer's Korean index), and shape hits, facets and the timeline for page, API and
downloads alike. With an empty query the page browses the newest articles under the filters."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape
from sqlite_utils import Database
from starlette.datastructures import QueryParams

from archive.web import queries

PER_PAGE = 20
MAX_OFFSET = 10_000  # deeper pages are not useful to a reader; downloads cover the whole set
MAX_QUERY_CHARS = 500
COUNT_LIMIT = 10_000  # totals and facets count at most this many matches (as archive.search does)
TIMELINE_LIMIT = 10_000  # matches drawn in the timeline, newest first (the page says when capped)
SORTS = ("date", "relevance")


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    outlet: str | None = None
    region: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "date"
    page: int = 1
    errors: tuple[str, ...] = ()

    @classmethod
    def from_query(cls, params: QueryParams) -> SearchParams:
        errors: list[str] = []
        q = " ".join((params.get("q") or "").split())[:MAX_QUERY_CHARS]
        since = _date(params.get("since"), "시작일", errors)
        until = _date(params.get("until"), "종료일", errors)
        sort = params.get("sort") or "date"
        if sort not in SORTS:
            sort = "date"
        try:
            page = max(1, min(int(params.get("page") or 1), MAX_OFFSET // PER_PAGE + 1))
        except ValueError:
            page = 1
        return cls(
            q=q,
            outlet=(params.get("outlet") or "").strip()[:100] or None,
            region=(params.get("region") or "").strip()[:100] or None,
            since=since,
            until=until,
            sort=sort,
            page=page,
            errors=tuple(errors),
        )

    def link_params(self) -> dict[str, Any]:
        """The parameters a link back to this result set carries (page excluded)."""
        return {
            "q": self.q,
            "outlet": self.outlet,
            "region": self.region,
            "since": self.since,
            "until": self.until,
            "sort": self.sort if self.sort != "date" else None,
        }

    @property
    def filters(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "region": self.region, "since": self.since, "until": self.until}


def _date(value: str | None, label: str, errors: list[str]) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    errors.append(f"{label} 형식이 올바르지 않습니다 (YYYY-MM-DD): 무시했습니다.")
    return None


@dataclass
class Results:
    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, int]
    total_is_lower_bound: bool = False
    timeline: list[tuple[date | str, str, int]] | None = (
        None  # browsing: (day, outlet, n) of the newest articles
    )


def run_search(conn: sqlite3.Connection, p: SearchParams, *, limit: int, offset: int) -> Results:
    if not p.q:
        total, hits = queries.recent_articles(
            conn, **p.filters, limit=limit, offset=offset, count_limit=COUNT_LIMIT
        )
        for hit in hits:
            hit["snippet"] = escape(hit.get("snippet") or "")
        rows = _index_timeline(conn, p, None)[0] if offset == 0 else []
        facets: dict[str, int] = {}
        for _, outlet, n in rows:
            facets[outlet] = facets.get(outlet, 0) + n
        return Results(min(total, COUNT_LIMIT), hits, facets, total > COUNT_LIMIT, timeline=rows)
    from archive.search import search

    res = search(Database(conn), p.q, **p.filters, sort=p.sort, limit=limit, offset=offset)
    hits = [h.to_dict() for h in res.hits]
    for hit in hits:
        hit["snippet"] = Markup(hit.get("snippet") or "")  # search escapes all but its own <mark>
    return Results(int(res.total), hits, dict(res.facets), bool(res.total_is_lower_bound))


def timeline_rows(
    conn: sqlite3.Connection, p: SearchParams, results: Results
) -> tuple[list[tuple[date | str, str, int]], bool]:
    """(KST day, outlet, count) rows for the chart over the newest ``TIMELINE_LIMIT`` matches (or,
    without a query, the newest articles), and whether more matched than that."""
    if not p.q:
        if results.timeline is not None:
            return results.timeline, results.total_is_lower_bound
        return _index_timeline(conn, p, None)
    from archive.search.query import match_expression, parse_query

    expr = match_expression(parse_query(p.q))
    return _index_timeline(conn, p, expr) if expr is not None else ([], False)


def _index_timeline(
    conn: sqlite3.Connection, p: SearchParams, expr: str | None
) -> tuple[list[tuple[date | str, str, int]], bool]:
    """Count days × outlets from the search index's docids alone.

    A docid packs the publication minute and the outlet code (``archive.search.docids``), so the
    newest matches (FTS5 ``MATCH`` for a query, the live ``search_docs`` for browsing) are counted
    per KST day and outlet without touching the articles table. Falls back to the articles table
    when the database has no search index.
    """
    from archive.search.docids import MINUTE_SHIFT, OUTLET_MASK, OUTLET_SHIFT, rowid_range
    from archive.search.schema import DEAD_TABLE, DOCS_TABLE, FTS_TABLE, OUTLETS_TABLE, has_search_schema

    if not has_search_schema(conn):
        if expr is not None:
            return [], False
        rows = queries.timeline_recent(conn, **p.filters, limit=TIMELINE_LIMIT + 1)
        return rows, sum(n for _, _, n in rows) > TIMELINE_LIMIT
    lo, hi = rowid_range(p.since, p.until)
    lo = max(lo, 1 << MINUTE_SHIFT)  # undated articles have no place on a time axis
    if expr is None:
        source, where, args = DOCS_TABLE, "docid BETWEEN ? AND ?", [lo, hi]
        key = "docid"
    else:
        source, key = FTS_TABLE, "rowid"
        where = (
            f"{FTS_TABLE} MATCH ? AND rowid BETWEEN ? AND ? AND rowid NOT IN (SELECT docid FROM {DEAD_TABLE})"
        )
        args = [expr, lo, hi]
    codes = {code: outlet for code, outlet in conn.execute(f"SELECT code, outlet FROM {OUTLETS_TABLE}")}
    if p.outlet or p.region:
        allowed = set(codes)
        if p.outlet:
            allowed &= {c for c, o in codes.items() if o == p.outlet}
        if p.region:
            in_region = {r[0] for r in conn.execute("SELECT id FROM outlets WHERE region = ?", (p.region,))}
            allowed &= {c for c, o in codes.items() if o in in_region}
        if not allowed:
            return [], False
        where += f" AND (({key} >> {OUTLET_SHIFT}) & {OUTLET_MASK}) IN ({','.join('?' * len(allowed))})"
        args += sorted(allowed)
    sql = f"SELECT {key} FROM {source} WHERE {where} ORDER BY {key} DESC LIMIT ?"
    docids = [r[0] for r in conn.execute(sql, [*args, TIMELINE_LIMIT + 1])]
    counted = len(docids)
    # Counting 10,000 ints in Python is cheaper than a SQL GROUP BY into thousands of day×outlet groups.
    per_key = Counter(
        (((d >> MINUTE_SHIFT) + 540) // 1440, (d >> OUTLET_SHIFT) & OUTLET_MASK)
        for d in docids[:TIMELINE_LIMIT]
    )
    epoch = date(1900, 1, 1).toordinal()
    out = [(date.fromordinal(epoch + day), codes.get(code, ""), n) for (day, code), n in per_key.items()]
    return out, counted > TIMELINE_LIMIT


def api_hit(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(hit.get(k)) if k == "snippet" else hit.get(k)) for k in
            ("id", "url", "outlet", "title", "published", "snippet")}  # fmt: skip
