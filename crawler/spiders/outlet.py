"""OutletSpider ("outlet"): discovery (feeds, sitemaps, lists, homepage) -> article pages, per outlet.

``scrapy crawl outlet`` crawls every registry outlet; ``-a outlet=ID[,ID…]`` selects some; the
registry file comes from ``NEWSARCHIVE_REGISTRY`` (``-a registry=FILE`` also works).

Incremental rules (state in `crawler.state`):
- feeds, sitemaps, lists and the homepage are fetched every run, conditionally (ETag /
  Last-Modified); a 304 means nothing new there;
- an article URL is fetched once; discovered URLs are written to ``pending`` first, so a killed run
  fetches them next time; articles first seen within ``NEWSARCHIVE_RECHECK_HOURS`` are re-fetched
  conditionally (to catch edits), but only for an outlet whose discovery pages changed this run;
- list paging follows next-page links and stops at a page that holds only articles known from
  earlier runs (or at ``NEWSARCHIVE_LIST_MAX_PAGES``).
Every failure is a per-URL error in the run record (`CrawlSession.error`), never an exception.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spidermiddlewares.httperror import HttpError

from archive.urls import canonicalize, is_article_url, is_list_url
from crawler.discovery import parse_feed, parse_listing, parse_sitemap, sitemaps_from_robots
from crawler.discovery.listings import PAGE_PARAMS, board_data
from crawler.downloadermiddlewares.warc import CAPTURE_META, CRAWL_META
from crawler.outletview import OutletView
from crawler.pipelines import CaptureItem
from crawler.session import CrawlSession
from crawler.state import ARTICLE, ARTICLE_ALIAS, UrlState

logger = logging.getLogger(__name__)

FEED, SITEMAP, LIST, HOME, ROBOTS = "feed", "sitemap", "list", "home", "robots"
DISCOVERY = (FEED, SITEMAP, LIST, HOME, ROBOTS)
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PENDING_ATTEMPTS = 3
RECHECK = "recheck"
SCRAPY_ROBOTS = "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware"
ROBOTS_GUARD = "crawler.downloadermiddlewares.robots.RobotsGuardMiddleware"


def _site(host: str | None) -> str:
    host = (host or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _list_key(url: str, cms: str | None) -> str:
    """One key per list: canonical URL without a first-page parameter (``?page=1`` = no page)."""
    parts = urlsplit(canonicalize(url, cms))
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not (k.lower() in PAGE_PARAMS and v in ("", "1"))]
    return parts._replace(query=urlencode(sorted(query)), fragment="").geturl()


def _other_boards(listing, url: str) -> list[str]:
    """F2 (idx_view): first pages (``startPage=0``) of *other* boards among the page links, such as
    the all-articles board (no ``part_idx``) linked from every section page's menu."""
    here = board_data(url) or {}
    part = here.get("part_idx") or dict(parse_qsl(urlsplit(url).query)).get("part_idx") or ""
    out = []
    for link in listing.pages:
        fields = board_data(link)
        if fields and fields.get("startpage", "0") in ("", "0") and fields.get("part_idx", "") != part:
            out.append(link)
    return out


class OutletSpider(scrapy.Spider):
    name = "outlet"
    handle_httpstatus_list = [304]  # conditional requests: a 304 reaches the callbacks

    def __init__(self, outlet: str | None = None, registry: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.outlet_arg = [o for o in (outlet or "").split(",") if o]
        self.registry_arg = registry
        self._scheduled: set[str] = set()  # state keys of articles requested in this run
        self._rechecked: set[str] = set()  # outlets whose young articles were re-requested
        self._lists_seen: set[str] = set()  # list keys (`_list_key`) requested in this run

    @classmethod
    def update_settings(cls, settings) -> None:
        """Swap Scrapy's RobotsTxtMiddleware for RobotsGuardMiddleware (see its docstring) unless the
        project's DOWNLOADER_MIDDLEWARES already says something about either."""
        super().update_settings(settings)
        mws = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
        if ROBOTS_GUARD not in mws and SCRAPY_ROBOTS not in mws:
            mws.update({SCRAPY_ROBOTS: None, ROBOTS_GUARD: 100})
            # At least "spider" priority: CrawlerProcess.crawl(crawler) re-applies the project settings.
            priority = max(settings.getpriority("DOWNLOADER_MIDDLEWARES") or 0, SETTINGS_PRIORITIES["spider"])
            settings.set("DOWNLOADER_MIDDLEWARES", mws, priority=priority)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> OutletSpider:
        # Spider arguments become settings before the session (and its registry) is built.
        # (Settings are frozen only after the spider is built.)
        if kwargs.get("outlet"):
            crawler.settings.set("NEWSARCHIVE_OUTLETS", kwargs["outlet"].split(","), priority="cmdline")
        if kwargs.get("registry"):
            crawler.settings.set("NEWSARCHIVE_REGISTRY", kwargs["registry"], priority="cmdline")
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        s = crawler.settings
        spider.list_max_pages = s.getint("NEWSARCHIVE_LIST_MAX_PAGES")
        spider.recheck_window = timedelta(hours=s.getfloat("NEWSARCHIVE_RECHECK_HOURS"))
        return spider

    @property
    def session(self) -> CrawlSession:
        return CrawlSession.of(self.crawler)

    # -- seeds --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for request in self.seed_requests():
            yield request

    def seed_requests(self) -> Iterable[Request]:
        session = self.session
        for outlet in session.outlets.values():
            session.report(outlet.id)
            for url, via in session.state.pending(outlet.id):
                req = self._article_request(outlet, url, via=via, pending=True)
                if req is not None:
                    yield req
            if session.state.has_flag(outlet.id, RECHECK):
                # A killed run had started re-checking this outlet's young articles: finish that.
                yield from self._recheck(outlet)
            for url in outlet.feeds:
                yield self._request(outlet, url, FEED)
            for url in outlet.sitemaps:
                yield self._request(outlet, url, SITEMAP)
            for url in outlet.lists:
                first = url.replace("{page}", "1")
                self._lists_seen.add(_list_key(first, outlet.cms))
                yield self._request(outlet, first, LIST, template=url, page=1)
            if outlet.homepage:
                yield self._request(outlet, outlet.homepage, HOME)
                if not outlet.sitemaps and not outlet.feeds:
                    # No configured sitemaps: robots.txt may announce some.
                    robots = f"{urlsplit(outlet.homepage).scheme}://{urlsplit(outlet.homepage).netloc}/robots.txt"
                    yield self._request(outlet, robots, ROBOTS, conditional=False)

    # -- requests -----------------------------------------------------------------------------

    def _request(
        self,
        outlet: OutletView,
        url: str,
        kind: str,
        *,
        via: str | None = None,
        key: str | None = None,
        conditional: bool = True,
        priority: int = 0,
        **extra: Any,
    ) -> Request:
        key = key or url
        headers: dict[str, str] = {}
        if conditional:
            prior = self.session.state.get(key)
            if prior is not None and prior.status in (200, 304):
                if prior.etag:
                    headers["If-None-Match"] = prior.etag
                if prior.last_modified:
                    headers["If-Modified-Since"] = prior.last_modified
        meta = {
            CRAWL_META: {
                "outlet": outlet.id,
                "kind": kind,
                "key": key,
                "url": url,
                "via": via,
                "cms": outlet.cms,
                **extra,
            }
        }
        if kind == ROBOTS:
            meta["dont_obey_robotstxt"] = True
        return Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            headers=headers,
            meta=meta,
            priority=priority,
            dont_filter=kind != ARTICLE,
        )

    def _article_request(
        self, outlet: OutletView, url: str, *, via: str | None, pending: bool = False, recheck: bool = False
    ) -> Request | None:
        key = canonicalize(url, outlet.cms)
        if key in self._scheduled:
            return None
        self._scheduled.add(key)
        return self._request(
            outlet, url, ARTICLE, via=via, key=key, conditional=recheck, priority=10 if not recheck else 5,
            pending=pending, recheck=recheck,
        )

    def _is_known(self, key: str) -> bool:
        """Known from an earlier run (not merely fetched during this one)."""
        prior = self.session.state.get(key)
        if prior is None or prior.kind not in (ARTICLE, ARTICLE_ALIAS):
            return False
        return prior.first_seen is None or prior.first_seen < self.session.started_at

    def _own(self, outlet: OutletView, url: str) -> bool:
        host = urlsplit(url).hostname
        return _site(host) in {_site(h) for h in outlet.hosts}

    # -- callbacks ----------------------------------------------------------------------------

    def parse_page(self, response: Response) -> Iterable[Any]:
        info = response.meta[CRAWL_META]
        outlet = self.session.outlets[info["outlet"]]
        if info["kind"] == ARTICLE:
            yield from self._article(response, outlet, info)
            return
        capture = response.meta.get(CAPTURE_META)
        if response.status != 304:
            yield from self._discover(response, outlet, info)
            if (capture is None or capture.kind != "revisit") and self._fetched_before(info):
                yield from self._recheck(outlet)
        self._remember_discovery(response, outlet, info)

    def _fetched_before(self, info: dict) -> bool:
        """The page has a copy from an earlier fetch: only then is a new copy a sign that the outlet
        changed. A list URL met for the first time (another view of a known section, reached in a
        different order than last run) says nothing about edits, and re-checking every young
        article because of it made a run with nothing new re-fetch a whole outlet."""
        prior = self.session.state.get(info["key"])
        return prior is not None and prior.digest is not None

    def _article(self, response: Response, outlet: OutletView, info: dict) -> Iterable[Any]:
        capture = response.meta.get(CAPTURE_META)
        rep = self.session.report(outlet.id)
        if capture is None:
            return
        if capture.kind == "revisit":
            rep.articles_unchanged += 1
        else:
            rep.articles_fetched += 1
            ctype = capture.content_type
            if ctype and ctype not in HTML_TYPES:
                self.session.error(outlet.id, response.url, f"non-HTML response ({ctype})", "content_type")
            if capture.truncated == "disconnect":
                self.session.error(
                    outlet.id, response.url, "body cut short by the server; archived truncated, retried next run",
                    "truncated",
                )
            elif capture.truncated:
                self.session.error(
                    outlet.id, response.url, f"body over the size cap; archived truncated ({capture.truncated})", "size"
                )
        prior = self.session.state.get(info["key"])
        final_key = canonicalize(response.url, outlet.cms) if response.url != info["url"] else None
        yield CaptureItem(
            capture=capture,
            outlet=outlet.id,
            key=info["key"],
            final_key=final_key,
            prior_digest=prior.digest if prior else None,
            prior_record_id=prior.record_id if prior else None,
            prior_record_date=prior.record_date if prior else None,
            complete=capture.truncated != "disconnect",
        )

    def _discover(self, response: Response, outlet: OutletView, info: dict) -> Iterable[Request]:
        kind, url = info["kind"], response.url
        body = response.body
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1")
        found: list[str] = []
        if kind == FEED:
            feed = parse_feed(body, url, cms=outlet.cms)
            if feed.kind is None:
                self.session.error(outlet.id, url, "unreadable feed: " + "; ".join(feed.errors[:3]), "feed")
            else:
                for err in feed.errors[:20]:
                    self.session.error(outlet.id, url, f"feed entry skipped: {err}", "feed")
            found = [e.url for e in feed.entries]
        elif kind == SITEMAP:
            sitemap = parse_sitemap(body, url, cms=outlet.cms)
            if not sitemap.ok:
                self.session.error(outlet.id, url, "unreadable sitemap: " + "; ".join(sitemap.errors[:3]), "sitemap")
            else:
                for err in sitemap.errors[:20]:
                    self.session.error(outlet.id, url, f"sitemap entry skipped: {err}", "sitemap")
            for child in sitemap.sitemaps:
                if self._own(outlet, child.url):
                    yield self._request(outlet, child.url, SITEMAP, via=url)
            found = [e.url for e in sitemap.urls]
        elif kind == ROBOTS:
            for sm in sitemaps_from_robots(body, url):
                if self._own(outlet, sm):
                    yield self._request(outlet, sm, SITEMAP, via=url)
        else:  # LIST or HOME
            base_type = ctype.split(";", 1)[0].strip().lower()
            if base_type and base_type not in HTML_TYPES:
                self.session.error(outlet.id, url, f"non-HTML list page ({base_type})", "content_type")
                return
            listing = parse_listing(body, url, outlet.cms, content_type=ctype or None)
            for err in listing.errors[:5]:
                self.session.error(outlet.id, url, f"list page: {err}", "list")
            found = listing.articles
            if kind == LIST:
                yield from self._next_page(response, outlet, info, listing)
            yield from self._other_lists(response, outlet, listing)
        yield from self._schedule_articles(outlet, found, via=url)

    def _next_page(self, response: Response, outlet: OutletView, info: dict, listing) -> Iterable[Request]:
        page = int(info.get("page") or 1)
        own = [u for u in listing.articles if self._own(outlet, u)]
        if not own:
            return
        if all(self._is_known(canonicalize(u, outlet.cms)) for u in own):
            logger.debug("paging of %s stops at page %d: only known articles", info.get("template"), page)
            return
        if page >= self.list_max_pages:
            return
        nxt = listing.next_page
        if not nxt and not listing.pages and len(own) >= 10 and "{page}" in (info.get("template") or ""):
            # No pagination links recognised on a full page: try the configured URL's next page.
            nxt = info["template"].replace("{page}", str(page + 1))
        if nxt and nxt != response.url:
            yield self._request(outlet, nxt, LIST, via=response.url, template=info.get("template"), page=page + 1)

    def _other_lists(self, response: Response, outlet: OutletView, listing) -> Iterable[Request]:
        """First pages of other lists linked from this page (e.g. the section menu), once per run.

        Only ``listing.other_lists``: this list's own page links (``listing.pages``; for the F2
        family those live on another path) are left to `_next_page` and its stop rule. Lists the
        registry already seeds are skipped (their first page is requested anyway).
        """
        for url in [*listing.other_lists, *_other_boards(listing, response.url)]:
            if not self._own(outlet, url) or not is_list_url(url, outlet.cms):
                continue
            key = _list_key(url, outlet.cms)
            if key in self._lists_seen:
                continue
            self._lists_seen.add(key)
            yield self._request(outlet, url, LIST, via=response.url, page=1)

    def _schedule_articles(self, outlet: OutletView, urls: list[str], *, via: str) -> Iterable[Request]:
        fresh: list[tuple[str, str]] = []
        for url in urls:
            if not self._own(outlet, url) or not is_article_url(url, outlet.cms):
                continue
            key = canonicalize(url, outlet.cms)
            if key in self._scheduled or self._is_known(key):
                continue
            fresh.append((url, via))
        # Pending first: a run killed after this point still fetches them next time.
        self.session.state.add_pending(outlet.id, fresh)
        for url, v in fresh:
            req = self._article_request(outlet, url, via=v)
            if req is not None:
                yield req

    def _recheck(self, outlet: OutletView) -> Iterable[Request]:
        """The outlet changed: re-request its young articles conditionally to catch edits."""
        if outlet.id in self._rechecked or self.recheck_window <= timedelta(0):
            return
        self._rechecked.add(outlet.id)
        self.session.state.set_flag(outlet.id, RECHECK)  # cleared when the run finishes
        since = datetime.now(UTC) - self.recheck_window
        for prior in self.session.state.recheck_candidates(outlet.id, since):
            if prior.first_seen and prior.first_seen >= self.session.started_at:
                continue
            req = self._article_request(outlet, prior.url, via=None, recheck=True)
            if req is not None:
                yield req

    def _remember_discovery(self, response: Response, outlet: OutletView, info: dict) -> None:
        capture = response.meta.get(CAPTURE_META)
        if info["kind"] == ROBOTS or capture is None:
            return
        prior = self.session.state.get(info["key"])
        self.session.state.record_fetch(UrlState.from_capture(info["key"], outlet.id, info["kind"], capture, prior))

    # -- errors -------------------------------------------------------------------------------

    def request_dropped(self, request: Request, spider=None) -> None:
        """The scheduler refused a request (duplicate). After redirects that means a loop."""
        hops = request.meta.get("redirect_urls") or []
        info = request.meta.get(CRAWL_META) or {}
        if hops and request.url in hops:
            self.session.error(
                info.get("outlet"), hops[0], f"redirect loop: {' -> '.join([*hops, request.url])}", "redirect"
            )
            if info.get("kind") == ARTICLE:
                self.session.state.failed_pending(info.get("key", hops[0]), MAX_PENDING_ATTEMPTS)

    def on_error(self, failure) -> None:
        request = failure.request
        info = request.meta.get(CRAWL_META) or {}
        oid = info.get("outlet")
        exc = failure.value
        if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc).lower():
            rep = self.session.report(oid)
            if rep is not None:
                rep.robots_disallowed += 1
            self.crawler.stats.inc_value("newsarchive/robots_disallowed")
            # A note, not a failure: the outlet asked us not to fetch this URL.
            self.session.error(oid, request.url, "disallowed by robots.txt; not fetched", "robots")
            if info.get("kind") == ARTICLE:
                self.session.state.drop_pending(info.get("key", request.url))
            return
        if isinstance(exc, HttpError):
            status = exc.response.status
            message = f"HTTP {status}"
            if info.get("kind") == LIST and int(info.get("page") or 1) > 1 and status == 404:
                return  # a guessed next page that does not exist: the list simply ended
        else:
            status = None
            message = f"{type(exc).__name__}: {exc}".strip()
        self.session.error(oid, request.url, message, info.get("kind", ""))
        if info.get("kind") != ARTICLE:
            return
        key = info.get("key", request.url)
        if status is not None and 400 <= status < 500:
            # Gone or forbidden: known (so not rediscovered every run) and not pending.
            self.session.state.record_fetch(UrlState(url=key, outlet=oid, kind=ARTICLE, status=status))
        elif not info.get("recheck"):
            self.session.state.failed_pending(key, MAX_PENDING_ATTEMPTS)
