"""The outlets page (health) and the runs page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from archive.web import charts, queries
from archive.web.state import web_state


def outlets_page(request: Request) -> Response:
    state = web_state(request)
    rows = queries.outlet_health(state.conn())
    for row in rows:
        row["spark"] = charts.sparkline_svg(row["per_day"])
    return state.render(request, "outlets.html", outlets=rows)


def runs_page(request: Request) -> Response:
    state = web_state(request)
    return state.render(request, "runs.html", runs=queries.runs(state.conn()))
