"""Helpers for the WARC tests: realistic captures and the real warcio CLI."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive.capture import Capture

WARCIO = Path(sys.executable).parent / "warcio"
BASE_TIME = datetime(2026, 11, 26, 5, 30, 12, 345678, tzinfo=UTC)


def html_page(i: int) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='euc-kr'><title>포항시 기사 {i}</title></head>"
        f"<body><p>포항시는 {i}번째 보도자료를 냈다.</p></body></html>"
    ).encode("cp949")


def make_capture(i: int = 0, **changes: object) -> Capture:
    """A capture like the crawler produces: gzip body kept encoded, repeated headers, metadata."""
    body = gzip.compress(html_page(i), mtime=0)
    fields: dict = dict(
        url=f"http://127.0.0.1:8123/news/articleView.html?idxno={i}&sc=x",
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        headers=(
            ("Content-Type", "text/html; charset=euc-kr"),
            ("Set-Cookie", "PHPSESSID=abc; path=/"),
            ("Content-Encoding", "gzip"),
            ("Set-Cookie", "lang=ko; path=/"),
            ("Content-Length", str(len(body))),
            ("X-Title", "포항 소식".encode().decode("latin-1")),  # UTF-8 on the wire, seen byte per char
            ("X-Latin", "caf\xe9"),  # a latin-1 byte that is not UTF-8
        ),
        body=body,
        fetched_at=BASE_TIME + timedelta(seconds=i),
        method="GET",
        request_headers=(
            ("User-Agent", "newsarchive/0.1 (+https://example.org/contact)"),
            ("Accept-Encoding", "gzip, deflate"),
            ("Accept", "text/html"),
        ),
        ip_address="127.0.0.1",
        outlet="kyongbuk",
        run_id="run-20261126T053000",
        via="http://127.0.0.1:8123/rss/allArticle.xml",
    )
    fields.update(changes)
    return Capture(**fields)


def warcio_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(WARCIO), "check", "-v", *map(str, paths)], capture_output=True, text=True)
