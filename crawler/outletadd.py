"""`outlets add`: draft a registry entry for a new outlet from its live homepage.

Fetch the homepage, detect the CMS family, find feeds (``<link rel="alternate">``, the family's
default path), sitemaps (robots.txt) and a list page, keep only what parses and yields articles,
and render the result as one ``[[outlet]]`` TOML table for a human to review.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from archive.urls import FAMILIES, is_list_url
from crawler.discovery import find_feed_links, parse_feed, parse_listing, parse_sitemap, sitemaps_from_robots
from crawler.discovery._xml import parse_html
from crawler.outletcheck import Fetcher, detect_family, page_text
from crawler.registry import ID_RE


@dataclass
class Proposal:
    entry: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    ok: bool = True


def propose_outlet(url: str, fetch: Fetcher, *, outlet_id: str | None = None, name: str | None = None,
                   region: str = "", city: str = "") -> Proposal:
    """Fetch a homepage, detect its family, find feeds/sitemaps/lists; draft a registry entry."""
    home = fetch(url)
    notes = [f"homepage: {home.describe()}"]
    base = home.final_url or url
    entry: dict[str, Any] = {
        "id": outlet_id or suggest_id(base),
        "name": name or "",
        "region": region,
        "city": city,
        "homepage": base,
        "cms": "generic",
        "feeds": [],
        "sitemaps": [],
        "lists": [],
        "interval_minutes": 60,
        "verified": False,
        "confidence": "U",
        "evidence": "",
    }
    if not home.ok:
        entry["evidence"] = f"outlets add {_today()}: homepage fetch failed ({home.describe()})"
        return Proposal(entry, notes, ok=False)
    html = page_text(home.body, home.content_type)
    family = detect_family(home.body, base, home.content_type)
    entry["cms"] = family
    entry["name"] = name or site_name(html) or ""
    evidence = [f"outlets add {_today()}: homepage fingerprints → {family}"]
    for feed_url in _feed_candidates(html, base, family):
        got = fetch(feed_url)
        feed = parse_feed(got.body, got.final_url or feed_url, cms=family) if got.ok else None
        if feed and feed.entries:
            entry["feeds"].append(feed_url)
            notes.append(f"feed {feed_url}: {len(feed.entries)} entries")
        else:
            notes.append(f"feed {feed_url} not usable: {got.describe() if not got.ok else 'no entries'}")
    robots = fetch(urljoin(base, "/robots.txt"))
    if robots.ok:
        for sitemap_url in sitemaps_from_robots(robots.body, robots.final_url or base):
            got = fetch(sitemap_url)
            sm = parse_sitemap(got.body, got.final_url or sitemap_url, cms=family) if got.ok else None
            if sm and (sm.urls or sm.sitemaps):
                entry["sitemaps"].append(sitemap_url)
                notes.append(f"sitemap {sitemap_url}: {sm.kind}, {len(sm.urls)} URLs, {len(sm.sitemaps)} children")
            else:
                notes.append(f"sitemap {sitemap_url} not usable: {got.describe() if not got.ok else 'empty'}")
    else:
        notes.append(f"robots.txt: {robots.describe()}")
    for list_url in _list_candidates(html, base, family):
        got = fetch(list_url.replace("{page}", "1"))
        listing = parse_listing(got.body, got.final_url or list_url.replace("{page}", "1"), family) if got.ok else None
        if listing and listing.articles:
            entry["lists"].append(list_url)
            notes.append(f"list {list_url}: {len(listing.articles)} articles")
            break
        notes.append(f"list {list_url} not usable")
    if entry["feeds"]:
        evidence.append(f"feeds {len(entry['feeds'])}")
    if entry["sitemaps"]:
        evidence.append(f"sitemaps {len(entry['sitemaps'])}")
    if entry["lists"]:
        evidence.append("list page yields articles")
    found_any = bool(entry["feeds"] or entry["sitemaps"] or entry["lists"])
    entry["confidence"] = "V" if family != "generic" and found_any else "P"
    entry["evidence"] = "; ".join(evidence)
    if not found_any:
        notes.append("no feed, sitemap or list found: the crawler will start from the homepage")
    return Proposal(entry, notes)


def _feed_candidates(html: str, base: str, family: str) -> list[str]:
    found = find_feed_links(html, base)
    fam = FAMILIES.get(family)
    for path in fam.feed_paths if fam else ():
        url = urljoin(base, path)
        if url not in found:
            found.append(url)
    return found[:5]


def _list_candidates(html: str, base: str, family: str) -> list[str]:
    fam = FAMILIES.get(family)
    out = [urljoin(base, p) for p in (fam.list_paths if fam else ())]
    doc = parse_html(html)
    if doc is None:
        return out
    shapes = {
        "article_no": re.compile(r"/news/section_list_all\.html\?"),
        "idx_view": re.compile(r"/default/index_sub\.php\?part_idx=\d+"),
        "ndsoft": re.compile(r"/news/articleList\.html\?"),
    }
    shape = shapes.get(family, _GENERIC_LIST)
    host = urlsplit(base).hostname
    for href in doc.xpath("//a/@href"):
        url = urljoin(base, href.strip())
        if urlsplit(url).hostname != host or not (shape.search(url) or is_list_url(url, family)):
            continue
        if family == "article_no" and "page=" not in url:
            url += "&page={page}"
        if url not in out:
            out.append(url)
        if len(out) >= 3:
            break
    return out


# "all news" / section links of an unknown CMS: /latest, /news, /category/x, /section/x, /list…
_GENERIC_LIST = re.compile(r"/(latest|news|all|category|section|sections|list|lists)(/[\w-]*)?/?(\?|$)|list", re.I)


def site_name(html: str) -> str | None:
    doc = parse_html(html)
    if doc is None:
        return None
    for value in doc.xpath("//meta[@property='og:site_name']/@content"):
        if value.strip():
            return value.strip()
    title = doc.findtext(".//title") or ""
    title = re.split(r"\s+[-|:–]\s+|\s*[|]\s*", title.strip())[0] if title.strip() else ""
    return title or None


def suggest_id(url: str) -> str:
    host = (urlsplit(url).hostname or "outlet").lower()
    for prefix in ("www.", "m.", "news."):
        host = host.removeprefix(prefix)
    candidate = re.sub(r"[^a-z0-9-]+", "-", host.split(".")[0]).strip("-") or "outlet"
    return candidate if ID_RE.match(candidate) else "outlet"


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def entry_to_toml(entry: dict[str, Any]) -> str:
    """One ``[[outlet]]`` table in the registry's style (keys in registry order)."""
    lines = ["[[outlet]]"]
    tables: list[str] = []
    for key, value in entry.items():
        if isinstance(value, dict):
            if value:
                tables.append(_toml_table(f"outlet.{key}", value))
            continue
        if isinstance(value, list) and not value:
            continue
        lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines + tables) + "\n"


def _toml_table(name: str, value: dict[str, Any]) -> str:
    plain = [f"{k} = {_toml_value(v)}" for k, v in value.items() if not isinstance(v, dict)]
    nested = [_toml_table(f"{name}.{k}", v) for k, v in value.items() if isinstance(v, dict)]
    return "\n".join([f"\n[{name}]", *plain, *nested])


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string
