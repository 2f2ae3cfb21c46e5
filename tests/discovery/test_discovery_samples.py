"""The discovery parsers against the bundled sample outlets (every CMS family, real sockets).

Walking each outlet's configured lists page by page with ``parse_listing`` must find exactly the
articles the generator says are published; feeds and sitemaps must only name published articles.
"""

from __future__ import annotations

import urllib.request

import pytest

import crawler.samples.server as samples
import crawler.samples.world as world_mod
from archive.urls import canonicalize
from crawler.discovery import parse_feed, parse_listing, parse_sitemap
from crawler.registry import parse_registry


def get(url: str) -> tuple[bytes, str | None]:
    request = urllib.request.Request(url, headers={"User-Agent": "newsarchive-test"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers.get("Content-Type")


@pytest.fixture(scope="module")
def served():
    world = world_mod.SampleWorld(seed=3, articles=240)
    with samples.SampleServer(world) as server:
        yield world, server, parse_registry({"outlet": server.registry_entries()})


def truth(world, server) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for art in world.live_articles():
        out.setdefault(art["outlet"], set()).add(canonicalize(server.base_url(art["outlet"]) + art["url"]))
    return out


def walk_lists(outlet) -> tuple[set[str], int]:
    found: set[str] = set()
    pages = 0
    for i in range(len(outlet.lists)):
        url, seen = outlet.list_url(i), set()
        while url and url not in seen:
            assert len(seen) < 200, f"{outlet.id}: pagination does not end"
            seen.add(url)
            body, ctype = get(url)
            listing = parse_listing(body, url, outlet.cms, content_type=ctype)
            assert not listing.errors
            found |= set(listing.articles)
            pages += 1
            url = listing.next_page
    return found, pages


def test_list_pages_find_every_published_article_of_every_family(served):
    world, server, outlets = served
    expected = truth(world, server)
    assert {o.cms for o in outlets} >= {"ndsoft", "idx_view", "article_no", "page_view", "generic"}
    for outlet in outlets:
        found, pages = walk_lists(outlet)
        assert found == expected[outlet.id], outlet.id
        assert pages > len(outlet.lists), f"{outlet.id}: pagination was followed"


def test_feeds_and_sitemaps_name_only_published_articles(served):
    world, server, outlets = served
    expected = truth(world, server)
    broken_reported = False
    for outlet in outlets:
        found: set[str] = set()
        for url in outlet.feeds:
            feed = parse_feed(get(url)[0], url, cms=outlet.cms)
            assert feed.ok, url
            broken_reported |= any("skipped" in e for e in feed.errors)
            found |= {e.url for e in feed.entries}
        queue = list(outlet.sitemaps)
        while queue:
            url = queue.pop()
            sitemap = parse_sitemap(get(url)[0], url, cms=outlet.cms)  # child sitemaps may be .xml.gz
            assert sitemap.ok and not sitemap.errors, url
            found |= {e.url for e in sitemap.urls}
            queue += [s.url for s in sitemap.sitemaps]
        assert found <= expected[outlet.id], outlet.id
        if outlet.sitemaps:
            assert found == expected[outlet.id], f"{outlet.id}: the sitemaps list every article"
    assert broken_reported, "the sample's broken feed item is reported"


def test_new_articles_appear_on_first_list_pages_after_advance(served):
    world, server, outlets = served
    before = truth(world, server)
    server.advance(1)
    after = truth(world, server)
    new = {oid: after[oid] - before.get(oid, set()) for oid in after}
    assert any(new.values())
    for outlet in outlets:
        # page 1 of the all-articles list; F2 has no such list, its sections (per city) share the news
        indexes = range(len(outlet.lists)) if outlet.cms == "idx_view" else [0]
        first_pages: set[str] = set()
        for i in indexes:
            body, ctype = get(outlet.list_url(i))
            first_pages |= set(parse_listing(body, outlet.list_url(i), outlet.cms, content_type=ctype).articles)
        assert new[outlet.id] <= first_pages, outlet.id
