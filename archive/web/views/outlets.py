"""The outlets page (health) and the runs page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from archive.store import queries as store_queries
from archive.web import charts, queries
from archive.web.state import web_state

HEALTH_TTL = 60.0  # seconds; health is per day, a crawl run takes minutes


def outlets_page(request: Request) -> Response:
    state = web_state(request)
    rows = [dict(r) for r in state.cached("outlet_health", HEALTH_TTL, lambda: queries.outlet_health(state.conn()))]
    for row in rows:
        row["spark"] = charts.sparkline_svg(row["per_day"])
    return state.render(request, "outlets.html", outlets=rows)


def runs_page(request: Request) -> Response:
    state = web_state(request)
    store = state.store()
    names = queries.outlet_names(store.conn)
    runs = store_queries.list_runs(store, limit=50)
    for run in runs:
        for row in run["outlets"]:
            row["outlet_name"] = names.get(row["outlet_id"], row["outlet_id"])
        run["outlets"].sort(key=lambda r: (-(r.get("errors") or 0), r["outlet_id"]))
    return state.render(request, "runs.html", runs=runs)
