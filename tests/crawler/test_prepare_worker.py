"""Extraction ahead of the store writer (`archive.ingest.prepare`, the crawl's prepare worker).

The crawl extracts in a second process and hands the result to ``ingest(..., extracted=...)``.
That must write exactly the rows ``ingest`` alone writes, and a crawl with the prepare worker
must leave the same archive as one without it.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from archive.capture import Capture
from archive.ingest import ingest, prepare
from archive.store import open_store
from tests.crawler.conftest import run_crawl, samples, write_registry
from tests.crawler.test_ingest_batch import _captures as article_captures

T0 = datetime(2026, 3, 2, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def _captures() -> list[Capture]:
    out = article_captures(12)
    first = out[0]
    extra = [
        # Not extracted by ingest, so not by prepare either: a list page, an error, a revisit, an image.
        Capture(url=f"{first.url.split('/', 3)[0]}//{first.url.split('/')[2]}/news/articleList.html?page=2",
                status=200, headers=(("Content-Type", "text/html"),), body=first.body, fetched_at=T0,
                outlet=first.outlet, record_id="<urn:uuid:00000000-0000-0000-0001-000000000001>"),
        Capture(url=first.url + "&x=1", status=500, headers=(("Content-Type", "text/html"),), body=b"oops",
                fetched_at=T0, outlet=first.outlet, record_id="<urn:uuid:00000000-0000-0000-0001-000000000002>"),
        Capture(url=first.url, status=200, headers=(("Content-Type", "text/html"),), kind="revisit",
                fetched_at=T0 + timedelta(days=1), outlet=first.outlet, refers_to=first.record_id,
                record_id="<urn:uuid:00000000-0000-0000-0001-000000000003>"),
        Capture(url=first.url.replace("article", "photo") + ".jpg", status=200,
                headers=(("Content-Type", "image/jpeg"),), body=b"\xff\xd8\xff", fetched_at=T0,
                outlet=first.outlet, record_id="<urn:uuid:00000000-0000-0000-0001-000000000004>"),
    ]
    return out + extra


def _rows(db_path) -> dict:
    with open_store(db_path, readonly=True) as store:
        conn = store.conn
        return {
            table: conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2").fetchall()
            for table, cols in {
                "captures": "record_id, ingest_status, error, article_id, version_id",
                "articles": "id, url, title, subtitle, body, authors, published, cluster_id, version_count, images, warnings",
                "versions": "article_id, seq, content_hash, url",
                "similar_pairs": "article_a, article_b, jaccard",
                "dedup_keys": "key, article_id",
                "search_docs": "docid, article_id",
            }.items()
        }


def test_prepare_then_ingest_writes_what_ingest_writes(tmp_path):
    caps = _captures()
    prepared = [prepare(c) for c in caps]
    assert all(p is not None and p.fields for p in prepared[:12])  # every article page extracted
    assert prepared[12:] == [None, None, None, None]  # list, 500, revisit, image: left to ingest
    with open_store(tmp_path / "alone.db") as store:
        alone = [ingest(c, store) for c in caps]
    with open_store(tmp_path / "prepared.db") as store:
        split = [ingest(c, store, extracted=p) for c, p in zip(caps, prepared, strict=True)]
    assert [r.status for r in split] == [r.status for r in alone]
    assert {r.status for r in alone[12:]} == {"not_article", "skipped"}
    assert _rows(tmp_path / "prepared.db") == _rows(tmp_path / "alone.db")


def test_a_crawl_with_the_prepare_worker_archives_what_one_without_it_does(tmp_path):
    from crawler.samples.faults import ARTICLE_FAULTS
    from crawler.samples.outlets import OUTLETS

    no_faults = {name: 0 for name in ARTICLE_FAULTS}
    faults = {o.id: {**no_faults, "broken_rss": False, "crawl_delay": None} for o in OUTLETS}
    s = samples()
    world = s.SampleWorld(seed=11, articles=150, faults=faults)
    with s.SampleServer(world) as server:  # noqa: SIM117
        registry = write_registry(tmp_path / "registry.json", server.registry_entries())
        snapshots = {}
        for prepare_on in (True, False):
            data = tmp_path / f"data-{prepare_on}"
            done = run_crawl(data, registry, settings={"NEWSARCHIVE_INGEST_PREPARE": prepare_on})
            assert done.returncode == 0, done.stderr[-2000:]
            rows = _rows(data / "archive.db")
            # Captures differ by record id and time between the runs: compare what was derived.
            snapshots[prepare_on] = {
                "statuses": sorted(r[1] for r in rows["captures"]),
                "articles": sorted(r[1:7] + r[8:] for r in rows["articles"]),  # not ids: arrival order
                "clusters": sorted(
                    sorted(r[1] for r in rows["articles"] if r[7] == cid)
                    for cid in {r[7] for r in rows["articles"] if r[7] is not None}
                ),
            }
    assert snapshots[True]["statuses"].count("saved") == len(world.live_articles())
    assert snapshots[True] == snapshots[False]


def test_preload_imports_what_prepare_needs_before_the_first_article():
    # A fresh interpreter, as the spawned prepare worker is: after preload() the first prepare()
    # imports nothing more (the worker loads lxml, datasketch and scipy while the crawl is idle).
    code = (
        "import sys\n"
        "from archive.ingest import preload, prepare\n"
        "from tests.crawler.test_ingest_batch import _captures\n"
        "caps = _captures(1)\n"
        "preload()\n"
        "assert 'datasketch' in sys.modules and 'scipy' in sys.modules\n"
        "before = set(sys.modules)\n"
        "assert prepare(caps[0]).fields\n"
        "heavy = {'archive', 'datasketch', 'lxml', 'numpy', 'scipy'}\n"
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
