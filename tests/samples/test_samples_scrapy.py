"""The sample server runs beside Scrapy's Twisted reactor in one process (as crawl tests use it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import json, os, scrapy
from scrapy.crawler import CrawlerProcess
from crawler.samples import FaultProfile, SampleServer, SampleWorld
from crawler.samples.outlets import OUTLETS

# every fault off; with PROBE_ROBOTS=1 the two robots.txt-disallowed articles stay (and gzip on those outlets)
faults = {o.id: False for o in OUTLETS}
if os.environ.get("PROBE_ROBOTS") == "1":
    faults.update(saeachim=FaultProfile(gzip=True, disallowed=1), geumo=FaultProfile(gzip=True, disallowed=1))
world = SampleWorld(seed=1, articles=40, faults=faults)
got = {}

class Probe(scrapy.Spider):
    name = "probe"
    custom_settings = {"ROBOTSTXT_OBEY": True, "LOG_LEVEL": "ERROR", "DOWNLOAD_DELAY": 0,
                       "TELNETCONSOLE_ENABLED": False}
    if os.environ.get("PROBE_GUARD") == "1":  # the crawler's own robots guard instead of Scrapy's
        custom_settings["DOWNLOADER_MIDDLEWARES"] = {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawler.downloadermiddlewares.robots.RobotsGuardMiddleware": 100}

    async def start(self):
        for t in world.live_articles():
            yield scrapy.Request(server.base_url(t["outlet"]) + t["url"], cb_kwargs={"t": t})

    def parse(self, response, t):
        enc = "cp949" if t["outlet"] == "dalgubeol" else "utf-8"
        got[t["outlet"] + t["url"]] = (response.status, t["body"].split("\n\n")[0][:8] in response.body.decode(enc))

with SampleServer(world) as server:
    proc = CrawlerProcess(settings={"USER_AGENT": "newsarchive-test"})
    proc.crawl(Probe)
    proc.start()
    print(json.dumps({"n": len(world.live_articles()), "got": got,
                      "robots": server.counts(kind="robots")["robots"]}))
'''


def _probe(robots: bool, guard: bool = False) -> dict:
    env = {**os.environ, "PROBE_ROBOTS": "1" if robots else "0", "PROBE_GUARD": "1" if guard else "0"}
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_server_beside_scrapy_reactor_in_one_process() -> None:
    res = _probe(robots=False)
    assert len(res["got"]) == res["n"] == 40
    assert all(status == 200 and found for status, found in res["got"].values())
    assert res["robots"] == 7  # one robots.txt per outlet host


def test_robots_guard_with_concurrent_first_requests() -> None:
    """Concurrent first requests per host through RobotsGuardMiddleware: disallowed never let through."""
    for _ in range(3):
        res = _probe(robots=True, guard=True)
        assert len(res["got"]) == res["n"] - 2  # the two disallowed articles were never fetched
        assert res["robots"] == 7
