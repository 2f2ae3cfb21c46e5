"""Article extraction for Korean news pages: ``extract(bytes) -> Article``.

Used by live ingest and by rebuild alike (same bytes, same result). Layers: structured data
(JSON-LD, ``<meta>``), one module per CMS family chosen by fingerprint, and a generic fallback;
per-outlet selector overrides on top.
"""

from __future__ import annotations

from .article import FIELDS, Article
from .decode import decode_html
from .page import Page
from .pipeline import extract
from .registry import FAMILIES, detect_family

__all__ = ["Article", "FIELDS", "FAMILIES", "Page", "decode_html", "detect_family", "extract"]
