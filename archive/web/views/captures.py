"""Captured pages: the wrapper page with its metadata and a sandboxed iframe, the raw archived
response (``/captures/{id}/raw``, see ``archive.web.replay``), and URL → capture lookup for links
inside archived pages."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from archive.web import queries, replay
from archive.web.state import web_state


def _capture_or_404(request: Request) -> dict:
    cap = queries.capture(web_state(request).conn(), request.path_params["id"])
    if cap is None:
        raise HTTPException(404, "보관된 페이지를 찾을 수 없습니다.")
    return cap


def capture_page(request: Request) -> Response:
    state = web_state(request)
    cap = _capture_or_404(request)
    original = queries.revisit_original(state.conn(), cap) if cap["kind"] == "revisit" else None
    headers: list[tuple[str, str]] = []
    error = None
    try:
        record = replay.load_capture(state.warc_dir, cap["warc_file"], cap["warc_offset"])
        headers = list(record.headers)
    except replay.ReplayError as exc:
        error = str(exc)
    pywb = None
    if state.pywb_url and cap.get("fetched_at"):
        stamp = "".join(ch for ch in cap["fetched_at"][:19] if ch.isdigit())
        pywb = f"{state.pywb_url.rstrip('/')}/{stamp}/{cap['url']}"
    return state.render(
        request, "capture.html", cap=cap, original=original, headers=headers, error=error, pywb=pywb
    )


def capture_raw(request: Request) -> Response:
    """The archived bytes, sandboxed. A revisit shows the response it refers to."""
    state = web_state(request)
    cap = _capture_or_404(request)
    if cap["kind"] == "revisit":
        original = queries.revisit_original(state.conn(), cap)
        if original is None:
            return _sandboxed_message("이 재방문 기록이 가리키는 원본이 보관되어 있지 않습니다.", 404)
        cap = original
    try:
        record = replay.load_capture(state.warc_dir, cap["warc_file"], cap["warc_offset"])
    except replay.ReplayError:
        return _sandboxed_message("WARC 기록을 읽을 수 없습니다.", 500)
    body = replay.render_body(record)
    return Response(body.body, media_type=body.media_type, headers=replay.REPLAY_HEADERS)


def capture_lookup(request: Request) -> Response:
    """``?url=`` → the newest capture of that URL (a DB lookup; the URL is never a file path)."""
    url = (request.query_params.get("url") or "")[:4000]
    cap = queries.latest_capture_of_url(web_state(request).conn(), url) if url else None
    if cap is None:
        return _sandboxed_message("이 주소는 아카이브에 없습니다: " + url, 404)
    return RedirectResponse(f"/captures/{cap['id']}/raw", status_code=302, headers=replay.REPLAY_HEADERS)


def _sandboxed_message(text: str, status: int) -> Response:
    from html import escape

    body = (
        '<!doctype html><meta charset="utf-8"><title>보관되지 않음</title>'
        f'<p style="font-family:sans-serif">{escape(text)}</p>'
    )
    return HTMLResponse(body, status_code=status, headers=replay.REPLAY_HEADERS)

