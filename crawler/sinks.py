"""Where archived article captures go: the narrow interface between the crawl and ingest.

A sink has four methods: ``put(capture, outlet)`` (returns the ingest result, or a Deferred of it),
``upsert_outlets(entries)``, ``record_run(run)`` and ``close()``; ``NEWSARCHIVE_SINK`` picks one:

- `ProcessStoreSink` (default): ``archive.ingest.ingest`` in a worker process that owns the only
  store connection, so extraction, dedup and SQLite run beside Scrapy; with
  ``NEWSARCHIVE_INGEST_PREPARE`` (default on) a second worker extracts ahead of it
  (``archive.ingest.prepare``), so the ingest work is spread over both cores.
  Results come back as Deferreds; the pipeline marks an article fetched only when its ingest is
  done, so a killed crawl re-fetches instead of losing articles.
- `LocalStoreSink`: the same ingest, synchronously in the crawl process (simplest, slowest).
- `NullSink`: captures only; ``newsarchive rebuild`` derives the store from WARC later.
A scrapy-redis deployment would add a queue sink with the same four methods.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import sys
import threading
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from crawler.ingestworker import IngestOutcome, StoreIngest, prepare_main, worker_main

if TYPE_CHECKING:
    from scrapy.settings import Settings

    from archive.capture import Capture
    from crawler.outletview import OutletView

logger = logging.getLogger(__name__)

#: Captures per message to the workers, and the longest a capture waits for others (see `_call`).
SEND_BATCH = 64
SEND_DELAY = 0.2


class CaptureSink(Protocol):
    """What the crawl needs from a sink (see the module docstring)."""

    def put(self, capture: Capture, outlet: OutletView | None) -> Any: ...

    def upsert_outlets(self, entries: list[dict]) -> None: ...

    def record_run(self, run: dict) -> None: ...

    def close(self) -> None: ...


def _selectors(outlet: OutletView | None) -> dict | None:
    return (outlet.overrides.get("selectors") or None) if outlet is not None else None


class NullSink:
    """Captures only (WARC is the source of truth; `newsarchive rebuild` derives the store later)."""

    @classmethod
    def from_settings(cls, data_dir: Path, settings: Settings) -> NullSink:
        return cls()

    def put(self, capture: Capture, outlet: OutletView | None) -> None:
        return None

    def upsert_outlets(self, entries: list[dict]) -> None:
        return None

    def record_run(self, run: dict) -> None:
        return None

    def close(self) -> None:
        return None


class LocalStoreSink:
    """Ingest synchronously in this process into ``DIR/archive.db``."""

    def __init__(self, db_path: Path) -> None:
        self.target = StoreIngest(db_path)

    @classmethod
    def from_settings(cls, data_dir: Path, settings: Settings) -> LocalStoreSink:
        return cls(data_dir / "archive.db")

    def put(self, capture: Capture, outlet: OutletView | None) -> IngestOutcome:
        return self.target.ingest(capture, _selectors(outlet))

    def upsert_outlets(self, entries: list[dict]) -> None:
        self.target.upsert_outlets(entries)

    def record_run(self, run: dict) -> None:
        self.target.record_run(run)

    def close(self) -> None:
        self.target.close()


@contextmanager
def _main_module_hidden():
    """Spawned children re-import ``__main__`` (here the `newsarchive` CLI with every command
    module, seconds of imports). The worker needs none of it, so hide it while starting."""
    main = sys.modules.get("__main__")
    saved = {k: main.__dict__[k] for k in ("__spec__", "__file__") if main is not None and k in main.__dict__}
    try:
        if main is not None:
            main.__dict__["__spec__"] = None
            main.__dict__.pop("__file__", None)
        yield
    finally:
        if main is not None:
            main.__dict__.update(saved)


def _fire_all(waiting: list[tuple[Any, Any]]) -> None:
    for deferred, outcome in waiting:
        try:
            deferred.callback(outcome)
        except Exception:  # noqa: BLE001 - one bad waiter must not strand the rest of the batch
            logger.exception("ingest result could not be delivered")


class ProcessStoreSink:
    """Ingest in one worker process; ``put`` returns a Deferred fired with the `IngestOutcome`.

    With ``prepare`` a second process extracts first: the crawl sends to it, it passes every
    message on to the store writer in order, and the writer answers the crawl directly.
    """

    def __init__(
        self,
        db_path: Path,
        queue_size: int = 256,
        log_file: str | None = None,
        *,
        prepare: bool = False,
        nice: int = 0,
    ) -> None:
        ctx = multiprocessing.get_context("spawn")
        batches = max(2, queue_size // SEND_BATCH)  # queue_size counts captures; messages hold batches
        self._inq = ctx.Queue(maxsize=batches)  # to the store writer
        self._outq = ctx.Queue()
        self._proc = ctx.Process(
            target=worker_main, args=(str(db_path), self._inq, self._outq, log_file, nice), name="newsarchive-ingest", daemon=True
        )
        self._prep = None
        self._sendq = self._inq  # where the crawl's messages go first
        if prepare:
            self._sendq = ctx.Queue(maxsize=batches)
            self._prep = ctx.Process(
                target=prepare_main, args=(self._sendq, self._inq, log_file, nice), name="newsarchive-prepare", daemon=True
            )
        with _main_module_hidden():
            self._proc.start()
            if self._prep is not None:
                self._prep.start()
        self._seq = count(1)
        self._waiting: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_results, name="ingest-results", daemon=True)
        self._reader.start()
        self._closed = False
        self._outbox: list[tuple[str, int, Any]] = []  # captures not yet sent (see `_call`)
        self._flush_call: Any = None  # the pending `_flush` (an IDelayedCall)
        self.failure: str | None = None  # why ingest stopped mid-run (the run record shows it)

    @classmethod
    def from_settings(cls, data_dir: Path, settings: Settings) -> ProcessStoreSink:
        return cls(
            data_dir / "archive.db",
            settings.getint("NEWSARCHIVE_INGEST_QUEUE", 256),
            settings.get("LOG_FILE") or None,
            prepare=settings.getbool("NEWSARCHIVE_INGEST_PREPARE", True),
            nice=settings.getint("NEWSARCHIVE_INGEST_NICE", 5),
        )

    def _alive(self) -> bool:
        return self._proc.is_alive() and (self._prep is None or self._prep.is_alive())

    def _send(self, msg: Any) -> bool:
        """Queue a message, waiting while the queue is full (that wait is the crawl's back-pressure);
        False when a worker died meanwhile (nobody would ever take it)."""
        while True:
            try:
                self._sendq.put(msg, timeout=1.0)
                return True
            except queue.Full:
                if not self._alive():
                    return False

    def _call(self, op: str, payload: Any):
        """Queue one capture for the workers; its Deferred fires with the `IngestOutcome`.

        Captures go out in batches (`SEND_BATCH`, or whatever waited `SEND_DELAY`): one queue
        message per capture cost each process a pickle, a pipe write or read and a thread
        wake-up per article (context switches of a 2k-article crawl: prepare worker 7.6k -> 2.3k,
        store writer 4.3k -> 2.2k, crawl 6.3k -> 3.7k). At ~250 captures/s a 20 ms wait still
        sent messages of ~5; 0.2 s makes them ~50, and the store writer's larger commits follow
        (bench/README.md "Crawl", session 6). The delay only holds back acknowledgements: the
        crawl goes on fetching meanwhile."""
        from twisted.internet.defer import Deferred

        d: Deferred = Deferred()
        seq = next(self._seq)
        with self._lock:
            self._waiting[seq] = d
        self._outbox.append((op, seq, payload))
        if len(self._outbox) >= SEND_BATCH:
            self._flush()
        elif self._flush_call is None:
            from twisted.internet import reactor

            self._flush_call = reactor.callLater(SEND_DELAY, self._flush)
        return d

    def _flush(self) -> None:
        """Send the waiting captures as one message (before any other message, to keep order)."""
        if self._flush_call is not None:
            if self._flush_call.active():
                self._flush_call.cancel()
            self._flush_call = None
        msgs, self._outbox = self._outbox, []
        if msgs and not self._send(msgs):
            with self._lock:
                lost = [(self._waiting.pop(seq), self._lost()) for _, seq, _ in msgs if seq in self._waiting]
            _fire_all(lost)

    def _call_sync(self, op: str, payload: Any, timeout: float = 60.0) -> Any:
        """For the few calls made outside the reactor's callbacks (run start/end): wait here."""
        self._flush()
        event = threading.Event()
        box: list[Any] = []
        seq = next(self._seq)
        with self._lock:
            self._waiting[seq] = (event, box)
        if not self._send((op, seq, payload)):
            return self._lost()
        if not event.wait(timeout):
            raise TimeoutError(f"ingest worker did not answer {op} within {timeout}s")
        return box[0]

    def _read_results(self) -> None:
        while True:
            try:
                msg = self._outq.get(timeout=1.0)
            except queue.Empty:
                if not self._alive():
                    if not self._closed:
                        self._abandon()
                    return  # (closed: every answer a worker sent before it stopped was read)
                continue
            except (EOFError, OSError):
                return
            if msg is None:
                return
            self._answer(msg if isinstance(msg, list) else [msg])  # a list: (part of) one committed batch

    def _answer(self, answers: list[tuple[int, IngestOutcome]]) -> None:
        from twisted.internet import reactor

        fire = []
        for seq, outcome in answers:
            with self._lock:
                waiter = self._waiting.pop(seq, None)
            if waiter is None:
                continue
            if isinstance(waiter, tuple):
                event, box = waiter
                box.append(outcome)
                event.set()
            else:
                fire.append((waiter, outcome))
        if fire:  # one reactor wake-up per batch, not per capture
            reactor.callFromThread(_fire_all, fire)

    def _lost(self) -> IngestOutcome:
        codes = ", ".join(f"{p.name} exit {p.exitcode}" for p in (self._prep, self._proc) if p is not None)
        return IngestOutcome("lost", reason=f"ingest worker died ({codes}); archived in WARC, fetched again next run")

    def _abandon(self) -> None:
        """A worker died mid-run (killed, out of memory, a crash in a C library): answer every
        capture still waiting, so the crawl goes on and finishes instead of hanging on them."""
        self.failure = self._lost().reason
        logger.error("%s", self.failure)
        with self._lock:
            waiting = list(self._waiting)
        self._answer([(seq, self._lost()) for seq in waiting])

    def put(self, capture: Capture, outlet: OutletView | None):
        if self._closed or not self._alive():
            return self._lost()
        if self._prep is not None:
            return self._call("prepare", (capture, _selectors(outlet), outlet.cms if outlet is not None else None))
        return self._call("ingest", (capture, _selectors(outlet), None))

    def upsert_outlets(self, entries: list[dict]) -> None:
        # Not waited for: the worker takes messages in order, so outlets land before any capture.
        self._flush()
        self._send(("outlets", 0, entries))

    def record_run(self, run: dict) -> None:
        if run.get("status") == "running":
            self._flush()
            self._send(("run", 0, run))  # the run start: ordered before captures, not waited for
            return
        outcome = self._call_sync("run", run) if self._alive() else self._lost()
        if outcome.status in ("error", "lost"):
            logger.error("store: record_run failed: %s", outcome.reason)

    def close(self) -> None:
        if self._closed:
            return
        self._flush()
        self._closed = True
        try:
            # None goes through the prepare worker to the writer, after every capture before it.
            # If a worker died, the other one cannot finish in order: it is stopped below (its
            # open batch was answered "lost", so those articles are fetched again next run).
            if self._alive() and self._send(None):
                for proc in (self._prep, self._proc):
                    if proc is not None:
                        proc.join(120)
        finally:
            stuck = self.failure is not None
            for proc in (self._prep, self._proc):
                if proc is not None and proc.is_alive():
                    logger.error("%s did not stop; terminating it", proc.name)
                    proc.terminate()
                    stuck = True
            if stuck:
                # What is still buffered for a dead worker can never be written to its pipe:
                # don't let interpreter exit wait for that (the captures were answered "lost").
                for q in {id(self._sendq): self._sendq, id(self._inq): self._inq}.values():
                    q.cancel_join_thread()
            # The None only wakes the reader thread. This process is not the answer queue's only
            # writer: a store writer killed while its feeder held the queue's write lock (a
            # semaphore shared between processes) leaves it taken for good, and exit must not
            # wait for our feeder to get it (the reader also stops by itself once closed).
            self._outq.cancel_join_thread()
            self._outq.put(None)
            self._reader.join(5)
