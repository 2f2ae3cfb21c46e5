"""Crawl benchmark: what archiving costs, how we compare with wget, and memory at scale.

Everything is measured in one run, against the bundled sample outlets on loopback (no faults, no
Crawl-delay), each crawl a real `newsarchive crawl` subprocess:

1. loopback, no latency: fetch-only Scrapy (the same spider with WARC, ingest and crawl state
   switched off) vs `newsarchive crawl` end to end (WARC + ingest in its workers + state);
   pages/s over the crawl (spider open -> close; the close waits for the last capture's ingest,
   since the pipeline awaits each outcome), CPU seconds (crawl + ingest workers) per
   article, and how they split between the crawl process and the workers (sampled from /proc);
   ``--pairs`` back-to-back pairs, the median pair's figures reported (this VM's speed drifts);
2. 100 ms per response, default per-host politeness for loopback (2 connections, no delay):
   `newsarchive crawl` vs `wget --recursive --warc-file` (sequential) vs the ceiling
   hosts x 2 / latency;
3. peak RSS (crawl process + ingest worker, sampled) at ~5k and ~20k pages.

The last output line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def clean_faults() -> dict:
    from crawler.samples.faults import ARTICLE_FAULTS
    from crawler.samples.outlets import OUTLETS

    clean = {name: 0 for name in ARTICLE_FAULTS}
    return {o.id: {**clean, "broken_rss": False, "crawl_delay": None} for o in OUTLETS}


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _cpu_s(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _comm(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/comm", encoding="ascii", errors="replace") as fh:
            return fh.read().strip()
    except OSError:
        return "?"


class RssSampler(threading.Thread):
    """Peak of (process + its children) resident memory, sampled every 100 ms; also the children's
    CPU seconds as last seen (the ingest worker's share of the crawl's CPU, to within 100 ms)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stop = pid, 0, threading.Event()
        self.children_cpu: dict[int, float] = {}
        self.children_name: dict[int, str] = {}

    def run(self) -> None:
        while not self.stop.is_set():
            children = _children(self.pid)
            total = _rss_kb(self.pid) + sum(_rss_kb(c) for c in children)
            self.peak_kb = max(self.peak_kb, total)
            for child in children:
                cpu = _cpu_s(child)
                if cpu is not None:
                    self.children_cpu[child] = cpu
                    self.children_name[child] = _comm(child)
            self.stop.wait(0.1)


def crawl(registry: Path, data: Path, settings: dict | None = None) -> dict:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--data", str(data), "--registry", str(registry),
           "--no-progress"]
    for key, value in (settings or {}).items():
        cmd += ["--set", f"{key}={value}"]
    started = time.monotonic()
    self_cpu = time.process_time()  # the bench process: the sample server's share of the machine
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = RssSampler(proc.pid)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    server_cpu = time.process_time() - self_cpu
    sampler.stop.set()
    sampler.join()
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    runs = sorted((data / "logs").glob("run-*.json"), key=lambda p: p.stat().st_mtime)
    if not runs:
        raise RuntimeError(f"crawl wrote no run record (status {status}): {err[-2000:]}")
    record = json.loads(runs[-1].read_text(encoding="utf-8"))
    seconds = (
        datetime.fromisoformat(record["ended_at"]) - datetime.fromisoformat(record["started_at"])
    ).total_seconds()
    stats = record.get("scrapy_stats", {})
    pages = int(stats.get("downloader/response_count", 0))
    articles = sum(o["articles_fetched"] for o in record["outlets"])
    return {
        "exit": os.waitstatus_to_exitcode(status),
        "pages": pages,
        "articles": articles,
        "new_articles": record["new_articles"],
        "seconds": round(seconds, 2),
        "wall": round(wall, 2),
        "pps": round(pages / seconds, 1) if seconds else 0.0,
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "cpu_s_ingest_worker": round(sum(sampler.children_cpu.values()), 2),
        "cpu_s_by_child": {
            f"{sampler.children_name.get(pid, '?')}-{pid}": round(cpu, 2) for pid, cpu in sampler.children_cpu.items()
        },
        "cpu_s_server": round(server_cpu, 2),
        "rss_mb": round(sampler.peak_kb / 1024, 1),
        "errors": record["errors"],
    }


def wget(homepages: list[str], out: Path, limit_s: float) -> dict:
    """Sequential recursive wget with a WARC file; stopped after ``limit_s`` (rate is what counts)."""
    exe = shutil.which("wget")
    if exe is None:
        return {"pages": 0, "seconds": 0.0, "pps": None}
    log = out / "wget.log"
    cmd = [exe, "--recursive", "--level=inf", "--no-verbose", "--delete-after", "--no-directories",
           f"--warc-file={out / 'wget'}", "--warc-cdx", "-o", str(log), *homepages]
    started = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=out, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=limit_s)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(timeout=10)
    seconds = time.monotonic() - started
    pages = sum(1 for line in log.read_text(errors="replace").splitlines() if " URL:" in line)
    return {"pages": pages, "seconds": round(seconds, 2), "pps": round(pages / seconds, 1)}


def serve(world_args: dict, latency: float = 0.0):
    from crawler.samples.server import SampleServer
    from crawler.samples.world import SampleWorld

    t0 = time.monotonic()
    world = SampleWorld(faults=clean_faults(), **world_args)
    built = time.monotonic() - t0
    server = SampleServer(world, latency=latency, faults=False)
    server.start()
    return world, server, built


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000, help="loopback world (target ~5k+ pages)")
    ap.add_argument("--pairs", type=int, default=5, help="fetch-only/end-to-end pairs (median reported)")
    ap.add_argument("--big", type=int, default=17000, help="world for the ~20k-page RSS run (0: skip)")
    ap.add_argument("--latency-articles", type=int, default=1400, help="world for the 100 ms latency case")
    ap.add_argument("--latency", type=float, default=0.1)
    ap.add_argument("--wget-seconds", type=float, default=45.0)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    results: dict = {}
    load_start = round(os.getloadavg()[0], 2)  # the machine is shared: say how busy it was
    try:
        # 1. loopback: fetch-only vs end to end, same world, same server.
        world, server, built = serve({"seed": 1, "articles": args.articles})
        print(f"world of {args.articles} articles built in {built:.1f}s", flush=True)
        registry = tmp / "registry.json"
        registry.write_text(json.dumps(server.registry_entries()), encoding="utf-8")
        fetch_only_settings = {
            "ARCHIVE_WARC_ENABLED": False,
            "NEWSARCHIVE_SINK": "crawler.sinks.NullSink",
            "NEWSARCHIVE_STATE_CLASS": "crawler.state.MemoryCrawlState",
        }
        pairs = []
        for n in range(args.pairs):
            # Back to back, in alternating order: this VM's speed drifts from minute to minute.
            order = ("fetch-only", "full") if n % 2 == 0 else ("full", "fetch-only")
            pair = {}
            for kind in order:
                settings = fetch_only_settings if kind == "fetch-only" else None
                pair[kind] = crawl(registry, tmp / f"{kind}-{n}", settings)
                print(f"{kind} ({n + 1}/{args.pairs}):", pair[kind], flush=True)
            pair["ratio"] = pair["full"]["pps"] / pair["fetch-only"]["pps"] if pair["fetch-only"]["pps"] else 0.0
            pairs.append(pair)
        pairs.sort(key=lambda p: p["ratio"])
        median = pairs[len(pairs) // 2]  # the median pair (of an odd number) is reported
        fetch_only, full = median["fetch-only"], median["full"]
        server.stop()
        # 2. latency: newsarchive crawl vs wget vs the ceiling.
        world, server, _ = serve({"seed": 2, "articles": args.latency_articles}, latency=args.latency)
        registry = tmp / "registry-latency.json"
        registry.write_text(json.dumps(server.registry_entries()), encoding="utf-8")
        hosts = len(world.outlets)
        latency_run = crawl(registry, tmp / "latency")
        print("latency newsarchive crawl:", latency_run, flush=True)
        (tmp / "wget").mkdir()
        wget_run = wget([server.base_url(o.id) + "/" for o in world.outlets], tmp / "wget", args.wget_seconds)
        print("latency wget:", wget_run, flush=True)
        server.stop()
        ceiling = hosts * 2 / args.latency
        # 3. memory at ~20k pages.
        big = None
        if args.big:
            world, server, built = serve({"seed": 3, "articles": args.big})
            registry = tmp / "registry-big.json"
            registry.write_text(json.dumps(server.registry_entries()), encoding="utf-8")
            big = crawl(registry, tmp / "big")
            print(f"big ({args.big} articles, world built in {built:.1f}s):", big, flush=True)
            server.stop()
        results = {
            "fetch_only_pps": fetch_only["pps"],
            "newsarchive_pps": full["pps"],
            "ratio_fetch_only": round(median["ratio"], 3),
            "ratio_fetch_only_runs": [round(p["ratio"], 3) for p in pairs],
            "cpu_s_per_article": round(full["cpu_s"] / max(1, full["articles"]), 4),
            "cpu_s_fetch_only": fetch_only["cpu_s"],
            "cpu_s_crawl_process": round(full["cpu_s"] - full["cpu_s_ingest_worker"], 2),
            "cpu_s_ingest_worker": full["cpu_s_ingest_worker"],
            "latency_newsarchive_pps": latency_run["pps"],
            "latency_wget_pps": wget_run["pps"],
            "ratio_wget": round(latency_run["pps"] / wget_run["pps"], 2) if wget_run["pps"] else None,
            "ratio_ceiling": round(latency_run["pps"] / ceiling, 3),
            "rss_mb_5k": full["rss_mb"],
            "rss_mb_20k": big["rss_mb"] if big else None,
            "pages_5k": full["pages"],
            "pages_20k": big["pages"] if big else None,
            "ceiling_pps": ceiling,
            "load_avg_start": load_start,
            "load_avg_end": round(os.getloadavg()[0], 2),
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
