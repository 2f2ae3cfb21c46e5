"""One outlet's web site: turns a request (method, target, headers) into a :class:`Response`.

This is where the outlet's profile becomes behaviour on the wire: validators and 304s, gzip,
chunking, robots.txt, moved (301) and deleted (404/410) articles, and the article-level faults
(500, flaky 500, hang, truncated body, redirect loop, 30 MB page, malformed HTML, lying charset).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from crawler.samples.render.base import Page

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from crawler.samples.outlets import OutletSpec
    from crawler.samples.world import SampleArticle, SampleWorld

GIF = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    kind: str = "other"
    mode: str = "normal"  # normal | chunked | truncated | huge | slow
    delay: float = 0.0
    huge_size: int = 0


def http_date(dt: datetime) -> str:
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def _html(status: int, title: str, text: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{status} {title}</title></head>'
            f"<body><h1>{title}</h1><p>{text}</p><p><a href=\"/\">홈으로</a></p></body></html>\n").encode()


class Site:
    """Serves one outlet of a world; call :meth:`handle` with the world lock free (it takes it)."""

    def __init__(self, world: SampleWorld, outlet: OutletSpec, base: str, *, faults: bool = True) -> None:
        self.world = world
        self.o = outlet
        self.fam = world.families[outlet.id]
        self.base = base
        self.faults = faults
        self.prof = outlet.faults
        self.flaky_hits: dict[str, int] = {}
        self._cache: OrderedDict[tuple[object, ...], tuple[Page, bytes]] = OrderedDict()

    # ------------------------------------------------------------------ entry point
    def handle(self, method: str, target: str, headers: dict[str, str]) -> Response:
        try:
            return self._handle(method, target, headers)
        except Exception:  # a bug here must not kill the connection silently
            log.exception("sample site %s failed on %s", self.o.id, target)
            return Response(500, [("Content-Type", "text/plain; charset=utf-8")], b"sample server error\n", kind="error")

    def _handle(self, method: str, target: str, headers: dict[str, str]) -> Response:
        path, _, qs = target.partition("?")
        query = dict(parse_qsl(qs, keep_blank_values=True))
        if path == "/robots.txt":
            return self._plain(self.robots(), "text/plain; charset=utf-8", "robots", headers)
        if path.endswith((".jpg", ".png", ".gif")):
            return Response(200, [("Content-Type", "image/gif")], GIF, kind="image")
        if path.endswith((".css", ".js")):
            ctype = "text/css" if path.endswith(".css") else "application/javascript"
            return Response(200, [("Content-Type", ctype)], b"/* sample */\n", kind="static")
        with self.world.lock:
            art = self._find_article(path, query, target)
            if art is not None:
                return self._article(art, query, headers)
            key = ("page", target, self.world.version)
            cached = self._cache.get(key)
            if cached is None:
                page = self.fam.resolve(self.world, path, query, self.base)
                if page is None:
                    return Response(404, [("Content-Type", "text/html; charset=utf-8")],
                                    _html(404, "Not Found", "요청하신 페이지를 찾을 수 없습니다."), kind="missing")
                cached = self._remember(key, page, self._encode(page.body))
            page, data = cached
            return self._finish(page, data, headers)

    def _find_article(self, path: str, query: dict[str, str], target: str) -> SampleArticle | None:
        norm = self.fam.normalize(path, query)
        w = self.world
        return w.article_at(self.o.id, norm or target) or (w.article_at(self.o.id, path) if query else None)

    # ------------------------------------------------------------------ articles
    def _article(self, art: SampleArticle, query: dict[str, str], headers: dict[str, str]) -> Response:
        html_type = [("Content-Type", "text/html; charset=utf-8")]
        if art.status == "deleted":
            text = "삭제된 기사입니다." if art.gone_status == 410 else "요청하신 기사를 찾을 수 없습니다."
            return Response(art.gone_status, html_type, _html(art.gone_status, "Gone", text), kind="article")
        if art.status == "moved":
            return Response(301, [("Location", self.base + (art.moved_to or "/")), *html_type],
                            _html(301, "Moved Permanently", "기사 주소가 바뀌었습니다."), kind="article")
        fault = art.faulty if self.faults else None
        if fault == "error500":
            return Response(500, html_type, _html(500, "Internal Server Error", "DB connection failed"), kind="article")
        if fault == "flaky":
            n = self.flaky_hits[art.path] = self.flaky_hits.get(art.path, 0) + 1
            if n <= 2:
                return Response(500, html_type, _html(500, "Internal Server Error", "잠시 후 다시 시도해 주세요"), kind="article")
        if fault == "redirect_loop":
            sep = "&" if "?" in art.path else "?"
            to = art.path if "loop" in query else f"{art.path}{sep}loop=1"
            return Response(302, [("Location", self.base + to), *html_type], _html(302, "Found", "이동 중"), kind="article")
        page, data = self._article_page(art, fault)
        resp = self._finish(page, data, headers)
        if fault == "hang":
            resp.delay = self.prof.hang_seconds
        elif fault == "slow" and resp.status == 200:
            resp.mode, resp.huge_size = "slow", int(self.prof.slow_seconds * 1000)  # milliseconds to spread over
        elif fault == "truncated" and resp.status == 200:
            resp.mode = "truncated"
        elif fault == "huge" and resp.status == 200:
            resp.mode, resp.huge_size = "huge", max(self.prof.huge_bytes, len(resp.body))
            resp.headers = [(k, v) for k, v in resp.headers if k != "Content-Encoding"]
            resp.body = data
        return resp

    def _article_page(self, art: SampleArticle, fault: str | None) -> tuple[Page, bytes]:
        key = ("article", art.path, art.version, self.world.version, fault)
        cached = self._cache.get(key)
        if cached is None:
            lying = fault == "lying_charset"
            meta = "euc-kr" if lying or self.o.charset != "utf-8" else None
            text = self.fam.render_article(self.world, art, self.base, meta_charset=meta)
            if fault == "malformed":
                text = mangle(text)
            ctype = "text/html" if lying or self.o.charset != "utf-8" else "text/html; charset=utf-8"
            page = Page("article", text, content_type=ctype, last_modified=art.modified or art.published,
                        etag_seed=f"{self.o.id}:{art.path}:{art.version}:{fault}")
            data = text.encode("utf-8") if lying else self._encode(text)
            cached = self._remember(key, page, data)
        return cached

    def article_bytes(self, art: SampleArticle) -> tuple[bytes, str]:
        """The article page bytes (no transfer/content coding) and its Content-Type."""
        fault = art.faulty if self.faults and art.faulty in ("malformed", "lying_charset") else None
        with self.world.lock:
            page, data = self._article_page(art, fault)
        return data, page.content_type

    # ------------------------------------------------------------------ helpers
    def _remember(self, key: tuple[object, ...], page: Page, data: bytes) -> tuple[Page, bytes]:
        self._cache[key] = (page, data)
        if len(self._cache) > 1024:
            self._cache.popitem(last=False)
        return page, data

    def _encode(self, body: str | bytes) -> bytes:
        if isinstance(body, bytes):
            return body
        return body.encode(self.o.charset, errors="xmlcharrefreplace")

    def _finish(self, page: Page, data: bytes, headers: dict[str, str]) -> Response:
        out: list[tuple[str, str]] = [("Content-Type", page.content_type)]
        if page.location:
            out.append(("Location", page.location))
        if self.prof.conditional and page.status == 200:
            if page.etag is None:
                seed = page.etag_seed.encode() if page.etag_seed else data
                page.etag = ('W/' if page.etag_seed else "") + '"' + hashlib.sha1(seed).hexdigest()[:20] + '"'
            etag = page.etag
            out.append(("ETag", etag))
            last = page.last_modified
            if page.kind in ("home", "list", "feed", "sitemap"):
                # a deletion or move changes a list without changing any item date: use the site's last change
                last = max(last or self.world.now, self.world.last_change[self.o.id])
            if last:
                out.append(("Last-Modified", http_date(last)))
            if _not_modified(headers, etag, last):
                return Response(304, [h for h in out if h[0] != "Content-Type"], b"", kind=page.kind)
        textual = page.content_type.startswith(("text/", "application/xml"))
        if self.prof.gzip and textual and "gzip" in headers.get("accept-encoding", ""):
            if page.gz is None:
                page.gz = gzip.compress(data, compresslevel=6, mtime=0)
            data = page.gz
            out += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
        mode = "chunked" if self.prof.chunked else "normal"
        return Response(page.status, out, data, kind=page.kind, mode=mode)

    def _plain(self, text: str, ctype: str, kind: str, headers: dict[str, str]) -> Response:
        page = Page(kind, text, content_type=ctype)
        return self._finish(page, text.encode(), headers)

    def robots(self) -> str:
        lines = ["# robots.txt", "User-agent: Yeti", "Disallow: /member/", "", "User-agent: BadBot", "Disallow: /", "",
                 "User-agent: *"]
        lines += [f"Disallow: {p}" for p in self.fam.robots_disallow()]
        if self.prof.crawl_delay:
            lines.append(f"Crawl-delay: {self.prof.crawl_delay:g}")
        lines.append("")
        lines += [f"Sitemap: {self.base}{p}" for p in self.fam.sitemaps()]
        return "\n".join(lines) + "\n"


def _not_modified(headers: dict[str, str], etag: str, last: datetime | None) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags
    ims = headers.get("if-modified-since")
    if ims and last is not None:
        try:
            return last.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


_P_CLOSE = re.compile(r"</(p|li|td|tr)>")


def mangle(text: str) -> str:
    """Old-CMS markup damage: dropped closing tags, an unclosed banner table, stray closers, bare attributes."""
    text = _P_CLOSE.sub("", text)
    text = text.replace("<body>", "<body>\n<div class=banner><table width=100%><tr><td><font color=red><b>[속보] 사이트 점검 안내", 1)
    text = text.replace("<footer", "</div></div></span></b>\n<center><font size=2>광고문의</center>\n<footer", 1)
    return text.replace("</head>", "<script>document.write('<div>')</script>\n</head>", 1)


def huge_stream(data: bytes, size: int) -> Iterator[bytes]:
    """The page with a giant comment thread spliced in before </body>, exactly ``size`` bytes long."""
    cut = data.rfind(b"</body>")
    cut = len(data) if cut < 0 else cut
    head, tail = data[:cut], data[cut:]
    yield head
    left = size - len(head) - len(tail)
    block = ("<div class=\"reply\"><p>독자 의견입니다. 좋은 기사 감사합니다. " * 8 + "</p></div>\n").encode()
    chunk = block * max(1, 65536 // len(block))
    while left > 0:
        piece = chunk[: min(left, len(chunk))]
        left -= len(piece)
        yield piece
    yield tail
