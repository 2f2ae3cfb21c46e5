"""Every sample outlet (one per CMS family, crawler/samples) extracts exactly to the world's ground truth.

Pages come from ``render_article`` (bytes as the sample server sends them, in the outlet's charset),
so this checks detection, decoding and every field against an independent truth.
"""

from __future__ import annotations

import pytest

import crawler.samples as samples
from archive.extract import extract
from archive.extract.scoring import authors_match, same_minute, title_match, token_f1
from crawler.samples.render import default_base

PER_OUTLET = 4


@pytest.fixture(scope="module")
def world():
    return samples.SampleWorld()


def _cases(world, faults=False):
    seen: dict[str, int] = {}
    for truth in world.live_articles():
        if seen.get(truth["outlet"], 0) >= PER_OUTLET:
            continue
        seen[truth["outlet"]] = seen.get(truth["outlet"], 0) + 1
        data, content_type = samples.render_article(world, truth, faults=faults)
        yield truth, data, default_base(world, truth["outlet"]) + truth["url"], content_type


def test_every_outlet_every_field(world):
    failures = []
    outlets = set()
    for truth, data, url, content_type in _cases(world):
        outlets.add(truth["outlet"])
        article = extract(data, url, content_type=content_type)
        checks = {
            "cms": article.cms == truth["cms"],
            "is_article": article.is_article,
            "title": title_match(article.title, truth["title"]),
            "published": same_minute(article.published, truth["published"]),
            "authors": authors_match(article.authors, truth["authors"]),
            "body": token_f1(article.body, truth["body"]) >= 0.99,
        }
        base = default_base(world, truth["outlet"])
        checks["images"] = [(i["url"], i["caption"]) for i in article.images] == [
            (base + i["url"], i["caption"]) for i in truth["images"]]
        if truth.get("subtitle"):
            checks["subtitle"] = article.subtitle == truth["subtitle"]
        if truth.get("modified"):
            checks["modified"] = same_minute(article.modified, truth["modified"])
        failures += [f"{truth['outlet']}{truth['url']}: {k}" for k, ok in checks.items() if not ok]
    assert len(outlets) == len(world.outlets)
    assert not failures, failures


def test_sample_bodies_have_no_chrome(world):
    for truth, data, url, content_type in _cases(world):
        body = extract(data, url, content_type=content_type).body
        for chrome in ("무단전재", "무단 전재", "기사를 읽어드립니다", "많이 본", "@", "/사진=", " 기자 | "):
            assert chrome not in body or chrome in truth["body"], (truth["url"], chrome)


def test_faulty_pages_give_clear_results(world):
    """Pages served with faults (malformed markup, lying charset...) never crash extraction."""
    for truth in world.live_articles():
        if not truth.get("faulty") or truth["faulty"] in ("huge", "hang"):
            continue
        data, content_type = samples.render_article(world, truth, faults=True)
        article = extract(data, default_base(world, truth["outlet"]) + truth["url"], content_type=content_type)
        assert not any(w.startswith("extraction failed") for w in article.warnings)
        if truth["faulty"] == "lying_charset":
            assert title_match(article.title, truth["title"]), article.title
