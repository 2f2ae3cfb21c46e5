"""capture_from_response: Scrapy response -> Capture without losing what the wire carried."""

from __future__ import annotations

import gzip

from scrapy.http import HtmlResponse, Request

from crawler.capture import capture_from_response


def _response(**kw):
    request = Request(
        "http://127.0.0.1:8000/news/articleView.html?idxno=7&utm_source=x",
        headers={"User-Agent": "newsarchive-test"},
    )
    request.meta["download_latency"] = 0.25
    body = gzip.compress("<html><body>포항시는</body></html>".encode("cp949"), mtime=0)
    headers = [
        (b"Content-Type", b"text/html; charset=euc-kr"),
        (b"Content-Encoding", b"gzip"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
        (b"Transfer-Encoding", b"chunked"),
    ]
    defaults = dict(url=request.url, status=200, headers=headers, body=body, request=request,
                    ip_address=None, protocol="HTTP/1.1")
    defaults.update(kw)
    return HtmlResponse(**defaults), body


def test_body_stays_encoded_and_repeated_headers_are_kept():
    response, body = _response()
    c = capture_from_response(response, outlet="o", run_id="r1", via="http://127.0.0.1:8000/")
    assert c.body == body  # as transmitted: still gzip
    assert c.header_values("Set-Cookie") == ["a=1", "b=2"]
    assert c.header("content-encoding") == "gzip"
    assert c.header("Transfer-Encoding") == "chunked"  # the WARC writer renames it (body is de-chunked)
    assert c.decoded_body().decode("cp949") == "<html><body>포항시는</body></html>"
    assert c.request_headers[0] == ("Host", "127.0.0.1:8000")
    assert ("User-Agent", "newsarchive-test") in c.request_headers
    assert (c.status, c.reason, c.protocol, c.method) == (200, "OK", "HTTP/1.1", "GET")
    assert (c.outlet, c.run_id, c.via, c.truncated, c.kind) == ("o", "r1", "http://127.0.0.1:8000/", None, "response")


def test_flags_map_to_warc_truncated():
    for flag, reason in [("partial", None), ("dataloss", "disconnect"), ("download_stopped", "length")]:
        response, _ = _response(flags=[flag])
        assert capture_from_response(response).truncated == reason


def test_ip_address_is_recorded():
    from ipaddress import ip_address

    response, _ = _response(ip_address=ip_address("127.0.0.11"))
    assert capture_from_response(response).ip_address == "127.0.0.11"
