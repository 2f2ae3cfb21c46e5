"""The ``/news/view.php?idx=N`` family (older ``/default/index_view_page.php?idx=N``), vendor unknown.

Old skin: header ``즐겨찾기+ 최종편집:…`` (a *site* clock, never the article date), byline
``OOO 기자 / 입력 : YYYY년 MM월 DD일(요일) HH:MM``, body ``#viewContent``, copyright
``- Copyrights ⓒ… 무단 전재 및 재배포 금지 -``. Newer skin: ``기사 메일전송``, ``등록 YYYY-MM-DD
HH:MM:SS``, ``기사수정``. Sources: research/kr-news-cms.md F2 and the 대구광역일보 seed page.
"""

from __future__ import annotations

import re

from ..page import Page
from ..selectors import Fields
from .base import extract_skins, fingerprint

NAME = "idx_view"
VERSION = "1"
ARTICLE_URL = re.compile(r"/news/view\.php\?(?:[^#]*&)?idx=\d+|/default/index_view_page\.php\?(?:[^#]*&)?idx=\d+")
LIST_URL = re.compile(r"/news/list\.php|/default/index_sub\.php")
FEED_PATHS: tuple[str, ...] = ()
MARKERS = ("즐겨찾기+", "최종편집:", "board_data=", "index_sub.php?part_idx=", 'id="viewContent"')

_DROP = ("table.photo", ".photo", ".img_caption", ".caption", "figure", "figcaption", ".copyright",
         ".view_copyright", ".sns", ".view_sns", ".reporter_info", ".byline", ".ad")
SKINS = (
    {
        "name": "idx_view-new",
        "detect": ".viewTitle, .view-title, #viewTitle, .article_head, .view_head",
        "title": ".viewTitle h3, .viewTitle h2, #viewTitle, .view-title, .view_head h3, .article_head h3, h3.title",
        "subtitle": ".viewSubTitle, .view-subtitle, .sub_title, h4.subtitle, .viewTitle h4",
        "byline": ".viewTitle .name, .view_info .name, .writer, .byline, .reporter",
        "date": ".viewTitle .date, .view_info, .viewTitle, .view_head, .article_head",
        "body": "#viewContent, #articleBody, .viewContent, #news_body_area, .view_con",
        "drop": _DROP,
    },
    {
        "name": "idx_view-old",
        "detect": "#viewContent, #articleBody, .view_content",
        "title": ".view_title, .news_title, #title, td.view_title, .title",
        "subtitle": ".view_subtitle, .view_sub_title, .sub_title",
        "byline": ".view_byline, .byline, .writer, .view_info",
        "date": ".view_byline, .byline, .view_info, .date",
        "body": "#viewContent, #articleBody, .view_content",
        "drop": _DROP,
    },
)


def matches(page: Page) -> bool:
    return fingerprint(page, ARTICLE_URL, MARKERS, min_markers=2)


def extract(page: Page) -> Fields:
    return extract_skins(page, SKINS)
