"""The ``/page/view/<19-digit id>`` family: 매일신문 (imaeil.com), 강원일보 (kwnews.co.kr).

Body ``div#articlebody`` (drop ``figure``, ``div.art_mid_ad``), title ``h1.title``, date
``span.date`` (research F4: two independent crawler configs).
"""

from __future__ import annotations

import re

from ..page import Page
from ..selectors import Fields
from .base import extract_skins, fingerprint

NAME = "page_view"
VERSION = "1"
ARTICLE_URL = re.compile(r"/page/view/\d{17,21}")
LIST_URL = re.compile(r"/page/list/|/section/")
FEED_PATHS: tuple[str, ...] = ()
MARKERS = ('id="articlebody"', "/page/view/")

SKINS = (
    {
        "name": "page_view",
        "detect": "#articlebody",
        "title": "h1.title, .article_head h1, .title_area h1, .article_title h1, h2.title",
        "subtitle": "h2.sub_title, .sub_title, .subtitle, h2.subtitle",
        "byline": ".byline, .writer, .reporter, .name, .article_info .author",
        "date": "span.date, .date, .article_info, .info",
        "section": ".section_name, .breadcrumb a:last-child",
        "body": "#articlebody",
        "drop": ("figure", "figcaption", "div.art_mid_ad", ".ad", ".caption", ".relation", ".related"),
    },
)


def matches(page: Page) -> bool:
    return fingerprint(page, ARTICLE_URL, MARKERS, min_markers=2)


def extract(page: Page) -> Fields:
    return extract_skins(page, SKINS)
