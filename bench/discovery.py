"""Discovery throughput: URL canonicalisation and the feed/sitemap/list parsers on synthetic input.

Run: .venv/bin/python bench/discovery.py [--scale 1.0]. Single process; CPU time (process_time), so
other load on the machine skews it little. The last line is one JSON object with the figures;
results go in bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time

from archive.urls import _canonicalize, canonicalize, family_of_url, is_article_url
from crawler.discovery import parse_feed, parse_listing, parse_sitemap


def clear() -> None:
    """Cold caches: each measure starts from nothing (lists in a real crawl repeat their nav links)."""
    for cached in (_canonicalize, family_of_url, is_article_url):
        cached.cache_clear()


def timed(fn, repeat: int = 1) -> float:
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply input sizes")
    n = max(1000, int(20_000 * parser.parse_args().scale))

    urls = [f"http://m.kyongbuk.co.kr/news/articleView.html?idxno={i}&sc_section_code=S1N1&utm_source=x" for i in range(n)]
    urls += [f"https://www.example.kr/news/{i}?b=2&a=1&fbclid=zz" for i in range(n)]
    clear()
    cold = timed(lambda: [canonicalize(u) for u in urls]) / len(urls) * 1e6
    warm = timed(lambda: [canonicalize(u) for u in urls[-10_000:]]) / 10_000 * 1e6
    article = timed(lambda: [is_article_url(u) for u in urls]) / len(urls) * 1e6
    print(f"canonicalize: {cold:.1f} us/url cold, {warm:.2f} us/url cached; is_article_url {article:.1f} us/url")

    items = "".join(
        f"<item><title>포항시 기사 {i}</title><link>http://www.x.kr/news/articleView.html?idxno={i}</link>"
        f"<pubDate>Tue, 16 Jan 2024 17:19:00 +0900</pubDate><description>요약 {i}</description></item>"
        for i in range(n // 2)
    )
    feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()
    clear()
    feed_s = timed(lambda: parse_feed(feed, "http://www.x.kr/rss/allArticle.xml"))
    feed_eps = (n // 2) / feed_s
    print(f"parse_feed: {n // 2} entries in {feed_s:.2f} s = {feed_eps:,.0f} entries/s")

    rows = "".join(
        f"<url><loc>https://www.x.kr/page/view/{20240116000000 + i:014d}{i % 100000:05d}</loc><lastmod>2024-01-16T17:19:00+09:00</lastmod></url>"
        for i in range(n)
    )
    sitemap = gzip.compress(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode())
    clear()
    sm_s = timed(lambda: parse_sitemap(sitemap, "https://www.x.kr/sitemap.xml.gz"))
    sm_ups = n / sm_s
    print(f"parse_sitemap (gzip): {n} URLs in {sm_s:.2f} s = {sm_ups:,.0f} URLs/s")

    nav = "".join(f'<a href="/news/articleList.html?sc_section_code=S1N{k}&view_type=sm">섹션{k}</a>' for k in range(1, 30))
    pages = "".join(f'<a href="/news/articleList.html?page={p}&total=9999&view_type=sm">{p}</a>' for p in range(1, 11))

    def list_page(p: int) -> bytes:
        arts = "".join(
            f'<li><h4 class="titles"><a href="/news/articleView.html?idxno={p * 100 + i}">제목 {i}</a></h4>'
            f'<img src="/news/thumbnail/202401/{p * 100 + i}_v150.jpg"><p class="lead">요약 {"가" * 80}</p></li>'
            for i in range(20)
        )
        return f"<html><head><meta charset='utf-8'></head><body><nav>{nav}</nav><ul>{arts}</ul>{pages}</body></html>".encode()

    bodies = [list_page(p) for p in range(200)]
    clear()
    list_s = timed(lambda: [parse_listing(b, "http://www.x.kr/news/articleList.html?view_type=sm", "ndsoft") for b in bodies])
    list_pps = len(bodies) / list_s
    print(f"parse_listing (NDSoft, 20 articles + ~60 other links, {len(bodies[0]):,} bytes): {list_pps:,.0f} pages/s")

    print(json.dumps({
        "canonicalize_us": round(cold, 2), "canonicalize_cached_us": round(warm, 2), "is_article_url_us": round(article, 2),
        "feed_entries_per_s": round(feed_eps), "sitemap_urls_per_s": round(sm_ups), "list_pages_per_s": round(list_pps, 1),
    }))


if __name__ == "__main__":
    main()
