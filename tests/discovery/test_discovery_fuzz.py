"""Hostile input: the discovery parsers return errors, they never raise."""

from __future__ import annotations

import gzip

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.discovery import find_feed_links, parse_feed, parse_listing, parse_robots, parse_sitemap

FRAGMENTS = [
    b"<rss>", b"</rss>", b"<channel>", b"<item>", b"</item>", b"<entry>", b"</entry>", b"<feed xmlns='http://www.w3.org/2005/Atom'>",
    b"<link>", b"</link>", b"<link href='", b"'/>", b"<title>", b"</title>", b"<urlset>", b"</urlset>", b"<url>", b"<loc>",
    b"</loc>", b"<sitemapindex>", b"<sitemap>", b"&nbsp;", b"&amp;", b"&#0;", b"<![CDATA[", b"]]>", b"<!DOCTYPE x [",
    b"<!ENTITY a 'b'>", b"]>", b"http://x.kr/news/articleView.html?idxno=1", b"/news/view.php?idx=2", b"javascript:",
    b"<a href='", b"'>", b"</a>", b"<base href='", b"\xff\xfe", b"\x00", "포항".encode(), "포항".encode("cp949"),
    b"<pubDate>", b"</pubDate>", b"Tue, 99 Foo 2024", b"2024-13-45T25:61:00+09:00", b"board_data=%%%", b"?page=",
    b"<?xml version='1.0' encoding='euc-kr'?>", b"<?xml version='1.0' encoding='nope'?>",
    b"{", b"}", b'"items"', b":", b"[", b"]", b",", b'{"url": "/a/12345"}', b'"date_published": 5', b"null",
]
documents = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(b"".join),
)


@settings(max_examples=250, deadline=None)
@given(documents)
def test_parsers_never_raise(data):
    for body in (data, gzip.compress(data), data[: len(data) // 2]):
        feed = parse_feed(body, "http://x.kr/rss.xml")
        assert feed.ok or feed.errors
        sitemap = parse_sitemap(body, "http://x.kr/sitemap.xml")
        assert sitemap.ok or sitemap.errors
        listing = parse_listing(body, "http://x.kr/news/articleList.html?page=1", "ndsoft")
        assert all(u.startswith(("http://", "https://")) for u in listing.articles)
        parse_listing(body, "http://x.kr/default/index_sub.php?part_idx=3", "idx_view")
        parse_robots(body, "http://x.kr/robots.txt")
        find_feed_links(body, "http://x.kr/")
