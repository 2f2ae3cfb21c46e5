"""IngestPipeline: archived article captures -> the archive's ingest, through a sink (`crawler.sinks`).

Only after the sink has ingested an article is it marked fetched in the crawl state, so a kill
between WARC write and ingest makes the next run fetch the article again instead of losing it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.session import CrawlSession
from crawler.state import ARTICLE, ARTICLE_ALIAS, UrlState

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from archive.capture import Capture

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
    complete: bool = True  # False: the body was cut short; keep the URL pending for the next run


class IngestPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IngestPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, CaptureItem):
            return item
        session = CrawlSession.of(self.crawler)
        capture = item.capture
        stats = self.crawler.stats
        rep = session.report(item.outlet)
        try:
            result = session.sink.put(capture, session.outlets.get(item.outlet))
            if isinstance(result, Deferred):
                result = await maybe_deferred_to_future(result)
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
                elif status in ("error", "lost"):
                    session.error(item.outlet, capture.url, f"ingest: {getattr(result, 'reason', '')}", "ingest")
        if session.closed or status == "lost":
            return item  # "lost": never ingested; left unfetched, so the next run fetches it again
        if not item.complete:
            session.state.failed_pending(item.key, 3)
            return item
        self._remember(session, item)
        return item

    def _remember(self, session: CrawlSession, item: CaptureItem) -> None:
        """Mark the article fetched, with the validators and digest the next run compares against."""
        c = item.capture
        prior = session.state.get(item.key)
        revisit_of = (item.prior_digest, item.prior_record_id, item.prior_record_date)
        state = UrlState.from_capture(item.key, item.outlet, ARTICLE, c, prior, revisit_of=revisit_of)
        session.state.record_fetch(state)
        if item.final_key and item.final_key != item.key:
            # The archived URL (after redirects) is also known, under its own row.
            session.state.record_fetch(
                UrlState(
                    url=item.final_key,
                    outlet=item.outlet,
                    kind=ARTICLE_ALIAS,
                    digest=state.digest,
                    record_id=state.record_id,
                    record_date=state.record_date,
                    status=c.status,
                )
            )
