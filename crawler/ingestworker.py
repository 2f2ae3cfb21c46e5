"""The ingest side of a sink: ``archive.ingest.ingest`` on the store, in-process or in a worker.

No Scrapy or Twisted here: `worker_main` runs in a spawned process that imports only this module
and the archive library. The worker exits when it receives ``None`` or when its parent dies (a
killed crawl must not leave an orphan holding the store).

The worker commits captures in batches (`IngestBatch`): one SQLite commit per capture rewrote the
same index and FTS pages every time and cost ~1.5 ms of the ~8 ms per article (bench/README.md).
A capture is acknowledged only after the commit that holds it, so the crawl marks an article
fetched only once it is durable; a kill before the commit makes the next run fetch it again.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import pickle
import queue
import select
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one capture (mirrors ``archive.ingest.IngestResult``; picklable)."""

    status: str  # saved | new_version | unchanged | not_article | error | skipped | stored_only | lost
    article_id: int | None = None
    version_id: int | None = None
    reason: str | None = None


class StoreIngest:
    """Owns the store connection (opened on first use); every call returns an `IngestOutcome`."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self._store = None
        self._ingest = None
        self._writes: Any = None
        self._unavailable: str | None = None

    def _open(self):
        if self._store is None and self._unavailable is None:
            try:
                from archive.ingest import ingest
                from archive.store import open_store, writes
            except ImportError as exc:
                self._unavailable = str(exc)
                logger.warning("store not available (%s): recording captures only", exc)
                return None
            self._store = open_store(self.db_path)
            self._ingest = ingest
            self._writes = writes
        return self._store

    def ingest(
        self, capture: Any, overrides: dict | None, extracted: Any = None, *, batched: bool = False
    ) -> IngestOutcome:
        """``extracted``: `archive.ingest.prepare`'s result for this capture, when the prepare
        worker ran it. ``batched``: inside `IngestBatch`'s open transaction, without savepoints;
        an exception then propagates (the batch rolls back and ingests each capture again alone)."""
        store = self._open()
        if store is None:
            return IngestOutcome("stored_only", reason=self._unavailable)
        if batched:
            return _outcome(self._ingest(capture, store, overrides=overrides, extracted=extracted, atomic=False))
        try:
            result = self._ingest(capture, store, overrides=overrides, extracted=extracted)
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the run
            logger.exception("ingest failed for %s", getattr(capture, "url", "?"))
            return IngestOutcome("error", reason=f"ingest failed: {exc!r}")
        return _outcome(result)

    def defer_text_indexes(self) -> None:
        """Full-text rows wait for `write_text_indexes` (one FTS5 segment per batch, not per
        article: archive.store.writes.defer_text_indexes)."""
        if self._store is not None:
            self._writes.defer_text_indexes(self._store)

    def write_text_indexes(self) -> None:
        if self._store is not None:
            self._writes.write_text_indexes(self._store)

    def discard_text_indexes(self) -> None:
        if self._store is not None:
            self._writes.discard_text_indexes(self._store)

    def upsert_outlets(self, entries: list[dict]) -> IngestOutcome:
        store = self._open()
        if store is not None:
            store.upsert_outlets(entries)
        return IngestOutcome("ok")

    def record_run(self, run: dict) -> IngestOutcome:
        store = self._open()
        if store is not None:
            store.record_run(run)
        return IngestOutcome("ok")

    def close(self) -> None:
        if self._store is not None and hasattr(self._store, "close"):
            self._store.close()
        self._store = None


def _outcome(result: Any) -> IngestOutcome:
    return IngestOutcome(
        getattr(result, "status", "error"),
        getattr(result, "article_id", None),
        getattr(result, "version_id", None),
        getattr(result, "reason", None),
    )


#: A batch is committed after this many captures, or this long after its first capture, or when
#: no capture came for `BATCH_IDLE` (the crawl paused or ended: answer now). Why this large: each
#: commit flushes a new segment into both FTS5 indexes, later merged again, so the commit's cost
#: falls with the batch (5,076 captures of a sample crawl, commit CPU: 3.3 s in batches of 20,
#: 2.4 s of 50, 1.5 s of 100, 0.8 s of 250). The crawl sends a message at least every
#: ``crawler.sinks.SEND_DELAY`` while it fetches, so a busy crawl never looks idle here.
BATCH_MAX = 300
BATCH_SECONDS = 1.0
BATCH_IDLE = 0.3


class IngestBatch:
    """Captures ingested inside one open transaction, answered together after its commit.

    Captures from ``open_from`` on are in the open transaction; those before it were already
    ingested one by one (and committed) after a failure, and only wait for the batch's answer.
    """

    def __init__(self, target: StoreIngest) -> None:
        self.target = target
        self.items: list[tuple[int, Any, dict | None, Any]] = []
        self.outcomes: list[IngestOutcome | None] = []
        self.open_from = 0
        self.started = 0.0

    def add(self, seq: int, capture: Any, overrides: dict | None, extracted: Any = None) -> None:
        store = self.target._open()
        self.items.append((seq, capture, overrides, extracted))
        if store is None:  # no store: nothing to batch
            self.outcomes.append(self.target.ingest(capture, overrides))
            self.open_from = len(self.items)
            return
        if len(self.items) == 1:
            self.started = time.monotonic()
        if not store.conn.in_transaction:  # a new batch, or one whose start was replayed
            store.conn.execute("BEGIN")
            self.target.defer_text_indexes()
        self.outcomes.append(None)
        try:
            self.outcomes[-1] = self.target.ingest(capture, overrides, extracted, batched=True)
        except Exception as exc:  # noqa: BLE001 - e.g. a full disk: redo one by one, report per capture
            self._rollback()
            self._replay(f"ingest of {getattr(capture, 'url', '?')} failed ({exc!r})")
            return
        if not store.conn.in_transaction:
            # An error rolled the whole transaction back but was handled below us: redo one by one.
            self._replay("transaction lost")

    def due(self) -> bool:
        return bool(self.items) and (
            len(self.items) >= BATCH_MAX or time.monotonic() - self.started >= BATCH_SECONDS
        )

    def timeout(self, idle: float) -> float:
        """How long to wait for the next message: ``idle`` with no batch open, else briefly."""
        if not self.items:
            return idle
        return max(0.0, min(BATCH_IDLE, self.started + BATCH_SECONDS - time.monotonic()))

    def commit(self) -> list[tuple[int, IngestOutcome]]:
        """Commit and return the answers ``(seq, outcome)`` (empty when nothing is pending)."""
        store = self.target._store
        if store is not None and store.conn.in_transaction:
            try:
                self.target.write_text_indexes()
                store.conn.execute("COMMIT")
            except Exception as exc:  # noqa: BLE001 - retry each capture alone, report per capture
                logger.error("ingest batch commit failed (%r)", exc)
                self._rollback()
                self._replay("commit failed")
        answers = [
            (seq, outcome or IngestOutcome("error", reason="not ingested"))
            for (seq, *_), outcome in zip(self.items, self.outcomes, strict=True)
        ]
        self.items, self.outcomes, self.open_from = [], [], 0
        return answers

    def _rollback(self) -> None:
        store = self.target._store
        if store is None:
            return
        if store.conn.in_transaction:
            store.conn.execute("ROLLBACK")
        self.target.discard_text_indexes()
        cache = getattr(store, "_outlet_cache", None)
        if isinstance(cache, dict):
            cache.clear()  # outlet rows made inside the rolled-back transaction are gone

    def _replay(self, why: str) -> None:
        """Ingest the captures of the rolled-back transaction again, each in its own transaction."""
        self.target.discard_text_indexes()  # their transaction is gone; each replay writes its own
        todo = range(self.open_from, len(self.items))
        logger.warning("ingest batch: %s; ingesting %d captures one by one", why, len(todo))
        for i in todo:
            _, capture, overrides, extracted = self.items[i]
            self.outcomes[i] = self.target.ingest(capture, overrides, extracted)
        self.open_from = len(self.items)


class _FreezeOnce:
    """``gc.freeze()`` once the first capture has been handled, i.e. after the lazy imports
    (lxml, numpy, datasketch, the store): those objects live as long as the worker, and the
    cyclic collector then stops re-scanning them on every full collection while the per-article
    garbage comes and goes (prepare worker, in-process: ~7% less CPU, median of 6 runs)."""

    done = False

    def __call__(self) -> None:
        if not self.done:
            self.done = True
            gc.freeze()


def _start_worker(name: str, label: str, log_file: str | None, nice: int = 0) -> None:
    """Name the process (``top``/``ps`` and bench/crawl.py show it, not "python"), lower its
    priority by ``nice`` and log to the crawl's log file, each line marked with ``label``.

    Why nice: the crawl process is the one that cannot wait (its reactor times downloads and
    politeness delays), while the workers have queues to absorb a delay. At equal priority the
    kernel shares two cores fairly among three busy processes, so the crawl ran only ~80% of the
    time (bench/README.md "Crawl")."""
    if nice:
        with contextlib.suppress(OSError):  # not allowed here: run at the crawl's priority
            os.nice(nice)
    try:
        with open("/proc/self/comm", "w", encoding="ascii") as fh:
            fh.write(name[:15])
    except OSError:
        pass  # not Linux: the name is cosmetic
    logging.basicConfig(
        level=logging.INFO,
        filename=log_file,
        format=f"%(asctime)s [{label}:%(name)s] %(levelname)s: %(message)s",
    )


def worker_main(db_path: str, inq: Any, outq: Any, log_file: str | None = None, nice: int = 0) -> None:
    """Serve ``(op, seq, payload)`` messages (or lists of them: batches of captures) until
    ``None`` or the parent's death.

    Answers go to ``outq`` as ``(seq, outcome)``, or as a list of them for a committed batch.
    """
    _start_worker("newsarchive-ing", "ingest-worker", log_file, nice)
    parent = os.getppid()
    _reads_only(inq)
    target = StoreIngest(db_path)
    batch = IngestBatch(target)
    freeze = _FreezeOnce()

    def flush() -> None:
        # A few messages per commit, not one per capture: the crawl wakes once for each.
        answers = [answer for answer in batch.commit() if answer[0]]
        if answers:
            _send_answers(outq, answers)
            freeze()

    def handle(op: str, seq: int, payload: Any) -> None:
        if op == "ingest":
            capture, overrides, extracted = payload
            batch.add(seq, capture, overrides, extracted)
            if batch.due():
                flush()
            return
        flush()  # registry and run records go in order, after every capture before them
        try:
            if op == "outlets":
                outcome = target.upsert_outlets(payload)
            elif op == "run":
                outcome = target.record_run(payload)
            else:
                outcome = IngestOutcome("error", reason=f"unknown op {op!r}")
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            outcome = IngestOutcome("error", reason=repr(exc))
        if seq:
            outq.put((seq, outcome))

    try:
        while True:
            try:
                msg = inq.get(timeout=batch.timeout(1.0))
            except queue.Empty:
                if batch.items:
                    flush()  # the queue ran dry, or the batch is old enough
                    continue
                if os.getppid() != parent:
                    outq.cancel_join_thread()  # nobody reads the answers: exit without them
                    return  # orphaned: the crawl was killed (an open batch dies uncommitted)
                continue
            except (EOFError, OSError):  # every sender is gone, perhaps halfway through a message
                logger.error("ingest worker: its input closed without a stop message; exiting")
                outq.cancel_join_thread()
                return  # as orphaned: the open batch dies uncommitted
            if msg is None:
                flush()
                return
            for op, seq, payload in msg if isinstance(msg, list) else [msg]:  # a list: a batch of captures
                handle(op, seq, payload)
    finally:
        target.close()


#: Answer messages stay within this many pickled bytes: a pipe write of up to PIPE_BUF bytes
#: (4,096 on Linux; the message's 4-byte length goes in the same write) is atomic, so a store
#: writer killed while it answers leaves whole messages only. Half a message would keep the
#: crawl's reader waiting for the rest forever (the crawl holds the pipe's write end too).
ANSWER_BYTES = getattr(select, "PIPE_BUF", 512) - 4


def _send_answers(outq: Any, answers: list[tuple[int, IngestOutcome]]) -> None:
    """``outq.put(answers)``, split in halves until each message is within `ANSWER_BYTES` (a
    committed batch of 300 pickles to ~10 KB: four messages)."""
    if len(answers) > 1 and len(pickle.dumps(answers)) > ANSWER_BYTES:
        half = len(answers) // 2
        _send_answers(outq, answers[:half])
        _send_answers(outq, answers[half:])
    else:
        outq.put(answers)


def prepare_main(inq: Any, outq: Any, log_file: str | None = None, nice: int = 0) -> None:
    """Extract captures ahead of the store writer, in order: ``("prepare", seq, (capture,
    overrides, cms))`` goes on as ``("ingest", seq, (capture, overrides, extracted))``, a list of
    them (a batch) as a list; any other message (outlets, run records, the final ``None``) is
    passed on as it is.

    Extraction is about half of an ingest and needs no store, so it runs here, beside the one
    store writer, and the crawl's two cores share the work (bench/README.md "Crawl"). What it
    computes is `archive.ingest.prepare`, the first step of ``ingest`` itself.
    """
    _start_worker("newsarchive-pre", "prepare-worker", log_file, nice)
    parent = os.getppid()
    _reads_only(inq)
    try:
        from archive.ingest import preload, prepare
    except ImportError:  # the archive library is not there: the writer records captures only
        prepare = None
    else:
        preload()
    freeze = _FreezeOnce()
    while True:
        try:
            msg = inq.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:
                break  # orphaned: the crawl was killed; the writer notices on its own
            continue
        except (EOFError, OSError):  # the crawl is gone, perhaps halfway through a message
            logger.error("prepare worker: its input closed without a stop message; exiting")
            break
        if isinstance(msg, list):  # a batch of captures (ProcessStoreSink._call) goes on as one
            msg = [_prepared(prepare, *m) for m in msg]
            freeze()
        elif msg is not None and msg[0] == "prepare":
            msg = _prepared(prepare, *msg)
        if not _pass_on(outq, msg, parent):
            break
        if msg is None:
            return
    # Orphaned. What is still buffered for the writer (which exits too, or has) is never read:
    # without this, exit would wait forever for the queue's feeder thread, blocked writing a
    # batch larger than the pipe's buffer to a pipe this process itself keeps open.
    outq.cancel_join_thread()


def _reads_only(inq: Any) -> None:
    """Close this process's copy of the write end of its input queue's pipe (a
    ``multiprocessing.Queue`` passed to a process brings both ends). Then, once every process
    that writes to it is gone, a read gets end of file, also halfway through a message that a
    killed sender left: that read used to wait forever, and an orphaned store writer held its
    open transaction all that time. The worker exits on it (see the callers)."""
    writer = getattr(inq, "_writer", None)  # (CPython's Queue: reader and writer Connections)
    if writer is not None:
        writer.close()


def _pass_on(outq: Any, msg: Any, parent: int) -> bool:
    """Put ``msg`` on the writer's queue, waiting while it is full (the writer's back-pressure);
    False if the crawl died meanwhile (the writer stops reading then)."""
    while True:
        try:
            outq.put(msg, timeout=1.0)
            return True
        except queue.Full:
            if os.getppid() != parent:
                return False


def _prepared(prepare: Any, op: str, seq: int, payload: Any) -> tuple[str, int, Any]:
    """``("prepare", seq, (capture, overrides, cms))`` as ``("ingest", seq, (capture,
    overrides, extracted))``; extracted is None when prepare failed (the writer extracts again
    and records the error) or the archive library is missing."""
    if op != "prepare":
        return op, seq, payload
    capture, overrides, cms = payload
    extracted = None
    if prepare is not None:
        try:
            extracted = prepare(capture, overrides=overrides, cms=cms)
        except Exception:  # noqa: BLE001 - the writer extracts again and records the error
            logger.exception("prepare failed for %s", getattr(capture, "url", "?"))
    return "ingest", seq, (capture, overrides, extracted)
