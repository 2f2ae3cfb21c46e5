"""The search page's model: parse the request's parameters, call ``archive.search.search`` (the
search engineer's Korean index), and shape hits, facets and the timeline for page, API and
downloads alike. With an empty query the page browses the newest articles under the filters."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
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
TIMELINE_LIMIT = 5_000  # matches drawn in the timeline, newest first (the page says when capped)
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


def _plain(obj: Any) -> dict[str, Any]:
    if isinstance(obj, dict):
        return dict(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return dataclasses.asdict(obj)
    return {k: getattr(obj, k, None) for k in ("id", "url", "outlet", "title", "published", "snippet")}


def _facets(raw: Any) -> dict[str, int]:
    if not raw:
        return {}
    if isinstance(raw, dict):
        inner = raw.get("outlet", raw) if isinstance(raw.get("outlet"), (dict, list)) else raw
        if isinstance(inner, dict):
            return {str(k): int(v) for k, v in inner.items()}
        raw = inner
    out: dict[str, int] = {}
    for item in raw:
        if isinstance(item, dict):
            out[str(item.get("outlet") or item.get("value"))] = int(item.get("count", 0))
        else:
            key, count = item[0], item[1]
            out[str(key)] = int(count)
    return out


def run_search(conn: sqlite3.Connection, p: SearchParams, *, limit: int, offset: int) -> Results:
    if not p.q:
        total, hits = queries.recent_articles(conn, **p.filters, limit=limit, offset=offset)
        for hit in hits:
            hit["snippet"] = escape(hit.get("snippet") or "")
        facets = queries.facets_all(conn, **p.filters) if offset == 0 else {}
        return Results(total, hits, facets)
    from archive.search import search

    res = search(Database(conn), p.q, **p.filters, sort=p.sort, limit=limit, offset=offset)
    hits = [_plain(h) for h in res.hits]
    for hit in hits:
        hit["snippet"] = Markup(hit.get("snippet") or "")  # search escapes all but its own <mark>
    return Results(
        int(res.total),
        hits,
        _facets(getattr(res, "facets", None)),
        bool(getattr(res, "total_is_lower_bound", False) or getattr(res, "capped", False)),
    )


def timeline_rows(conn: sqlite3.Connection, p: SearchParams, total: int) -> tuple[list[tuple[str, str, int]], bool]:
    """(day, outlet, count) rows for the chart, and whether they cover only the newest matches."""
    if not p.q:
        return queries.timeline_all(conn, **p.filters), False
    from archive.search import search

    res = search(Database(conn), p.q, **p.filters, sort="date", limit=TIMELINE_LIMIT, offset=0)
    counts: dict[tuple[str, str], int] = {}
    for hit in map(_plain, res.hits):
        day = (hit.get("published") or "")[:10]
        if day:
            counts[(day, hit.get("outlet") or "")] = counts.get((day, hit.get("outlet") or ""), 0) + 1
    return [(d, o, n) for (d, o), n in counts.items()], total > TIMELINE_LIMIT


def api_hit(hit: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(hit.get(k)) if k == "snippet" else hit.get(k)) for k in
            ("id", "url", "outlet", "title", "published", "snippet")}  # fmt: skip
