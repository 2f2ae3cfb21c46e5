"""IngestPipeline: archived article captures -> the archive's ingest, through a narrow sink.

The sink (``NEWSARCHIVE_SINK``) is the one place that knows where ingest happens:
`LocalStoreSink` calls ``archive.ingest.ingest`` on ``DIR/archive.db`` in this process; a queue sink
(scrapy-redis workers feeding one ingest process) implements the same four methods. Only after the
sink has taken an article is it marked fetched in the crawl state, so a kill between WARC write and
ingest makes the next run fetch the article again instead of losing it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from crawler.session import CrawlSession
from crawler.state import ARTICLE, UrlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from archive.capture import Capture
    from crawler.outletview import OutletView

logger = logging.getLogger(__name__)


@dataclass
class CaptureItem:
    """An archived article exchange on its way to ingest."""

    capture: Capture  # as written to WARC (record_id, location set)
    outlet: str
    key: str  # canonical URL: the crawl state's key for this article
    final_key: str | None = None  # canonical URL after redirects, when it differs
    prior_digest: str | None = None
    prior_record_id: str | None = None
    prior_record_date: Any = None


class CaptureSink(Protocol):
    """Where archived captures go. Implementations are chosen by ``NEWSARCHIVE_SINK``."""

    def put(self, capture: Capture, outlet: OutletView | None) -> Any: ...

    def upsert_outlets(self, entries: list[dict]) -> None: ...

    def record_run(self, run: dict) -> None: ...

    def close(self) -> None: ...


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
    """Ingest in this process into ``DIR/archive.db`` (the store opens on first use)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._store = None
        self._ingest = None
        self._unavailable = False

    @classmethod
    def from_settings(cls, data_dir: Path, settings: Settings) -> LocalStoreSink:
        return cls(data_dir / "archive.db")

    def _open(self):
        if self._store is None and not self._unavailable:
            try:
                from archive.ingest import ingest
                from archive.store import open_store
            except ImportError as exc:
                logger.warning("store not available (%s): recording captures only", exc)
                self._unavailable = True
                return None
            self._store = open_store(self.db_path)
            self._ingest = ingest
        return self._store

    def put(self, capture: Capture, outlet: OutletView | None) -> Any:
        store = self._open()
        if store is None:
            return None
        overrides = (outlet.overrides.get("selectors") or None) if outlet is not None else None
        return self._ingest(capture, store, overrides=overrides)

    def upsert_outlets(self, entries: list[dict]) -> None:
        store = self._open()
        if store is not None:
            store.upsert_outlets(entries)

    def record_run(self, run: dict) -> None:
        store = self._open()
        if store is not None:
            store.record_run(run)

    def close(self) -> None:
        if self._store is not None and hasattr(self._store, "close"):
            self._store.close()
        self._store = None


class IngestPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, CaptureItem):
            return item
        session = CrawlSession.of(self.crawler)
        capture = item.capture
        stats = self.crawler.stats
        rep = session.report(item.outlet)
        try:
            result = session.sink.put(capture, session.outlets.get(item.outlet))
        except Exception as exc:  # noqa: BLE001 - one bad page never stops the run
            logger.exception("ingest failed for %s", capture.url)
            session.error(item.outlet, capture.url, f"ingest failed: {exc!r}", "ingest")
            result = None
        status = getattr(result, "status", None)
        if status:
            stats.inc_value(f"ingest/{status}")
            if rep is not None:
                if status == "saved":
                    rep.new_articles += 1
                elif status == "new_version":
                    rep.new_versions += 1
                elif status == "error":
                    session.error(item.outlet, capture.url, f"ingest: {getattr(result, 'reason', '')}", "ingest")
        self._remember(session, item)
        return item

    def _remember(self, session: CrawlSession, item: CaptureItem) -> None:
        """Mark the article fetched, with the validators and digest the next run compares against."""
        c = item.capture
        prior = session.state.get(item.key)
        if c.kind == "revisit":
            digest, record_id, record_date = item.prior_digest, item.prior_record_id, item.prior_record_date
        else:
            digest, record_id, record_date = c.payload_digest, c.record_id, c.fetched_at
        state = UrlState(
            url=item.key,
            outlet=item.outlet,
            kind=ARTICLE,
            etag=c.header("ETag") or (prior.etag if prior else None),
            last_modified=c.header("Last-Modified") or (prior.last_modified if prior else None),
            digest=digest,
            record_id=record_id,
            record_date=record_date,
            status=c.status,
        )
        session.state.record_fetch(state)
        if item.final_key and item.final_key != item.key:
            # The archived URL (after redirects) is also known, under its own row.
            session.state.record_fetch(
                UrlState(
                    url=item.final_key,
                    outlet=item.outlet,
                    kind="article_alias",
                    digest=digest,
                    record_id=record_id,
                    record_date=record_date,
                    status=c.status,
                )
            )
