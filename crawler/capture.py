"""The only Scrapy -> archive converter: a downloaded (not yet decompressed) response to a `Capture`.

Called from `WarcCaptureMiddleware` above `HttpCompressionMiddleware`, so ``response.body`` is the
entity body as transmitted (content-encoded) and ``Content-Encoding`` is still in the headers.
Scrapy's HTTP/1.1 handler has already removed chunked framing; the header list keeps saying
``Transfer-Encoding: chunked`` and the WARC writer renames it so the record never lies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import TYPE_CHECKING

from archive.capture import Capture, Headers

if TYPE_CHECKING:
    from scrapy.http import Request, Response

# Response flags Scrapy sets when a body is incomplete, and the WARC-Truncated reason they mean.
# ("partial" is not here: it marks a body delimited by connection close, complete by HTTP rules.)
TRUNCATION_FLAGS = {
    "dataloss": "disconnect",  # fewer bytes than Content-Length (DOWNLOAD_FAIL_ON_DATALOSS=False)
    "download_stopped": "length",  # our size cap stopped the download (StopDownload(fail=False))
}


def _decode(value: bytes | str) -> str:
    if isinstance(value, str):
        return value
    # Header bytes are Latin-1 on the wire; this maps every byte back one to one.
    return value.decode("latin-1")


def header_pairs(headers) -> Headers:
    """Every header value, repeated names kept (Scrapy's ``headers[key]`` returns only the last)."""
    pairs: list[tuple[str, str]] = []
    for key in headers:
        name = _decode(key)
        for value in headers.getlist(key):
            pairs.append((name, _decode(value)))
    return tuple(pairs)


def request_header_pairs(request: Request) -> Headers:
    pairs = list(header_pairs(request.headers))
    if not any(name.lower() == "host" for name, _ in pairs):
        from urllib.parse import urlsplit

        netloc = urlsplit(request.url).netloc
        pairs.insert(0, ("Host", netloc))
    return tuple(pairs)


def truncation_reason(response: Response) -> str | None:
    for flag in response.flags:
        if flag in TRUNCATION_FLAGS:
            return TRUNCATION_FLAGS[flag]
    return None


def reason_phrase(status: int) -> str:
    """Scrapy drops the server's reason phrase; the standard one is the honest substitute."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def capture_from_response(
    response: Response,
    request: Request | None = None,
    *,
    outlet: str | None = None,
    run_id: str | None = None,
    via: str | None = None,
) -> Capture:
    """Build the `Capture` of one exchange; no decoding, no interpretation of the body."""
    request = request if request is not None else response.request
    latency = float(request.meta.get("download_latency") or 0.0) if request is not None else 0.0
    fetched_at = datetime.now(UTC) - timedelta(seconds=latency)
    ip = getattr(response, "ip_address", None)
    return Capture(
        url=response.url,
        status=response.status,
        headers=header_pairs(response.headers),
        body=response.body,
        fetched_at=fetched_at,
        protocol=(getattr(response, "protocol", None) or "HTTP/1.1").upper(),
        reason=reason_phrase(response.status),
        method=request.method if request is not None else "GET",
        request_headers=request_header_pairs(request) if request is not None else (),
        ip_address=str(ip) if ip is not None else None,
        truncated=truncation_reason(response),
        outlet=outlet,
        run_id=run_id,
        via=via,
    )
