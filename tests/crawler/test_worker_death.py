"""An ingest worker that dies mid-crawl (OOM killer, a crash in a C library on a hostile page).

The crawl must not hang on the captures it was waiting for: it finishes, exits 1 with the reason
in its run record, and leaves what was not stored unfetched, so the next run fetches it again and
the archive ends with every article exactly once.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from tests.crawler.conftest import REPO, crawl_cmd, last_run_record, run_crawl, samples, write_registry

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
            out += [int(x) for x in fh.read().split()]
    return out


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="ascii") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def _stored(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("victim", ["newsarchive-pre", "newsarchive-ing"])
def test_a_dead_ingest_worker_fails_the_run_and_the_next_run_stores_the_rest(tmp_path, victim):
    from crawler.samples.faults import ARTICLE_FAULTS
    from crawler.samples.outlets import OUTLETS

    no_faults = {name: 0 for name in ARTICLE_FAULTS}
    faults = {o.id: {**no_faults, "broken_rss": False, "crawl_delay": None} for o in OUTLETS}
    s = samples()
    world = s.SampleWorld(seed=3, articles=400, faults=faults)
    live = len(world.live_articles())
    with s.SampleServer(world, latency=0.02) as server:
        registry = write_registry(tmp_path / "registry.json", server.registry_entries())
        data = tmp_path / "data"
        proc = subprocess.Popen(crawl_cmd(data, registry), cwd=REPO, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while _stored(data / "archive.db") < 40 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        target = [pid for pid in _children(proc.pid) if _comm(pid) == victim]
        assert target, f"no {victim} worker under the crawl"
        os.kill(target[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=120)  # hangs here if the crawl waits for the dead worker
        assert proc.returncode == 1, err[-2000:]
        record = last_run_record(data)
        assert record["status"] == "failed"
        assert "ingest worker died" in record["ingest_failure"]
        stored = _stored(data / "archive.db")
        assert 0 < stored < live

        again = run_crawl(data, registry)
        assert again.returncode == 0, again.stderr[-2000:]
    with sqlite3.connect(data / "archive.db") as conn:
        articles, urls, versions = conn.execute(
            "SELECT count(*), count(DISTINCT url), sum(version_count) FROM articles"
        ).fetchone()
    assert articles == urls == versions == live
