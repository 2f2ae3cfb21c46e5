"""A real crawl of every sample outlet: discovery, politeness, faults, WARC, replay, incremental runs.

One small world and server for the module; the tests run in file order and the incremental test
(which advances the world) comes last.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from archive.urls import canonicalize
from tests.crawler.conftest import WORLD_FAULTS, last_run_record, run_crawl, samples, write_registry

pytestmark = pytest.mark.slow

FOUND_DESPITE_FAULT = {None, "flaky", "malformed", "lying_charset"}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    s = samples()
    world = s.SampleWorld(seed=0, articles=200, faults=WORLD_FAULTS)
    with s.SampleServer(world) as server:
        root = tmp_path_factory.mktemp("crawl")
        registry = write_registry(root / "registry.json", server.registry_entries())
        data = root / "data"
        result = run_crawl(data, registry)
        ctx = {
            "world": world,
            "server": server,
            "registry": registry,
            "data": data,
            "result": result,
            "record": last_run_record(data),
            "log": list(server.requests_log),
        }
        yield ctx


def _cms(world, oid):
    return world.outlet_by_id[oid].cms


def _truth_keys(ctx, faults=FOUND_DESPITE_FAULT):
    world, server = ctx["world"], ctx["server"]
    return {
        (t["outlet"], canonicalize(server.base_url(t["outlet"]) + t["url"], t["cms"]))
        for t in world.live_articles()
        if t["faulty"] in faults
    }


def _is_capture_of(capture, server, truth) -> bool:
    """The capture is of this ground-truth article: same outlet host and port, same path and query."""
    got, want = urlsplit(capture.url), urlsplit(server.base_url(truth["outlet"]) + truth["url"])
    return (got.hostname, got.port, got.path, got.query) == (want.hostname, want.port, want.path, want.query)


def _warc_captures(data: Path):
    from archive.warc import iter_captures, warc_files

    out = []
    for path in warc_files(data / "warc"):
        out.extend(iter_captures(path))
    return out


def test_run_completes_with_a_record(crawl):
    result, record = crawl["result"], crawl["record"]
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert record["finish_reason"] == "finished"
    assert {o["outlet"] for o in record["outlets"]} == {o.id for o in crawl["world"].outlets}
    # Every outlet is alive (faults are per-URL errors), so the run is ok.
    assert record["failed_outlets"] == [] and result.returncode == 0, record["failed_outlets"]


def test_finds_every_published_article_of_every_family(crawl):
    world = crawl["world"]
    expected = _truth_keys(crawl)
    archived = {
        (c.outlet, canonicalize(c.url, _cms(world, c.outlet)))
        for c in _warc_captures(crawl["data"])
        if c.status == 200 and c.kind == "response" and c.outlet
    }
    missing = expected - archived
    assert not missing, f"{len(missing)} articles never archived, e.g. {sorted(missing)[:5]}"
    families = {world.outlet_by_id[o].cms for o, _ in expected}
    assert families >= {"ndsoft", "idx_view", "article_no", "page_view", "generic"}
    # ... and each one is in the store exactly once (articles.url is unique there).
    db = sqlite3.connect(crawl["data"] / "archive.db")
    stored = {row[0] for row in db.execute("SELECT url FROM articles")}
    not_stored = {url for _, url in expected} - stored
    assert not not_stored, f"{len(not_stored)} archived articles missing from the store: {sorted(not_stored)[:5]}"


def test_follows_pagination(crawl):
    lists = defaultdict(set)
    for r in crawl["log"]:
        if r.kind == "list":
            lists[r.outlet].add(r.target)
    registry = {e["id"]: e for e in crawl["server"].registry_entries()}
    # Outlets without a feed are found through their lists: more list pages than configured lists.
    for oid in ("dalgubeol", "seorabeol"):
        assert len(lists[oid]) > len(registry[oid]["lists"]), (oid, sorted(lists[oid]))


def test_robots_disallow_is_obeyed_and_crawl_delay_kept(crawl):
    world, log = crawl["world"], crawl["log"]
    disallowed = [t for t in world.live_articles() if t["faulty"] == "disallowed"]
    assert disallowed, "the sample world should link a disallowed article"
    fetched = {(r.outlet, r.target) for r in log}
    for t in disallowed:
        assert (t["outlet"], t["url"]) not in fetched
    by_outlet = {o["outlet"]: o for o in crawl["record"]["outlets"]}
    assert sum(by_outlet[t["outlet"]]["robots_disallowed"] for t in disallowed) >= 1
    delay = WORLD_FAULTS["seorabeol"]["crawl_delay"]
    times = sorted(r.time for r in log if r.outlet == "seorabeol" and r.target != "/robots.txt")
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) > 5
    # The crawler spaces its sends by the delay; arrival times at the server add some jitter
    # (connection setup, a loaded machine), so check the rate over the run and the median gap.
    assert times[-1] - times[0] >= (len(times) - 1) * delay * 0.95
    assert statistics.median(gaps) >= delay * 0.95, f"median gap {statistics.median(gaps):.3f}s"
    # Other sample hosts have no Crawl-delay and run at loopback speed with 2 connections.
    fast = sorted(r.time for r in log if r.outlet == "saeachim")
    fast_gaps = [b - a for a, b in zip(fast, fast[1:], strict=False)]
    assert len(fast) > 10 and statistics.median(fast_gaps) < delay / 2


def test_faults_are_per_url_errors_in_the_run_record(crawl):
    world, record = crawl["world"], crawl["record"]
    errors = {(o["outlet"], e["url"].split("/", 3)[-1]): e["error"] for o in record["outlets"] for e in o["errors"]}
    messages = " | ".join(errors.values())
    by_fault = {t["faulty"]: t for t in world.live_articles() if t["faulty"]}
    assert "HTTP 500" in messages  # error500 (after retries)
    for fault in ("error500", "hang", "redirect_loop"):
        t = by_fault.get(fault)
        if t is None:
            continue
        hits = [msg for (oid, path), msg in errors.items() if oid == t["outlet"] and t["url"].lstrip("/") in path]
        assert hits, f"{fault} article {t['url']} not reported as an error"
    # Retries back off: the flaky URL (500, 500, then 200) was asked 3 times, waits doubling.
    flaky = by_fault.get("flaky")
    if flaky is not None:
        times = [r.time for r in crawl["log"] if r.outlet == flaky["outlet"] and r.target == flaky["url"]]
        assert len(times) == 3, times
        assert times[1] - times[0] >= 0.09 and times[2] - times[1] >= 0.18
    # A body cut short by the server is archived as it came, marked truncated, and reported.
    cut = by_fault.get("truncated")
    if cut is not None:
        caps = [c for c in _warc_captures(crawl["data"]) if _is_capture_of(c, crawl["server"], cut)]
        assert caps and all(c.truncated == "disconnect" for c in caps)
        assert any("cut short" in msg for (oid, path), msg in errors.items()
                   if oid == cut["outlet"] and path == cut["url"].lstrip("/"))
    # The 30 MB page is cut at NEWSARCHIVE_MAX_BODY and archived as truncated, not lost or crashing.
    huge = by_fault.get("huge")
    if huge is not None:
        caps = [c for c in _warc_captures(crawl["data"]) if _is_capture_of(c, crawl["server"], huge)]
        assert caps and caps[0].truncated == "length"
        assert len(caps[0].body) < 2_000_000


def test_every_warc_passes_warcio_check_and_is_indexed(crawl):
    from archive.warc import index_path, warc_files

    files = warc_files(crawl["data"] / "warc")
    assert files
    for path in files:
        out = subprocess.run(
            [sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True
        )
        if out.returncode != 0 and "No module named" in out.stderr:
            out = subprocess.run([str(Path(sys.executable).parent / "warcio"), "check", str(path)],
                                 capture_output=True, text=True)
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
        assert index_path(path).exists()
    assert not list((crawl["data"] / "warc").glob("*.open"))


def test_pywb_replays_a_crawled_article(crawl):
    import urllib.request

    from tests import pywb_harness as harness

    caps = [
        c for c in _warc_captures(crawl["data"])
        if c.status == 200 and c.kind == "response" and c.outlet == "saeachim" and "idxno=" in c.url
    ]
    assert caps
    cap = caps[0]
    with (
        harness.pywb_server(crawl["data"] / "warc") as base,
        urllib.request.urlopen(harness.replay_url(base, cap.fetched_at, cap.url), timeout=30) as resp,
    ):
        body = resp.read()
    assert body == cap.decoded_body()


def test_incremental_runs_fetch_only_new_and_edited_articles(crawl):
    world, server, data, registry = crawl["world"], crawl["server"], crawl["data"], crawl["registry"]
    faulty = {(t["outlet"], t["url"]) for t in world.live_articles() if t["faulty"]}

    def article_fetches():
        return {
            (r.outlet, r.target) for r in server.requests_log
            if r.kind == "article" and r.status == 200 and (r.outlet, r.target) not in faulty
        }

    server.clear_log()
    changes = server.advance(1)
    expected = {(c["outlet"], c["url"]) for c in changes.new + changes.edited}
    expected |= {(c["outlet"], c["new_url"]) for c in changes.moved}
    assert changes.new and changes.edited
    result = run_crawl(data, registry)
    assert result.returncode == 0, result.stderr[-2000:]
    got = article_fetches()
    assert got == expected, f"unexpected: {sorted(got - expected)[:5]}, missing: {sorted(expected - got)[:5]}"
    unchanged = [r for r in server.requests_log if r.kind == "article" and r.status == 304]
    assert unchanged, "young articles should be re-checked conditionally"
    # Unchanged feeds/lists became revisit records (304 -> server-not-modified, same bytes -> identical).
    second = last_run_record(data)
    revisits = [c for c in _warc_captures(data) if c.kind == "revisit" and c.run_id == second["id"]]
    assert any("rss" in c.url or "List" in c.url or "list" in c.url or c.url.endswith("/") for c in revisits)
    # Both profiles: 304 answers (server-not-modified) and robots.txt served again byte for byte.
    assert any(c.status == 304 for c in revisits)
    assert any(c.status == 200 and urlsplit(c.url).path == "/robots.txt" for c in revisits)
    # Paging stopped early: no list page beyond the second for list-only outlets.
    for oid in ("seorabeol",):
        pages = [r.target for r in server.requests_log if r.kind == "list" and r.outlet == oid]
        assert len(pages) <= 2 * len(next(e for e in server.registry_entries() if e["id"] == oid)["lists"])

    # Third run, nothing changed: not a single article page body is fetched.
    server.clear_log()
    result = run_crawl(data, registry)
    assert result.returncode == 0, result.stderr[-2000:]
    assert article_fetches() == set()
    third = last_run_record(data)
    assert third["new_articles"] == 0
