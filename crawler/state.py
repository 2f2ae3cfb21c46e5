"""Incremental crawl state: what was fetched, with which validators, and what is still pending.

The crawl asks the state four narrow questions (is this article known? which validators do I send?
what was its last payload digest and record? which discovered URLs are still unfetched?), so a
shared implementation (Redis, for scrapy-redis workers) can replace `SqliteCrawlState` through the
``NEWSARCHIVE_STATE_CLASS`` setting without touching the spider.

Ordering rule that keeps kill -9 safe: a URL's row is written only *after* its WARC record (and, for
articles, its ingest) is done. Discovered article URLs are written to ``pending`` before the
discovery page's validators are stored, so a run killed between the two still fetches them next time.

`SqliteCrawlState` groups its writes into one transaction per ``COMMIT_SECONDS`` (a commit per URL
cost more than the lookups themselves). Writes commit in the order they were made, so a kill loses
only the last fraction of a second of state, as if the run had been killed that much earlier: those
URLs are fetched again next run (the store ingests a repeat as ``unchanged``), never lost.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from archive.capture import Capture

logger = logging.getLogger(__name__)

ARTICLE = "article"
ARTICLE_ALIAS = "article_alias"  # an article's URL after redirects, when it differs from the first


@dataclass(frozen=True)
class UrlState:
    """What the last successful fetch of one URL left behind."""

    url: str
    outlet: str
    kind: str  # article, feed, sitemap, list, home, robots
    etag: str | None = None
    last_modified: str | None = None
    digest: str | None = None  # payload digest of the last full response
    record_id: str | None = None  # WARC record id of that response (revisits refer to it)
    record_date: datetime | None = None
    first_seen: datetime | None = None
    fetched_at: datetime | None = None
    status: int | None = None

    @classmethod
    def from_capture(
        cls,
        url: str,
        outlet: str,
        kind: str,
        capture: Capture,
        prior: UrlState | None,
        *,
        revisit_of: tuple[str | None, str | None, datetime | None] | None = None,
    ) -> UrlState:
        """The state a fetch leaves: validators fall back to the prior fetch's; a revisit keeps the
        digest/record of the response it refers to (``revisit_of``, else the prior state's)."""
        if capture.kind == "revisit":
            if revisit_of is not None:
                digest, record_id, record_date = revisit_of
            elif prior is not None:
                digest, record_id, record_date = prior.digest, prior.record_id, prior.record_date
            else:
                digest = record_id = record_date = None
        else:
            digest, record_id, record_date = capture.payload_digest, capture.record_id, capture.fetched_at
        return cls(
            url=url,
            outlet=outlet,
            kind=kind,
            etag=capture.header("ETag") or (prior.etag if prior else None),
            last_modified=capture.header("Last-Modified") or (prior.last_modified if prior else None),
            digest=digest,
            record_id=record_id,
            record_date=record_date,
            status=capture.status,
        )


class CrawlState(Protocol):
    """The interface the crawler codes against; implementations are chosen by a setting."""

    def get(self, url: str) -> UrlState | None: ...

    def is_known_article(self, url: str) -> bool: ...

    def record_fetch(self, state: UrlState) -> None: ...

    def add_pending(self, outlet: str, urls: list[tuple[str, str | None]]) -> None: ...

    def pending(self, outlet: str) -> list[tuple[str, str | None]]: ...

    def drop_pending(self, url: str) -> None: ...

    def failed_pending(self, url: str, max_attempts: int) -> bool: ...

    def recheck_candidates(self, outlet: str, since: datetime) -> list[UrlState]: ...

    def last_run(self, outlet: str) -> datetime | None: ...

    def set_flag(self, outlet: str, name: str) -> None: ...

    def has_flag(self, outlet: str, name: str) -> bool: ...

    def clear_flag(self, outlet: str, name: str) -> None: ...

    def set_last_run(self, outlet: str, when: datetime) -> None: ...

    def close(self) -> None: ...


_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    kind TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    digest TEXT,
    record_id TEXT,
    record_date TEXT,
    first_seen TEXT,
    fetched_at TEXT,
    status INTEGER
);
CREATE INDEX IF NOT EXISTS urls_outlet_kind ON urls (outlet, kind, first_seen);
CREATE TABLE IF NOT EXISTS pending (
    url TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    via TEXT,
    added TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS pending_outlet ON pending (outlet);
CREATE TABLE IF NOT EXISTS outlet_runs (
    outlet TEXT PRIMARY KEY,
    last_run TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS flags (
    outlet TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (outlet, name)
);
"""


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat() if value else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


#: How many ``get`` answers are remembered (a few hundred fetches in flight need theirs).
RECENT_MAX = 4096
#: Writes are committed together at most this long after the first of them (or every COMMIT_WRITES).
COMMIT_SECONDS = 0.5
COMMIT_WRITES = 1000


class SqliteCrawlState:
    """Crawl state in ``DIR/state.db`` (WAL; writes committed in order, at least every COMMIT_SECONDS)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._opened = 0.0
        self._writes = 0
        self._recent: dict[str, UrlState | None] = {}  # get() answers; record_fetch drops its URL's

    @classmethod
    def from_settings(cls, data_dir: Path) -> SqliteCrawlState:
        return cls(data_dir / "state.db")

    def _begin(self) -> None:
        """Open the write transaction (if none is open); the caller then writes."""
        if not self._db.in_transaction:
            self._db.execute("BEGIN")
            self._opened = time.monotonic()
            self._writes = 0

    def _written(self) -> None:
        self._writes += 1
        if self._writes >= COMMIT_WRITES or time.monotonic() - self._opened >= COMMIT_SECONDS:
            self.commit()

    def _write(self, sql: str, args: tuple) -> None:
        self._begin()
        self._db.execute(sql, args)
        self._written()

    def commit(self) -> None:
        """Make every write so far durable (also done by ``close``)."""
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def get(self, url: str) -> UrlState | None:
        """The URL's row. Answers are remembered until ``record_fetch`` rewrites that row (the only
        writer of ``urls``): an article's row is read 3-4 times per fetch (revisit check, spider,
        pipeline), and each SQLite call hands the GIL to the ingest sink's threads."""
        if url in self._recent:
            return self._recent[url]
        row = self._db.execute(
            "SELECT url, outlet, kind, etag, last_modified, digest, record_id, record_date,"
            " first_seen, fetched_at, status FROM urls WHERE url = ?",
            (url,),
        ).fetchone()
        state = _row(row) if row else None
        if len(self._recent) >= RECENT_MAX:
            del self._recent[next(iter(self._recent))]  # the oldest answer
        self._recent[url] = state
        return state

    def is_known_article(self, url: str) -> bool:
        row = self._db.execute("SELECT kind FROM urls WHERE url = ?", (url,)).fetchone()
        return bool(row) and row[0] == ARTICLE

    def record_fetch(self, state: UrlState) -> None:
        """Upsert a URL's row; ``first_seen`` is kept from the first fetch."""
        self._recent.pop(state.url, None)
        now = datetime.now(UTC)
        self._write(
            "INSERT INTO urls (url, outlet, kind, etag, last_modified, digest, record_id, record_date,"
            " first_seen, fetched_at, status) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(url) DO UPDATE SET outlet=excluded.outlet, kind=excluded.kind,"
            " etag=excluded.etag, last_modified=excluded.last_modified, digest=excluded.digest,"
            " record_id=excluded.record_id, record_date=excluded.record_date,"
            " fetched_at=excluded.fetched_at, status=excluded.status",
            (
                state.url,
                state.outlet,
                state.kind,
                state.etag,
                state.last_modified,
                state.digest,
                state.record_id,
                _iso(state.record_date),
                _iso(state.first_seen or now),
                _iso(state.fetched_at or now),
                state.status,
            ),
        )
        if state.kind in (ARTICLE, ARTICLE_ALIAS):
            self.drop_pending(state.url)

    def add_pending(self, outlet: str, urls: list[tuple[str, str | None]]) -> None:
        if not urls:
            return
        now = _iso(datetime.now(UTC))
        self._begin()
        self._db.execute("SAVEPOINT add_pending")  # all of them or none
        try:
            self._db.executemany(
                "INSERT OR IGNORE INTO pending (url, outlet, via, added) VALUES (?,?,?,?)",
                [(url, outlet, via, now) for url, via in urls],
            )
        except BaseException:
            self._db.execute("ROLLBACK TO add_pending")
            self._db.execute("RELEASE add_pending")
            raise
        self._db.execute("RELEASE add_pending")
        self._written()

    def pending(self, outlet: str) -> list[tuple[str, str | None]]:
        rows = self._db.execute(
            "SELECT url, via FROM pending WHERE outlet = ? ORDER BY added, url", (outlet,)
        ).fetchall()
        return [(url, via) for url, via in rows]

    def drop_pending(self, url: str) -> None:
        self._write("DELETE FROM pending WHERE url = ?", (url,))

    def failed_pending(self, url: str, max_attempts: int) -> bool:
        """Count a failed fetch of a pending URL; drop it after ``max_attempts``. True if dropped."""
        self._write("UPDATE pending SET attempts = attempts + 1 WHERE url = ?", (url,))
        row = self._db.execute("SELECT attempts FROM pending WHERE url = ?", (url,)).fetchone()
        if row and row[0] >= max_attempts:
            self.drop_pending(url)
            return True
        return False

    def recheck_candidates(self, outlet: str, since: datetime) -> list[UrlState]:
        """Articles first seen after ``since``: young enough to be re-fetched for edits."""
        rows = self._db.execute(
            "SELECT url, outlet, kind, etag, last_modified, digest, record_id, record_date,"
            " first_seen, fetched_at, status FROM urls"
            " WHERE outlet = ? AND kind = ? AND first_seen >= ? AND (status IS NULL OR status IN (200, 304))"
            " ORDER BY first_seen",
            (outlet, ARTICLE, _iso(since)),
        ).fetchall()
        return [_row(r) for r in rows]

    def last_run(self, outlet: str) -> datetime | None:
        row = self._db.execute("SELECT last_run FROM outlet_runs WHERE outlet = ?", (outlet,)).fetchone()
        return _dt(row[0]) if row else None

    def set_last_run(self, outlet: str, when: datetime) -> None:
        self._write(
            "INSERT INTO outlet_runs (outlet, last_run) VALUES (?, ?)"
            " ON CONFLICT(outlet) DO UPDATE SET last_run = excluded.last_run",
            (outlet, _iso(when)),
        )

    def set_flag(self, outlet: str, name: str) -> None:
        """A per-outlet to-do that must survive a killed run (e.g. "recheck": edits to look for)."""
        self._write("INSERT OR IGNORE INTO flags (outlet, name) VALUES (?, ?)", (outlet, name))
        self.commit()  # durable at once: the to-do is the reason the next run does something

    def has_flag(self, outlet: str, name: str) -> bool:
        return self._db.execute("SELECT 1 FROM flags WHERE outlet = ? AND name = ?", (outlet, name)).fetchone() is not None

    def clear_flag(self, outlet: str, name: str) -> None:
        self._write("DELETE FROM flags WHERE outlet = ? AND name = ?", (outlet, name))

    def is_due(self, outlet: str, interval_minutes: int, now: datetime | None = None) -> bool:
        last = self.last_run(outlet)
        now = now or datetime.now(UTC)
        return last is None or now - last >= timedelta(minutes=interval_minutes)

    def counts(self) -> dict[str, int]:
        rows = self._db.execute("SELECT kind, count(*) FROM urls GROUP BY kind").fetchall()
        out = {kind: n for kind, n in rows}
        out["pending"] = self._db.execute("SELECT count(*) FROM pending").fetchone()[0]
        return out

    def close(self) -> None:
        self.commit()
        self._db.close()


def _row(row: tuple) -> UrlState:
    return UrlState(
        url=row[0],
        outlet=row[1],
        kind=row[2],
        etag=row[3],
        last_modified=row[4],
        digest=row[5],
        record_id=row[6],
        record_date=_dt(row[7]),
        first_seen=_dt(row[8]),
        fetched_at=_dt(row[9]),
        status=row[10],
    )


class MemoryCrawlState(SqliteCrawlState):
    """Throw-away state for one process (benchmarks of fetching alone, tests): nothing persists."""

    def __init__(self) -> None:
        super().__init__(":memory:")

    @classmethod
    def from_settings(cls, data_dir: Path) -> MemoryCrawlState:
        return cls()
