"""The archive browser: ``create_app(data_dir)``. Every route is listed here, in one place.

Read-only by construction: the database is opened ``mode=ro``; archived responses are addressed by
capture id (→ WARC file and offset from the database), never by a path from the URL; archived HTML
is only ever served from ``/captures/{id}/raw`` under a ``sandbox`` Content-Security-Policy.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from archive.web.db import ArchiveNotFound
from archive.web.state import HERE, WebState, web_state
from archive.web.views import api, article, captures, outlets, search

log = logging.getLogger(__name__)

#: The app's own pages: no inline script, nothing from other origins, frames only from ourselves.
APP_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    b"content-security-policy": APP_CSP.encode(),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"no-referrer",
    b"x-frame-options": b"SAMEORIGIN",
}


def routes() -> list[Route | Mount]:
    return [
        Route("/", search.search_page, name="search"),
        Route("/download/search.csv", search.download_csv, name="search_csv"),
        Route("/download/search.json", search.download_json, name="search_json"),
        Route("/articles/{id:int}", article.article_page, name="article"),
        Route("/captures/lookup", captures.capture_lookup, name="capture_lookup"),
        Route("/captures/{id:int}", captures.capture_page, name="capture"),
        Route("/captures/{id:int}/raw", captures.capture_raw, name="capture_raw"),
        Route("/outlets", outlets.outlets_page, name="outlets"),
        Route("/runs", outlets.runs_page, name="runs"),
        Route("/api/search", api.api_search, name="api_search"),
        Route("/api/articles/{id:int}", api.api_article, name="api_article"),
        Route("/api/outlets", api.api_outlets, name="api_outlets"),
        Route("/api/runs", api.api_runs, name="api_runs"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


class SecurityHeaders:
    """Adds the app CSP and friends to every response that does not set its own (the raw
    capture responses carry the stricter sandbox policy), and a ``Server-Timing`` header with the
    time spent in the app until the response started (what bench/web.py reports)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers.extend((k, v) for k, v in SECURITY_HEADERS.items() if k not in present)
                elapsed = (time.perf_counter() - started) * 1000
                headers.append((b"server-timing", f"app;dur={elapsed:.2f}".encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_json(request):
        return api.KoreanJSON({"error": exc.detail}, status_code=exc.status_code)
    message = exc.detail if exc.status_code != 404 or exc.detail != "Not Found" else "페이지를 찾을 수 없습니다."
    return web_state(request).render(
        request, "error.html", status_code=exc.status_code, status=exc.status_code, message=message
    )


async def no_archive(request: Request, exc: Exception) -> Response:
    if _wants_json(request):
        return api.KoreanJSON({"error": "no archive database yet"}, status_code=503)
    state = web_state(request)
    message = f"아직 아카이브가 없습니다: {state.db.path} 이(가) 없습니다. 먼저 수집(newsarchive crawl)을 실행하세요."
    return state.render(request, "error.html", status_code=503, status=503, message=message)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path, exc_info=exc)
    if isinstance(exc, sqlite3.DatabaseError):  # e.g. the file was swapped mid-request: reopen next time
        web_state(request).db.reset()
    if _wants_json(request):
        return api.KoreanJSON({"error": "internal error"}, status_code=500)
    return web_state(request).render(
        request, "error.html", status_code=500, status=500, message="서버 오류가 발생했습니다."
    )


def create_app(data_dir: str | Path, *, pywb_url: str | None = None, debug: bool = False) -> Starlette:
    """The browser over ``data_dir`` (``archive.db`` + ``warc/``), read-only."""
    app = Starlette(
        debug=debug,
        routes=routes(),
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: http_error, ArchiveNotFound: no_archive, Exception: server_error},
    )
    app.state.web = WebState(Path(data_dir), pywb_url=pywb_url)
    return app
