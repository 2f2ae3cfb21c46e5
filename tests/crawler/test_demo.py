"""`newsarchive demo --no-serve` crawls the default sample world offline and prints its summary;
the hang fault still ends as a recorded timeout (the sample crawl's short DOWNLOAD_TIMEOUT stays
below the hang). How long the demo takes is measured, not asserted: speed belongs to bench/."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from tests.crawler.conftest import REPO

pytestmark = pytest.mark.slow


def test_sample_settings_keep_the_hang_longer_than_the_timeout():
    from crawler.crawl_cli import sample_crawl_settings
    from crawler.samples import SampleWorld

    default = sample_crawl_settings(SampleWorld(articles=20))
    assert default["DOWNLOAD_TIMEOUT"] <= 5  # the default 30 s hang still exceeds it
    short = sample_crawl_settings(SampleWorld(articles=20, faults={"yeongil": {"hang_seconds": 3.0}}))
    assert short["DOWNLOAD_TIMEOUT"] < 3.0
    assert sample_crawl_settings(SampleWorld(articles=20), {"DOWNLOAD_TIMEOUT": 9})["DOWNLOAD_TIMEOUT"] == 9


def test_demo_no_serve_summarizes_and_records_the_hang_as_a_timeout(tmp_path):
    data = tmp_path / "data"
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--no-serve", "--data", str(data)],
                         cwd=REPO, capture_output=True, text=True, timeout=180)
    elapsed = time.monotonic() - t0
    assert out.returncode == 0, out.stderr[-2000:]
    for label in ("outlets crawled:", "pages archived:", "articles:", "duplicates found:",
                  "crawl errors:", "WARC files:", "database:"):
        assert label in out.stdout, out.stdout
    duplicates = next(line for line in out.stdout.splitlines() if line.startswith("duplicates found:"))
    assert int(duplicates.split()[2]) > 0  # the sample world syndicates press releases
    assert (data / "archive.db").exists() and list((data / "warc").glob("*.warc.gz"))
    (record_path,) = (data / "logs").glob("run-*.json")
    record = json.loads(record_path.read_text(encoding="utf-8"))
    from crawler.samples import SampleWorld

    world = SampleWorld(seed=0, articles=120)
    hang = next(t for t in world.live_articles() if t["faulty"] == "hang")
    host = world.outlet_by_id[hang["outlet"]].ip

    def is_hang(url: str) -> bool:
        parts = urlsplit(url)
        return parts.hostname == host and f"{parts.path}?{parts.query}".rstrip("?") == hang["url"]

    errors = [e for o in record["outlets"] for e in o["errors"] if is_hang(e["url"])]
    assert errors and any("Timeout" in e["error"] or "took longer" in e["error"] for e in errors), errors
    print(f"demo --no-serve: {elapsed:.1f}s")
