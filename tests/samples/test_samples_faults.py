"""Every transport feature and fault of issue item 5, asserted on real HTTP responses."""

from __future__ import annotations

import gzip
import html
import http.client
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from protego import Protego

from crawler.samples import SampleServer, SampleWorld


def _faulty(truth: list[dict], fault: str) -> dict:
    return next(a for a in truth if a["faulty"] == fault)


def _raw(server: SampleServer, outlet: str, target: str, headers: str = "") -> bytes:
    """Send one request on a raw socket and return every byte the server sent until it closed."""
    host = server.host(outlet)
    with socket.create_connection((host, server.port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\n{headers}Connection: close\r\n\r\n".encode())
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return out


def test_gzip_content_encoding(server: SampleServer, truth: list[dict]) -> None:
    a = next(x for x in truth if x["outlet"] == "saeachim" and not x["faulty"])
    raw = _raw(server, "saeachim", a["url"], "Accept-Encoding: gzip, deflate\r\n")
    head, body = raw.split(b"\r\n\r\n", 1)
    assert b"Content-Encoding: gzip" in head
    assert body[:2] == b"\x1f\x8b" and a["title"].split("'")[0][:5].encode() in gzip.decompress(body)
    plain = _raw(server, "saeachim", a["url"])
    assert b"Content-Encoding" not in plain.split(b"\r\n\r\n", 1)[0]


def test_chunked_transfer(server: SampleServer, truth: list[dict]) -> None:
    a = next(x for x in truth if x["outlet"] == "yeongil" and not x["faulty"])
    head, body = _raw(server, "yeongil", a["url"]).split(b"\r\n\r\n", 1)
    assert b"Transfer-Encoding: chunked" in head and b"Content-Length" not in head
    assert body.endswith(b"\r\n0\r\n\r\n")
    size = int(body.split(b"\r\n", 1)[0], 16)
    assert 0 < size <= 4096
    assert httpx.get(server.base_url("yeongil") + a["url"]).text.count("article-head-title") == 1


@pytest.mark.parametrize("outlet,target", [
    ("saeachim", "/rss/allArticle.xml"), ("saeachim", "/news/articleList.html?view_type=sm&page=1"),
    ("geumo", "/sitemap.xml"), ("hahoe", None), ("dalgubeol", None),
])
def test_etag_last_modified_304(server: SampleServer, truth: list[dict], outlet: str, target: str | None) -> None:
    target = target or next(x for x in truth if x["outlet"] == outlet and not x["faulty"])["url"]
    url = server.base_url(outlet) + target
    r = httpx.get(url)
    assert r.status_code == 200 and r.headers["etag"] and r.headers["last-modified"]
    assert httpx.get(url, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert httpx.get(url, headers={"If-Modified-Since": r.headers["last-modified"]}).status_code == 304
    assert httpx.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert httpx.get(url).content == r.content  # unchanged pages are byte-identical


def test_robots_disallow_and_crawl_delay(server: SampleServer, truth: list[dict]) -> None:
    for outlet in ("saeachim", "geumo"):
        a = _faulty([x for x in truth if x["outlet"] == outlet], "disallowed")
        base = server.base_url(outlet)
        rp = Protego.parse(httpx.get(base + "/robots.txt").text)
        assert not rp.can_fetch(base + a["url"], "newsarchive")
        ok = next(x for x in truth if x["outlet"] == outlet and not x["faulty"])
        assert rp.can_fetch(base + ok["url"], "newsarchive")
        # the disallowed article is linked from a list page a crawler reads
        lists = [e for e in server.registry_entries() if e["id"] == outlet][0]["lists"]
        pages = "".join(httpx.get(u.replace("{page}", str(p))).text for u in lists[:1] for p in (1, 2, 3, 4, 5, 6, 7))
        assert a["url"] in pages
    rp = Protego.parse(httpx.get(server.base_url("seorabeol") + "/robots.txt").text)
    assert rp.crawl_delay("newsarchive") == 1.0


def test_error_500_and_flaky(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty([x for x in truth if x["outlet"] == "saeachim"], "error500")
    url = server.base_url("saeachim") + a["url"]
    assert [httpx.get(url).status_code for _ in range(3)] == [500, 500, 500]
    f = _faulty(truth, "flaky")
    url = server.base_url(f["outlet"]) + f["url"]
    assert [httpx.get(url).status_code for _ in range(3)] == [500, 500, 200]


def test_hang_times_out(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "hang")
    t = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(server.base_url(a["outlet"]) + a["url"], timeout=0.5)
    assert time.monotonic() - t < 2


def test_truncated_body(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "truncated")
    u = urlsplit(server.base_url(a["outlet"]))
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
    conn.request("GET", a["url"])
    resp = conn.getresponse()
    declared = int(resp.getheader("Content-Length"))
    with pytest.raises(http.client.IncompleteRead) as exc:
        resp.read()
    assert 0 < len(exc.value.partial) < declared
    conn.close()


def test_redirect_loop(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "redirect_loop")
    url = server.base_url(a["outlet"]) + a["url"]
    first = httpx.get(url)
    assert first.status_code == 302
    second = httpx.get(first.headers["location"])
    assert second.status_code == 302 and second.headers["location"] == url
    with pytest.raises(httpx.TooManyRedirects):
        httpx.get(url, follow_redirects=True)


@pytest.mark.slow
def test_huge_page_streams_30mb(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "huge")
    n = 0
    with httpx.stream("GET", server.base_url(a["outlet"]) + a["url"], timeout=30) as r:
        assert int(r.headers["content-length"]) == 30 * 1024 * 1024
        for chunk in r.iter_raw():
            if n == 0:
                assert b"<html" in chunk[:500]
            n += len(chunk)
    assert n == 30 * 1024 * 1024


def test_slow_body_trickles_in(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "slow")
    t = time.monotonic()
    gaps = []
    with httpx.stream("GET", server.base_url(a["outlet"]) + a["url"]) as r:
        last = time.monotonic()
        body = b""
        for chunk in r.iter_raw():
            body += chunk
            gaps.append(time.monotonic() - last)
            last = time.monotonic()
    assert r.status_code == 200 and len(body) == int(r.headers["content-length"])
    assert 0.8 <= time.monotonic() - t < 3 and max(gaps) >= 0.05


def test_malformed_html_still_holds_the_article(server: SampleServer, truth: list[dict]) -> None:
    a = _faulty(truth, "malformed")
    text = httpx.get(server.base_url(a["outlet"]) + a["url"]).text
    assert "</p>" not in text and "<table width=100%><tr><td><font color=red>" in text
    assert text.count("<div") != text.count("</div")
    assert html.escape(a["body"].split("\n\n")[1][:20]) in text


def test_lying_meta_charset(server: SampleServer, truth: list[dict]) -> None:
    for outlet in ("dalgubeol", "geumo"):
        a = _faulty([x for x in truth if x["outlet"] == outlet], "lying_charset")
        r = httpx.get(server.base_url(outlet) + a["url"])
        assert r.headers["content-type"] == "text/html"
        assert b"charset=euc-kr" in r.content or b'charset="euc-kr"' in r.content
        text = r.content.decode("utf-8")  # the bytes are really UTF-8
        assert html.escape(a["body"].split("\n\n")[0][:15]) in text
        with pytest.raises(UnicodeDecodeError):
            r.content.decode("euc_kr")


def test_broken_rss_item(server: SampleServer) -> None:
    from lxml import etree

    data = httpx.get(server.base_url("saeachim") + "/rss/allArticle.xml").content
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data)
    root = etree.fromstring(data, etree.XMLParser(recover=True))
    items = root.findall(".//item")
    assert len(items) >= 10
    assert any(not (i.findtext("link") or "").strip() for i in items)
    good = httpx.get(server.base_url("hyeongsan") + "/rss/allArticle.xml").content
    assert len(etree.fromstring(good).findall(".//item")) >= 5


def test_faults_off_serves_everything() -> None:
    world = SampleWorld(seed=1, articles=60)
    with SampleServer(world, faults=False) as srv:
        for a in world.live_articles():
            if a["faulty"] and a["faulty"] != "disallowed":
                r = httpx.get(srv.base_url(a["outlet"]) + a["url"], timeout=5)
                assert r.status_code == 200, a["faulty"]
                assert len(r.content) < 1_000_000


def test_latency_is_applied() -> None:
    world = SampleWorld(seed=1, articles=30)
    with SampleServer(world, latency=0.2) as srv:
        t = time.monotonic()
        assert httpx.get(srv.base_url("geumo") + "/").status_code == 200
        assert time.monotonic() - t >= 0.2
