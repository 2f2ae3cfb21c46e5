"""Sitemaps: ``urlset``, ``sitemapindex``, Google News (``news:publication_date``), gzipped bodies.

A plain-text sitemap (one URL per line) is read too. Broken ``<url>`` entries are skipped and
reported; the parser never raises on bad input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from archive.urls import canonicalize
from crawler.discovery._xml import (
    InputTooLarge,
    child_text,
    local,
    maybe_gunzip,
    parse_date,
    parse_xml,
    resolve,
)

logger = logging.getLogger(__name__)

MAX_URLS = 50_000  # the sitemaps.org limit per file


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # canonical URL for urlset entries; as given (absolute) for sitemap-index children
    lastmod: datetime | None = None
    published: datetime | None = None  # Google News publication_date, KST
    title: str | None = None  # Google News title


@dataclass
class SitemapResult:
    kind: str | None = None  # "urlset", "index", "text" or None when unreadable
    urls: list[SitemapEntry] = field(default_factory=list)  # pages (urlset/text)
    sitemaps: list[SitemapEntry] = field(default_factory=list)  # child sitemaps (index)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kind is not None

    @property
    def is_news(self) -> bool:
        return any(e.published is not None for e in self.urls)


def parse_sitemap(data: bytes, base_url: str | None = None, *, cms: str | None = None) -> SitemapResult:
    """Parse a sitemap or sitemap index body (gzip allowed)."""
    result = SitemapResult()
    try:
        data = maybe_gunzip(data)
    except (InputTooLarge, ValueError) as exc:
        result.errors.append(str(exc))
        return result
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].lower()
    if head[:4] in (b"http", b"ftp:") or head == b"https":
        return _parse_text(data, base_url, cms, result)
    root, errors = parse_xml(data)
    result.errors.extend(errors)
    if root is None:
        return result
    kind = local(root.tag)
    if kind == "urlset":
        result.kind = "urlset"
        _read_urlset(root, base_url, cms, result)
    elif kind == "sitemapindex":
        result.kind = "index"
        _read_index(root, base_url, result)
    else:
        result.errors.append(f"not a sitemap: root element <{kind or '?'}>")
    return result


def _read_urlset(root, base_url: str | None, cms: str | None, result: SitemapResult) -> None:
    seen: set[str] = set()
    n = 0
    for el in root:
        if local(el.tag) != "url":
            continue
        n += 1
        if n > MAX_URLS:
            result.errors.append(f"more than {MAX_URLS} <url> entries; the rest ignored")
            break
        loc = resolve(child_text(el, "loc"), base_url)
        if loc is None:
            result.errors.append(f"url {n} skipped: no usable <loc>")
            continue
        published = title = None
        for child in el:
            if local(child.tag) == "news":
                published = parse_date(child_text(child, "publication_date"))
                title = child_text(child, "title")
        url = canonicalize(loc, cms)
        if url in seen:
            continue
        seen.add(url)
        result.urls.append(SitemapEntry(url, parse_date(child_text(el, "lastmod")), published, title))


def _read_index(root, base_url: str | None, result: SitemapResult) -> None:
    for n, el in enumerate((e for e in root if local(e.tag) == "sitemap"), 1):
        if n > MAX_URLS:
            result.errors.append(f"more than {MAX_URLS} <sitemap> entries; the rest ignored")
            break
        loc = resolve(child_text(el, "loc"), base_url)
        if loc is None:
            result.errors.append(f"sitemap {n} skipped: no usable <loc>")
            continue
        if all(s.url != loc for s in result.sitemaps):
            result.sitemaps.append(SitemapEntry(loc, parse_date(child_text(el, "lastmod"))))


def _parse_text(data: bytes, base_url: str | None, cms: str | None, result: SitemapResult) -> SitemapResult:
    result.kind = "text"
    seen: set[str] = set()
    for line in data.decode("utf-8", errors="replace").splitlines()[:MAX_URLS]:
        url = resolve(line.strip(), base_url)
        if url:
            canon = canonicalize(url, cms)
            if canon not in seen:
                seen.add(canon)
                result.urls.append(SitemapEntry(canon))
    return result
