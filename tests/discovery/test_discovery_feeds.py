"""crawler.discovery.feeds: RSS 2.0, RSS 1.0, Atom; broken entries skipped and reported."""

from __future__ import annotations

import gzip

from crawler.discovery import find_feed_links, parse_feed

BASE = "http://www.kyongbuk.co.kr/rss/allArticle.xml"

RSS = """<?xml version="1.0" encoding="{enc}"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>경북일보 전체기사</title><link>http://www.kyongbuk.co.kr</link>
<item><title>포항시, 철길숲 야간 경관 개선</title>
  <link>http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057787&amp;sc_section_code=S1N1</link>
  <pubDate>Tue, 16 Jan 2024 17:19:34 +0900</pubDate><dc:creator>김기자</dc:creator></item>
<item><title>링크 없는 항목</title><description>broken</description></item>
<item><title>상대 주소</title><link>/news/articleView.html?idxno=4057788</link>
  <pubDate>2024-01-16 08:05:00</pubDate></item>
<item><title>모바일 중복</title><link>http://m.kyongbuk.co.kr/news/articleView.html?idxno=4057787</link></item>
<item><title>guid only</title><guid>http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057790</guid>
  <pubDate>Tue, 16 Jan 2024 01:00:00 GMT</pubDate></item>
</channel></rss>"""


def test_rss2_entries_canonical_dates_kst_and_broken_entry_reported():
    result = parse_feed(RSS.format(enc="utf-8").encode("utf-8"), BASE, cms="ndsoft")
    assert result.kind == "rss" and result.title == "경북일보 전체기사"
    urls = [e.url for e in result.entries]
    assert urls == [
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057787",
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057788",
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057790",
    ]
    first, second, third = result.entries
    assert first.title == "포항시, 철길숲 야간 경관 개선"
    assert first.published.isoformat() == "2024-01-16T17:19:34+09:00"
    assert second.published.isoformat() == "2024-01-16T08:05:00+09:00"  # naive → KST
    assert third.published.isoformat() == "2024-01-16T10:00:00+09:00"  # GMT → KST
    assert len(result.errors) == 1 and "entry 2" in result.errors[0] and "링크 없는 항목" in result.errors[0]


def test_euc_kr_feed_decodes_from_its_declaration():
    result = parse_feed(RSS.format(enc="euc-kr").encode("cp949"), BASE)
    assert result.entries[0].title == "포항시, 철길숲 야간 경관 개선"


def test_atom_feed_alternate_link_preferred():
    atom = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
    <entry><title>A</title><link rel="self" href="http://x.kr/self/1"/>
      <link rel="alternate" href="http://x.kr/news/articleView.html?idxno=11"/>
      <published>2024-01-16T17:19:34+09:00</published></entry>
    <entry><title>B</title><link href="news/article.html?no=12"/><updated>2024-01-17T00:00:00Z</updated></entry>
    <entry><title>no link</title></entry></feed>"""
    result = parse_feed(atom, "http://x.kr/feed.xml")
    assert result.kind == "atom"
    assert [e.url for e in result.entries] == [
        "http://x.kr/news/articleView.html?idxno=11",
        "http://x.kr/news/article.html?no=12",
    ]
    assert result.entries[1].published.isoformat() == "2024-01-17T09:00:00+09:00"
    assert len(result.errors) == 1


def test_rss1_rdf_feed():
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>R</title></channel>
      <item rdf:about="http://x.kr/a/12345"><title>a</title><link>http://x.kr/a/12345</link>
      <dc:date>2024-01-16T17:19:34+09:00</dc:date></item></rdf:RDF>"""
    result = parse_feed(rdf)
    assert result.kind == "rdf" and result.entries[0].url == "http://x.kr/a/12345"
    assert result.entries[0].published is not None


def test_html_entities_and_damage_recovered():
    data = b"""<rss><channel><item><title>A&nbsp;B &middot; C</title><link>http://x.kr/a/12345</link></item>
    <item><title>unclosed <b>bold</title><link>http://x.kr/a/12346</link></item></channel></rss>"""
    result = parse_feed(data)
    assert [e.url for e in result.entries] == ["http://x.kr/a/12345", "http://x.kr/a/12346"]
    assert result.entries[0].title == "A B · C"
    assert result.errors  # the damage is reported


def test_hostile_and_non_feeds_never_raise():
    xxe = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <rss><channel><item><title>&x;</title><link>http://x.kr/a/12345</link></item></channel></rss>"""
    result = parse_feed(xxe)
    assert "root:" not in (result.entries[0].title or "")
    bomb = b"""<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>
    <rss><channel><item><title>&d;&d;&d;&d;</title><link>http://x.kr/a/12345</link></item></channel></rss>"""
    result = parse_feed(bomb)
    assert len(result.entries) == 1 and len(result.entries[0].title or "") < 1000
    for junk in (b"", b"<html><body>404</body></html>", b"\x00\xff" * 100, b"{}", gzip.compress(b"")[:5]):
        result = parse_feed(junk)
        assert not result.entries and result.errors


def test_gzipped_feed():
    result = parse_feed(gzip.compress(RSS.format(enc="utf-8").encode()), BASE)
    assert len(result.entries) == 3


def test_gzip_bomb_refused():
    bomb = gzip.compress(b"<rss>" + b" " * (60 * 1024 * 1024) + b"</rss>")
    result = parse_feed(bomb)
    assert not result.ok and "inflates past" in result.errors[0]


def test_find_feed_links():
    html = """<html><head>
      <link rel="alternate" type="application/rss+xml" title="전체" href="/rss/allArticle.xml">
      <link rel="alternate" type="application/atom+xml" href="https://x.kr/atom.xml">
      <link rel="stylesheet" href="/css/ndsoft-fonts.css">
      <link rel="alternate" hreflang="en" href="/en/">
      <link rel="alternate" type="application/rss+xml" href="/rss/allArticle.xml">
    </head></html>"""
    assert find_feed_links(html, "http://x.kr/") == ["http://x.kr/rss/allArticle.xml", "https://x.kr/atom.xml"]
    assert find_feed_links(b"", "http://x.kr/") == []


def test_one_broken_entry_does_not_swallow_the_rest():
    data = b"""<rss><channel><item><title>one</title><link>http://x.kr/a/10001</link></item>
    <item><title><![CDATA[broken</title><link>http://x.kr/a/10002</link></item>
    <item><title>three</title><link>http://x.kr/a/10003</link></item></channel></rss>"""
    result = parse_feed(data)
    assert [e.url for e in result.entries] == ["http://x.kr/a/10001", "http://x.kr/a/10003"]
    assert any("entry 2 skipped" in e for e in result.errors)


def test_json_feed():
    data = """{"version": "https://jsonfeed.org/version/1.1", "title": "데모",
      "items": [{"id": "1", "url": "/news/articleView.html?idxno=5&utm_source=x", "title": "포항",
                 "date_published": "2024-01-16T17:19:34+09:00"},
                {"id": "no-url", "title": "broken"}, "junk", {"id": 7, "url": 8}]}""".encode()
    result = parse_feed(data, "http://x.kr/feed.json")
    assert result.kind == "json" and result.title == "데모"
    assert [e.url for e in result.entries] == ["http://x.kr/news/articleView.html?idxno=5"]
    assert result.entries[0].published.isoformat() == "2024-01-16T17:19:34+09:00"
    assert len(result.errors) == 3
    assert not parse_feed(b"{not json").ok and not parse_feed(b'{"items": 5}').ok
