"""Selector-driven field extraction: family skins and per-outlet overrides share this code.

A *skin* is a dict of selectors (CSS, or XPath when it starts with ``/`` or ``./``)::

    {"title": "h3.heading", "subtitle": "h4.subheading", "byline": "ul.infomation li",
     "date": "ul.infomation li", "body": "#article-view-content-div", "section": "...",
     "drop": ["div.tts", ...]}

Each key is optional; what a skin does not find, the generic layer fills in.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from lxml import etree

from .bylines import parse_byline
from .dates import find_labelled, has_time, parse_kr_datetime
from .page import Page, clean_text, css, text_of

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
    published_day: str | None = None  # an unlabelled date without a time: used only if nothing better


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


def _split_top_level(selector: str) -> tuple[str, ...]:
    return _split_cached(selector)


@lru_cache(maxsize=1024)
def _split_cached(selector: str) -> tuple[str, ...]:
    """Skins reuse a few selector groups on every page: split each once (a char loop per call)."""
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
    return tuple(p for p in parts if p)


def select(page: Page, selector: str | None, root: Any = None) -> list:
    if not selector or page.tree is None:
        return []
    chain = _chain(selector) if root is None else None
    if chain is not None:
        return _select_chain(page, chain)
    try:
        found = compile_selector(selector)(page.tree if root is None else root)
    except (etree.XPathError, etree.XPathEvalError, ValueError, SyntaxError, Exception):  # noqa: BLE001
        page.warnings.append(f"bad selector ignored: {selector}")
        return []
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


# One compound: ``tag``, ``tag#id``, ``tag.class``, ``#id``, ``.class`` (ASCII names, lower-case tag).
_COMPOUND = re.compile(r"([a-z][a-z0-9]*)?(?:#([A-Za-z_][A-Za-z0-9_-]*)|\.([A-Za-z_][A-Za-z0-9_-]*))?")
_CSS_SPACE = re.compile(r"[ \t\n\r\f]+")
_XML_SPACE = str.maketrans("\t\r\n", "   ")  # what XPath normalize-space() (cssselect's ``.c``) splits on

Compound = tuple[str | None, str | None, str | None]  # (tag, "id" | "class" | None, name)


@lru_cache(maxsize=1024)
def _chain(selector: str) -> tuple[Compound, ...] | None:
    """``.art_top h2`` -> its compounds, when the selector is only compounds joined by descendant
    combinators (most skin selectors); None for anything else, which cssselect handles."""
    parts = _CSS_SPACE.split(selector.strip())
    chain: list[Compound] = []
    for part in parts:
        match = _COMPOUND.fullmatch(part)
        if match is None or not part:
            return None
        tag, id_, cls = match.groups()
        chain.append((tag, "id", id_) if id_ else (tag, "class", cls) if cls else (tag, None, None))
    if len(chain) == 1 and chain[0][1] is None:
        return None  # a bare tag name: cssselect's C-level walk is as quick
    return tuple(chain)


#: class attribute -> its distinct tokens: an outlet's pages repeat the same few hundred attributes
_CLASS_TOKENS: dict[str, tuple[str, ...]] = {}


def _class_tokens(names: str) -> tuple[str, ...]:
    if " " in names or "\t" in names or "\n" in names or "\r" in names:
        split = set(names.translate(_XML_SPACE).split(" "))
        split.discard("")
        tokens = tuple(split)
    else:
        tokens = (names,)  # one token (most class attributes): no split
    if len(_CLASS_TOKENS) >= 50_000:  # bounded: a crawl of many outlets does not grow it forever
        _CLASS_TOKENS.clear()
    _CLASS_TOKENS[names] = tokens
    return tokens


def _index(page: Page) -> dict[str, dict[str, list]]:
    """The page's elements by id and by class token (``{"id": {...}, "class": {...}}``, each list
    in document order), built once per page: an XPath walk of the whole tree per selector cost
    ~35 us, and a skin probes ~8 of them."""
    index = page.select_index
    if index is None:
        ids: defaultdict[str, list] = defaultdict(list)
        classes: defaultdict[str, list] = defaultdict(list)
        tokens_of = _CLASS_TOKENS
        for element in page.tree.iter(etree.Element):
            id_ = element.get("id")
            if id_ is not None:
                ids[id_].append(element)
            names = element.get("class")
            if names:
                tokens = tokens_of.get(names)
                if tokens is None:
                    tokens = _class_tokens(names)
                for token in tokens:
                    classes[token].append(element)
        index = page.select_index = {"id": ids, "class": classes}
    return index


def _matching(page: Page, compound: Compound) -> list:
    tag, kind, name = compound
    if kind is None:
        return list(page.tree.iter(tag))
    found = _index(page)[kind].get(name, ())
    return [el for el in found if el.tag == tag] if tag else list(found)


def _select_chain(page: Page, chain: tuple[Compound, ...]) -> list:
    """What cssselect's XPath returns for a descendant chain on the whole page: elements in
    document order matching the last compound, with ancestors matching the earlier ones in order
    (``.c`` = a whitespace-separated token of @class), read from the id/class index."""
    found = _matching(page, chain[0])
    for compound in chain[1:]:
        if not found:
            return []
        outer = set(found)
        tag, kind, name = compound
        if kind is not None:  # indexed: keep the candidates below one of the outer elements
            found = [el for el in _matching(page, compound)
                     if any(a in outer for a in el.iterancestors())]
            continue
        below: list = []  # a bare tag: walk the outer subtrees (outermost only, so no repeats)
        for top in found:
            if not any(a in outer for a in top.iterancestors()):
                below.extend(el for el in top.iter(tag) if el is not top)
        found = below
    return found


def apply_skin(page: Page, skin: dict) -> Fields:
    """Fields found by one skin's selectors (missing keys and misses are left empty)."""
    out = Fields(skin=skin.get("name"))
    bodies = select_first_match(page, skin.get("body"))
    out.body_el = bodies[0] if bodies else None
    out.title, out.title_el = _headline(page, skin.get("title"), out.body_el)
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
        # Unlabelled: a date with a time of day; a bare day ("2020년 07월 14일 화요일") is often the
        # site's "today" box, so it is only a last resort after the generic layer.
        timed = next((t for t in date_texts if has_time(t)), None)
        if timed:
            out.published = parse_kr_datetime(timed)
        else:
            out.published_day = parse_kr_datetime(joined)
    sections = [text_of(e) for e in select_first_match(page, skin.get("section"))]
    out.section = next((s for s in sections if s), None)
    drops = skin.get("drop") or ()
    if drops:  # one selector group: a single pass over the body instead of one per selector
        group = drops if isinstance(drops, str) else ", ".join(drops)
        try:
            out.drop = [compile_drop(group)]
        except Exception:  # noqa: BLE001 - a bad override selector is skipped, not fatal
            page.warnings.append(f"bad selector ignored: {group}")
    return out


@lru_cache(maxsize=512)
def compile_drop(group: str) -> Any:
    """``compile_selector(group)`` for a skin's drop list; a CSS group whose parts are mostly single
    compounds becomes one walk of the body (cssselect's union XPath walks it once per part, ~18
    walks for a typical skin). Raises like ``compile_selector`` on a bad selector."""
    compiled = compile_selector(group)
    if group.startswith(("/", "./", "(")):
        return compiled
    compounds: list[Compound] = []
    others: list = []
    for part in _split_top_level(group):
        match = _COMPOUND.fullmatch(part.strip())
        if match is not None and part.strip():
            tag, id_, cls = match.groups()
            compounds.append((tag, "id", id_) if id_ else (tag, "class", cls) if cls else (tag, None, None))
        else:
            others.append(css(part))
    return _GroupMatch(compounds, others) if compounds else compiled


class _GroupMatch:
    """A CSS selector group as one walk of the root's subtree: what cssselect returns for it
    (elements in document order, the root included), single compounds (``figure``, ``.tts``,
    ``article.copyright``, ``#ad-inline``) tested per element, other parts by their own XPath."""

    def __init__(self, compounds: list[Compound], others: list) -> None:
        self.tags: set[str | None] = set()
        # id / class name -> the tags it is wanted on ("*": any tag)
        self.names: dict[str | None, dict[str | None, set[str]]] = {"id": {}, "class": {}}
        for tag, kind, name in compounds:
            if kind is None:
                self.tags.add(tag)
            else:
                self.names[kind].setdefault(name, set()).add(tag or "*")
        self.others = others

    def __call__(self, root: Any) -> list:
        extra: set = set()
        for selector in self.others:
            extra.update(selector(root))
        return [element for element in root.iter(etree.Element) if self._hit(element) or element in extra]

    def _hit(self, element: Any) -> bool:
        tag = element.tag
        if tag in self.tags:
            return True
        id_ = element.get("id")
        if id_ is not None:
            wanted = self.names["id"].get(id_)
            if wanted is not None and ("*" in wanted or tag in wanted):
                return True
        names = element.get("class")
        if names:
            classes = self.names["class"]
            for token in names.translate(_XML_SPACE).split(" "):
                wanted = classes.get(token)
                if wanted is not None and ("*" in wanted or tag in wanted):
                    return True
        return False


MIN_HEADLINE_CHARS = 6  # "포토뉴스", "공지사항": box titles that broad skin selectors (".title") also hit


def _headline(page: Page, selector: str | None, body: Any) -> tuple[str | None, Any]:
    """The skin's headline: per alternative (in priority order), the first match that reads like a
    headline and does not come after the body; a short box title or a sidebar heading is skipped."""
    if not selector:
        return None, None
    alternatives = [selector] if selector.startswith(("/", "./", "(")) else _split_top_level(selector)
    for alternative in alternatives:
        for element in select(page, alternative):
            text = headline_text(element)
            if len(text) < MIN_HEADLINE_CHARS:
                continue
            if body is not None:
                line, body_line = element.sourceline, body.sourceline
                if line is None or body_line is None or line == body_line:  # minified HTML: tree order
                    if _at_or_after(element, body):
                        continue
                elif line > body_line:
                    continue
            return text, element
    return None, None


def headline_text(element: Any) -> str:
    """Text of a headline; a ``<br>`` inside it is a space (``첫 줄<br>둘째 줄``)."""
    if element.find(".//br") is None:
        return text_of(element)
    parts: list[str] = []

    def walk(node: Any, depth: int) -> None:
        if node.tag == "br":
            parts.append(" ")
        parts.append(node.text or "")
        if depth < 20:
            for child in node:
                walk(child, depth + 1)
                parts.append(child.tail or "")

    walk(element, 0)
    return clean_text("".join(parts))


def _at_or_after(element: Any, body: Any) -> bool:
    """Whether ``element`` is ``body``, inside it, or after it in document order: compared where
    their ancestor chains meet (a walk of the whole tree to collect what follows the body cost ~30 us)."""
    body_chain = [body, *body.iterancestors()]
    depth_of = {ancestor: depth for depth, ancestor in enumerate(body_chain)}  # (elements hash by identity)
    child = None
    for node in (element, *element.iterancestors()):
        depth = depth_of.get(node)
        if depth == 0:
            return True  # element is the body or inside it
        if depth is not None:  # the closest common ancestor
            if child is None:
                return False  # element is an ancestor of the body: before it
            return node.index(child) > node.index(body_chain[depth - 1])
        child = node
    return False  # not in the body's tree


def merge(primary: Fields, fallback: Fields) -> Fields:
    """Fill the primary layer's gaps from the fallback layer."""
    for key in ("title", "title_el", "subtitle", "published", "modified", "section", "body_el", "skin",
                "published_day"):
        if getattr(primary, key) in (None, ""):
            setattr(primary, key, getattr(fallback, key))
    if not primary.authors:
        primary.authors = list(fallback.authors)
    primary.drop = primary.drop + [d for d in fallback.drop if d not in primary.drop]
    return primary
