"""Parse a page once: decoded text, lxml tree, ``<meta>`` values and JSON-LD objects.

Every extraction layer (structured data, CMS family, generic fallback) reads the same ``Page``,
so a page is decoded and parsed exactly once.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from lxml.cssselect import CSSSelector

from .decode import decode_checked

log = logging.getLogger(__name__)

MAX_PARSE_CHARS = 8_000_000  # a larger page is cut (with a warning) so extraction stays bounded
_PHP_BLOCK = re.compile(r"^\s*<\?php.*?\?>", re.S)
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>")
_LOCAL = threading.local()  # one parser per thread: lxml parser objects must not be shared
#: An http(s) URL with a host, no fragment, params or empty query, no whitespace: ``urljoin`` gives
#: it back unchanged (another scheme than the base's: as is; the same: split and joined again).
_PLAIN_ABSOLUTE = re.compile(r"https?://[^/?#;\s][^?#;\s]*(?:\?[^#;\s]+)?")
#: A root-relative href (``/news/photo/1.jpg``: most image sources) with no fragment, params, empty
#: query or whitespace; with no ``.``/``..`` segment either, ``urljoin`` puts the base's origin
#: (lower-case http(s) scheme and an ASCII host, as ``_BASE_ORIGIN`` finds it) before it unchanged.
_ROOT_PATH = re.compile(r"/(?!/)[^?#;\s]*(?:\?[^#;\s]+)?")
_BASE_ORIGIN = re.compile(r"https?://[A-Za-z0-9._~%!$&'()*+,;=:@-]+(?=[/?#]|\Z)")


def _parser() -> etree.HTMLParser:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                                                   default_doctype=False)
    return parser


def _bytes_parser() -> etree.HTMLParser:
    """The same parser for UTF-8 bytes (parsing the page's own bytes skips lxml's str conversion)."""
    parser = getattr(_LOCAL, "bytes_parser", None)
    if parser is None:
        parser = _LOCAL.bytes_parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True,
                                                         default_doctype=False, encoding="utf-8")
    return parser


def clean_text(text: str | None) -> str:
    """Collapse whitespace (including NBSP and zero-width spaces) to single spaces."""
    if not text:
        return ""
    # str.split() splits on exactly the characters regex \s matches (str.isspace), ~4x faster.
    return " ".join(text.replace("\u200b", "").replace("\ufeff", "").split())


@lru_cache(maxsize=512)
def css(selector: str) -> CSSSelector:
    """Compiled CSS selectors, cached: families and overrides reuse the same few."""
    return CSSSelector(selector)


def text_of(element: Any) -> str:
    """Visible text of an element (scripts and styles excluded), whitespace collapsed."""
    if element is None:
        return ""
    if isinstance(element, str):
        return clean_text(element)
    try:  # scripts/styles were stripped at parse time, so this is the visible text
        return clean_text(etree.tostring(element, method="text", encoding=str, with_tail=False))
    except (ValueError, TypeError):
        return ""


@dataclass
class Page:
    """A decoded and parsed HTML page plus its metadata, shared by every extraction layer."""

    url: str | None
    text: str
    encoding: str
    tree: Any  # lxml etree element (the <html> root), or None when nothing parsed
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    script_count: int = 0
    _head: str | None = None
    _canonical: str | None = None
    _base: str | None = None
    #: ``<link rel=canonical>`` hrefs, ``<head><base>`` hrefs and the first ``<title>``, read in one
    #: walk after parsing (None for a Page not built by ``from_text``: then each is looked up on demand)
    _head_tags: tuple[list[str], list[str], Any] | None = None
    #: id/class -> elements, for simple selectors (``selectors.select``); reset when the tree changes
    select_index: dict | None = None
    #: per-page results of tree walks shared by several extraction steps; reset when the tree changes
    memo: dict = field(default_factory=dict)

    def tree_changed(self) -> None:
        """Forget what was read from the tree (after elements were removed from it)."""
        self.select_index = None
        self.memo.clear()

    @classmethod
    def from_bytes(cls, data: bytes, url: str | None = None, content_type: str | None = None) -> Page:
        text, encoding, utf8 = decode_checked(data, content_type)
        return cls.from_text(text, url, encoding, _utf8=data if utf8 else None)

    @classmethod
    def from_text(cls, text: str, url: str | None = None, encoding: str = "utf-8", *,
                  _utf8: bytes | None = None) -> Page:
        """(``_utf8``: the bytes ``text`` was decoded from, when they are exactly its UTF-8; parsed
        instead of ``text`` as long as nothing below changes the text.)"""
        warnings: list[str] = []
        if len(text) > MAX_PARSE_CHARS:
            warnings.append(f"page is {len(text)} characters; only the first {MAX_PARSE_CHARS} were parsed")
            text = text[:MAX_PARSE_CHARS]
            _utf8 = None
        php = _PHP_BLOCK.match(text)
        if php:
            text = text[php.end():]
            _utf8 = None
        if "\x00" in text:
            text = text.replace("\x00", "")
            _utf8 = None
        tree = _parse(text, _utf8)
        page = cls(url=url, text=text, encoding=encoding, tree=tree, warnings=warnings)
        if tree is not None:
            metas, scripts = [], []
            for element in tree.iter("meta", "script"):  # one walk for what the three readers need
                (metas if element.tag == "meta" else scripts).append(element)
            page.meta = _read_meta(metas)
            page.jsonld = _read_jsonld(scripts)
            page.script_count = len(scripts)
            # Scripts and styles are never article text; dropping them once keeps text_of() a C call.
            etree.strip_elements(tree, "script", "style", "noscript", "template", with_tail=False)
            page._head_tags = _read_head_tags(tree)
        if not page.url:
            page.url = page.meta_first("og:url") or page.canonical_link()
        return page

    def meta_first(self, *names: str) -> str | None:
        """First non-empty value among the named ``<meta>`` (name/property/itemprop) tags."""
        for name in names:
            for value in self.meta.get(name.lower(), ()):
                value = clean_text(value)
                if value:
                    return value
        return None

    @property
    def base_href(self) -> str | None:
        """``<base href>`` (resolved against the page URL), which relative links are relative to."""
        if self._base is None:
            self._base = ""
            if self.tree is not None:
                found = self._head_tags[1] if self._head_tags else self.tree.xpath("//head/base/@href")
                if found and found[0].strip():
                    try:
                        self._base = urljoin(self.url or "", found[0].strip())
                    except ValueError:
                        self._base = ""
        return self._base or None

    def canonical_link(self) -> str | None:
        if self._canonical is None:
            self._canonical = ""
            if self.tree is not None:
                hrefs = self._head_tags[0] if self._head_tags else self.tree.xpath("//link[@rel='canonical']/@href")
                for href in hrefs:
                    if href.strip():
                        self._canonical = self.absolute(href.strip())
                        break
        return self._canonical or None

    def title_element(self) -> Any:
        """The first ``<title>`` element (None without one)."""
        if self._head_tags is not None:
            return self._head_tags[2]
        return self.tree.find(".//title") if self.tree is not None else None

    def absolute(self, href: str) -> str:
        href = href.strip()
        if _PLAIN_ABSOLUTE.fullmatch(href):
            return href  # what urljoin returns for it, whatever the base (~4 us saved, half the calls)
        base = self.base_href or self.url or ""
        if href[:1] == "/" and _ROOT_PATH.fullmatch(href) and "/." not in href.partition("?")[0]:
            origin = _BASE_ORIGIN.match(base)
            if origin is not None:
                return origin.group(0) + href  # what urljoin returns for it (~5 us saved per image)
        try:
            return urljoin(base, href)
        except ValueError:
            return href

    def select(self, selector: str, root: Any = None) -> list:
        """Elements matching a CSS selector (empty list on a bad selector or no tree)."""
        root = self.tree if root is None else root
        if root is None:
            return []
        try:
            return css(selector)(root)
        except Exception:  # noqa: BLE001 - a bad override selector must not fail the page
            log.warning("bad CSS selector %r", selector)
            return []

    def select_first(self, selector: str, root: Any = None) -> Any:
        found = self.select(selector, root)
        return found[0] if found else None

    @property
    def head_text(self) -> str:
        """The raw markup's first 64 KB: where fingerprints (stylesheets, scripts, ids) live."""
        if self._head is None:
            self._head = self.text[:65_536]
        return self._head

    def jsonld_articles(self) -> list[dict]:
        """JSON-LD objects typed as an article (NewsArticle, Article, ReportageNewsArticle...)."""
        found = []
        for obj in self.jsonld:
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                found.append(obj)
        return found


def _parse(text: str, utf8: bytes | None = None) -> Any:
    if not text.strip():
        return None
    if text.startswith("<?xml"):
        # An XHTML prolog (``<?xml version="1.0" encoding="euc-kr"?>``): lxml refuses a str that
        # declares an encoding, and the HTML parser drops the declaration anyway; the bytes already
        # decoded, so it goes (the line break after it stays, keeping source lines).
        text = _XML_DECLARATION.sub("", text, count=1)
        utf8 = None
    try:
        # Plain etree elements (not lxml.html's): no per-element Python class lookup, ~30% faster.
        root = etree.fromstring(utf8, _bytes_parser()) if utf8 is not None else etree.fromstring(text, _parser())
    except (etree.ParserError, ValueError, etree.XMLSyntaxError) as exc:
        log.debug("unparseable page: %s", exc)
        return None
    if root is None or not isinstance(root.tag, str):
        return None
    return root


def _read_meta(elements: list) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for element in elements:
        key = element.get("property") or element.get("name") or element.get("itemprop")
        value = element.get("content")
        if key and value is not None:
            meta.setdefault(key.strip().lower(), []).append(value)
    return meta


def _read_jsonld(scripts: list) -> list[dict]:
    objects: list[dict] = []
    for script in scripts:
        if script.get("type") != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:  # trailing commas / control characters are common; one lenient retry
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        _flatten(data, objects, 0)
    return objects


def _read_head_tags(tree: Any) -> tuple[list[str], list[str], Any]:
    """What ``//link[@rel='canonical']/@href``, ``//head/base/@href`` and ``.//title`` find, in one walk."""
    canonical: list[str] = []
    bases: list[str] = []
    title = None
    for element in tree.iter("link", "base", "title"):
        tag = element.tag
        if tag == "link":
            href = element.get("href")
            if href is not None and element.get("rel") == "canonical":
                canonical.append(href)
        elif tag == "base":
            href = element.get("href")
            parent = element.getparent()
            if href is not None and parent is not None and parent.tag == "head":
                bases.append(href)
        elif title is None and element is not tree:
            title = element
    return canonical, bases, title


def _flatten(data: Any, out: list[dict], depth: int) -> None:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            _flatten(item, out, depth + 1)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], out, depth + 1)
