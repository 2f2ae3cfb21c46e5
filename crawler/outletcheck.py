"""Live checks of registry outlets (`outlets check`); the polite fetcher `outlets add` shares.

The registry was compiled from desk research and never checked live; these functions are how it
gets verified once a machine is online. Plain urllib (no Scrapy): a few polite, sequential
requests per outlet with an honest User-Agent, timeouts and a size cap. Every problem becomes a
failed ``Step`` in the report, never an exception.
"""

from __future__ import annotations

import http.client
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from protego import Protego

from archive.capture import Capture
from archive.urls import detect_family_from_html, is_article_url
from crawler.discovery import (
    parse_feed,
    parse_listing,
    parse_robots,
    parse_sitemap,
)
from crawler.registry import Outlet

logger = logging.getLogger(__name__)

MAX_BODY = 10 * 1024 * 1024
DEFAULT_TIMEOUT = 15.0
ROBOTS_AGENT = "newsarchive"  # the crawler's ROBOTSTXT_USER_AGENT
DEFAULT_DELAY = 1.0  # seconds between two requests of one check (politeness toward the outlet)


def default_user_agent() -> str:
    """The crawler's honest UA (crawler.settings), with NEWSARCHIVE_CONTACT_URL overriding the contact."""
    contact = os.environ.get("NEWSARCHIVE_CONTACT_URL")
    try:
        from crawler import settings

        contact = contact or settings.NEWSARCHIVE_CONTACT_URL
    except (ImportError, AttributeError):
        contact = contact or "https://github.com/newsarchive/newsarchive#operators"
    return f"newsarchive/0.1 (outlet check; +{contact})"


def _http_only_opener() -> urllib.request.OpenerDirector:
    """An opener with HTTP(S) handlers only: a redirect to ftp:// or file:// fails instead of fetching."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.UnknownHandler, urllib.request.HTTPHandler, urllib.request.HTTPSHandler,
                    urllib.request.HTTPDefaultErrorHandler, urllib.request.HTTPRedirectHandler,
                    urllib.request.HTTPErrorProcessor):
        opener.add_handler(handler())
    return opener


_OPENER = _http_only_opener()


@dataclass
class Fetched:
    url: str
    status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    body: bytes = b""
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    def describe(self) -> str:
        if self.error:
            return self.error
        moved = f" → {self.final_url}" if self.final_url and self.final_url != self.url else ""
        return f"HTTP {self.status}{moved}, {len(self.body):,} bytes, {self.seconds:.1f}s"


Fetcher = Callable[[str], Fetched]


class HttpFetcher:
    """Sequential GETs with a timeout, a body cap and a pause between requests."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, delay: float = DEFAULT_DELAY,
                 user_agent: str | None = None, max_bytes: int = MAX_BODY) -> None:
        self.timeout = timeout
        self.delay = delay
        self.user_agent = user_agent or default_user_agent()
        self.max_bytes = max_bytes
        self._last = 0.0

    def __call__(self, url: str) -> Fetched:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        started = time.monotonic()
        result = Fetched(url)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "*/*"})
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                result.status = response.status
                result.final_url = response.geturl()
                result.content_type = response.headers.get("Content-Type")
                result.body, complete = self._read(response, started)
                missing = getattr(response, "length", None)  # bytes still owed per Content-Length
                if not complete:
                    result.error = f"body took longer than {self.timeout * 4:g}s"
                elif missing and len(result.body) <= self.max_bytes:
                    result.error = f"truncated body: connection closed {missing:,} bytes short of Content-Length"
                encoding = response.headers.get("Content-Encoding")
                if encoding and encoding.strip().lower() not in ("", "identity"):
                    # we never ask for compression, but some servers send it anyway
                    result.body = Capture(url, 200, headers=(("Content-Encoding", encoding),),
                                          body=result.body).decoded_body()[: self.max_bytes + 1]
        except urllib.error.HTTPError as exc:
            result.status = exc.code
            result.final_url = exc.geturl()
            result.content_type = exc.headers.get("Content-Type") if exc.headers else None
            result.error = " ".join(f"HTTP {exc.code} {exc.reason}".split())  # one line (redirect loops)
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            result.error = " ".join(f"fetch failed: {reason}".split())
        finally:
            result.seconds = time.monotonic() - started
            self._last = time.monotonic()
        if len(result.body) > self.max_bytes:
            result.body = result.body[: self.max_bytes]
            result.error = f"body larger than {self.max_bytes:,} bytes"
        return result

    def _read(self, response, started: float) -> tuple[bytes, bool]:
        """Up to max_bytes + 1; (body, False) after 4× the timeout in total (slow-drip servers)."""
        chunks, size = [], 0
        while size <= self.max_bytes:
            if time.monotonic() - started > self.timeout * 4:
                return b"".join(chunks), False
            chunk = response.read(min(65536, self.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), True


@dataclass
class Step:
    name: str  # homepage, family, feed, sitemap, list, article
    ok: bool
    detail: str
    url: str | None = None


@dataclass
class OutletReport:
    outlet_id: str
    name: str
    expected_cms: str
    found_cms: str | None = None
    steps: list[Step] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(s.ok for s in self.steps)

    @property
    def errors(self) -> list[str]:
        return [f"{s.name}: {s.detail}" + (f" ({s.url})" if s.url else "") for s in self.steps if not s.ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.outlet_id,
            "name": self.name,
            "ok": self.ok,
            "expected_cms": self.expected_cms,
            "found_cms": self.found_cms,
            "steps": [s.__dict__ for s in self.steps],
            "errors": self.errors,
        }


def detect_family(data: bytes, url: str | None, content_type: str | None = None) -> str:
    """The page's CMS family: archive.extract's detector when it exists, else URL-module fingerprints."""
    try:
        from archive.extract.page import Page
        from archive.extract.registry import detect_family as extract_detect  # type: ignore[import-not-found]

        found = extract_detect(Page.from_bytes(data, url, content_type))
        name = found if isinstance(found, str) else getattr(found, "NAME", None) or getattr(found, "name", None)
        if isinstance(name, str) and name and name != "generic":
            return name
    except Exception as exc:  # noqa: BLE001 - fall back to our own fingerprints
        logger.debug("archive.extract detect_family unavailable: %s", exc)
    # The extractor's detector is tuned for article pages; a homepage is recognised by the
    # family URL shapes it links to (archive.urls fingerprints).
    return detect_family_from_html(page_text(data, content_type), url)[0]


def page_text(data: bytes, content_type: str | None = None) -> str:
    try:
        from archive.extract.decode import decode_html

        return decode_html(data, content_type)[0]
    except ImportError:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp949", errors="replace")


def extract_article(data: bytes, url: str, content_type: str | None, overrides: dict | None) -> dict | None:
    """``archive.extract.extract`` as a dict, or None when extraction is not available yet."""
    try:
        from archive.extract import extract  # type: ignore[attr-defined]
    except ImportError:
        return None
    return extract(data, url, content_type=content_type, overrides=overrides or None).to_dict()


def check_outlet(outlet: Outlet, fetch: Fetcher) -> OutletReport:
    """Fetch homepage, feeds, sitemaps, one list page and one article; report each step."""
    report = OutletReport(outlet.id, outlet.name, outlet.cms)
    home = fetch(outlet.homepage)
    report.steps.append(Step("homepage", home.ok, home.describe(), outlet.homepage))
    if home.ok:
        found = detect_family(home.body, home.final_url or outlet.homepage, home.content_type)
        report.found_cms = found
        same = found == outlet.cms
        detail = f"found {found}, registry says {outlet.cms}"
        if not same and outlet.cms == "generic":
            detail += " (consider setting cms)"
        report.steps.append(Step("family", same or outlet.cms == "generic", detail))
        report.steps.append(_check_robots(outlet, fetch))
    candidates: list[str] = []
    for feed_url in outlet.feeds:
        got = fetch(feed_url)
        if not got.ok:
            report.steps.append(Step("feed", False, got.describe(), feed_url))
            continue
        feed = parse_feed(got.body, got.final_url or feed_url, cms=outlet.cms)
        newest = max((e.published for e in feed.entries if e.published), default=None)
        detail = f"{feed.kind or 'unreadable'}: {len(feed.entries)} entries"
        detail += f", newest {newest.isoformat()}" if newest else ""
        detail += f", {len(feed.errors)} problem(s): {feed.errors[0]}" if feed.errors else ""
        if feed.ok and not feed.entries:
            detail += " (empty)"
        report.steps.append(Step("feed", feed.ok, detail, feed_url))
        candidates += [e.url for e in feed.entries]
    for sitemap_url in outlet.sitemaps:
        got = fetch(sitemap_url)
        if not got.ok:
            report.steps.append(Step("sitemap", False, got.describe(), sitemap_url))
            continue
        sm = parse_sitemap(got.body, got.final_url or sitemap_url, cms=outlet.cms)
        detail = f"{sm.kind or 'unreadable'}: {len(sm.urls)} URLs, {len(sm.sitemaps)} child sitemaps"
        detail += f", {len(sm.errors)} problem(s): {sm.errors[0]}" if sm.errors else ""
        report.steps.append(Step("sitemap", sm.ok and bool(sm.urls or sm.sitemaps), detail, sitemap_url))
        candidates += [e.url for e in sm.urls]
    list_url = outlet.start_lists[0]
    got = home if list_url == outlet.homepage and home.ok else fetch(list_url)
    if got.ok:
        listing = parse_listing(got.body, got.final_url or list_url, outlet.cms, content_type=got.content_type)
        detail = f"{len(listing.articles)} article links, next page: {listing.next_page or 'none'}"
        report.steps.append(Step("list", bool(listing.articles), detail, list_url))
        candidates += listing.articles
    else:
        report.steps.append(Step("list", False, got.describe(), list_url))
    report.steps.append(_check_article(outlet, candidates, fetch))
    return report


def _check_robots(outlet: Outlet, fetch: Fetcher) -> Step:
    """robots.txt: Crawl-delay, advertised sitemaps missing from the registry, configured URLs it blocks."""
    url = urljoin(outlet.homepage, "/robots.txt")
    got = fetch(url)
    if got.status is not None and 400 <= got.status < 500:
        return Step("robots", True, f"none (HTTP {got.status}): everything allowed", url)
    if not got.ok:
        return Step("robots", False, got.describe(), url)
    info = parse_robots(got.body, got.final_url or url, ROBOTS_AGENT)
    try:
        rules = Protego.parse(got.body[:512 * 1024].decode("utf-8", errors="replace"))
        blocked = [u for u in (outlet.homepage, *outlet.feeds, *outlet.sitemaps, *outlet.start_lists)
                   if not rules.can_fetch(u, ROBOTS_AGENT)]
    except Exception as exc:  # noqa: BLE001 - protego on garbage
        return Step("robots", False, f"unreadable: {exc}", url)
    parts = [f"crawl-delay {info.crawl_delay:g}s" if info.crawl_delay else "no crawl-delay"]
    parts.append(f"{len(info.sitemaps)} sitemap(s) advertised")
    unlisted = [s for s in info.sitemaps if s not in outlet.sitemaps]
    if unlisted:
        parts.append(f"not in the registry: {', '.join(unlisted[:3])}")
    if blocked:
        parts.append(f"disallows configured URL(s): {', '.join(blocked[:3])}")
    return Step("robots", not blocked, "; ".join(parts), url)


def _check_article(outlet: Outlet, candidates: list[str], fetch: Fetcher) -> Step:
    url = next((u for u in candidates if is_article_url(u, outlet.cms)), None)
    if url is None:
        return Step("article", False, "no article URL discovered")
    got = fetch(url)
    if not got.ok:
        return Step("article", False, got.describe(), url)
    try:
        overrides = dict(outlet.overrides)
        if outlet.cms != "generic":
            overrides["cms"] = outlet.cms  # extract as the crawl will: with the outlet's family as hint
        article = extract_article(got.body, got.final_url or url, got.content_type, overrides)
    except Exception as exc:  # noqa: BLE001 - an extractor crash is this outlet's problem
        return Step("article", False, f"extraction crashed: {exc!r}", url)
    if article is None:
        return Step("article", True, f"{got.describe()} (archive.extract not available: not extracted)", url)
    ok = bool(article.get("is_article") and article.get("title") and article.get("body"))
    detail = (
        f"{article.get('cms')}: {str(article.get('title'))[:50]!r}, {len(article.get('body') or '')} chars, "
        f"published {article.get('published') or '?'}, authors {article.get('authors') or '?'}"
    )
    if article.get("warnings"):
        detail += f"; warnings: {'; '.join(article['warnings'][:3])}"
    return Step("article", ok, detail, url)


def check_outlets(outlets: list[Outlet], make_fetcher: Callable[[], Fetcher], *, jobs: int = 1,
                  progress: Callable[[OutletReport], None] | None = None) -> list[OutletReport]:
    """Check outlets, up to ``jobs`` hosts at a time. Outlets sharing a host run one after the other
    with one fetcher (its pause between requests), so politeness is per host. Reports come back in
    registry order; ``progress`` sees them as each host's outlets finish."""
    groups: dict[str, list[int]] = {}
    for i, outlet in enumerate(outlets):
        groups.setdefault(outlet.host, []).append(i)
    done: dict[int, OutletReport] = {}

    def run(indexes: list[int]) -> list[int]:
        fetch = make_fetcher()
        for i in indexes:
            done[i] = check_outlet(outlets[i], fetch)
        return indexes

    with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="outlet-check") as pool:
        for future in as_completed([pool.submit(run, indexes) for indexes in groups.values()]):
            for i in future.result():
                if progress:
                    progress(done[i])
    return [done[i] for i in range(len(outlets))]
