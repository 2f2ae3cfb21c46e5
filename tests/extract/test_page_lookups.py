"""Page reads canonical links, ``<base>``, ``<title>``, metas and JSON-LD in shared walks; these
pages check each against the stand-alone lookup it replaced."""

from __future__ import annotations

import pytest

from archive.extract.page import Page

PAGES = [
    """<html><head><title>제목 - 신문</title><base href="/sub/"><link rel="canonical" href=" ">
       <link rel="canonical" href="/news/1"><meta property="og:title" content="제목"></head>
       <body><svg><title>icon</title></svg><link rel="canonical" href="/late"><p>본문</p></body></html>""",
    """<html><body><base href="/not-in-head/"><noscript><link rel="canonical" href="/ns"></noscript>
       <template><title>tpl</title></template><link rel="Canonical" href="/case">
       <script type="application/ld+json">{"@type": "NewsArticle", "headline": "h",}</script>
       <script>var a = 1;</script><meta name="description" content="d"></body></html>""",
    """<html><head><base><base href="http://127.0.0.1/b/"><link rel="canonical"><title></title></head></html>""",
    """<p>no head at all</p>""",
    """<html><head><noscript><link rel="canonical" href="/ns"><title>ns</title></noscript>
       <template><base href="/tpl/"></template><base href="/real/"><link rel="canonical" href="/real">
       <title>진짜 제목</title></head><body><template><p><title>t2</title></p></template></body></html>""",
]


@pytest.mark.parametrize("html", PAGES)
def test_shared_walks_find_what_the_single_lookups_find(html: str) -> None:
    page = Page.from_text(html, "http://127.0.0.1/a/b.html")
    bare = Page(url=page.url, text=page.text, encoding="utf-8", tree=page.tree)  # no shared walk: on demand
    assert page.canonical_link() == bare.canonical_link()
    assert page.base_href == bare.base_href
    assert page.title_element() is bare.title_element()
    assert page.absolute("x.jpg") == bare.absolute("x.jpg")


def test_metas_scripts_and_json_ld_are_read_before_scripts_are_stripped() -> None:
    page = Page.from_text(PAGES[1], "http://127.0.0.1/")
    assert page.script_count == 2
    assert page.meta["description"] == ["d"]
    assert page.jsonld and page.jsonld[0]["headline"] == "h"
    assert page.tree.find(".//script") is None
    assert page.canonical_link() is None  # the <noscript> one went with the noscript
    first = Page.from_text(PAGES[0], "http://127.0.0.1/a/b.html")
    assert first.canonical_link() == "http://127.0.0.1/news/1"
    assert first.base_href == "http://127.0.0.1/sub/"
    assert first.title_element().text == "제목 - 신문"
