"""RSS 2.0 / RSS 1.0 (RDF) / Atom / JSON Feed bytes → article entries; feed links in HTML heads.

A broken entry (no usable link) is skipped and reported in ``errors``; the rest still count.
Entry URLs are canonicalised (``archive.urls.canonicalize``) so they match list-page links.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from archive.urls import canonicalize
from crawler.discovery._xml import (
    InputTooLarge,
    child_text,
    local,
    maybe_gunzip,
    parse_date,
    parse_fragment,
    parse_html,
    parse_xml,
    resolve,
)

logger = logging.getLogger(__name__)

MAX_ENTRIES = 10_000
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")


@dataclass(frozen=True)
class FeedEntry:
    url: str  # canonical URL
    title: str | None = None
    published: datetime | None = None  # aware, in KST
    link: str | None = None  # the link as the feed gave it (absolute)


@dataclass
class FeedResult:
    kind: str | None = None  # "rss", "rdf", "atom", "json" or None when unreadable
    title: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.kind is not None


def parse_feed(data: bytes, base_url: str | None = None, *, cms: str | None = None) -> FeedResult:
    """Parse a feed body (gzip allowed). Never raises on bad input; see ``errors``."""
    result = FeedResult()
    try:
        data = maybe_gunzip(data)
    except (InputTooLarge, ValueError) as exc:
        result.errors.append(str(exc))
        return result
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _json_feed(data, base_url, cms, result)
    root, errors = parse_xml(data)
    result.errors.extend(errors)
    if root is None:
        return result
    kind = local(root.tag)
    if kind == "rss":
        result.kind = "rss"
        channel = next((c for c in root if local(c.tag) == "channel"), root)
        result.title = child_text(channel, "title")
        items = [c for c in channel if local(c.tag) == "item"]
    elif kind == "rdf":
        result.kind = "rdf"
        channel = next((c for c in root if local(c.tag) == "channel"), None)
        result.title = child_text(channel, "title") if channel is not None else None
        items = [c for c in root if local(c.tag) == "item"]
    elif kind == "feed":
        result.kind = "atom"
        result.title = child_text(root, "title")
        items = [c for c in root if local(c.tag) == "entry"]
    else:
        result.errors.append(f"not a feed: root element <{kind or '?'}>")
        return result
    tag = b"entry" if result.kind == "atom" else b"item"
    chunks = re.findall(rb"<(?:\w+:)?%s[\s>].*?</(?:\w+:)?%s\s*>" % (tag, tag), data, re.DOTALL)
    if errors and len(chunks) > len(items):
        # Recovery lost entries (e.g. raw HTML inside one item): read each entry on its own.
        result.errors.append(f"read {len(chunks)} entries one by one after damage")
        items = [parse_fragment(c) for c in chunks]
    seen: set[str] = set()
    for n, item in enumerate(items[:MAX_ENTRIES], 1):
        if item is None:
            result.errors.append(f"entry {n} skipped: unreadable")
            continue
        entry = _atom_entry(item, base_url, cms) if result.kind == "atom" else _rss_item(item, base_url, cms)
        if entry is None:
            title = child_text(item, "title")
            result.errors.append(f"entry {n} skipped: no usable link" + (f" ({title[:60]!r})" if title else ""))
            continue
        if entry.url not in seen:
            seen.add(entry.url)
            result.entries.append(entry)
    if len(items) > MAX_ENTRIES:
        result.errors.append(f"{len(items) - MAX_ENTRIES} entries beyond {MAX_ENTRIES} ignored")
    return result


def _deep_text(item: etree._Element, name: str) -> str | None:
    """Text of a descendant ``name`` (damage recovery can nest <link> inside an unclosed <title>)."""
    for el in item.iter():
        if el is not item and local(el.tag) == name and (el.text or "").strip():
            return el.text.strip()
    return None


def _title(item: etree._Element) -> str | None:
    for child in item:
        if local(child.tag) == "title":
            skip = {"link", "guid", "pubdate", "description"}
            parts = [child.text or ""]
            for el in child.iterdescendants():
                if local(el.tag) not in skip:
                    parts.append(el.text or "")
                parts.append(el.tail or "")
            return _clean("".join(parts))
    return None


def _json_feed(data: bytes, base_url: str | None, cms: str | None, result: FeedResult) -> FeedResult:
    """JSON Feed 1.x (https://jsonfeed.org/version/1.1): items[].url, title, date_published."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        result.errors.append(f"unreadable JSON feed: {exc}")
        return result
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        result.errors.append("not a JSON feed: no items list")
        return result
    result.kind = "json"
    result.title = _clean(doc["title"]) if isinstance(doc.get("title"), str) else None
    seen: set[str] = set()
    for n, item in enumerate(doc["items"][:MAX_ENTRIES], 1):
        item = item if isinstance(item, dict) else {}
        ident = item.get("id")
        candidates = [item.get("url"), item.get("external_url"), resolve(ident, None) if isinstance(ident, str) else None]
        link = next((resolve(v, base_url) for v in candidates if isinstance(v, str) and resolve(v, base_url)), None)
        if link is None:
            result.errors.append(f"entry {n} skipped: no usable link")
            continue
        title = _clean(item["title"]) if isinstance(item.get("title"), str) else None
        date = item.get("date_published") or item.get("date_modified")
        entry = FeedEntry(canonicalize(link, cms), title, parse_date(date if isinstance(date, str) else None), link)
        if entry.url not in seen:
            seen.add(entry.url)
            result.entries.append(entry)
    return result


def _rss_item(item: etree._Element, base_url: str | None, cms: str | None) -> FeedEntry | None:
    link = resolve(child_text(item, "link") or _deep_text(item, "link"), base_url)
    if link is None:
        guid = next((c for c in item if local(c.tag) == "guid"), None)
        if guid is not None and (guid.get("isPermaLink", "true").lower() != "false"):
            link = resolve((guid.text or "").strip(), base_url)
    if link is None:
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        link = resolve(about, base_url)
    if link is None:
        return None
    published = parse_date(
        child_text(item, "pubDate", "date", "published", "issued", "updated") or _deep_text(item, "pubdate")
    )
    return FeedEntry(canonicalize(link, cms), _title(item), published, link)


def _atom_entry(entry: etree._Element, base_url: str | None, cms: str | None) -> FeedEntry | None:
    best: str | None = None
    for child in entry:
        if local(child.tag) != "link":
            continue
        rel = (child.get("rel") or "alternate").lower()
        href = resolve(child.get("href"), base_url)
        if href and rel == "alternate":
            best = href
            break
        if href and best is None and rel not in ("self", "edit", "enclosure", "replies"):
            best = href
    if best is None:
        return None
    published = parse_date(child_text(entry, "published", "issued", "updated", "modified"))
    return FeedEntry(canonicalize(best, cms), _clean(child_text(entry, "title")), published, best)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.split()) or None


def find_feed_links(html: str | bytes, base_url: str) -> list[str]:
    """Feed URLs announced by ``<link rel="alternate" type="application/rss+xml">`` (absolute)."""
    doc = parse_html(html)
    if doc is None:
        return []
    found: list[str] = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        ctype = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rel and ctype in FEED_TYPES:
            url = resolve(link.get("href"), base_url)
            if url and url not in found:
                found.append(url)
    return found
