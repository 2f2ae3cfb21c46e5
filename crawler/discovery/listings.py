"""List/section pages → article links and the next page, per CMS family.

Families page differently: NDSoft ``articleList.html?...&page=N``; the F2 family opens a section
at ``/default/index_sub.php?part_idx=K`` and pages through ``/news/list.php?board_data=<base64
of "startPage=…&…">||``; the F3 family ``section_list_all.html?sec_no=K&page=N``; anything else
by ``rel=next``, a "다음"/"next" link, or a page-number parameter. Article links are kept only on
the listing's own site, canonicalised, in page order.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit

from archive.urls import FAMILIES, canonicalize, family_of_url, is_article_url, is_list_url
from crawler.discovery._xml import InputTooLarge, maybe_gunzip, parse_html, resolve

logger = logging.getLogger(__name__)

MAX_LINKS = 20_000
PAGE_PARAMS = ("page", "p", "pg", "pageno", "page_no", "cpage", "pagenum")
# Parameters that say *which* list a page belongs to; a next-page link must keep them.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "ndsoft": ("sc_section_code", "sc_sub_section_code", "sc_serial_code", "sc_area", "sc_word", "sc_order_by", "sc_code", "act"),
    "article_no": ("sec_no", "name", "user_no"),
    "idx_view": ("part_idx", "sm", "stx"),
}
_NEXT_TEXT = re.compile(r"^\s*(다음(\s*페이지)?|next(\s*page)?|›|>|＞|▶|▷)\s*$", re.IGNORECASE)
_SECOND_LEVEL = {"co", "or", "go", "ne", "re", "pe", "ac", "hs", "ms", "es", "sc", "kg", "mil", "com", "net", "org"}


@dataclass
class Listing:
    url: str
    family: str
    articles: list[str] = field(default_factory=list)  # canonical article URLs, page order, unique
    next_page: str | None = None
    pages: list[str] = field(default_factory=list)  # this list's own pagination links (absolute)
    other_lists: list[str] = field(default_factory=list)  # first pages of other lists/sections linked here
    page: int = 1  # this page's number (F2: offset // page size + 1 when known)
    errors: list[str] = field(default_factory=list)


def _decode(data: bytes, content_type: str | None) -> str:
    try:
        from archive.extract.decode import decode_html
    except ImportError:  # extraction not installed yet: UTF-8, then CP949
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp949", errors="replace")
    return decode_html(data, content_type)[0]


@lru_cache(maxsize=8192)  # a list page's links repeat on every page of an outlet
def _split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _path(url: str) -> str:
    parts = _split(url)
    return (parts.path or "/") if parts else ""


def site_key(url: str) -> str:
    """Which site a URL belongs to: registrable domain (Korean 2nd-level aware), or host:port for IPs."""
    parts = _split(url)
    return _site_of_netloc(parts.netloc.lower()) if parts else ""


@lru_cache(maxsize=4096)
def _site_of_netloc(netloc: str) -> str:
    try:
        parts = urlsplit("//" + netloc)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return ""
    if host == "localhost" or re.fullmatch(r"[\d.]+|[0-9a-f:]+", host):
        return f"{host}:{port or ''}"
    labels = host.split(".")
    n = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-n:])


def _params(url: str) -> dict[str, str]:
    parts = _split(url)
    if parts is None or not parts.query:
        return {}
    return {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True, encoding="latin-1")}


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() and len(value.strip()) < 9 else None


def board_data(url: str) -> dict[str, str] | None:
    """Decode an F2 ``board_data`` parameter (base64 of a query string, ``||``-terminated)."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return None
    for part in query.split("&"):
        name, _, value = part.partition("=")
        if name.lower() != "board_data":
            continue
        raw = unquote(value).split("||")[0].strip().replace(" ", "+")
        raw += "=" * (-len(raw) % 4)
        for decoder in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                text = decoder(raw).decode("utf-8", errors="replace")
            except (binascii.Error, ValueError):
                continue
            fields = {k.lower(): v for k, v in parse_qsl(text, keep_blank_values=True)}
            if fields:
                return fields
    return None


def parse_listing(
    data: bytes | str, url: str, cms: str | None = None, *, content_type: str | None = None
) -> Listing:
    """Article links and pagination of one list page. Never raises on bad input."""
    family = cms or family_of_list(url) or "generic"
    listing = Listing(url=url, family=family)
    try:
        text = data if isinstance(data, str) else _decode(maybe_gunzip(data), content_type)
    except (InputTooLarge, ValueError) as exc:
        listing.errors.append(f"unreadable list page: {exc}")
        return listing
    doc = parse_html(text, url)
    if doc is None:
        listing.errors.append("unreadable list page: no HTML document")
        return listing
    base = url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = resolve(base_el.get("href"), url) or url
    links: list[tuple[str, Any, str]] = []  # (absolute url, element, rel)
    for n, a in enumerate(doc.iter("a", "link")):
        if n >= MAX_LINKS:
            listing.errors.append(f"more than {MAX_LINKS} links; the rest ignored")
            break
        href = resolve(a.get("href"), base)
        if href:
            rel = (a.get("rel") or "").lower()
            if a.tag == "link":
                rel = "<link> " + rel
            links.append((href, a, rel))
    listing.articles = _articles(links, url, cms)
    if not (family == "idx_view" and _paginate_board(listing, links)):
        _paginate_numbers(listing, links)
    listing.other_lists = _other_lists(listing, links)
    return listing


def _other_lists(listing: Listing, links: list[tuple[str, Any, str]]) -> list[str]:
    """Other list/section pages linked here (not this list's own pages), first pages only."""
    own = {canonicalize(u) for u in (listing.url, *listing.pages)}
    site = site_key(listing.url)
    out: list[str] = []
    for href, _el, rel in links:
        if rel.startswith("<link>") or site_key(href) != site or not is_list_url(href, listing.family):
            continue
        if board_data(href) is not None or _params(href).get("page", "1") not in ("", "1"):
            continue  # somebody's page N (F2 board pages are always some list's paging)
        canon = canonicalize(href)
        if canon not in own and href not in out:
            own.add(canon)
            out.append(href)
    return out


def family_of_list(url: str) -> str | None:
    """The family whose list-page shape this URL has."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    target = (parts.path or "/") + ("?" + parts.query if parts.query else "")
    for fam in FAMILIES.values():
        if any(p.search(target) for p in fam.lists):
            return fam.name
    return None


def _articles(links: list[tuple[str, Any, str]], url: str, cms: str | None) -> list[str]:
    site = site_key(url)
    shaped: list[str] = []
    generic: list[str] = []
    for href, _text, rel in links:
        if rel.startswith("<link>") or site_key(href) != site:
            continue
        fam = family_of_url(href)
        if fam is not None and (cms in (None, "generic") or fam == cms):
            shaped.append(canonicalize(href, fam))
        elif is_article_url(href, cms):
            generic.append(canonicalize(href, cms))
    chosen = shaped if shaped else generic
    return list(dict.fromkeys(chosen))


def _same_list(candidate: dict[str, str], current: dict[str, str], family: str) -> bool:
    keys = LIST_KEYS.get(family)
    if keys is None:  # generic: every non-paging parameter must agree
        keys = tuple(k for k in set(current) | set(candidate) if k not in PAGE_PARAMS and k != "total")
    return all(candidate.get(k, "") == current.get(k, "") for k in keys)


def _paginate_numbers(listing: Listing, links: list[tuple[str, Any, str]]) -> None:
    current = _params(listing.url)
    path = _path(listing.url)
    site = site_key(listing.url)
    page_param = next((p for p in PAGE_PARAMS if p in current), None) or _page_param_of(links, path, site)
    listing.page = _int(current.get(page_param)) or 1
    numbered: dict[int, str] = {}
    rel_next: str | None = None
    text_next: str | None = None
    for href, text, rel in links:
        if site_key(href) != site:
            continue
        if "next" in rel.split() and rel_next is None:
            rel_next = href
        if _path(href) != path:
            continue
        params = _params(href)
        number = _int(params.get(page_param))
        if number is None or not _same_list(params, current, listing.family):
            continue
        numbered.setdefault(number, href)
        if href not in listing.pages:
            listing.pages.append(href)
        if number > listing.page and text_next is None and _NEXT_TEXT.match(_text_of(text)):
            text_next = href
    later = sorted(n for n in numbered if n > listing.page)
    if listing.page + 1 in numbered:
        listing.next_page = numbered[listing.page + 1]
    elif rel_next:
        listing.next_page = rel_next
    elif text_next:
        listing.next_page = text_next
    elif later:
        listing.next_page = numbered[later[0]]


def _text_of(el: Any) -> str:
    if getattr(el, "tag", None) != "a":
        return ""
    return " ".join(el.text_content().split())


def _page_param_of(links: list[tuple[str, Any, str]], path: str, site: str) -> str:
    """The paging parameter this site uses, judged from links to the same list path."""
    for href, _text, _rel in links:
        if _path(href) == path and site_key(href) == site:
            params = _params(href)
            for name in PAGE_PARAMS:
                if _int(params.get(name)) is not None:
                    return name
    return "page"


def _paginate_board(listing: Listing, links: list[tuple[str, Any, str]]) -> bool:
    """F2 paging by ``board_data`` offsets; False when the page has no such links."""
    own = board_data(listing.url) or {}
    section = own.get("part_idx") or _params(listing.url).get("part_idx")
    offset = _int(own.get("startpage")) or 0
    site = site_key(listing.url)
    offsets: dict[int, str] = {}
    for href, _text, _rel in links:
        if site_key(href) != site:
            continue
        fields = board_data(href)
        if fields is None:
            continue
        start = _int(fields.get("startpage"))
        if start is None:
            continue
        if section and fields.get("part_idx") not in (None, "", section):
            continue
        offsets.setdefault(start, href)
        if href not in listing.pages:
            listing.pages.append(href)
    if not offsets:
        return False
    later = sorted(o for o in offsets if o > offset)
    if later:
        listing.next_page = offsets[later[0]]
    steps = sorted(set(offsets) | {0})
    size = min((b - a for a, b in zip(steps, steps[1:], strict=False) if b > a), default=0)
    listing.page = offset // size + 1 if size else 1
    return True
