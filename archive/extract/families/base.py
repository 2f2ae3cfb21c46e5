"""What a CMS family module provides, and the shared ``matches``/``extract`` built from skins."""

from __future__ import annotations

import re
from typing import Any, Protocol

from ..page import Page
from ..selectors import Fields, apply_skin, select_first_match


class FamilyModule(Protocol):
    NAME: str
    VERSION: str
    ARTICLE_URL: re.Pattern | None
    MARKERS: tuple[str, ...]

    def matches(self, page: Page) -> bool: ...
    def extract(self, page: Page) -> Fields: ...


def page_urls(page: Page) -> list[str]:
    """The page's own URL plus its self-declared ones (og:url, canonical)."""
    urls = [page.url or "", page.meta_first("og:url") or "", page.canonical_link() or ""]
    return [u for u in urls if u]


def fingerprint(page: Page, article_url: re.Pattern | None, markers: tuple[str, ...], min_markers: int = 1) -> bool:
    """URL shape of the family, or enough of its markup markers in the raw HTML."""
    if article_url is not None and any(article_url.search(u) for u in page_urls(page)):
        return True
    text = page.text
    needed, left = min_markers, len(markers)
    for marker in markers:  # stop once the count is decided: each miss scans the whole page
        if needed <= 0 or needed > left:
            break
        left -= 1
        if marker in text:
            needed -= 1
    return needed <= 0


def extract_skins(page: Page, skins: tuple[dict, ...]) -> Fields:
    """Use the first skin whose detector (or body selector) matches this page."""
    for skin in skins:
        probe = skin.get("detect") or skin.get("body")
        if probe and select_first_match(page, probe):
            return apply_skin(page, skin)
    return Fields()


__all__ = ["FamilyModule", "page_urls", "fingerprint", "extract_skins", "Any"]
