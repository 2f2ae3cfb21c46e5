"""Rebuild the archive database from WARC alone, into a fresh file swapped in atomically.

WARC is the source of truth. ``rebuild`` reads every closed WARC file in order and feeds each
record through the same ``archive.ingest.ingest`` the crawler uses live; the crawler's ``Event``
records (``write_event``) give back outlets and runs. The new database is built beside the old
one and renamed over it only when complete, so a crash mid-rebuild leaves the old one intact.

By default extraction results are reused from the old database, keyed by WARC-Record-ID (the
rebuilt database then equals the live one even if the extractor changed since); ``reextract=True``
runs the current extractor on every capture instead: the way to apply an improved extractor.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.ingest import Extracted, ingest
from archive.lock import Locked, data_lock
from archive.store import Store, open_store
from archive.store.schema import ARTICLE_FIELDS, JSON_FIELDS
from archive.warc import Event, iter_records, recover, warc_files

__all__ = ["RebuildLocked", "RebuildStats", "apply_event", "rebuild"]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (bytes read so far, total bytes)


@dataclass
class RebuildStats:
    files: int = 0
    records: int = 0
    events: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    articles: int = 0
    versions: int = 0
    clusters: int = 0
    seconds: float = 0.0
    reused: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "events": self.events,
            "statuses": dict(self.statuses),
            "articles": self.articles,
            "versions": self.versions,
            "clusters": self.clusters,
            "seconds": round(self.seconds, 3),
            "reused_extractions": self.reused,
        }


def apply_event(store: Store, event: Event) -> None:
    """Recover registry entries and run records from a crawler ``Event``."""
    data = event.data if isinstance(event.data, dict) else {}
    entries = data.get("outlet_entries") or data.get("registry")
    if isinstance(entries, list):
        store.upsert_outlets([e for e in entries if isinstance(e, dict)])
    if event.uri.startswith("urn:newsarchive:outlet:"):
        store.upsert_outlets([data])
    if event.uri.startswith("urn:newsarchive:run:"):
        run = {k: v for k, v in data.items() if k not in ("outlet_entries", "registry")}
        run.setdefault("id", event.uri.split(":", 3)[3].split("/", 1)[0].split("#", 1)[0])
        store.record_run(run)


class _CachedExtractions:
    """Extraction results of the previous database, by WARC-Record-ID (see module docstring)."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        self.hits = 0
        cols = ", ".join(f"v.{n}" for n in ARTICLE_FIELDS)
        self._sql = (
            f"SELECT c.ingest_status, c.error, {cols} FROM captures c"
            " LEFT JOIN versions v ON v.id = c.version_id WHERE c.record_id = ?"
        )

    def lookup(self, record_id: str | None) -> Extracted | None:
        if not record_id:
            return None
        try:
            row = self.conn.execute(self._sql, (record_id,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None:
            return None
        status, error, values = row[0], row[1], row[2:]
        if status in ("saved", "new_version", "unchanged") and values[0] is not None:
            fields = dict(zip(ARTICLE_FIELDS, values, strict=True))
            for name in JSON_FIELDS:
                fields[name] = json.loads(fields[name] or "[]")
            fields["is_article"] = bool(fields["is_article"])
            self.hits += 1
            return Extracted(fields=fields)
        if status == "not_article":
            self.hits += 1
            return Extracted(not_article_reason=error or "not an article page")
        if status == "error" and error and error.startswith("extract:"):
            self.hits += 1
            return Extracted(error=error)
        return None  # skipped captures never reached extraction

    def close(self) -> None:
        self.conn.close()


RebuildLocked = Locked  # the name callers of rebuild already catch


def rebuild(
    data_dir: str | Path, *, reextract: bool = False, progress: Progress | None = None, batch: int = 200
) -> RebuildStats:
    """Recreate ``DATA/archive.db`` from ``DATA/warc/*.warc.gz``; returns what was done.

    Holds the crawl lock throughout (raises ``RebuildLocked`` if a crawl is running).
    """
    data_dir = Path(data_dir)
    with data_lock(data_dir):
        return _rebuild(data_dir, reextract, progress, batch)


def _rebuild(data_dir: Path, reextract: bool, progress: Progress | None, batch: int) -> RebuildStats:
    target = data_dir / "archive.db"
    tmp = data_dir / f"archive.db.rebuild-{os.getpid()}"
    # We hold the lock, so no other rebuild is running: every temp file (and its journal/WAL) is
    # left by a killed one, of any pid, and would otherwise stay forever at database size.
    for leftover in data_dir.glob("archive.db.rebuild-*"):
        leftover.unlink(missing_ok=True)
    recovered = recover(data_dir / "warc")  # a killed crawl's `.open` files hold records too
    if recovered:
        logger.warning("closed %d WARC file(s) left open by a killed process", len(recovered))
    files = warc_files(data_dir / "warc")
    total = sum(f.stat().st_size for f in files)
    stats = RebuildStats(files=len(files))
    cache = _CachedExtractions(target) if target.exists() and not reextract else None
    started = time.monotonic()
    store = open_store(tmp, bulk=True)
    try:
        done = 0
        for path in files:
            pending = 0
            if not store.conn.in_transaction:
                store.conn.execute("BEGIN")
            for item in iter_records(path):
                stats.records += 1
                if isinstance(item, Event):
                    stats.events += 1
                    apply_event(store, item)
                    continue
                cached = cache.lookup(item.record_id) if cache else None
                result = ingest(item, store, extracted=cached)
                stats.statuses[result.status] += 1
                pending += 1
                if pending >= batch:
                    store.conn.execute("COMMIT")
                    store.conn.execute("BEGIN")
                    pending = 0
                if progress and item.location:
                    progress(done + item.location.offset + item.location.length, total)
            store.conn.execute("COMMIT")
            done += path.stat().st_size
            if progress:
                progress(done, total)
        for table in ("articles", "versions", "clusters"):
            setattr(stats, table, store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        store.conn.execute("PRAGMA optimize")
        # WAL mode is persistent in the file header; the new file's own WAL goes away on close.
        store.conn.execute("PRAGMA journal_mode = WAL")
        store.close()
    except BaseException:
        store.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if cache:
            stats.reused = cache.hits
            cache.close()
    _swap_in(tmp, target)
    stats.seconds = time.monotonic() - started
    logger.info("rebuilt %s: %s", target, stats.to_dict())
    return stats


def _swap_in(tmp: Path, target: Path) -> None:
    """fsync the new file, empty the old WAL, then rename over the old database atomically."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if target.exists():
        try:
            old = sqlite3.connect(target)
            old.execute("PRAGMA busy_timeout = 10000")
            old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            old.close()
        except sqlite3.DatabaseError as exc:  # a corrupt old database is simply replaced
            logger.warning("old database %s: %s", target, exc)
    os.replace(tmp, target)
    # The new file is in WAL mode with no WAL of its own; the old database's WAL/SHM beside it
    # must not be applied to it.
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
