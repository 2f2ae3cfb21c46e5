"""The JSON API: the same data as the pages, for scripts (a stable contract, see README)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from archive.store import queries as store_queries
from archive.store.schema import ARTICLE_FIELDS
from archive.web import queries
from archive.web.searching import PER_PAGE, SearchParams, api_hit, run_search
from archive.web.state import web_state
from archive.web.views.article import article_bundle
from archive.web.views.outlets import HEALTH_TTL

MAX_LIMIT = 100


class KoreanJSON(JSONResponse):
    media_type = "application/json"

    def render(self, content: object) -> bytes:
        import json

        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def api_search(request: Request) -> Response:
    p = SearchParams.from_query(request.query_params)
    try:
        limit = max(1, min(int(request.query_params.get("limit") or PER_PAGE), MAX_LIMIT))
        offset = max(0, int(request.query_params.get("offset") or 0))
    except ValueError:
        return KoreanJSON({"error": "limit/offset must be integers"}, status_code=400)
    res = run_search(web_state(request).conn(), p, limit=limit, offset=offset, timeline=False)
    return KoreanJSON(
        {
            "total": res.total,
            "results": [api_hit(h) for h in res.hits],
            "facets": {"outlet": res.facets},
            "limit": limit,
            "offset": offset,
            "warnings": [*p.errors, *res.warnings],
        }
    )


def api_article(request: Request) -> Response:
    bundle = article_bundle(web_state(request).store(), request.path_params["id"])
    art = bundle["article"]
    keys = ("id", *ARTICLE_FIELDS, "outlet", "outlet_name", "cluster_id", "first_seen", "last_seen")
    out = {k: art.get(k) for k in keys}
    out["also_published_by"] = bundle["cluster"]
    out["versions"] = [
        {k: v.get(k) for k in ("id", "seq", "title", "first_seen", "last_seen", "content_hash", "capture_id")}
        for v in bundle["versions"]
    ]
    out["captures"] = [
        {k: c.get(k) for k in ("id", "url", "fetched_at", "kind", "status", "content_type", "ingest_status")}
        | {"page": f"/captures/{c['id']}", "raw": f"/captures/{c['id']}/raw"}
        for c in bundle["captures"]
    ]
    return KoreanJSON(out)


def api_outlets(request: Request) -> Response:
    state = web_state(request)
    rows = state.cached("outlet_health", HEALTH_TTL, lambda: queries.outlet_health(state.conn()))
    return KoreanJSON({"outlets": rows})


def api_runs(request: Request) -> Response:
    return KoreanJSON({"runs": store_queries.list_runs(web_state(request).store(), limit=50)})
