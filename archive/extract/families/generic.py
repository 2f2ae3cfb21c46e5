"""Fallback for unknown layouts, and gap-filler for every family.

Body: the block element that owns the most non-link text (readability-style text density over
text nodes, computed in one XPath pass), unless the page marks its body with
``itemprop=articleBody``. Title: the visible heading most similar to the structured title (the
visible one is exact; ``og:title`` often carries a site suffix). Dates: labelled dates
(``입력``/``승인``/``수정``...) near the title, checked against machine dates. Authors: JSON-LD,
then byline-looking elements between title and body, then a wire dateline, then ``<meta>``, then
a reporter signature dropped from the body. Also: subtitle (deck) and section (breadcrumb).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from lxml import etree

from ..bylines import dateline_authors, looks_like_org, parse_byline
from ..dates import DATE_RE, find_labelled_timed, minutes_apart, parse_kr_datetime
from ..page import Page, clean_text, text_of
from ..selectors import Fields
from ..structured import Structured, strip_site_suffix

NAME = "generic"
VERSION = "1"
ARTICLE_URL = None
MARKERS: tuple[str, ...] = ()

# Inline elements (and <p>): their text counts for the block that contains them.
_CLIMB = frozenset([
    "span", "b", "strong", "i", "em", "font", "u", "p", "a", "sup", "sub", "mark", "small", "big", "cite", "q",
    "abbr", "time", "ins", "del", "s", "strike", "tt", "code",
])
_TEXT_NODES = "//body//text()[string-length(normalize-space()) > 12][not(ancestor::a)]"
_NOT_BODY = re.compile(r"comment|reply|footer|sidebar|aside|popular|rank|related|recommend|copyright|menu|nav|gnb|lnb", re.I)
_HEADING_XPATH = "//h1|//h2|//h3|//h4|//*[contains(@class,'tit') or contains(@class,'subject') or contains(@class,'headline') or contains(@id,'tit') or contains(@id,'subject')][not(self::html)][not(self::body)]"
_NOT_HEADLINE = re.compile(r"기자|입력|등록|승인|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}|많이\s*본|인기|최신|관련|댓글|공지")
_SUBTITLE_CLASS = re.compile(r"sub[-_]?tit|subheading|sub[-_]?head|deck|standfirst|art_sub|summary_title|lead", re.I)
_BYLINE_CLASS = re.compile(r"byline|writer|reporter|journalist|author|newshawk|wrt|gija|kija", re.I)
_BYLINE_TEXT = re.compile(r"[가-힣]{2,4}\s*(?:선임기자|수석기자|인턴기자|기자|특파원|편집차장|통신원)(?![가-힣])")


def matches(page: Page) -> bool:
    return True


def extract(page: Page) -> Fields:
    return Fields(skin="generic")


def find_body(page: Page, title_hint: str | None = None) -> Any:
    """The element holding the article text (None when the page has no text block at all).

    With ``title_hint`` (the page's claimed headline): when the densest block comes after a
    shorter block of sentences that directly follows the visible headline, that first block is
    the article and the denser one a sidebar of summaries.
    """
    tree = page.tree
    if tree is None:
        return None
    marked = [e for e in _walked(page)[1] if len(text_of(e)) >= 150]
    scores: dict[Any, float] = {}
    sentences: dict[Any, int] = {}
    for text in tree.xpath(_TEXT_NODES):
        owner = text.getparent()
        if owner is None:
            continue
        if text.is_tail:
            owner = owner.getparent()
        while owner is not None and isinstance(owner.tag, str) and owner.tag in _CLIMB:
            owner = owner.getparent()
        if owner is None:
            continue
        stripped = text.strip()
        scores[owner] = scores.get(owner, 0.0) + len(stripped)
        if _SENTENCE.search(stripped):
            sentences[owner] = sentences.get(owner, 0) + 1
    if not scores:
        return marked[0] if marked else None
    for owner in list(scores):
        names = f"{owner.get('class') or ''} {owner.get('id') or ''}"
        if _NOT_BODY.search(names) or owner.tag in ("li", "ul", "ol", "option", "select"):
            scores[owner] *= 0.3
    best = max(scores, key=scores.__getitem__)
    if marked:
        holder = marked[0]
        inside = best is holder or any(a is holder for a in best.iterancestors())
        if inside or scores.get(holder, 0) >= 0.4 * scores[best]:
            return holder
    if title_hint:
        best = _first_after_headline(page, title_hint, best, scores, sentences)
    return _widen(best, scores)


_SENTENCE = re.compile(r"(?:다|요|죠)\.?[\"'”’)]*$|\.[\"'”’)]*$")


def _first_after_headline(page: Page, hint: str, best: Any, scores: dict, sentences: dict) -> Any:
    cleaned = strip_site_suffix(hint)
    heading = None
    for element in _walked(page)[0]:
        text = _heading_text(page, element)
        if text and len(text) <= 300 and similarity(text, cleaned) >= 0.6:
            heading = element
            break
    if heading is None:
        return best
    position: dict[int, int] = {}
    for index, element in enumerate(page.tree.iter()):  # document order, up to the densest block
        position[id(element)] = index
        if element is best:
            break
    start, end = position.get(id(heading), -1), position.get(id(best), -1)
    if start < 0 or end <= start:
        return best
    for owner, score in scores.items():
        at = position.get(id(owner), -1)
        if at <= start or at >= end or any(a is best for a in owner.iterancestors()) \
                or any(a is owner for a in best.iterancestors()):
            continue
        names = f"{owner.get('class') or ''} {owner.get('id') or ''}"
        if sentences.get(owner, 0) >= 2 and score >= 0.15 * scores[best] and score >= 80 \
                and not _NOT_BODY.search(names) and not _SUBTITLE_CLASS.search(names):
            return owner
    return best


def _widen(best: Any, scores: dict) -> Any:
    """Body text split over sibling blocks (``div > div*``): climb while the parent adds text."""
    node = best
    for _ in range(2):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        siblings = sum(scores.get(child, 0.0) for child in parent if child is not node)
        if siblings >= 0.5 * scores.get(node, 0.0) and scores.get(node, 0) > 0:
            scores[parent] = scores.get(parent, 0.0) + scores[node] + siblings
            node = parent
        else:
            break
    return node


def similarity(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity (punctuation and case ignored)."""
    ga, gb = _grams(a), _grams(b)
    return len(ga & gb) / max(len(ga | gb), 1)


_NON_WORD = re.compile(r"\W+")


@lru_cache(maxsize=2048)
def _grams(text: str) -> frozenset[str]:
    """A page's claimed title is compared with each of its headings: its bigrams are read once."""
    text = _NON_WORD.sub("", text.lower())
    return frozenset(text[i:i + 2] for i in range(max(len(text) - 1, 1)))


_HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4"))


def _walked(page: Page) -> tuple[list, list]:
    """What ``_HEADING_XPATH`` and ``//*[@itemprop='articleBody']`` select (document order), from one
    walk per page shared by find_body and find_title: the XPath union, with its five ``contains()``
    per element, cost ~2.5 times the walk."""
    found = page.memo.get("generic.walk")
    if found is None:
        headings: list = []
        marked: list = []
        for element in page.tree.iter(etree.Element):
            tag = element.tag
            if tag in _HEADING_TAGS:
                headings.append(element)
            elif tag != "html" and tag != "body":
                names = element.get("class")
                id_ = element.get("id")
                if (names is not None and ("tit" in names or "subject" in names or "headline" in names)) or (
                        id_ is not None and ("tit" in id_ or "subject" in id_)):
                    headings.append(element)
            if element.get("itemprop") == "articleBody":
                marked.append(element)
        found = page.memo["generic.walk"] = (headings, marked)
    return found


def _heading_text(page: Page, element: Any) -> str:
    texts = page.memo.setdefault("generic.heading_text", {})
    text = texts.get(element)
    if text is None:
        text = texts[element] = text_of(element)
    return text


def find_title(page: Page, structured: Structured, body_el: Any = None) -> tuple[str | None, Any]:
    """The visible headline.

    With a claimed title (JSON-LD headline / og:title): the heading most similar to it (the
    visible one is exact; og:title often carries a site suffix), else the cleaned claim. Without
    one (the ``<title>`` is often just the site name): the last headline-like element before the
    body, else the first ``<h1>``, else the cleaned ``<title>``.
    """
    claimed = structured.claimed_title
    reference = claimed or (structured.titles[0] if structured.titles else None)
    cleaned = strip_site_suffix(reference, structured.site_name) if reference else None
    if page.tree is None:
        return cleaned, None
    candidates = [(_heading_text(page, e), e) for e in _walked(page)[0]]
    candidates = [(t, e) for t, e in candidates if t and len(t) <= 300]
    if cleaned:
        # Against the cleaned and the raw claim: a " - " or ":" inside a real headline looks like a suffix.
        scored = [(max(similarity(t, cleaned), similarity(t, reference) if t in reference else 0.0), i)
                  for i, (t, _) in enumerate(candidates)]
        if scored:
            score, index = max(scored)
            if score >= 0.6:
                return candidates[index]
        if claimed and len(cleaned) >= 10:  # a short claim may be just the site's name: look at the page first
            return cleaned, None
    if body_el is not None:
        before = _preceding_headlines(page, body_el, candidates)
        if before:
            return before[-1]
    h1 = next(((t, e) for t, e in candidates if e.tag == "h1" and 8 <= len(t) <= 200), None)
    return h1 if h1 else (cleaned, None)


def _preceding_headlines(page: Page, body_el: Any, candidates: list) -> list:
    """Headline-like candidates that come before the body in document order."""
    wanted = {id(e): (t, e) for t, e in candidates if 8 <= len(t) <= 200 and not _NOT_HEADLINE.search(t)
              and not _SUBTITLE_CLASS.search(f"{e.get('class') or ''} {e.get('id') or ''}")}
    if not wanted:
        return []
    found = []
    for element in page.tree.iter():
        if element is body_el:
            break
        hit = wanted.get(id(element))
        if hit is not None and hit[1] is element:
            found.append(hit)
    if not found:  # a body block widened over the headline (table layouts): headlines before its first text
        for element in body_el.iter():
            hit = wanted.get(id(element))
            if hit is not None and hit[1] is element:
                found.append(hit)
            elif len((element.text or "").strip()) > 60 or len((element.tail or "").strip()) > 60:
                break
    return found


def _agrees(value: str, machine: str | None) -> bool:
    """A visible date is plausible when it is within 12 hours of the machine date (if any).

    A date-only machine value (``2018-11-20``) only fixes the day.
    """
    if not machine:
        return True
    if machine.endswith("T00:00:00+09:00"):
        return value[:10] == machine[:10] or minutes_apart(value, machine) <= 36 * 60
    return minutes_apart(value, machine) <= 12 * 60


_HEADER_CHARS = 400  # text of a headline block (title, deck, byline, dates), not a whole column


class _TitleRegions:
    """Texts of the title's ancestors, innermost first, while they stay header-sized; each read
    only when asked for (the date is usually in the first one or two, and the outer ones cost a
    serialization of a whole column each)."""

    def __init__(self, title_el: Any) -> None:
        self._node = title_el
        self._texts: list[str] = []
        self._done = title_el is None

    def __iter__(self):
        index = 0
        while True:
            if index < len(self._texts):
                yield self._texts[index]
                index += 1
            elif self._done or len(self._texts) >= 5 or not self._more():
                return

    def _more(self) -> bool:
        self._node = self._node.getparent()
        if self._node is None:
            self._done = True
            return False
        text = text_of(self._node)
        if self._texts and len(text) > 4000:
            self._done = True
            return False
        self._texts.append(text[:4000])
        return True


def find_dates(page: Page, title_el: Any, body_el: Any, structured: Structured) -> tuple[str | None, str | None]:
    """Publication and modification dates.

    Order: labelled dates (입력/승인/등록, 수정) near the visible title; an unlabelled date-time
    near the title; labelled date-times anywhere; the machine dates. Visible dates must agree
    with the machine date when there is one (so a footer's 등록일 or a sidebar date never wins).
    """
    machine = structured.published
    published = modified = None
    regions = _TitleRegions(title_el)
    for text in regions:
        # In the headline's own small header block a labelled time (입력/승인 …) is the page's word;
        # machine dates there are the ones that lie (JSON-LD datePublished set to the update time).
        header = len(text) <= _HEADER_CHARS
        for kind, value, _, timed in find_labelled_timed(text):
            if kind == "published" and published is None and timed and (header or _agrees(value, machine)):
                published = value
            elif kind == "modified" and modified is None and timed:
                modified = value
        if published:
            break
    if published is None:
        for text in regions:
            for match in DATE_RE.finditer(text):
                value = parse_kr_datetime(match.group(0))
                if match["H"] and value and _agrees(value, machine):
                    published = value
                    break
            if published:
                break
    if published is None and page.tree is not None:
        body = page.tree.find("body")
        found = [(k, v) for k, v, _, timed in find_labelled_timed(text_of(body if body is not None else page.tree))
                 if timed and _agrees(v, machine)]
        published = next((v for k, v in found if k == "published"), None)
        modified = modified or next((v for k, v in found if k == "modified"), None)
    published = published or machine
    modified = modified or structured.modified
    if modified and published and modified <= published:
        modified = None
    return published, modified


def _document_span(page: Page, start: Any, end: Any) -> list[Any]:
    """Elements after ``start`` and before ``end`` in document order (both must be in the tree).

    When ``end`` (the body block) contains ``start`` (the headline), the span runs to the body's
    first run of text instead.
    """
    inside, found = False, []
    enclosing = any(a is end for a in start.iterancestors())
    for element in page.tree.iter():
        if element is start:
            inside = True
            continue
        if element is end and not enclosing:
            break
        if inside:
            if enclosing and (len((element.text or "").strip()) > 60 or len((element.tail or "").strip()) > 60):
                break
            found.append(element)
            if len(found) > 400:
                break
    return found


_SECTION_CLASS = re.compile(r"breadcrumb|location|section|kicker|category|\bcate\b", re.I)
_NOT_SECTIONS = {"홈", "HOME", "Home", "home", "뉴스", "News", "NEWS", "전체기사", "메인", "전체"}
_CRUMB_SEPARATOR = re.compile(r"\s*[>›»]\s*")
_WORD_CHAR = re.compile(r"[가-힣A-Za-z]")


def find_section(page: Page, title_el: Any) -> str | None:
    """The section in a breadcrumb / kicker just before the title (``홈 > 사회``, ``뉴스 > 포항``).

    Only elements *before* the headline count, and menus (more than 3 links) never do.
    """
    if page.tree is None or title_el is None:
        return None
    found = None
    for element in page.tree.iter():
        if element is title_el:
            break
        classes, id_ = element.get("class"), element.get("id")
        if not classes and not id_:  # most elements: no names, no further checks
            continue
        if not isinstance(element.tag, str) or element.tag in ("body", "html", "section", "article", "main"):
            continue
        names = f"{classes or ''} {id_ or ''}"
        if not names.strip() or not _SECTION_CLASS.search(names):
            continue
        links = [text_of(a) for a in element.iter("a")]
        text = text_of(element)
        if len(links) > 3 or not text or len(text) > 40:
            continue
        parts = [p for p in (links or _CRUMB_SEPARATOR.split(text)) if p and p not in _NOT_SECTIONS]
        if parts and len(parts[-1]) <= 15 and _WORD_CHAR.search(parts[-1]):
            found = parts[-1]
    return found


def find_subtitle(page: Page, title_el: Any, body_el: Any) -> str | None:
    """The deck: an element named like one (sub-title, deck, standfirst) between title and body."""
    if title_el is None or body_el is None:
        return None
    for element in _document_span(page, title_el, body_el):
        if not isinstance(element.tag, str):
            continue
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        if names.strip() and _SUBTITLE_CLASS.search(names):
            text = text_of(element)
            if text and len(text) < 400:
                return text
    return None


_OWN_TEXT = etree.XPath("text()", smart_strings=False)


def find_authors(page: Page, title_el: Any, body_el: Any, structured: Structured, first_paragraph: str,
                 signatures: list[str] | None = None, lead_byline: str = "") -> list[str]:
    """Authors by source reliability; organisation-like names give way to people if any exist."""
    visible: list[str] = []
    if title_el is not None and body_el is not None:
        for element in _document_span(page, title_el, body_el):
            if not isinstance(element.tag, str):
                continue
            names = f"{element.get('class') or ''} {element.get('id') or ''}"
            own = clean_text("".join(_OWN_TEXT(element)))  # direct text, tails of <i> icons included
            text = text_of(element) if _BYLINE_CLASS.search(names) else own
            if not text or len(text) > 120:
                continue
            if _BYLINE_CLASS.search(names) or _BYLINE_TEXT.search(text):
                for name in parse_byline(text):
                    if name not in visible:
                        visible.append(name)
    signed = [n for line in (signatures or [])[-2:] for n in parse_byline(line)]
    lead = dateline_authors(first_paragraph) or parse_byline(lead_byline)
    claimed = structured.authors
    if claimed and len(visible) > len(claimed) and set(claimed) <= set(visible):
        claimed = visible  # JSON-LD often names only the first of several reporters
    sources = [claimed, visible, lead, structured.meta_authors, signed]
    for index, names in enumerate(sources):
        if not names:
            continue
        if all(looks_like_org(n) for n in names):
            later = [n for s in sources[index + 1:] for n in s if not looks_like_org(n)]
            if later:
                continue
        return names
    return []
