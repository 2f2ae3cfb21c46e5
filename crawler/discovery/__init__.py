"""Discovery parsers: feeds, sitemaps, robots.txt and list pages to article URLs.

Pure functions over bytes (no Scrapy, no network) so the spider, `outlets check/add` and tests
share them. Each parser tolerates hostile or broken input: it returns what it could read plus a
list of human-readable ``errors`` instead of raising.
"""

from __future__ import annotations

from crawler.discovery.feeds import FeedEntry, FeedResult, find_feed_links, parse_feed
from crawler.discovery.listings import Listing, parse_listing
from crawler.discovery.robots import RobotsInfo, parse_robots, sitemaps_from_robots
from crawler.discovery.sitemaps import SitemapEntry, SitemapResult, parse_sitemap

__all__ = [
    "FeedEntry",
    "FeedResult",
    "Listing",
    "RobotsInfo",
    "SitemapEntry",
    "SitemapResult",
    "find_feed_links",
    "parse_feed",
    "parse_listing",
    "parse_robots",
    "parse_sitemap",
    "sitemaps_from_robots",
]
