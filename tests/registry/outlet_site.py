"""A tiny local HTTP outlet for `outlets check/add` tests (stdlib server on 127.0.0.1, real sockets)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = tuple  # (status, content type, body[, extra/overriding headers])

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"


def ndsoft_routes(base: str, *, broken_feed: bool = False, with_robots: bool = True) -> dict[str, Route]:
    """Homepage, feed, robots, sitemap, list and two articles of an NDSoft-style outlet."""
    articles = {
        n: f"""<!doctype html><html lang="ko"><head><meta charset="utf-8">
<title>포항 기사 {n} - 데모일보</title>
<meta property="og:title" content="포항시, 철길숲 야간 경관 개선 {n}">
<meta property="og:url" content="{base}/news/articleView.html?idxno={n}">
<meta property="og:site_name" content="데모일보">
<meta property="article:published_time" content="2024-01-16T17:19:00+09:00">
<meta property="article:section" content="S1N1">
<link rel="stylesheet" href="/css/ndsoft-fonts.css?ver=11"></head><body>
<header class="article-view-header"><h3 class="heading">포항시, 철길숲 야간 경관 개선 {n}</h3>
<ul class="infomation"><li><i class="icon-user-o"></i> 김포항 기자</li>
<li><i class="icon-clock-o"></i> 입력 2024.01.16 17:19</li></ul></header>
<article id="article-view-content-div" class="article-veiw-body view-page" itemprop="articleBody">
<p>포항시는 16일 철길숲 야간 경관을 개선한다고 밝혔다. 시는 올해 예산을 들여 조명을 바꾼다.</p>
<p>시 관계자는 시민들이 밤에도 안전하게 걸을 수 있도록 하겠다고 말했다. 공사는 3월에 끝난다.</p>
<p>철길숲은 옛 동해남부선 철길을 공원으로 만든 곳으로 하루 수천 명이 찾는다.</p>
<p>시는 조명 교체와 함께 산책로 곳곳에 안내판과 쉼터를 더 놓고, 야간 순찰도 늘리기로 했다.</p>
<p>주민들은 어두운 구간이 많아 불안했는데 이번 공사로 저녁 산책이 한결 편해질 것이라고 반겼다.</p>
</article><article class="copyright">저작권자 © 데모일보 무단전재 및 재배포 금지</article>
</body></html>""".encode()
        for n in (101, 102)
    }
    home = """<!doctype html><html><head><meta charset="utf-8"><title>데모일보 - 경북 뉴스</title>
<meta property="og:site_name" content="데모일보">
<link rel="alternate" type="application/rss+xml" title="전체기사" href="/rss/allArticle.xml">
<link rel="stylesheet" href="/css/ndsoft-fonts.css?ver=11"></head><body>
<a href="/news/articleList.html?sc_section_code=S1N1&view_type=sm">정치</a>
<a href="/news/articleView.html?idxno=101">기사 101</a><a href="/news/articleView.html?idxno=102">기사 102</a>
</body></html>""".encode()
    feed_items = "".join(
        f"<item><title>기사 {n}</title><link>{base}/news/articleView.html?idxno={n}</link>"
        f"<pubDate>Tue, 16 Jan 2024 17:19:00 +0900</pubDate></item>"
        for n in (102, 101)
    )
    feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>데모일보</title>{feed_items}'
    feed += "<item><title>broken</title></item></channel></rss>" if broken_feed else "</channel></rss>"
    listing = b"""<html><body><a href="/news/articleView.html?idxno=102">102</a>
<a href="/news/articleView.html?idxno=101">101</a>
<a href="/news/articleList.html?view_type=sm&page=2&total=40">2</a></body></html>"""
    sitemap = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/articleView.html?idxno=101</loc></url></urlset>""".encode()
    routes: dict[str, Route] = {
        "/": (200, HTML, home),
        "/rss/allArticle.xml": (200, XML, feed.encode()),
        "/news/articleList.html?view_type=sm&page=1": (200, HTML, listing),
        "/sitemap.xml": (200, XML, sitemap),
        **{f"/news/articleView.html?idxno={n}": (200, HTML, body) for n, body in articles.items()},
    }
    if with_robots:
        routes["/robots.txt"] = (200, "text/plain", b"User-agent: *\nDisallow: /admin/\nSitemap: /sitemap.xml\n")
    return routes


class _Handler(BaseHTTPRequestHandler):
    routes: dict[str, Route] = {}
    seen: list[tuple[str, str]] = []

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.seen.append((self.path, self.headers.get("User-Agent", "")))
        status, ctype, body, *extra = self.routes.get(self.path, (404, "text/plain", b"not found"))
        headers = {"Content-Type": ctype, "Content-Length": str(len(body)), **(extra[0] if extra else {})}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(make_routes):
    """Serve ``make_routes(base)`` on a free loopback port; yields (base URL, request log)."""
    handler = type("Handler", (_Handler,), {"routes": {}, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    handler.routes = make_routes(base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, handler.seen
    finally:
        server.shutdown()
        server.server_close()
