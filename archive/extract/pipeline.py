"""``extract()``: bytes of one page -> ``Article``, through the three layers.

1. structured data (JSON-LD, ``<meta>``), 2. the detected CMS family's skin selectors,
3. generic heuristics for whatever is still missing; per-outlet selector overrides (from the
registry's ``[outlet.overrides] selectors``) sit on top of all three. Never raises on bad input:
problems become ``warnings`` and ``is_article=False``.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree

from .article import Article
from .boilerplate import body_text, collect_images, drop_elements
from .dates import parse_iso
from .families import generic
from .page import Page, text_of
from .registry import BY_NAME, detect_family
from .rsc import rsc_article_html, rsc_dates, rsc_payload
from .selectors import FIELD_KEYS, Fields, apply_skin, merge
from .structured import read_structured, strip_site_suffix

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 150
MIN_SHORT_BODY_CHARS = 20  # a photo story or brief: enough when URL/metadata say "article"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_HANGUL = re.compile(r"[가-힣]")
_URL_PATH = re.compile(r"^[a-z]+://[^/?#]+([^?#]*)(\?[^#]*)?", re.I)


def extract(data: bytes, url: str | None = None, *, content_type: str | None = None,
            overrides: dict | None = None) -> Article:
    """Extract the article from a page's raw bytes (as transmitted, content-encoding removed)."""
    try:
        return _extract(data, url, content_type, overrides or {})
    except RecursionError:
        return Article(url=url, warnings=["page too deeply nested to extract"])
    except Exception as exc:  # noqa: BLE001 - hostile pages must not crash ingest
        log.exception("extraction failed for %s", url)
        return Article(url=url, warnings=[f"extraction failed: {type(exc).__name__}: {exc}"])


def _extract(data: bytes, url: str | None, content_type: str | None, overrides: dict) -> Article:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("extract() takes the page's raw bytes")
    data = bytes(data)
    mime = (content_type or "").split(";", 1)[0].strip().lower()
    if mime and mime not in _HTML_TYPES:
        return Article(url=url, warnings=[f"not an HTML page ({mime})"])
    if not data or data.isspace():  # (data.strip() would copy the whole page to find out)
        return Article(url=url, warnings=["empty page"])
    if _looks_binary(data):
        return Article(url=url, warnings=["binary data, not an HTML page"])
    page = Page.from_bytes(data, url, content_type)
    article = Article(url=url or page.url, warnings=list(page.warnings))
    if page.tree is None:
        article.warnings.append("no HTML could be parsed")
        return article
    structured = read_structured(page)
    hint = overrides.get("cms")
    family = BY_NAME.get(hint) if hint in BY_NAME else None
    family = family or detect_family(page)
    fields = family.extract(page)
    if fields.title and _off_title(fields.title, structured):
        fields.title = None  # the skin hit some other heading (a sidebar box, the logo): let the generic layer choose
        fields.title_el = None
    selectors = _override_selectors(overrides)
    if selectors:
        fields = merge(apply_skin(page, dict(selectors)), fields)
    return _finish(page, article, family.NAME, fields, structured)


def _off_title(title: str, structured: Any) -> bool:
    """A skin's headline that is the site name, or unlike what the page says its title is
    (JSON-LD headline / og:title, else a ``<title>`` that is more than the site name)."""
    if structured.site_name and title == structured.site_name:
        return True
    reference = structured.claimed_title
    if not reference and structured.titles:
        stripped = strip_site_suffix(structured.titles[-1], structured.site_name)
        reference = stripped if stripped != structured.titles[-1] else None  # only a "headline - site" <title>
    return bool(reference) and len(reference) >= 10 and generic.similarity(title, reference) < 0.3


def _override_selectors(overrides: dict) -> dict:
    """Selectors from the registry's ``[outlet.overrides]`` table, its ``selectors`` sub-table, or a
    bare selectors dict (``{"title": ..., "body": ...}``): callers pass any of the three."""
    if not isinstance(overrides, dict):
        return {}
    nested = overrides.get("selectors")
    if isinstance(nested, dict):
        return {k: v for k, v in nested.items() if k in FIELD_KEYS and v}
    return {k: v for k, v in overrides.items() if k in FIELD_KEYS and v}


def _finish(page: Page, article: Article, cms: str, fields: Fields, structured: Any) -> Article:
    article.cms = cms
    article.canonical_url = structured.canonical_url
    article.language = structured.language
    hint = structured.claimed_title or (structured.titles[-1] if structured.titles else None)
    body_el = fields.body_el if fields.body_el is not None else generic.find_body(page, hint)
    if not fields.title:
        fields.title, found_el = generic.find_title(page, structured, body_el)
        fields.title_el = fields.title_el if fields.title_el is not None else found_el
    published, modified = generic.find_dates(page, fields.title_el, body_el, structured)
    article.published = fields.published or published or fields.published_day
    article.modified = fields.modified or (modified if modified != article.published else None)
    if article.modified and article.published and article.modified <= article.published:
        article.modified = None
    article.section = fields.section or generic.find_section(page, fields.title_el) or structured.section
    article.title = fields.title
    article.subtitle = fields.subtitle or structured.subtitle or generic.find_subtitle(page, fields.title_el, body_el)
    paragraphs: list[str] = []
    signatures: list[str] = []
    lead_byline = ""
    if body_el is not None:
        images = collect_images(body_el, page.absolute)
        if fields.drop:
            drop_elements(body_el, fields.drop)
            page.tree_changed()  # removed elements must not be found by later selectors
        # Images were collected before the drop: with none then, none survive it (a subset), so
        # body_text need not collect them again.
        body = body_text(body_el, page.absolute, images=False)
        paragraphs = [p for p in body.paragraphs if p != article.title and p != article.subtitle]
        signatures = body.signatures
        lead_byline = body.lead_byline
        if body.deck and not article.subtitle:
            article.subtitle = "\n".join(d for d in body.deck if d != article.title) or None
        article.images = images
    rsc_used = False
    if _text_chars(paragraphs) < MIN_BODY_CHARS:
        payload = rsc_payload(page.text)
        rsc_html = rsc_article_html(page.text, payload) if payload else None
        if rsc_html:
            rsc_page = Page.from_text(rsc_html, page.url)
            body_el = generic.find_body(rsc_page)
            if body_el is not None:
                paragraphs = body_text(body_el, page.absolute, images=False).paragraphs
                rsc_used = True
            published, modified = rsc_dates(payload or "")
            article.published = article.published or parse_iso(published)
            article.modified = article.modified or parse_iso(modified)
    first = paragraphs[0] if paragraphs else ""
    article.authors = fields.authors or generic.find_authors(page, fields.title_el, body_el, structured, first,
                                                             signatures, lead_byline)
    if not article.images and structured.image:
        article.images = [{"url": structured.image, "caption": ""}]
    article.body = "\n\n".join(paragraphs)
    article.subtitle = _clean_subtitle(article.subtitle, article.title)
    if not article.language and _HANGUL.search(article.body or article.title or ""):
        article.language = "ko"
    article.is_article, reason = _is_article(page, article, structured, body_el, cms)
    if rsc_used:
        article.warnings.append("body read from the Next.js RSC payload (the page renders it with JavaScript)")
    if reason:
        article.warnings.append(reason)
    article.warnings.extend(w for w in page.warnings if w not in article.warnings)
    return article


def _is_article(page: Page, article: Article, structured: Any, body_el: Any, cms: str) -> tuple[bool, str | None]:
    chars = _text_chars(article.body.split("\n\n"))
    family = BY_NAME.get(cms)
    article_url = getattr(family, "ARTICLE_URL", None)
    on_article_url = article_url is not None and any(article_url.search(u) for u in (article.url, page.url) if u)
    short_ok = chars >= MIN_SHORT_BODY_CHARS and article.title and article.published and (
        on_article_url or structured.is_news_article or structured.og_type == "article")
    if chars < MIN_BODY_CHARS and short_ok:
        article.warnings.append(f"short body ({chars} characters): a photo or brief article")
    elif chars < MIN_BODY_CHARS:
        scripts = page.script_count
        visible = len(text_of(page.tree.find("body"))) if page.tree.find("body") is not None else 0
        if scripts >= 5 and visible < 500:
            return False, "no article text in the HTML: the page renders its content with JavaScript"
        return False, f"no article body found ({chars} characters of text)"
    if body_el is not None:
        links = len("".join(_LINK_TEXT(body_el)).strip())
        # No link text (85% of the sample's bodies) is never "mostly links": the body's text is not read.
        if links and links / max(len(text_of(body_el)), 1) > 0.5:
            return False, "looks like a list or index page (mostly links)"
    list_url = getattr(BY_NAME.get(cms), "LIST_URL", None)
    if list_url is not None and any(list_url.search(u) for u in (article.url or "", page.url or "") if u):
        return False, f"{cms} list page, not an article"
    path = _path(article.url or page.url)
    if path in ("", "/", "/index.html", "/index.php", "/main.html") and not structured.is_news_article:
        return False, "homepage, not an article"
    article_signals = (
        structured.is_news_article or structured.og_type == "article" or article.published is not None
        or cms != "generic"
    )
    if not article_signals:
        return False, "no article signals (no date, no article metadata)"
    return True, None


_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False)  # plain strings: no parent proxy per text node


_BULLET = re.compile(r"^\s*(?:[-–—•·▶▷■□◆◇○●※]\s*)+")


def _clean_subtitle(subtitle: str | None, title: str | None) -> str | None:
    """Deck lines without list bullets (``- 부제`` -> ``부제``); None when empty or just the title."""
    if not subtitle:
        return None
    lines = [_BULLET.sub("", line).strip() for line in subtitle.split("\n")]
    text = "\n".join(line for line in lines if line)
    return text if text and text != title else None


def _path(url: str | None) -> str:
    if not url:
        return "?"
    match = _URL_PATH.match(url)
    if not match:
        return "?"
    return (match.group(1) or "/") if not match.group(2) else "?"


def _text_chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


# Every byte but the C0 controls that never occur in text (tab, newlines, form feed are text).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    controls = len(head.translate(None, _NOT_CONTROL))  # C-speed count of the control bytes
    return controls > len(head) * 0.05
