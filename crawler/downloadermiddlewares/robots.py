"""RobotsGuardMiddleware: robots.txt first, then only allowed requests, for every waiting request.

It replaces Scrapy's RobotsTxtMiddleware, which in Scrapy 2.19 lets requests through that wait
for a host's robots.txt together with the first one: they share one Deferred, and only the first
waiter gets the parser (the others get None = "allowed"). Here each waiter gets its own Deferred,
so no request to a host is sent before that host's robots.txt has been read, and a disallowed one
is dropped with ``IgnoreRequest("Forbidden by robots.txt")`` (the spider notes it per URL).

Rules are per netloc (scheme-less host:port), like Scrapy's; robots.txt is fetched through the
engine (so it is archived like any exchange) with ``dont_obey_robotstxt``. A robots.txt that
cannot be fetched or does not answer 2xx allows everything, as with Scrapy's middleware.

The outlet spider installs it in place of Scrapy's (``OutletSpider.update_settings``), so
``scrapy crawl`` and ``newsarchive crawl`` both get it without a project-settings change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)


class RobotsGuardMiddleware:
    DOWNLOAD_PRIORITY = 1000  # robots.txt jumps the queue: everything else of its host waits for it

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        if not s.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.agent: str = s.get("ROBOTSTXT_USER_AGENT") or s.get("USER_AGENT") or "*"
        self._impl = load_object(s.get("ROBOTSTXT_PARSER"))
        self._rules: dict[str, RobotParser] = {}  # netloc -> parsed rules
        self._waiting: dict[str, list[Deferred[Any]]] = {}  # netloc -> requests waiting for its rules

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RobotsGuardMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("dont_obey_robotstxt") or urlparse_cached(request).scheme not in ("http", "https"):
            return None
        rules = await self.rules_for(request)
        if not rules.allowed(request.url, self.agent):
            logger.debug("Forbidden by robots.txt: %s", request)
            self.crawler.stats.inc_value("robotstxt/forbidden")
            raise IgnoreRequest("Forbidden by robots.txt")
        return None

    async def rules_for(self, request: Request) -> RobotParser:
        netloc = urlparse_cached(request).netloc
        if netloc in self._rules:
            return self._rules[netloc]
        if netloc in self._waiting:  # somebody is fetching it: wait for our own copy of the answer
            waiter: Deferred[Any] = Deferred()
            self._waiting[netloc].append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._waiting[netloc] = []
        try:
            rules = await self._fetch(request, netloc)
        except BaseException:  # noqa: BLE001 - never leave waiters hanging (e.g. on cancellation)
            rules = build_from_crawler(self._impl, self.crawler, b"")
            raise
        finally:
            self._rules[netloc] = rules
            for waiter in self._waiting.pop(netloc):
                waiter.callback(rules)
        return rules

    async def _fetch(self, request: Request, netloc: str) -> RobotParser:
        url = f"{urlparse_cached(request).scheme}://{netloc}/robots.txt"
        robots = Request(url, priority=self.DOWNLOAD_PRIORITY, meta={"dont_obey_robotstxt": True}, callback=NO_CALLBACK)
        stats = self.crawler.stats
        stats.inc_value("robotstxt/request_count")
        body = b""
        try:
            response = await self.crawler.engine.download_async(robots)
        except Exception as exc:  # noqa: BLE001 - unreachable robots.txt: allowed (the pages will fail too)
            stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
            logger.info("robots.txt of %s not read (%s): everything allowed", netloc, exc)
        else:
            stats.inc_value("robotstxt/response_count")
            stats.inc_value(f"robotstxt/response_status_count/{response.status}")
            if 200 <= response.status < 300:
                body = response.body
        rules = build_from_crawler(self._impl, self.crawler, body)
        await self.crawler.signals.send_catch_log_async(signal=signals.robots_parsed, robotparser=rules,
                                                        request=request)
        return rules
