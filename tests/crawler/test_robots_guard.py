"""robots.txt is read before anything else of a host, and no disallowed URL is ever fetched, even
when it is among several concurrent first requests (Scrapy 2.19's RobotsTxtMiddleware lets such
waiters through; `crawler.downloadermiddlewares.robots.RobotsGuardMiddleware` must not)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.crawler.conftest import last_run_record, run_crawl, samples, write_registry

pytestmark = pytest.mark.slow

OUTLETS = ("saeachim", "geumo", "dalgubeol")


def test_disallowed_urls_among_the_first_requests_are_never_fetched(tmp_path):
    from crawler.samples.faults import ARTICLE_FAULTS

    clean = {name: 0 for name in ARTICLE_FAULTS}
    # (only the NDSoft and generic sample families list their "disallowed" article in robots.txt)
    faults = {oid: {**clean, "broken_rss": False, "disallowed": int(oid != "dalgubeol")} for oid in OUTLETS}
    s = samples()
    world = s.SampleWorld(seed=4, articles=150, faults=faults)
    hidden = {(t["outlet"], t["url"]) for t in world.live_articles() if t["faulty"] == "disallowed"}
    assert {o for o, _ in hidden} == {"saeachim", "geumo"}  # robots-disallowed articles, linked from lists
    with s.SampleServer(world) as server:
        entries = [e for e in server.registry_entries() if e["id"] in OUTLETS]
        forbidden: dict[str, set[str]] = defaultdict(set)
        for e in entries:
            oid, base = e["id"], server.base_url(e["id"])
            targets = [u for o, u in hidden if o == oid] + ["/search/?q=pohang", "/member/login.html", "/member/join.html"]
            forbidden[oid] = set(targets)
            # The disallowed URLs go behind the outlet's own first pages: all start at once.
            e["lists"] = [*e["lists"], *(base + t for t in targets)]
        registry = write_registry(tmp_path / "registry.json", entries)
        for attempt in range(3):
            server.clear_log()
            data = tmp_path / f"data{attempt}"
            result = run_crawl(data, registry)
            assert result.returncode == 0, result.stderr[-2000:]
            log = sorted(server.requests_log, key=lambda r: r.time)
            for oid in OUTLETS:
                mine = [r.target for r in log if r.outlet == oid]
                assert mine and mine[0] == "/robots.txt", (attempt, oid, mine[:5])
                # (an outlet without feeds or sitemaps has its robots.txt read again for Sitemap: lines)
                assert 1 <= mine.count("/robots.txt") <= 2, (attempt, oid)
                leaked = forbidden[oid] & set(mine)
                assert not leaked, (attempt, oid, leaked)
                # The linked disallowed article was seen on the lists and feeds, and dropped.
            record = last_run_record(data)
            by_outlet = {o["outlet"]: o for o in record["outlets"]}
            for oid in OUTLETS:
                notes = {e["url"].split("/", 3)[-1] for e in by_outlet[oid]["errors"] if e["kind"] == "robots"}
                assert {t.lstrip("/") for t in forbidden[oid]} <= notes, (oid, notes)
                assert by_outlet[oid]["robots_disallowed"] >= len(forbidden[oid])
                assert by_outlet[oid]["status"] == "ok"
