"""The sample outlets end to end: rendered pages → WARC → live ingest (real extraction) → rebuild.

Ground truth (``story_id``) decides: syndicated copies share a cluster and unrelated articles never
do, over all pairs; the rebuilt database equals the live one.
"""

from __future__ import annotations

import collections
import itertools
from datetime import UTC, datetime, timedelta

import pytest
from store_helpers import capture, extracted, snapshot

import crawler.samples as samples
from archive.capture import Capture
from archive.ingest import ingest
from archive.rebuild import rebuild
from archive.store import open_store

T0 = datetime(2026, 3, 2, tzinfo=UTC)


def _url(art: dict) -> str:
    return f"http://{art['outlet']}.sample.test{art['url']}"


def _check_clusters(store, arts: list[dict]) -> None:
    cluster_of = dict(store.conn.execute("SELECT url, cluster_id FROM articles"))
    story_of = {_url(a): a["story_id"] for a in arts}
    assert set(cluster_of) == set(story_of)
    wrong = []
    for a, b in itertools.combinations(sorted(story_of), 2):
        same_story = story_of[a] == story_of[b]
        same_cluster = cluster_of[a] is not None and cluster_of[a] == cluster_of[b]
        if same_story != same_cluster:
            wrong.append((a, b, "split" if same_story else "merged"))
    assert not wrong, f"{len(wrong)} wrong pairs, e.g. {wrong[:3]}"
    sizes = collections.Counter(story_of.values())
    assert (
        sum(1 for n in sizes.values() if n > 1)
        == store.conn.execute("SELECT count(*) FROM clusters").fetchone()[0]
    )


@pytest.mark.parametrize(("seed", "articles"), [(0, 400), (3, 300)])
def test_syndicated_copies_cluster_and_unrelated_never_do_over_all_pairs(tmp_path, seed, articles):
    """Dedup on the ground-truth bodies (what a perfect extractor returns), every pair checked."""
    world = samples.SampleWorld(seed=seed, articles=articles)
    arts = world.live_articles()
    assert sum(1 for n in collections.Counter(a["story_id"] for a in arts).values() if n > 2) >= 10
    with open_store(tmp_path / "archive.db") as store:
        for minute, art in enumerate(arts):
            url = _url(art)
            result = ingest(
                capture(url, minute, outlet=art["outlet"]),
                store,
                extracted=extracted(url, art["title"], art["body"]),
            )
            assert result.status == "saved"
        _check_clusters(store, arts)


@pytest.mark.slow
def test_rendered_sample_pages_live_equals_rebuild_and_clusters_hold(tmp_path):
    """Real pages of every family (CP949 included) through real extraction, live and rebuilt."""
    from archive.warc import WarcWriter

    world = samples.SampleWorld(seed=1, articles=160)
    arts = [a for a in world.live_articles() if not a.get("faulty")]
    outlets = [{"id": o.id, "name": o.name, "cms": o.cms} for o in world.outlets]
    store = open_store(tmp_path / "archive.db")
    writer = WarcWriter(tmp_path / "warc")
    for o in outlets:
        writer.write_event(f"urn:newsarchive:outlet:{o['id']}", o)
    store.upsert_outlets(outlets)
    statuses = collections.Counter()
    for i, art in enumerate(arts):
        body, ctype = samples.render_article(world, art)
        cap = Capture(
            url=_url(art), status=200, headers=(("Content-Type", ctype),), body=body,
            fetched_at=T0 + timedelta(seconds=i), outlet=art["outlet"], run_id="r1",
        )  # fmt: skip
        statuses[ingest(writer.write(cap), store).status] += 1
    writer.close()
    assert statuses["saved"] >= 0.95 * len(arts), statuses
    live = snapshot(store)
    store.close()
    stats = rebuild(tmp_path, reextract=True)
    assert stats.statuses["saved"] == statuses["saved"]
    with open_store(tmp_path / "archive.db", readonly=True) as rebuilt:
        assert snapshot(rebuilt) == live
        saved = {r[0] for r in rebuilt.conn.execute("SELECT url FROM articles")}
        _check_clusters(rebuilt, [a for a in arts if _url(a) in saved])
        bodies = dict(rebuilt.conn.execute("SELECT url, body FROM articles"))
    exact = sum(1 for a in arts if bodies.get(_url(a)) == a["body"])
    assert exact >= 0.8 * len(arts)  # extraction quality is not this test's subject, but it must be sane
