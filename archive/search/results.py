"""``search()``: run a parsed query against the index, page the hits, count and facet them.

Costs are bounded on purpose (measured in bench/search.py at 1M articles): hits are the newest
``limit`` matches (``ORDER BY rowid DESC`` stops early); ``total`` and the per-outlet facets count
at most ``count_limit`` matches, newest first. When more match, ``total == count_limit`` and
``total_is_lower_bound`` is True (show "10,000+"), and facets cover those newest matches.
``sort="relevance"`` ranks (bm25, title weighted) the newest ``count_limit`` matches. Which
tokens FTS5 walks, and what is checked on the text instead, is :mod:`archive.search.plan`'s call.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from archive.search.docids import OUTLET_MASK, OUTLET_SHIFT, rowid_range
from archive.search.plan import VERIFY_CAP, Filters, Plan, newest_matches
from archive.search.query import ParsedQuery, parse_query
from archive.search.schema import (
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


def _code(docid: int) -> int:
    return (docid >> OUTLET_SHIFT) & OUTLET_MASK


def _relevance_page(
    conn: sqlite3.Connection, plan: Plan, filters: Filters, matches: list[int], limit: int, offset: int, cap: int
) -> list[int]:
    """bm25 order (title weighted) of the newest ``cap`` matches. A planned query's matches are all
    in ``matches`` (its candidates were few); they are scored by the tokens FTS5 walked."""
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    where, params = filters.where(plan.expr)
    scored = f"SELECT rowid, bm25({FTS_TABLE}, {weights}) AS score FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT ?"
    if plan.exact:
        sql = f"SELECT rowid FROM ({scored}) ORDER BY score, rowid DESC LIMIT ? OFFSET ?"
        return [r[0] for r in conn.execute(sql, [*params, cap, limit, offset])]
    keep = set(matches)
    rows = [(score, -rowid) for rowid, score in conn.execute(scored, [*params, VERIFY_CAP + 1]) if rowid in keep]
    return [-neg for _, neg in sorted(rows)[offset : offset + limit]]


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
    query: ParsedQuery | str | None,
    *,
    limit: int,
    outlet: str | list[str] | None = None,
    region: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> list[int]:
    """Up to ``limit`` docids, newest first, matching ``query`` (a :class:`ParsedQuery`, planned
    like :func:`search`; or an FTS5 ``match_expression``, run as it is) or, with ``None``, every
    indexed article, under the outlet/region/date filters: one walk of the index, for callers
    that count, facet and page from the same list."""
    lo, hi = rowid_range(since, until)
    codes = _codes(conn, outlet, region)
    if codes == []:
        return []
    filters = Filters(lo, hi, codes)
    if isinstance(query, ParsedQuery):
        if query.is_empty:
            return []
        return newest_matches(conn, query, filters, limit)[0]
    if query is None:
        where, params = "docid BETWEEN ? AND ?", [lo, hi]
        if codes is not None:
            where += f" AND ((docid >> {OUTLET_SHIFT}) & {OUTLET_MASK}) IN ({','.join('?' * len(codes))})"
            params += codes
        sql = f"SELECT docid FROM {DOCS_TABLE} WHERE {where} ORDER BY docid DESC LIMIT ?"
    else:
        where, params = filters.where(query)
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
    if parsed.is_empty:
        return results
    if not has_search_schema(conn):
        results.warnings.append(NO_INDEX if index_format(conn) is None else OLD_INDEX)
        return results
    facet_codes = _codes(conn, None, region)
    total_codes = _codes(conn, outlet, region)
    if total_codes == []:
        return results

    # One walk for facets (every outlet of the region), one more only when an outlet filter
    # needs matches beyond the facet walk's newest count_limit.
    wide_filters = Filters(lo, hi, facet_codes)
    wide, plan = newest_matches(conn, parsed, wide_filters, count_limit + 1)
    narrow, filters = wide, wide_filters
    if outlet:
        filters = Filters(lo, hi, total_codes)
        if len(wide) <= count_limit:
            allowed = set(total_codes)
            narrow = [d for d in wide if _code(d) in allowed]
        else:
            narrow, _ = newest_matches(conn, parsed, filters, count_limit + 1, plan)
    results.total = min(len(narrow), count_limit)
    results.total_is_lower_bound = len(narrow) > count_limit
    names = dict(conn.execute(f"SELECT code, outlet FROM {OUTLETS_TABLE}"))
    by_code = Counter(_code(d) for d in wide)
    facets = sorted(((names.get(c, ""), n) for c, n in by_code.items()), key=lambda kv: (-kv[1], kv[0]))
    results.facets = dict(facets)
    if sort == "relevance":
        docids = _relevance_page(conn, plan, filters, narrow, limit, offset, count_limit)
    elif offset + limit <= len(narrow) or not results.total_is_lower_bound:
        docids = narrow[offset : offset + limit]
    else:  # a page beyond the newest count_limit matches
        docids = newest_matches(conn, parsed, filters, offset + limit, plan)[0][offset:]
    results.hits = _hits(conn, docids, parsed, snippets)
    return results
