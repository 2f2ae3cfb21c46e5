"""crawler.discovery.sitemaps and robots: urlsets, indexes, Google News, gzip, robots Sitemap lines."""

from __future__ import annotations

import gzip

from crawler.discovery import parse_robots, parse_sitemap, sitemaps_from_robots

NEWS = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://news.imaeil.com/page/view/2023031611461773862?utm_source=sitemap</loc>
    <lastmod>2023-03-16T12:00:00+09:00</lastmod>
    <news:news><news:publication><news:name>매일신문</news:name><news:language>ko</news:language></news:publication>
      <news:publication_date>2023-03-16T11:46:17+09:00</news:publication_date>
      <news:title>포항 영일만 축제</news:title></news:news></url>
  <url><lastmod>2023-03-16</lastmod></url>
  <url><loc>/page/view/2023031611461773863</loc><lastmod>2023-03-16</lastmod></url>
</urlset>""".encode()


def test_google_news_sitemap():
    result = parse_sitemap(NEWS, "https://news.imaeil.com/sitemap-news.xml")
    assert result.kind == "urlset" and result.is_news
    first, second = result.urls
    assert first.url == "https://news.imaeil.com/page/view/2023031611461773862"
    assert first.published.isoformat() == "2023-03-16T11:46:17+09:00"
    assert first.title == "포항 영일만 축제"
    assert first.lastmod.isoformat() == "2023-03-16T12:00:00+09:00"
    assert second.url == "https://news.imaeil.com/page/view/2023031611461773863"
    assert second.lastmod.isoformat() == "2023-03-16T00:00:00+09:00"
    assert result.errors == ["url 2 skipped: no usable <loc>"]


def test_sitemap_index_gzipped():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://x.kr/sitemap/2024-01.xml.gz</loc><lastmod>2024-01-31</lastmod></sitemap>
      <sitemap><loc>https://x.kr/sitemap/2024-02.xml.gz</loc></sitemap>
      <sitemap><loc>javascript:alert(1)</loc></sitemap></sitemapindex>"""
    result = parse_sitemap(gzip.compress(index), "https://x.kr/sitemap.xml.gz")
    assert result.kind == "index"
    assert [s.url for s in result.sitemaps] == ["https://x.kr/sitemap/2024-01.xml.gz", "https://x.kr/sitemap/2024-02.xml.gz"]
    assert len(result.errors) == 1


def test_text_sitemap_and_junk():
    result = parse_sitemap(b"https://x.kr/a/12345\nhttps://x.kr/a/12346?utm_source=a\n\nnot a url\n")
    assert result.kind == "text" and [u.url for u in result.urls] == ["https://x.kr/a/12345", "https://x.kr/a/12346"]
    for junk in (b"", b"<html/>", b"\x1f\x8b\x08broken", b"<urlset"):
        res = parse_sitemap(junk)
        assert not res.urls and res.errors


def test_sitemap_without_namespace_and_with_bom():
    data = "\ufeff<?xml version='1.0'?><urlset><url><loc>http://x.kr/news/articleView.html?idxno=1&amp;a=b</loc></url></urlset>"
    result = parse_sitemap(data.encode("utf-8"))
    assert [u.url for u in result.urls] == ["http://x.kr/news/articleView.html?idxno=1"]


ROBOTS = b"""# robots for x.kr
User-agent: *
Disallow: /member/
Crawl-delay: 2

User-agent: newsarchive
Crawl-delay: 5

Sitemap: /sitemap.xml
SITEMAP: https://x.kr/news-sitemap.xml.gz   # news
sitemap: https://x.kr/sitemap.xml
Sitemap:
"""


def test_robots_sitemaps_and_crawl_delay():
    assert sitemaps_from_robots(ROBOTS, "https://x.kr/robots.txt") == [
        "https://x.kr/sitemap.xml",
        "https://x.kr/news-sitemap.xml.gz",
    ]
    info = parse_robots(ROBOTS, "https://x.kr/robots.txt")
    assert info.crawl_delay == 5.0
    assert parse_robots(ROBOTS, "https://x.kr/robots.txt", user_agent="otherbot").crawl_delay == 2.0
    assert parse_robots(b"\xff\xfe garbage", "https://x.kr/robots.txt").sitemaps == []
