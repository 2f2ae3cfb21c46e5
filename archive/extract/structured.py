"""Layer 1: what the page states about itself in JSON-LD and ``<meta>`` tags.

Machine metadata is exact where present (dates with zone, canonical URL) but often polluted
(``og:title`` with a site suffix, ``dable:author`` with e-mail and title, ``article:author`` as a
Facebook URL), so every value here is a *candidate* the later layers compare with visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .bylines import parse_byline
from .dates import parse_iso
from .page import Page, clean_text, text_of

_SECTION_CODE = re.compile(r"^S\dN\d+$")
_TITLE_SUFFIX = re.compile(r"\s*(?:[|ㅣ:｜<\-–—]\s*|\s#)[^|ㅣ:｜<\-–—#]{1,40}$")
_TRAILING_SEPARATORS = re.compile(r"[\s|ㅣ:｜<\-–—#]+$")


@dataclass
class Structured:
    titles: list[str] = field(default_factory=list)
    subtitle: str | None = None
    claimed_title: str | None = None  # JSON-LD headline / og:title (not the <title>, often just the site name)
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)  # from JSON-LD Person names
    meta_authors: list[str] = field(default_factory=list)  # from <meta> bylines (dable:author...)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None
    image: str | None = None
    og_type: str | None = None
    is_news_article: bool = False


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return parse_byline(value)
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for item in value for n in _names(item)]
    return []


_SECTION_SUFFIX = re.compile(
    r"\s*[-|ㅣ:｜]\s*(?:정치|경제|사회|국제|세계|문화|스포츠|연예|오피니언|사설|칼럼|IT|과학|생활|라이프|지역|전국|산업|"
    r"금융|부동산|증권|건강|교육|여행|포토|영상|종합|뉴스)(?:\s*[>·/]\s*[^|ㅣ\-]{1,10})?$"
)


def strip_site_suffix(title: str, site_name: str | None = None) -> str:
    """``기사 제목 - 매일경제`` / ``기사 제목-정치ㅣ한국일보`` -> ``기사 제목``."""
    stripped = _strip_site(clean_text(title), site_name)
    without_section = _SECTION_SUFFIX.sub("", stripped)
    return without_section if len(without_section) >= 8 else stripped


def _strip_site(title: str, site_name: str | None) -> str:
    if site_name and title.endswith(site_name) and len(title) > len(site_name) + 5:
        return _TRAILING_SEPARATORS.sub("", title[: -len(site_name)]).strip() or title
    match = _TITLE_SUFFIX.search(title)
    if match and len(title) - len(match.group(0)) >= 8:
        tail = match.group(0)
        if site_name and site_name not in tail and len(tail) > 20:
            return title
        return title[: match.start()].strip()
    return title


def read_structured(page: Page) -> Structured:
    out = Structured()
    articles = page.jsonld_articles()
    out.is_news_article = bool(articles)
    out.site_name = page.meta_first("og:site_name", "twitter:site")
    for obj in articles:
        if isinstance(obj.get("headline"), str) and obj["headline"].strip():
            out.titles.append(clean_text(obj["headline"]))
        out.authors.extend(n for n in _names(obj.get("author")) if n not in out.authors)
        if not out.subtitle and isinstance(obj.get("alternativeHeadline"), str):
            out.subtitle = clean_text(obj["alternativeHeadline"]) or None
        out.published = out.published or parse_iso(_first_str(obj.get("datePublished")))
        out.modified = out.modified or parse_iso(_first_str(obj.get("dateModified")))
        section = obj.get("articleSection")
        out.section = out.section or (clean_text(section[0] if isinstance(section, list) and section else
                                                 section if isinstance(section, str) else "") or None)
        if not out.site_name and isinstance(obj.get("publisher"), dict):
            out.site_name = _first_str(obj["publisher"].get("name"))
    for key in ("og:title", "twitter:title", "dable:title", "title"):
        value = page.meta_first(key)
        if value:
            out.titles.append(value)
    # A "headline" that is just the site's name (misfilled JSON-LD / og:title) claims nothing.
    out.titles = [t for t in out.titles if not out.site_name or clean_text(t) != clean_text(out.site_name)]
    out.claimed_title = out.titles[0] if out.titles else None
    if page.tree is not None:
        html_title = page.title_element()
        if html_title is not None and text_of(html_title):
            out.titles.append(text_of(html_title))
    for key in ("dable:author", "article:author", "og:article:author", "author", "byl", "sailthru.author"):
        for value in page.meta.get(key, ()):
            for name in parse_byline(value):
                if name not in out.meta_authors and name != out.site_name:
                    out.meta_authors.append(name)
    out.published = out.published or parse_iso(page.meta_first(
        "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
        "article.published", "date", "dc.date.issued"))
    out.modified = out.modified or parse_iso(page.meta_first(
        "article:modified_time", "article:modified", "og:updated_time", "datemodified", "lastmod",
        "article.updated"))
    if not out.section:
        section = page.meta_first("article:section", "og:category", "section")
        out.section = section if section and not _SECTION_CODE.match(section) else None
    out.canonical_url = page.canonical_link() or (page.absolute(page.meta_first("og:url") or "") or None)
    out.description = page.meta_first("og:description", "description", "twitter:description")
    image = page.meta_first("og:image", "twitter:image")
    out.image = page.absolute(image) if image else None
    out.og_type = (page.meta_first("og:type") or "").lower() or None
    out.language = _language(page)
    return out


def _first_str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _language(page: Page) -> str | None:
    if page.tree is not None:
        lang = (page.tree.get("lang") or page.tree.get("xml:lang") or "").strip().lower()
        if lang:
            return lang.split("-")[0].split("_")[0] or None
    locale = page.meta_first("og:locale", "content-language", "language")
    if locale:
        return locale.lower().split("-")[0].split("_")[0]
    return None
