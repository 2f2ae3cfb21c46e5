"""The search page (``/``) and the downloads of a whole result set (CSV / JSON)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from archive.export import csv_cell as _cell
from archive.web import charts, queries
from archive.web.searching import (
    MAX_OFFSET,
    PER_PAGE,
    SearchParams,
    api_hit,
    iter_all_hits,
    run_search,
)
from archive.web.state import web_state

DOWNLOAD_LIMIT = 50_000


def search_page(request: Request) -> Response:
    state = web_state(request)
    conn = state.conn()
    p = SearchParams.from_query(request.query_params)
    offset = (p.page - 1) * PER_PAGE
    results = run_search(conn, p, limit=PER_PAGE, offset=offset)
    names = queries.outlet_names(conn)
    svg, legend, unit = charts.timeline_svg(
        results.timeline or [], outlet_names=names, unit=results.timeline_unit
    )
    last_page = max(1, min((results.total + PER_PAGE - 1) // PER_PAGE, MAX_OFFSET // PER_PAGE + 1))
    facets = sorted(results.facets.items(), key=lambda kv: (-kv[1], kv[0]))
    return state.render(
        request,
        "search.html",
        p=p,
        params=p.link_params(),
        results=results,
        names=names,
        facets=facets,
        timeline=svg,
        legend=legend,
        timeline_unit=unit,
        timeline_capped=results.total_is_lower_bound,
        outlets=queries.outlet_list(conn),
        regions=queries.regions(conn),
        page=p.page,
        last_page=last_page,
    )


def _all_hits(request: Request) -> Iterator[dict]:
    p = SearchParams.from_query(request.query_params)
    yield from (api_hit(h) for h in iter_all_hits(web_state(request).conn(), p, limit=DOWNLOAD_LIMIT))


def _filename(request: Request, ext: str) -> str:
    return f'attachment; filename="newsarchive-search.{ext}"'


def download_csv(request: Request) -> Response:
    """Every matching article (up to DOWNLOAD_LIMIT), newest first, UTF-8 with BOM so Excel in a
    Korean locale opens Hangul correctly."""
    hits = list(_all_hits(request))

    def body() -> Iterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf)
        buf.write("\ufeff")
        writer.writerow(["id", "url", "outlet", "title", "published", "snippet"])
        for i, hit in enumerate(hits, 1):
            writer.writerow([hit["id"], _cell(hit["url"]), _cell(hit["outlet"]), _cell(hit["title"]),
                             hit["published"], _cell(_strip_marks(hit["snippet"]))])  # fmt: skip
            if i % 500 == 0:  # a chunk per 500 rows: one ASGI message per row costs more than the rows
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(
        body(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": _filename(request, "csv")},
    )


def download_json(request: Request) -> Response:
    hits = list(_all_hits(request))
    data = json.dumps({"total": len(hits), "results": hits}, ensure_ascii=False, indent=1)
    return Response(
        data,
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": _filename(request, "json")},
    )


def _strip_marks(snippet: str) -> str:
    import html

    return html.unescape(snippet.replace("<mark>", "").replace("</mark>", ""))
