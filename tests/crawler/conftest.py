"""Helpers for crawl tests: real sample outlets on loopback, real `newsarchive crawl` subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Short timeouts and backoff so the fault outlets (hang, 500s) cost seconds, not minutes.
TEST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": 2,
    "NEWSARCHIVE_RETRY_BACKOFF_BASE": 0.1,
    "NEWSARCHIVE_MAX_BODY": 1_000_000,
    "LOG_LEVEL": "INFO",
}

# A small world; hangs longer than DOWNLOAD_TIMEOUT, a short Crawl-delay so runs stay quick.
WORLD_FAULTS = {"seorabeol": {"crawl_delay": 0.25}, "yeongil": {"hang_seconds": 4.0}}


class _Samples:
    """`crawler.samples` API (SampleWorld, SampleServer)."""

    def __init__(self) -> None:
        from crawler.samples import server, world

        self.SampleWorld = world.SampleWorld
        self.SampleServer = server.SampleServer


def samples() -> _Samples:
    return _Samples()


def write_registry(path: Path, entries: list[dict]) -> Path:
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


def crawl_cmd(data: Path, registry: Path, *args: str, settings: dict | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "crawler.cli", "crawl", "--data", str(data), "--registry", str(registry),
           "--no-progress"]
    for key, value in {**TEST_SETTINGS, **(settings or {})}.items():
        cmd += ["--set", f"{key}={value!r}" if isinstance(value, str) else f"{key}={value}"]
    return [*cmd, *args]


def run_crawl(data: Path, registry: Path, *args: str, settings: dict | None = None, timeout: float = 150):
    return subprocess.run(
        crawl_cmd(data, registry, *args, settings=settings),
        cwd=REPO, capture_output=True, text=True, timeout=timeout,
    )


def last_run_record(data: Path) -> dict:
    runs = sorted((data / "logs").glob("run-*.json"), key=lambda p: p.stat().st_mtime)
    assert runs, "no run record written"
    return json.loads(runs[-1].read_text(encoding="utf-8"))


def child_pids(pid: int) -> list[int]:
    """The live child processes of ``pid`` (Linux /proc): the crawl's ingest workers."""
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
            out += [int(x) for x in fh.read().split()]
    return out


def process_name(pid: int) -> str:
    """``/proc/PID/comm`` (the workers name themselves), "" once the process is gone."""
    try:
        with open(f"/proc/{pid}/comm", encoding="ascii") as fh:
            return fh.read().strip()
    except OSError:
        return ""


def is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def ingest_workers(pid: int) -> list[int]:
    """The crawl's ingest worker processes (they name themselves newsarchive-pre / -ing)."""
    return [child for child in child_pids(pid) if process_name(child).startswith("newsarchive-")]


def still_running(pids: list[int], within: float) -> list[int]:
    """Those of ``pids`` still running after waiting up to ``within`` seconds for them to exit."""
    deadline = time.monotonic() + within
    while any(is_running(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [pid for pid in pids if is_running(pid)]
