"""An ingest worker that dies mid-crawl (OOM killer, a crash in a C library on a hostile page).

The crawl must not hang on the captures it was waiting for: it finishes, exits 1 with the reason
in its run record, and leaves what was not stored unfetched, so the next run fetches it again and
the archive ends with every article exactly once. And the other way round: a crawl that dies
must not leave a worker behind.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.crawler.conftest import (
    REPO,
    child_pids,
    crawl_cmd,
    is_running,
    last_run_record,
    process_name,
    run_crawl,
    samples,
    still_running,
    write_registry,
)

pytestmark = pytest.mark.slow


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
        target = [pid for pid in child_pids(proc.pid) if process_name(pid) == victim]
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


def _crawl_that_dies(pid_file: str) -> None:
    """Stands in for a crawl: starts a prepare worker whose store writer never reads, hands it
    two messages larger than a pipe's buffer, and is killed while the worker is stuck on them."""
    from crawler.ingestworker import prepare_main

    ctx = multiprocessing.get_context("spawn")
    inq, outq = ctx.Queue(), ctx.Queue(maxsize=1)
    worker = ctx.Process(target=prepare_main, args=(inq, outq), name="newsarchive-prepare")
    worker.start()
    Path(pid_file).write_text(str(worker.pid), encoding="ascii")
    big = ("outlets", 0, ["x" * 1_000_000])  # passed on as it is
    inq.put(big)  # fills the pipe to the writer: the worker's queue feeder blocks on it
    inq.put(big)  # finds the writer's queue full: the worker waits for room
    time.sleep(3)
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_prepare_worker_stuck_on_a_full_queue_exits_when_the_crawl_dies(tmp_path):
    # Once, such an orphan waited forever: for room in the queue, or at exit for its feeder thread.
    pid_file = tmp_path / "worker.pid"
    crawl = multiprocessing.get_context("spawn").Process(target=_crawl_that_dies, args=(str(pid_file),))
    crawl.start()
    crawl.join(60)
    assert crawl.exitcode == -signal.SIGKILL
    worker = int(pid_file.read_text(encoding="ascii"))
    try:
        assert not still_running([worker], within=15), "the orphaned prepare worker outlived the crawl by 15 s"
    finally:
        if is_running(worker):
            os.kill(worker, signal.SIGKILL)


def _hold_the_lock(q, held) -> None:
    q._wlock.acquire()  # what a worker's queue feeder holds while it sends a message
    held.set()
    time.sleep(600)


def _close_after_a_writer_died_holding_its_answer_lock(db: str) -> None:
    """Stands in for a crawl whose store writer was killed while sending answers: the answer
    queue's write lock (a semaphore shared between processes) stays taken for good. The sink
    must still close, and this process exit."""
    from crawler.sinks import ProcessStoreSink

    sink = ProcessStoreSink(Path(db), prepare=True)
    ctx = multiprocessing.get_context("spawn")
    held = ctx.Event()
    holder = ctx.Process(target=_hold_the_lock, args=(sink._outq, held))
    holder.start()
    assert held.wait(60)
    for proc in (holder, sink._proc):
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
    sink.close()


def test_a_crawl_exits_after_its_store_writer_died_holding_the_answer_queues_lock(tmp_path):
    # Once, such a crawl printed its summary and then waited forever at exit, for the feeder
    # thread of the answer queue, which was waiting for the dead writer's lock.
    crawl = multiprocessing.get_context("spawn").Process(
        target=_close_after_a_writer_died_holding_its_answer_lock, args=(str(tmp_path / "archive.db"),)
    )
    crawl.start()
    try:
        crawl.join(60)
        assert crawl.exitcode == 0, "the crawl did not exit within 60 s of closing its sink"
    finally:
        if crawl.is_alive():
            crawl.kill()
            crawl.join()


def _sender_killed_mid_message(worker: str, db: str, pid_file: str) -> None:
    """Stands in for whatever feeds a worker (the crawl, or the prepare worker for the store
    writer): starts the worker, writes the first 10 bytes of a 1,000-byte message into its
    queue's pipe, and is killed before the rest."""
    import struct

    from crawler import ingestworker

    ctx = multiprocessing.get_context("spawn")
    inq, outq = ctx.Queue(), ctx.Queue()
    if worker == "newsarchive-pre":
        proc = ctx.Process(target=ingestworker.prepare_main, args=(inq, outq), name=worker)
    else:
        proc = ctx.Process(target=ingestworker.worker_main, args=(db, inq, outq), name=worker)
    proc.start()
    Path(pid_file).write_text(str(proc.pid), encoding="ascii")
    time.sleep(2)  # the worker is waiting for its first message
    os.write(inq._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
    time.sleep(1)  # the worker has read the length and waits for the rest
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("worker", ["newsarchive-pre", "newsarchive-ing"])
def test_a_worker_left_with_half_a_message_exits_when_its_sender_dies(tmp_path, worker):
    # Once, such a worker waited forever for the rest of the message; an orphaned store writer
    # would hold its open transaction all that time.
    pid_file = tmp_path / "worker.pid"
    sender = multiprocessing.get_context("spawn").Process(
        target=_sender_killed_mid_message, args=(worker, str(tmp_path / "archive.db"), str(pid_file))
    )
    sender.start()
    sender.join(60)
    assert sender.exitcode == -signal.SIGKILL
    pid = int(pid_file.read_text(encoding="ascii"))
    try:
        assert not still_running([pid], within=15), f"{worker} outlived its sender by 15 s"
    finally:
        if is_running(pid):
            os.kill(pid, signal.SIGKILL)
