"""The CMS families, in priority order, and fingerprint detection (by markup/URL, never by outlet)."""

from __future__ import annotations

from .families import article_no, generic, idx_view, ndsoft, page_view
from .families.base import FamilyModule
from .page import Page

FAMILIES: tuple[FamilyModule, ...] = (ndsoft, idx_view, article_no, page_view, generic)  # type: ignore[assignment]
BY_NAME = {family.NAME: family for family in FAMILIES}


def detect_family(page: Page, hint: str | None = None) -> FamilyModule:
    """The first family whose fingerprint matches; ``hint`` (an outlet's configured cms) wins if it fits."""
    if hint and hint in BY_NAME and BY_NAME[hint].matches(page):
        return BY_NAME[hint]
    for family in FAMILIES:
        if family.matches(page):
            return family
    return generic  # type: ignore[return-value]
