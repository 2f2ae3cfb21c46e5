"""The ``/news/article.html?no=N`` family (vendor unknown): 신경북일보, 인사이트 경북뉴스, 경기신문...

Bodies start with an in-text byline (``인사이트 경북뉴스 서상권 기자 | …`` or ``[ 신경북일보 ] …``),
removed by the boilerplate rules. Markup beyond URL shapes is unverified (research F3), so the
skins list the usual names and the generic layer fills what they miss.
"""

from __future__ import annotations

import re

from ..page import Page
from ..selectors import Fields
from .base import extract_skins, fingerprint

NAME = "article_no"
VERSION = "1"
ARTICLE_URL = re.compile(r"/news/article\.html\?(?:[^#]*&)?no=\d+")
LIST_URL = re.compile(r"/news/section_list_all\.html|/news/article_list_all\.html|/news/article_list_writer\.html")
FEED_PATHS: tuple[str, ...] = ()
MARKERS = ("section_list_all.html?sec_no=", "article_list_writer.html", "article.html?no=")

_DROP = ("figure", "figcaption", ".caption", ".photo", "table.photo", ".copyright", ".sns", ".relation",
         ".related", ".byline", ".writer_info", ".ad")
SKINS = (
    {
        "name": "article_no",
        "detect": "#news_body_area, #articleBody, .art_body, #article_body, .article_body, .news_body",
        "title": ".art_top h2, .article_head h1, .article_head h2, .news_title, h1.title, h2.title, .art_title, .title_area h1",
        "subtitle": ".art_top h3, .art_sub, .sub_title, .subtitle, h3.sub",
        "byline": ".art_top .byline, .byline, .writer, .reporter, .art_info .name",
        "date": ".art_top .date, .art_info, .byline, .date, .info",
        "body": "#news_body_area, #articleBody, .art_body, #article_body, .article_body, .news_body",
        "drop": _DROP,
    },
)


def matches(page: Page) -> bool:
    return fingerprint(page, ARTICLE_URL, MARKERS, min_markers=2)


def extract(page: Page) -> Fields:
    return extract_skins(page, SKINS)
