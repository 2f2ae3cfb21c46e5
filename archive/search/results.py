"""``search()``: run a parsed query against the index, page the hits, count and facet them.

Costs are bounded on purpose (measured in bench/search.py at 1M articles): hits are the newest
``limit`` matches (``ORDER BY rowid DESC`` stops early); ``total`` and the per-outlet facets count
at most ``count_limit`` matches, newest first. When more match, ``total == count_limit`` and
``total_is_lower_bound`` is True (show "10,000+"), and facets cover those newest matches.
``sort="relevance"`` ranks (bm25, title weighted) the newest ``count_limit`` matches.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from archive.search.docids import OUTLET_MASK, OUTLET_SHIFT, rowid_range
from archive.search.query import ParsedQuery, match_expression, parse_query
from archive.search.schema import (
    DEAD_TABLE,
    DOCS_TABLE,
    FTS_TABLE,
    OUTLETS_TABLE,
    connection,
    has_search_schema,
    index_format,
)
from archive.search.snippets import make_snippet

logger = logging.getLogger(__name__)

COUNT_LIMIT = 10_000
SORTS = ("date", "relevance")
BM25_WEIGHTS = (4.0, 2.0, 1.0, 0.0)  # title, subtitle, body, chars
NO_INDEX = "this database has no search index yet"
OLD_INDEX = (
    "the search index was built by an older version: it is rebuilt the next time the archive is"
    " opened for writing (a crawl, or `newsarchive reindex`)"
)


@dataclass
class SearchHit:
    """One matching article: what a result list shows."""

    id: int
    url: str | None
    outlet: str | None
    title: str | None
    published: str | None
    snippet: str
    outlet_name: str | None = None
    region: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResults:
    """Hits for the requested page, the (possibly bounded) total and per-outlet counts."""

    total: int
    hits: list[SearchHit]
    facets: dict[str, int]
    total_is_lower_bound: bool = False
    query: ParsedQuery = field(default_factory=ParsedQuery)
    warnings: list[str] = field(default_factory=list)


def _codes(conn: sqlite3.Connection, outlet: str | list[str] | None, region: str | None) -> list[int] | None:
    """Outlet codes allowed by the outlet/region filters (None = no filter)."""
    allowed: set[int] | None = None
    if outlet:
        names = [outlet] if isinstance(outlet, str) else list(outlet)
        marks = ",".join("?" * len(names))
        rows = conn.execute(f"SELECT code FROM {OUTLETS_TABLE} WHERE outlet IN ({marks})", names)
        allowed = {r[0] for r in rows}
    if region:
        try:
            rows = conn.execute(
                f"SELECT s.code FROM {OUTLETS_TABLE} s JOIN outlets o ON o.id = s.outlet WHERE o.region = ?",
                (region,),
            ).fetchall()
        except sqlite3.OperationalError:  # no outlets table: no outlet has a region
            rows = []
        in_region = {r[0] for r in rows}
        allowed = in_region if allowed is None else allowed & in_region
    return None if allowed is None else sorted(allowed)


def _where(expr: str, lo: int, hi: int, codes: list[int] | None) -> tuple[str, list[Any]]:
    sql = (
        f"{FTS_TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
        f" AND rowid NOT IN (SELECT docid FROM {DEAD_TABLE})"
    )
    params: list[Any] = [expr, lo, hi]
    if codes is not None:
        sql += f" AND ((rowid >> {OUTLET_SHIFT}) & {OUTLET_MASK}) IN ({','.join('?' * len(codes))})"
        params += codes
    return sql, params


def _count_by_code(conn: sqlite3.Connection, where: str, params: list[Any], cap: int) -> dict[int, int]:
    rows = conn.execute(
        f"SELECT (rowid >> {OUTLET_SHIFT}) & {OUTLET_MASK} AS code, count(*) FROM"
        f" (SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT ?) GROUP BY code",
        [*params, cap + 1],
    )
    return {code: n for code, n in rows}


def _page(conn, where: str, params: list[Any], sort: str, limit: int, offset: int, cap: int) -> list[int]:
    if sort == "relevance":
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        sql = (
            f"SELECT rowid FROM (SELECT rowid, bm25({FTS_TABLE}, {weights}) AS score FROM {FTS_TABLE}"
            f" WHERE {where} ORDER BY rowid DESC LIMIT ?) ORDER BY score, rowid DESC LIMIT ? OFFSET ?"
        )
        return [r[0] for r in conn.execute(sql, [*params, cap, limit, offset])]
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT ? OFFSET ?"
    return [r[0] for r in conn.execute(sql, [*params, limit, offset])]


def _hits(conn: sqlite3.Connection, docids: list[int], parsed: ParsedQuery, snippets: bool) -> list[SearchHit]:
    if not docids:
        return []
    marks = ",".join("?" * len(docids))
    ids = dict(conn.execute(f"SELECT docid, article_id FROM {DOCS_TABLE} WHERE docid IN ({marks})", docids))
    article_ids = [ids[d] for d in docids if d in ids]
    text_cols = "a.subtitle, a.body" if snippets else "NULL, NULL"
    rows = conn.execute(
        f"SELECT a.id, a.url, a.outlet, a.title, a.published, {text_cols}, o.name, o.region"
        " FROM articles a LEFT JOIN outlets o ON o.id = a.outlet"
        f" WHERE a.id IN ({','.join('?' * len(article_ids))})",
        article_ids,
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    hits = []
    for aid in article_ids:
        r = by_id.get(aid)
        if r is None:  # indexed but the article row is gone: skip rather than fail
            continue
        snippet = make_snippet((r[6], r[5], r[3]), parsed.include) if snippets else ""
        hits.append(SearchHit(r[0], r[1], r[2], r[3], r[4], snippet, r[7], r[8]))
    return hits


def hits_for(
    conn: sqlite3.Connection, docids: list[int], parsed: ParsedQuery, *, snippets: bool = True
) -> list[SearchHit]:
    """Result rows (and snippets for ``parsed``) for index docids, in the given order; docids whose
    article is gone are skipped. For callers that walked the index themselves (the web's one-pass
    newest-first search and downloads)."""
    return _hits(conn, docids, parsed, snippets)


def outlet_codes(conn: sqlite3.Connection) -> dict[int, str]:
    """The outlet code packed into each docid (see ``archive.search.docids``) -> outlet id."""
    return dict(conn.execute(f"SELECT code, outlet FROM {OUTLETS_TABLE}"))


def newest_docids(
    conn: sqlite3.Connection,
    expr: str | None,
    *,
    limit: int,
    outlet: str | list[str] | None = None,
    region: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> list[int]:
    """Up to ``limit`` docids, newest first, matching ``expr`` (a ``match_expression``) or, with
    ``expr=None``, every indexed article, under the outlet/region/date filters: one walk of the
    index, for callers that count, facet and page from the same list."""
    lo, hi = rowid_range(since, until)
    codes = _codes(conn, outlet, region)
    if codes == []:
        return []
    if expr is None:
        where, params = "docid BETWEEN ? AND ?", [lo, hi]
        if codes is not None:
            where += f" AND ((docid >> {OUTLET_SHIFT}) & {OUTLET_MASK}) IN ({','.join('?' * len(codes))})"
            params += codes
        sql = f"SELECT docid FROM {DOCS_TABLE} WHERE {where} ORDER BY docid DESC LIMIT ?"
    else:
        where, params = _where(expr, lo, hi, codes)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*params, limit])]


def search(
    db: Any,
    query: str | None,
    *,
    outlet: str | list[str] | None = None,
    region: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    sort: str = "date",
    limit: int = 20,
    offset: int = 0,
    count_limit: int = COUNT_LIMIT,
    snippets: bool = True,
) -> SearchResults:
    """Articles matching ``query`` (any string is safe), newest first unless ``sort="relevance"``.

    Raises ValueError only for a bad ``sort`` or unparseable ``since``/``until``.
    """
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    lo, hi = rowid_range(since, until)
    limit, offset = max(0, int(limit)), max(0, int(offset))
    conn = connection(db)
    parsed = parse_query(query)
    results = SearchResults(0, [], {}, query=parsed, warnings=list(parsed.warnings))
    expr = match_expression(parsed)
    if expr is None:
        return results
    if not has_search_schema(conn):
        results.warnings.append(NO_INDEX if index_format(conn) is None else OLD_INDEX)
        return results
    outlet_codes = _codes(conn, outlet, None)
    facet_codes = _codes(conn, None, region)
    total_codes = _codes(conn, outlet, region)
    if total_codes == []:
        return results

    facet_where, facet_params = _where(expr, lo, hi, facet_codes)
    by_code = _count_by_code(conn, facet_where, facet_params, count_limit)
    capped = sum(by_code.values()) > count_limit
    if outlet_codes is None:
        total = sum(by_code.values())
        where, params = facet_where, facet_params
    else:
        where, params = _where(expr, lo, hi, total_codes)
        counted = _count_by_code(conn, where, params, count_limit)
        total, capped = sum(counted.values()), sum(counted.values()) > count_limit
    results.total = min(total, count_limit)
    results.total_is_lower_bound = capped
    names = dict(conn.execute(f"SELECT code, outlet FROM {OUTLETS_TABLE}"))
    facets = sorted(((names.get(c, ""), n) for c, n in by_code.items()), key=lambda kv: (-kv[1], kv[0]))
    results.facets = dict(facets)
    docids = _page(conn, where, params, sort, limit, offset, count_limit)
    results.hits = _hits(conn, docids, parsed, snippets)
    return results
