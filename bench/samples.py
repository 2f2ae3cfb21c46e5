"""Benchmark the sample outlets: world generation time and serving throughput.

The server runs as a separate process (``newsarchive samples serve``), as in a crawl benchmark;
this process drives many concurrent keep-alive HTTP/1.1 clients over raw asyncio sockets.
Phases: every article once (cold: rendered on demand), a hot set of 500 articles (cached
renders), list pages. The last output line is one JSON object with the figures.

    .venv/bin/python bench/samples.py [--articles 10000] [--clients 64] [--seconds 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str, target: str) -> tuple[int, int]:
    writer.write(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nUser-Agent: bench\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    n = 0
    if headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readline()).strip(), 16)
            n += len(await reader.readexactly(size + 2)) - 2
            if size == 0:
                break
    else:
        n = len(await reader.readexactly(int(headers.get("content-length", "0"))))
    return status, n


async def _drive(jobs: list[tuple[str, int, str]], clients: int, seconds: float | None) -> tuple[int, int, float]:
    """Run jobs (host, port, target) on `clients` keep-alive connections per round-robin host."""
    queue: asyncio.Queue[tuple[str, int, str]] = asyncio.Queue()
    for j in jobs:
        queue.put_nowait(j)
    done = errors = 0
    conns: dict[tuple[int, str], tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}
    deadline = time.perf_counter() + seconds if seconds else None

    async def worker(w: int) -> None:
        nonlocal done, errors
        while not queue.empty() and (deadline is None or time.perf_counter() < deadline):
            host, port, target = queue.get_nowait()
            key = (w, host)
            if key not in conns:
                conns[key] = await asyncio.open_connection(host, port)
            status, _ = await _fetch(*conns[key], host, target)
            done += 1
            errors += status >= 400

    t = time.perf_counter()
    await asyncio.gather(*(worker(w) for w in range(clients)))
    elapsed = time.perf_counter() - t
    for _, writer in conns.values():
        writer.close()
    return done, errors, elapsed


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=8.0)
    args = ap.parse_args()

    from crawler.samples import SampleWorld

    t = time.perf_counter()
    SampleWorld(seed=0, articles=args.articles)
    gen_s = time.perf_counter() - t
    print(f"generate {args.articles} articles: {gen_s:.2f} s", flush=True)

    cmd = [sys.executable, "-m", "crawler.cli", "samples", "serve", "--articles", str(args.articles), "--no-faults",
           "--first-host", "41"]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        bases = {}
        for _ in range(7):
            oid, _cms, base, _name = proc.stdout.readline().rstrip("\n").split("\t")
            bases[oid] = base
        first = next(iter(bases.values()))
        truth = json.load(urllib.request.urlopen(first + "/__samples__/truth"))
        hp = {oid: (b.split("//")[1].split(":")[0], int(b.rsplit(":", 1)[1])) for oid, b in bases.items()}
        jobs = [(*hp[a["outlet"]], a["url"]) for a in truth]
        random.Random(0).shuffle(jobs)
        results: dict[str, object] = {"articles": args.articles, "clients": args.clients, "generate_s": round(gen_s, 2)}
        done, errors, el = asyncio.run(_drive(jobs, args.clients, None))
        results["cold_articles_rps"] = round(done / el)
        results["cold_errors"] = errors
        print(f"cold: {done} article pages in {el:.1f} s = {done / el:.0f} req/s ({errors} errors)", flush=True)
        hot = jobs[:500] * 200
        done, errors, el = asyncio.run(_drive(hot, args.clients, args.seconds))
        results["hot_articles_rps"] = round(done / el)
        print(f"hot: {done} article pages in {el:.1f} s = {done / el:.0f} req/s ({errors} errors)", flush=True)
        lists = [(*hp["saeachim"], f"/news/articleList.html?view_type=sm&page={p}") for p in range(1, 40)]
        lists += [(*hp["geumo"], f"/latest?page={p}") for p in range(1, 40)]
        done, errors, el = asyncio.run(_drive(lists * 100, args.clients, args.seconds))
        results["lists_rps"] = round(done / el)
        print(f"lists: {done} list pages in {el:.1f} s = {done / el:.0f} req/s ({errors} errors)", flush=True)
    finally:
        proc.terminate()
        proc.wait(10)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
