"""NDSoft (엔디소프트) hosted news CMS: ``/news/articleView.html?idxno=N``.

Skins: 2019+ (``h3.heading``, ``ul.infomation``, ``article#article-view-content-div``
``.article-veiw-body`` - sic), 2017-18 "Foundation" (``div.article-head-title``, ``div.info-text``
with ``fa-user-o``/``fa-clock-o`` icons, ``승인`` date), and the older ``?mod=news&act=articleView``
URL shape. Sources: research/kr-news-cms.md F1 (selectors verified in saved pages and crawler configs).
"""

from __future__ import annotations

import re

from ..page import Page
from ..selectors import Fields
from .base import extract_skins, fingerprint

NAME = "ndsoft"
VERSION = "1"
ARTICLE_URL = re.compile(r"/news/articleView\.html\?(?:[^#]*&)?idxno=\d+|[?&]act=articleView\b[^#]*idxno=\d+")
LIST_URL = re.compile(r"/news/articleList\.html")
FEED_PATHS = ("/rss/allArticle.xml",)
MARKERS = ("article-view-content-div", "article-veiw-body", "ndsoft-fonts.css", "var ___currentTime",
           "기사본문 부분 복사하기")

_COMMON_DROP = (
    "figure", ".photo-layout", "figcaption", ".tts", "#tts", ".article-copyright", "article.copyright",
    ".view-copyright", ".view-editors", ".ad-template", "[class*='IMGFLOATING']", ".relation", ".related",
    "#ad-inline", ".ad", ".article-relation", ".editors", ".writer", ".article-editors",
)
SKINS = (
    {
        "name": "ndsoft-2019",
        "detect": ".article-veiw-body, article#article-view-content-div, ul.infomation",
        "title": ".article-view-header h3.heading, .article-view-header h1.heading, .article-view-header .heading, "
                 "h3.heading, h1.heading, .article-head-title",
        "subtitle": "h4.subheading, h2.subheading, .article-header .subheading",
        "byline": "//ul[contains(@class,'infomation')]/li[i[contains(@class,'user')]]",
        "date": "//ul[contains(@class,'infomation')]/li[i[contains(@class,'clock')] or contains(.,'입력') or contains(.,'수정') or contains(.,'승인')]",
        "section": "(//ul[contains(@class,'breadcrumbs')]//a)[last()] | //*[contains(@class,'article-head-section')]",
        "body": "#article-view-content-div, .article-veiw-body",
        "drop": _COMMON_DROP,
    },
    {
        "name": "ndsoft-2017",
        "detect": "div.article-head-title, div.info-text",
        "title": "div.article-head-title, div.aht-title",
        "subtitle": "div.article-head-sub, .article-head-sub-title",
        "byline": "//div[contains(@class,'info-text')]//li[i[contains(@class,'fa-user')]]",
        "date": "//div[contains(@class,'info-text')]//li[i[contains(@class,'fa-clock')] or contains(.,'승인') or contains(.,'입력') or contains(.,'수정')]",
        "body": "#article-view-content-div",
        "drop": _COMMON_DROP,
    },
    {
        "name": "ndsoft-legacy",
        "detect": "#articleBody, #article-view-content-div",
        "title": ".View_Title, .view_title, .article_title, #articleTitle",
        "subtitle": ".View_SubTitle, .view_sub_title",
        "byline": ".View_Info, .view_info, .article_info",
        "date": ".View_Info, .View_Time, .view_info, .article_info",
        "body": "#articleBody, #article-view-content-div",
        "drop": _COMMON_DROP,
    },
)


def matches(page: Page) -> bool:
    return fingerprint(page, ARTICLE_URL, MARKERS)


def extract(page: Page) -> Fields:
    return extract_skins(page, SKINS)
