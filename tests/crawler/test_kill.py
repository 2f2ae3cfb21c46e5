"""kill -9 of `newsarchive crawl` at 10 random moments: WARC readable, next run completes, no loss, no dupes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter

import pytest

from archive.urls import canonicalize
from tests.crawler.conftest import (
    REPO,
    crawl_cmd,
    ingest_workers,
    last_run_record,
    run_crawl,
    samples,
    still_running,
    write_registry,
)

pytestmark = pytest.mark.slow

KILLS = 10


def _clean_faults(world_cls_outlets) -> dict:
    from crawler.samples.faults import ARTICLE_FAULTS

    clean = {name: 0 for name in ARTICLE_FAULTS}
    return {o.id: {**clean, "broken_rss": False, "crawl_delay": None} for o in world_cls_outlets}


def test_kill9_at_random_moments_loses_and_duplicates_nothing(tmp_path):
    from archive.warc import iter_records, recover, warc_files
    from crawler.samples.outlets import OUTLETS

    s = samples()
    world = s.SampleWorld(seed=0, articles=200, faults=_clean_faults(OUTLETS))
    rng = random.Random(20261126)
    with s.SampleServer(world, latency=0.25) as server:
        registry = write_registry(tmp_path / "registry.json", server.registry_entries())
        data = tmp_path / "data"
        # A complete first crawl; the killed runs are then the daily incremental kind.
        first = run_crawl(data, registry, timeout=240)
        assert first.returncode == 0, first.stderr[-3000:]
        moments, killed, recovered, orphaned = [], 0, 0, 0
        edits: Counter[str] = Counter()
        for n in range(KILLS):
            if n % 3 == 0:
                # The web moves on between runs: new, edited, deleted, moved and re-checked pages.
                for c in server.advance(1).edited:
                    edits[canonicalize(server.base_url(c["outlet"]) + c["url"], c["cms"])] += 1
            proc = subprocess.Popen(crawl_cmd(data, registry), cwd=REPO, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            started = time.monotonic()
            if n % 2:
                # Half the kills land while a WARC file is being written (any machine speed) ...
                while time.monotonic() - started < 30 and not list((data / "warc").glob("*.open")):
                    time.sleep(0.05)
                time.sleep(rng.uniform(0.1, 1.5))
            else:
                # ... the other half at any moment of the run, start-up included.
                time.sleep(rng.uniform(1.0, 6.0))
            moment = time.monotonic() - started
            workers = []
            if proc.poll() is None:
                workers = ingest_workers(proc.pid)
                os.kill(proc.pid, signal.SIGKILL)
                killed += 1
                orphaned += bool(workers)
            proc.wait(timeout=30)
            moments.append(round(moment, 2))
            # Every WARC file reads to its last whole record once the killed run's file is closed.
            recovered += len(recover(data / "warc"))
            for path in warc_files(data / "warc"):
                for _record in iter_records(path):
                    pass
            # The orphaned ingest workers notice their parent's death within ~1 s and exit,
            # whatever they were doing (a worker blocked on a full queue once hung forever).
            left = still_running(workers, within=15)
            assert not left, f"ingest workers {left} still running 15 s after the kill at {moment:.2f} s"
        # The kills hit running crawls, several of them with a WARC file open mid-write.
        assert killed >= KILLS // 2 + 2 and recovered >= KILLS // 2, (killed, recovered, moments)
        assert orphaned >= KILLS // 2, (orphaned, moments)  # most kills left workers to watch
        result = run_crawl(data, registry, timeout=240)
        assert result.returncode == 0, (moments, result.stderr[-3000:])
        assert last_run_record(data)["finish_reason"] == "finished"
        expected = {
            canonicalize(server.base_url(t["outlet"]) + t["url"], t["cms"]) for t in world.live_articles()
        }

    # Nothing lost: every article is in the store and has an archived 200 response.
    db = sqlite3.connect(data / "archive.db")
    stored = {row[0] for row in db.execute("SELECT url FROM articles")}
    assert expected <= stored, f"lost after kills at {moments}: {sorted(expected - stored)[:5]}"
    archived = set()
    for path in warc_files(data / "warc"):
        for rec in iter_records(path):
            if getattr(rec, "status", None) == 200 and getattr(rec, "kind", None) == "response":
                archived.add(canonicalize(rec.url))
    assert expected <= archived
    # Nothing duplicated: one article row per URL, and re-fetches after a kill made no new
    # versions: an article has at most one version per real edit (plus the original).
    dupes = db.execute("SELECT url, count(*) FROM articles GROUP BY url HAVING count(*) > 1").fetchall()
    assert dupes == []
    versions = db.execute(
        "SELECT a.url, count(v.id) FROM articles a JOIN versions v ON v.article_id = a.id GROUP BY a.id"
    ).fetchall()
    extra = [(url, n) for url, n in versions if n > 1 + edits[url]]
    assert extra == [], f"duplicate versions after kills at {moments}: {extra[:5]}"
    assert edits and any(n > 1 for _, n in versions), "edits between runs should have made versions"
    assert not list((data / "warc").glob("*.open"))
