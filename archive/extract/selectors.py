"""Selector-driven field extraction: family skins and per-outlet overrides share this code.

A *skin* is a dict of selectors (CSS, or XPath when it starts with ``/`` or ``./``)::

    {"title": "h3.heading", "subtitle": "h4.subheading", "byline": "ul.infomation li",
     "date": "ul.infomation li", "body": "#article-view-content-div", "section": "...",
     "drop": ["div.tts", ...]}

Each key is optional; what a skin does not find, the generic layer fills in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from .bylines import parse_byline
from .dates import find_labelled, parse_kr_datetime
from .page import Page, css, text_of

FIELD_KEYS = ("title", "subtitle", "byline", "date", "body", "section", "drop")


@dataclass
class Fields:
    """Partial extraction result of one layer; None/empty means "not found here"."""

    title: str | None = None
    title_el: Any = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    body_el: Any = None
    drop: list = field(default_factory=list)  # compiled selectors removed from the body
    skin: str | None = None


@lru_cache(maxsize=512)
def compile_selector(selector: str) -> Any:
    """A callable ``root -> [elements]`` for a CSS or XPath selector (cached)."""
    if selector.startswith(("/", "./", "(")):
        return etree.XPath(selector)
    return css(selector)


def select_first_match(page: Page, selector: str | None, root: Any = None) -> list:
    """Alternatives in priority order: ``"h3.heading, h1.heading"`` tries ``h3.heading`` first.

    (A plain selector group would return the union in document order, so a sidebar heading early
    in the page could beat the article's own.)
    """
    if not selector:
        return []
    if selector.startswith(("/", "./", "(")):
        return select(page, selector, root)
    for part in _split_top_level(selector):
        found = select(page, part, root)
        if found:
            return found
    return []


def _split_top_level(selector: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in selector:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def select(page: Page, selector: str | None, root: Any = None) -> list:
    if not selector or page.tree is None:
        return []
    try:
        found = compile_selector(selector)(page.tree if root is None else root)
    except (etree.XPathError, etree.XPathEvalError, ValueError, SyntaxError, Exception):  # noqa: BLE001
        page.warnings.append(f"bad selector ignored: {selector}")
        return []
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


def apply_skin(page: Page, skin: dict) -> Fields:
    """Fields found by one skin's selectors (missing keys and misses are left empty)."""
    out = Fields(skin=skin.get("name"))
    titles = select_first_match(page, skin.get("title"))
    for element in titles:
        text = text_of(element)
        if text:
            out.title, out.title_el = text, element
            break
    subtitles = [text_of(e) for e in select_first_match(page, skin.get("subtitle"))]
    out.subtitle = "\n".join(t for t in subtitles if t) or None
    for element in select_first_match(page, skin.get("byline")):
        for name in parse_byline(text_of(element)):
            if name not in out.authors:
                out.authors.append(name)
    date_texts = [text_of(e) for e in select_first_match(page, skin.get("date"))]
    joined = " | ".join(t for t in date_texts if t)
    for kind, value, _ in find_labelled(joined):
        if kind == "published" and not out.published:
            out.published = value
        elif kind == "modified" and not out.modified:
            out.modified = value
    if not out.published and joined:
        out.published = parse_kr_datetime(joined)
    sections = [text_of(e) for e in select_first_match(page, skin.get("section"))]
    out.section = next((s for s in sections if s), None)
    bodies = select_first_match(page, skin.get("body"))
    out.body_el = bodies[0] if bodies else None
    drops = skin.get("drop") or ()
    if drops:  # one selector group: a single pass over the body instead of one per selector
        group = drops if isinstance(drops, str) else ", ".join(drops)
        try:
            out.drop = [compile_selector(group)]
        except Exception:  # noqa: BLE001 - a bad override selector is skipped, not fatal
            page.warnings.append(f"bad selector ignored: {group}")
    return out


def merge(primary: Fields, fallback: Fields) -> Fields:
    """Fill the primary layer's gaps from the fallback layer."""
    for key in ("title", "title_el", "subtitle", "published", "modified", "section", "body_el", "skin"):
        if getattr(primary, key) in (None, ""):
            setattr(primary, key, getattr(fallback, key))
    if not primary.authors:
        primary.authors = list(fallback.authors)
    primary.drop = primary.drop + [d for d in fallback.drop if d not in primary.drop]
    return primary
