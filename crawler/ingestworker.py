"""The ingest side of a sink: ``archive.ingest.ingest`` on the store, in-process or in a worker.

No Scrapy or Twisted here: `worker_main` runs in a spawned process that imports only this module
and the archive library. The worker exits when it receives ``None`` or when its parent dies (a
killed crawl must not leave an orphan holding the store).
"""

from __future__ import annotations

import logging
import os
import queue
from dataclasses import dataclass
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class IngestOutcome:
    """What became of one capture (mirrors ``archive.ingest.IngestResult``; picklable)."""

    status: str  # saved | new_version | unchanged | not_article | error | skipped | stored_only
    article_id: int | None = None
    version_id: int | None = None
    reason: str | None = None


class StoreIngest:
    """Owns the store connection (opened on first use); every call returns an `IngestOutcome`."""

    def __init__(self, db_path: Path | str) -> None:
        self.db_path = Path(db_path)
        self._store = None
        self._ingest = None
        self._unavailable: str | None = None

    def _open(self):
        if self._store is None and self._unavailable is None:
            try:
                from archive.ingest import ingest
                from archive.store import open_store
            except ImportError as exc:
                self._unavailable = str(exc)
                logger.warning("store not available (%s): recording captures only", exc)
                return None
            self._store = open_store(self.db_path)
            self._ingest = ingest
        return self._store

    def ingest(self, capture: Any, overrides: dict | None) -> IngestOutcome:
        store = self._open()
        if store is None:
            return IngestOutcome("stored_only", reason=self._unavailable)
        try:
            result = self._ingest(capture, store, overrides=overrides)
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the run
            logger.exception("ingest failed for %s", getattr(capture, "url", "?"))
            return IngestOutcome("error", reason=f"ingest failed: {exc!r}")
        return IngestOutcome(
            getattr(result, "status", "error"),
            getattr(result, "article_id", None),
            getattr(result, "version_id", None),
            getattr(result, "reason", None),
        )

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


def worker_main(db_path: str, inq: Any, outq: Any, log_file: str | None = None) -> None:
    """Serve ``(op, seq, payload)`` messages until ``None`` or the parent's death."""
    logging.basicConfig(
        level=logging.INFO,
        filename=log_file,
        format="%(asctime)s [ingest-worker:%(name)s] %(levelname)s: %(message)s",
    )
    parent = os.getppid()
    target = StoreIngest(db_path)
    try:
        while True:
            try:
                msg = inq.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != parent:
                    return  # orphaned: the crawl was killed
                continue
            if msg is None:
                return
            op, seq, payload = msg
            try:
                if op == "ingest":
                    capture, overrides = payload
                    outcome = target.ingest(capture, overrides)
                elif op == "outlets":
                    outcome = target.upsert_outlets(payload)
                elif op == "run":
                    outcome = target.record_run(payload)
                else:
                    outcome = IngestOutcome("error", reason=f"unknown op {op!r}")
            except Exception as exc:  # noqa: BLE001 - report, keep serving
                outcome = IngestOutcome("error", reason=repr(exc))
            if seq:
                outq.put((seq, outcome))
    finally:
        target.close()
