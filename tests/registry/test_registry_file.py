"""The real registry (crawler/outlets.toml) loads, and its data stays honest."""

from __future__ import annotations

from urllib.parse import urlsplit

from archive.urls import CMS_FAMILIES, FAMILIES, family_of_url, is_list_url
from crawler.registry import DEFAULT_REGISTRY, load_registry

DAEGU_GYEONGBUK = ("대구", "경북", "대구·경북")
REQUIRED_NAMES = ("경북일보", "경북매일", "경북도민일보", "경상매일", "경북신문", "대구광역일보", "경주신문",
                  "매일신문", "영남일보", "대구일보", "대구신문", "대경일보", "신경북일보")


def test_whole_registry_is_valid_and_covers_daegu_gyeongbuk():
    outlets = load_registry(DEFAULT_REGISTRY)
    ids = [o.id for o in outlets]
    assert len(ids) == len(set(ids))
    regional = [o for o in outlets if o.region in DAEGU_GYEONGBUK]
    assert len(regional) >= 25
    names = " ".join(o.name for o in regional)
    for name in REQUIRED_NAMES:
        assert name in names, name
    assert {o.region for o in outlets} - set(DAEGU_GYEONGBUK), "other regions are listed too"
    for o in outlets:
        assert o.cms in CMS_FAMILIES
        assert o.verified is False, f"{o.id}: nothing was checked live"
        assert o.evidence, f"{o.id}: evidence carried over from the notes"
        for url in (o.homepage, *o.feeds, *o.sitemaps, *o.lists):
            parts = urlsplit(url.replace("{page}", "1"))
            assert parts.scheme in ("http", "https") and parts.hostname, url
            assert parts.hostname.endswith(o.host.removeprefix("www.")) or parts.hostname in o.hosts, url


def test_unknown_stays_unknown():
    """Never invent certainty: a U outlet has no feeds, and nothing without evidence has feeds."""
    for o in load_registry(DEFAULT_REGISTRY):
        if o.confidence == "U":
            assert not o.feeds and not o.sitemaps, o.id
        if o.feeds:
            assert "rss" in o.evidence.lower(), f"{o.id}: feeds without feed evidence"


def test_family_lists_match_the_family():
    for o in load_registry(DEFAULT_REGISTRY):
        for url in o.lists:
            assert family_of_url(url.replace("{page}", "1")) is None, f"{o.id}: a list URL shaped like an article"
            if o.cms in FAMILIES and FAMILIES[o.cms].lists:
                assert is_list_url(url.replace("{page}", "1"), o.cms), f"{o.id}: {url} is not a {o.cms} list"
