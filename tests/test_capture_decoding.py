"""`Capture.decoded_body`: content decoding of archived bodies, bounded against zip bombs."""

import gzip
import zlib

import brotli

from archive.capture import Capture

HTML = ("<html><body>" + "포항시가 새 예산안을 냈다. " * 200 + "</body></html>").encode()


def cap(body: bytes, encoding: str | None) -> Capture:
    headers = (("Content-Type", "text/html; charset=utf-8"),)
    if encoding:
        headers += (("Content-Encoding", encoding),)
    return Capture(url="http://127.0.0.1/a", status=200, headers=headers, body=body)


def test_each_encoding_decodes():
    assert cap(HTML, None).decoded_body() == HTML
    assert cap(gzip.compress(HTML), "gzip").decoded_body() == HTML
    assert cap(zlib.compress(HTML), "deflate").decoded_body() == HTML
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    assert cap(raw.compress(HTML) + raw.flush(), "deflate").decoded_body() == HTML
    assert cap(brotli.compress(HTML), "br").decoded_body() == HTML
    # stacked encodings are undone in reverse order
    assert cap(brotli.compress(gzip.compress(HTML)), "gzip, br").decoded_body() == HTML


def test_multi_member_gzip_and_truncated_gzip():
    half = len(HTML) // 2
    two = gzip.compress(HTML[:half]) + gzip.compress(HTML[half:])
    assert cap(two, "gzip").decoded_body() == HTML
    cut = gzip.compress(HTML)[:-40]  # a body cut in transit: keep what inflates
    out = cap(cut, "gzip").decoded_body()
    assert 0 < len(out) < len(HTML) and HTML.startswith(out)


def test_a_gzip_bomb_inflates_only_to_the_limit():
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 1024 * 1024
    out = cap(bomb, "gzip").decoded_body(max_bytes=5 * 1024 * 1024)
    assert len(out) == 5 * 1024 * 1024
    br_bomb = brotli.compress(b"\0" * (50 * 1024 * 1024))
    assert len(cap(br_bomb, "br").decoded_body(max_bytes=1024 * 1024)) == 1024 * 1024


def test_undecodable_bodies_stay_as_they_are():
    assert cap(b"not gzip at all", "gzip").decoded_body() == b"not gzip at all"
    assert cap(b"not brotli", "br").decoded_body() == b"not brotli"
    assert cap(HTML, "x-unknown").decoded_body() == HTML
