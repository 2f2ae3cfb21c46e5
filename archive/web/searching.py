"""The search page's model: parse the request's parameters, query the Korean index
(``archive.search``), and shape hits, facets and the timeline for page, API and downloads alike.

Newest-first searches walk the index once (``IndexPass``): the docids of ``archive.search`` pack
publication minute and outlet code, so the page's hits, the bounded total, the facets and the
timeline all come from one list of integers; this module relies on that layout
(``archive.search.docids``) and on ``archive.search``'s ``newest_docids`` / ``hits_for``.
Relevance sort goes through ``search()``. With an empty query the page browses the newest
articles under the filters."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape
from sqlite_utils import Database
from starlette.datastructures import QueryParams

from archive.search.query import ParsedQuery
from archive.search.results import NO_INDEX, OLD_INDEX
from archive.web import charts, queries

PER_PAGE = 20
MAX_OFFSET = 10_000  # deeper pages are not useful to a reader; downloads cover the whole set
MAX_QUERY_CHARS = 500
COUNT_LIMIT = 10_000  # totals and facets count at most this many matches (as archive.search does)
SORTS = ("date", "relevance")
EPOCH_ORDINAL = date(1900, 1, 1).toordinal()  # day 0 of the docids' minute counter
SEARCH_WARNINGS_KO = {
    "only excluded terms: nothing to search for": "제외어(-단어)만 있어 찾을 단어가 없습니다.",
    NO_INDEX: "검색 색인이 아직 없습니다.",
    OLD_INDEX: "검색 색인이 이전 버전 형식입니다. 다음 수집 때 또는 `newsarchive reindex`로 다시 만들어집니다.",
}


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
    timeline: list[tuple[date | str, str, int]] | None = None  # (KST day, outlet, n) of the newest matches
    warnings: list[str] = field(default_factory=list)
    timeline_unit: str | None = None  # day | week | month when the rows are pre-bucketed


def run_search(
    conn: sqlite3.Connection, p: SearchParams, *, limit: int, offset: int, timeline: bool = True
) -> Results:
    """Hits for one page plus the (bounded) total, per-outlet facets and, with ``timeline``, the
    day × outlet counts of the newest matches.

    Sorted by date (the default) this is one walk of the index (``_date_sorted``), with the same
    numbers and order as ``archive.search.search`` (tests compare them). Relevance sort goes
    through ``search()`` and adds a walk for the chart. Without a query: the newest articles.
    """
    if not p.q:
        total, hits = queries.recent_articles(
            conn, **p.filters, limit=limit, offset=offset, count_limit=COUNT_LIMIT
        )
        for hit in hits:
            hit["snippet"] = escape(hit.get("snippet") or "")
        rows: list[tuple[date | str, str, int]] = []
        facets: dict[str, int] = {}
        unit = None
        if offset == 0 or timeline:
            wide = index_pass(conn, p, None)
            if wide is not None:
                (rows, unit), facets = wide.timeline(), wide.facets()
            else:  # no search index in this database: group the newest articles instead
                rows = queries.timeline_recent(conn, **p.filters, limit=COUNT_LIMIT)
                for _, outlet, n in rows:
                    facets[outlet] = facets.get(outlet, 0) + n
        return Results(
            min(total, COUNT_LIMIT), hits, facets, total > COUNT_LIMIT, timeline=rows, timeline_unit=unit
        )
    from archive.search import search
    from archive.search.query import parse_query

    parsed = parse_query(p.q)
    if p.sort == "date" and not parsed.is_empty and _has_index(conn):
        return _date_sorted(conn, p, parsed, limit=limit, offset=offset, timeline=timeline)
    res = search(Database(conn), p.q, **p.filters, sort=p.sort, limit=limit, offset=offset)
    out = Results(
        int(res.total),
        _marked([h.to_dict() for h in res.hits]),
        dict(res.facets),
        bool(res.total_is_lower_bound),
        warnings=[SEARCH_WARNINGS_KO.get(w, w) for w in res.warnings],
    )
    if timeline and not parsed.is_empty:
        narrow = index_pass(conn, p, parsed)
        out.timeline, out.timeline_unit = narrow.timeline() if narrow else ([], None)
    return out


def _marked(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for hit in hits:
        hit["snippet"] = Markup(hit.get("snippet") or "")  # search escapes all but its own <mark>
    return hits


def _date_sorted(
    conn: sqlite3.Connection,
    p: SearchParams,
    parsed: ParsedQuery,
    *,
    limit: int,
    offset: int,
    timeline: bool,
) -> Results:
    """Newest-first search in one walk of the index: the newest ``COUNT_LIMIT + 1`` matching
    docids give total, facets, timeline and, while the page lies within them, the page's hits
    (rows and snippets from ``archive.search``); deeper pages ask ``search()`` for the hits.
    The walk is planned as ``search()``'s is (``archive.search.plan``).
    """
    from archive.search import hits_for, search

    warnings = [SEARCH_WARNINGS_KO.get(w, w) for w in parsed.warnings]
    wide = index_pass(conn, p, parsed, outlet_filter=False)  # facets show every outlet, as search's do
    assert wide is not None  # the caller checked that the index exists
    narrow = wide
    if p.outlet:
        narrow = wide.only(p.outlet) if not wide.capped else index_pass(conn, p, parsed)
        assert narrow is not None
    end = offset + limit
    if end <= min(len(narrow.docids), COUNT_LIMIT) or not narrow.capped:
        hits = [h.to_dict() for h in hits_for(conn, narrow.docids[offset:end], parsed)]
    else:
        res = search(
            Database(conn), p.q, **p.filters, sort="date", limit=limit, offset=offset, count_limit=end
        )
        hits = [h.to_dict() for h in res.hits]
    rows, unit = narrow.timeline() if timeline else (None, None)
    return Results(
        min(len(narrow.docids), COUNT_LIMIT),
        _marked(hits),
        wide.facets(),
        narrow.capped,
        timeline=rows,
        warnings=warnings,
        timeline_unit=unit,
    )




def _has_index(conn: sqlite3.Connection) -> bool:
    from archive.search.schema import has_search_schema

    return has_search_schema(conn)


@dataclass
class IndexPass:
    """The newest matching docids (at most ``COUNT_LIMIT + 1``), newest first.

    A docid packs the publication minute and the outlet code (``archive.search.docids``), so
    total, per-outlet facets and days × outlets all come from these integers without touching the
    articles table.
    """

    docids: list[int]
    codes: dict[int, str]  # outlet code → outlet id

    @property
    def capped(self) -> bool:
        return len(self.docids) > COUNT_LIMIT

    def outlet_codes(self) -> list[int]:
        from archive.search.docids import OUTLET_MASK, OUTLET_SHIFT

        return [(d >> OUTLET_SHIFT) & OUTLET_MASK for d in self.docids]

    def only(self, outlet: str) -> IndexPass:
        wanted = {c for c, o in self.codes.items() if o == outlet}
        return IndexPass(
            [d for d, c in zip(self.docids, self.outlet_codes(), strict=True) if c in wanted], self.codes
        )

    def facets(self) -> dict[str, int]:
        counts = Counter(self.outlet_codes())  # as archive.search: the newest cap + 1
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self.codes.get(kv[0], "")))
        return {self.codes.get(code, ""): n for code, n in ranked}

    def timeline(self) -> tuple[list[tuple[date | str, str, int]], str | None]:
        """Rows ``(bucket start, outlet, n)`` already bucketed by day, week or month (as the chart
        would choose) with outlets beyond the chart's palette merged into ``""`` (기타), and the
        unit. Plain integer work over the docids: the chart then draws a few hundred rows."""
        from archive.search.docids import MINUTE_SHIFT, OUTLET_MASK, OUTLET_SHIFT

        docs = [d for d in self.docids[:COUNT_LIMIT] if d >> MINUTE_SHIFT]  # undated: no place on a time axis
        if not docs:
            return [], None
        days = [((d >> MINUTE_SHIFT) + 540) // 1440 for d in docs]  # KST days since 1900-01-01
        codes = [(d >> OUTLET_SHIFT) & OUTLET_MASK for d in docs]
        totals = Counter(codes)
        ranked = sorted(totals, key=lambda c: (-totals[c], self.codes.get(c, "")))  # the chart's order
        top = set(ranked[: charts.MAX_SERIES - 1] if len(ranked) > charts.MAX_SERIES else ranked)
        epoch = EPOCH_ORDINAL
        unit = charts.choose_unit(date.fromordinal(epoch + min(days)), date.fromordinal(epoch + max(days)))
        if unit == "day":
            buckets = days
        elif unit == "week":  # back to Monday: date.fromordinal(o).weekday() == (o - 1) % 7
            buckets = [day - (epoch + day - 1) % 7 for day in days]
        else:
            first_of_month = {
                day: date.fromordinal(epoch + day).replace(day=1).toordinal() - epoch for day in set(days)
            }
            buckets = [first_of_month[day] for day in days]
        counts = Counter(zip(buckets, [c if c in top else -1 for c in codes], strict=True))
        rows = [
            (date.fromordinal(epoch + b), self.codes.get(c, "") if c >= 0 else "", n)
            for (b, c), n in counts.items()
        ]
        return rows, unit


def index_pass(
    conn: sqlite3.Connection,
    p: SearchParams,
    query: ParsedQuery | None,
    *,
    outlet_filter: bool = True,
    limit: int | None = None,
) -> IndexPass | None:
    """The newest docids matching ``query`` (planned as ``archive.search`` does) or, with ``None``, the newest live
    articles (``search_docs``), under the date, region and (``outlet_filter``) outlet filters.
    None when the database has no search index (then browsing falls back to the articles table)."""
    from archive.search import newest_docids, outlet_codes

    if not _has_index(conn):
        return None
    outlet = p.outlet if outlet_filter else None
    docids = newest_docids(
        conn, query, limit=limit or COUNT_LIMIT + 1, outlet=outlet, region=p.region, since=p.since, until=p.until
    )
    return IndexPass(docids, outlet_codes(conn))


def iter_all_hits(
    conn: sqlite3.Connection, p: SearchParams, *, limit: int, batch: int = 500
) -> Iterator[dict]:
    """Every match up to ``limit``, in page order, for downloads. Date-sorted searches walk the
    index once (all docids, then rows and snippets in batches); others page through search()."""
    from archive.search import hits_for
    from archive.search.query import parse_query

    parsed = parse_query(p.q)
    if p.q and not parsed.is_empty and p.sort == "date" and _has_index(conn):
        walk = index_pass(conn, p, parsed, limit=limit)
        docids = walk.docids if walk else []
        for start in range(0, len(docids), batch):
            yield from _marked(
                [h.to_dict() for h in hits_for(conn, docids[start : start + batch], parsed)]
            )
        return
    offset = 0
    while offset < limit:
        res = run_search(conn, p, limit=min(batch, limit - offset), offset=offset, timeline=False)
        yield from res.hits
        if len(res.hits) < batch:
            return
        offset += batch


def api_hit(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(hit.get(k)) if k == "snippet" else hit.get(k)) for k in
            ("id", "url", "outlet", "title", "published", "snippet")}  # fmt: skip
