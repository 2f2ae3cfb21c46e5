"""List paging obeys the stop rule in every family: a re-run with nothing new reads first pages only.

The sample outlets here answer without validators (no 304s), so every list page comes back 200 and
the spider has to decide from its content (only known articles) to stop paging.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import parse_qsl, urlsplit

import pytest

from crawler.discovery.listings import board_data
from tests.crawler.conftest import run_crawl, samples, write_registry

pytestmark = pytest.mark.slow


def _is_first_page(target: str) -> bool:
    fields = board_data("http://x" + target) or {}
    query = dict(parse_qsl(urlsplit(target).query))
    return fields.get("startpage", "0") == "0" and query.get("page", "1") == "1"


def _list_fetches(server) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in server.requests_log:
        if r.kind == "list":
            out[r.outlet].append(r.target)
    return out


def test_rerun_with_nothing_new_fetches_first_list_pages_only(tmp_path):
    from crawler.samples.faults import ARTICLE_FAULTS
    from crawler.samples.outlets import OUTLETS

    no_faults = {name: 0 for name in ARTICLE_FAULTS}
    faults = {o.id: {**no_faults, "broken_rss": False, "crawl_delay": None, "conditional": False} for o in OUTLETS}
    s = samples()
    world = s.SampleWorld(seed=5, articles=1000, faults=faults)
    with s.SampleServer(world) as server:
        entries = server.registry_entries()
        registry = write_registry(tmp_path / "registry.json", entries)
        data = tmp_path / "data"
        first = run_crawl(data, registry)
        assert first.returncode == 0, first.stderr[-2000:]
        before = _list_fetches(server)
        configured = {e["id"]: len(e["lists"]) for e in entries}
        # The first run did page through the lists (so a second run could wrongly do it again).
        assert len(before["dalgubeol"]) > configured["dalgubeol"] + 3, before["dalgubeol"]
        assert any("board_data=" in t for t in before["dalgubeol"])

        server.clear_log()
        second = run_crawl(data, registry)
        assert second.returncode == 0, second.stderr[-2000:]
        after = _list_fetches(server)
        assert not [r for r in server.requests_log if r.kind == "article"]  # nothing new, nothing fetched
        families = set()
        for oid, n_lists in configured.items():
            pages = after.get(oid, [])
            families.add(world.outlet_by_id[oid].cms)
            # First pages only, each once: the configured lists (+ the F2 all-articles board).
            assert len(pages) == len(set(pages)) <= n_lists + 1, (oid, sorted(pages))
            assert all(_is_first_page(t) for t in pages), (oid, sorted(pages))
        assert families >= {"ndsoft", "idx_view", "article_no", "page_view", "generic"}


def test_list_page_new_to_the_state_is_not_a_sign_of_edits(tmp_path):
    """A list URL with no earlier copy (e.g. another view of a known section, reached in a different
    order than last run) is a full response, not a revisit; it must not make the run re-check every
    young article of the outlet, as a changed list page does."""
    import sqlite3

    from crawler.samples.faults import ARTICLE_FAULTS
    from crawler.samples.outlets import OUTLETS

    no_faults = {name: 0 for name in ARTICLE_FAULTS}
    faults = {o.id: {**no_faults, "broken_rss": False, "crawl_delay": None, "conditional": False} for o in OUTLETS}
    s = samples()
    world = s.SampleWorld(seed=6, articles=300, faults=faults)
    with s.SampleServer(world) as server:
        registry = write_registry(tmp_path / "registry.json", server.registry_entries())
        data = tmp_path / "data"
        first = run_crawl(data, registry)
        assert first.returncode == 0, first.stderr[-2000:]
        with sqlite3.connect(data / "state.db") as conn:  # the outlet's list pages: never fetched before
            forgotten = conn.execute("DELETE FROM urls WHERE kind = 'list' AND outlet = 'hyeongsan'").rowcount
        assert forgotten > 0

        server.clear_log()
        second = run_crawl(data, registry)
        assert second.returncode == 0, second.stderr[-2000:]
        assert [r for r in server.requests_log if r.kind == "list" and r.outlet == "hyeongsan"]
        assert not [r.target for r in server.requests_log if r.kind == "article"]
