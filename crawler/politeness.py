"""Politeness the way an outlet's operator would want it, per host (= Scrapy download slot).

- `PolitenessMiddleware`: each host's slot gets its delay and concurrency before its first
  request: registry overrides first, else ``DOWNLOAD_DELAY`` / ``CONCURRENT_REQUESTS_PER_DOMAIN``
  for real hosts and ``NEWSARCHIVE_LOCAL_DELAY`` (and ``NEWSARCHIVE_LOCAL_TIMEOUT``) for loopback
  hosts (the sample outlets). When the host's robots.txt arrives, its ``Crawl-delay`` for our user
  agent raises the slot's delay (Scrapy's RobotsTxtMiddleware only obeys Allow/Disallow). Slots with a fixed floor are kept out of
  AutoThrottle's reach (``autothrottle_dont_adjust_delay``), since AutoThrottle may lower a delay.
- `RetryBackoffMiddleware`: a retried request waits base * 2**(n-1) seconds (capped) first.
- `BodySizeCap`: stops a body at ``NEWSARCHIVE_MAX_BODY`` bytes; the partial response is archived
  with ``WARC-Truncated: length`` (flag ``download_stopped``) instead of failing the URL.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from typing import TYPE_CHECKING

from protego import Protego
from scrapy import signals
from scrapy.exceptions import NotConfigured, StopDownload

from crawler.session import CrawlSession

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)

SLOT_META = "download_slot"


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class PolitenessMiddleware:
    def __init__(
        self,
        crawler: Crawler,
        *,
        delay: float,
        local_delay: float,
        concurrency: int,
        robots_agent: str,
        local_timeout: float = 0.0,
    ) -> None:
        self.crawler = crawler
        self.local_timeout = local_timeout
        self.delay = delay
        self.local_delay = local_delay
        self.concurrency = concurrency
        self.robots_agent = robots_agent
        self.floors: dict[str, float] = {}  # slot key -> minimum delay that AutoThrottle must not undercut
        self.configured: set[str] = set()
        self.base: dict[str, float] = {}  # slot key -> delay chosen before robots.txt was read

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PolitenessMiddleware:
        s = crawler.settings
        return cls(
            crawler,
            delay=s.getfloat("DOWNLOAD_DELAY"),
            local_delay=s.getfloat("NEWSARCHIVE_LOCAL_DELAY"),
            concurrency=s.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            robots_agent=s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or "*",
            local_timeout=min(s.getfloat("NEWSARCHIVE_LOCAL_TIMEOUT"), s.getfloat("DOWNLOAD_TIMEOUT")),
        )

    # The download slot key Scrapy uses by default is the hostname.
    def _key(self, request: Request) -> str:
        from scrapy.utils.httpobj import urlparse_cached

        return request.meta.get(SLOT_META) or urlparse_cached(request).hostname or ""

    def _outlet_overrides(self, request: Request, host: str) -> tuple[float | None, int | None]:
        session = CrawlSession.of(self.crawler)
        info = request.meta.get("newsarchive") or {}
        oid = info.get("outlet") or session.outlet_of_host(host)
        outlet = session.outlets.get(oid) if oid else None
        if outlet is None:
            return None, None
        return outlet.download_delay, outlet.concurrency

    def process_request(self, request: Request) -> None:
        key = self._key(request)
        if key not in self.configured:
            self.configured.add(key)
            delay_override, conc_override = self._outlet_overrides(request, key)
            base = self.local_delay if is_loopback(key) else self.delay
            delay = delay_override if delay_override is not None else base
            conc = conc_override or self.concurrency
            self.base[key] = delay
            if is_loopback(key) or delay_override is not None:
                self.floors[key] = delay
            self._apply(key, delay=delay, concurrency=conc)
        if key in self.floors:
            request.meta["autothrottle_dont_adjust_delay"] = True
        if self.local_timeout and is_loopback(key):
            # A loopback server (the samples) answers at once or hangs: don't wait DOWNLOAD_TIMEOUT.
            request.meta.setdefault("download_timeout", self.local_timeout)
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        if response.url.endswith("/robots.txt") and response.status == 200:
            self._apply_crawl_delay(self._key(request), response)
        return response

    def _apply_crawl_delay(self, key: str, response: Response) -> None:
        try:
            text = response.body.decode("utf-8", "replace")
            crawl_delay = Protego.parse(text).crawl_delay(self.robots_agent)
        except Exception:  # noqa: BLE001 - a broken robots.txt only loses its Crawl-delay
            return
        if not crawl_delay:
            return
        crawl_delay = float(crawl_delay)
        # Crawl-delay only ever slows a host down: never below its configured delay.
        floor = max(self.floors.get(key, 0.0), self.base.get(key, self.delay), crawl_delay)
        self.floors[key] = floor
        logger.info("robots.txt of %s: Crawl-delay %.2fs", key, crawl_delay)
        self._apply(key, delay=floor)

    def _apply(self, key: str, *, delay: float, concurrency: int | None = None) -> None:
        downloader = self.crawler.engine.downloader
        slot_settings = dict(downloader.per_slot_settings.get(key, {}))
        slot_settings["delay"] = delay
        slot_settings["jitter"] = 0.0  # a delay is a minimum: no random shortening
        if concurrency is not None:
            slot_settings["concurrency"] = concurrency
        # Slots are garbage-collected when idle and rebuilt from per_slot_settings.
        downloader.per_slot_settings[key] = slot_settings
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = delay if key in self.floors else max(slot.delay, delay)
            slot.jitter = 0.0
            if concurrency is not None:
                slot.concurrency = concurrency
        self.crawler.stats.set_value(f"politeness/delay/{key}", delay)


class RetryBackoffMiddleware:
    """Exponential backoff before each retry (Scrapy's RetryMiddleware re-queues at once)."""

    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryBackoffMiddleware:
        s = crawler.settings
        base = s.getfloat("NEWSARCHIVE_RETRY_BACKOFF_BASE")
        if base <= 0:
            raise NotConfigured
        return cls(base, s.getfloat("NEWSARCHIVE_RETRY_BACKOFF_MAX"))

    async def process_request(self, request: Request) -> None:
        retries = int(request.meta.get("retry_times") or 0)
        if retries and request.meta.get("_backoff_done") != retries:
            request.meta["_backoff_done"] = retries
            wait = min(self.cap, self.base * 2 ** (retries - 1))
            logger.debug("retry %d of %s after %.2fs", retries, request.url, wait)
            await asyncio.sleep(wait)
        return None


class BodySizeCap:
    """Stop a download at ``NEWSARCHIVE_MAX_BODY`` bytes; keep what arrived as a truncated capture."""

    META = "_newsarchive_bytes"

    def __init__(self, limit: int) -> None:
        self.limit = limit

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BodySizeCap:
        limit = crawler.settings.getint("NEWSARCHIVE_MAX_BODY")
        if limit <= 0:
            raise NotConfigured
        ext = cls(limit)
        crawler.signals.connect(ext.bytes_received, signal=signals.bytes_received)
        return ext

    def bytes_received(self, data: bytes, request: Request, spider) -> None:
        # Keyed by the request object: redirects and retries copy meta but are new requests.
        owner, seen = request.meta.get(self.META, (None, 0))
        seen = (seen if owner == id(request) else 0) + len(data)
        request.meta[self.META] = (id(request), seen)
        if seen > self.limit:
            raise StopDownload(fail=False)
