"""Each CMS family on markup built from research/kr-news-cms.md: detection and every field."""

from __future__ import annotations

import pytest
from extract_pages import BUILDERS, homepage

from archive.extract import detect_family, extract
from archive.extract.page import Page
from archive.extract.scoring import token_f1


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_family_page(name):
    html, truth = BUILDERS[name]()
    article = extract(html.encode("utf-8"), truth.url)
    assert article.cms == truth.cms
    assert article.is_article, article.warnings
    assert article.title == truth.title
    assert article.authors == truth.authors
    assert article.published == truth.published
    assert article.modified == truth.modified
    assert token_f1(article.body, truth.body) >= 0.99, article.body
    for chrome in truth.not_in_body:
        assert chrome not in article.body
    if truth.subtitle:
        assert article.subtitle == truth.subtitle


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_family_detected_without_url(name):
    """Fingerprints work on markup alone (og:url / canonical or markers), not on the outlet."""
    html, truth = BUILDERS[name]()
    page = Page.from_bytes(html.encode("utf-8"))
    assert truth.cms == detect_family(page).NAME


def test_site_clock_is_never_the_article_date():
    html, truth = BUILDERS["idx_view-old"]()
    article = extract(html.encode("utf-8"), truth.url)
    assert article.published == "2019-08-13T21:09:00+09:00"
    assert "2019-08-21" not in (article.published or "") + (article.modified or "")


def test_euc_kr_family_page_decodes():
    html, truth = BUILDERS["idx_view-old"]()
    article = extract(html.encode("cp949"), truth.url)
    assert article.title == truth.title
    assert token_f1(article.body, truth.body) >= 0.99


def test_homepage_is_not_an_article():
    article = extract(homepage().encode("utf-8"), "https://www.gbdaily.example/")
    assert not article.is_article
    assert article.warnings


def test_overrides_selectors_win():
    html, truth = BUILDERS["page_view"]()
    overrides = {"selectors": {"title": "div.article_info span.name", "body": "#articlebody"}}
    article = extract(html.encode("utf-8"), truth.url, overrides=overrides)
    assert article.title == "김영호 기자"
    assert token_f1(article.body, truth.body) >= 0.99


@pytest.mark.parametrize("shape", ["table", "selectors", "bare"])
def test_override_shapes(shape):
    """The registry table, its selectors sub-table, or bare selectors: all accepted."""
    html, truth = BUILDERS["page_view"]()
    selectors = {"title": "div.article_info span.name"}
    overrides = {"table": {"download_delay": 2, "selectors": selectors}, "selectors": {"selectors": selectors},
                 "bare": selectors}[shape]
    assert extract(html.encode("utf-8"), truth.url, overrides=overrides).title == "김영호 기자"


def test_bad_override_selector_is_a_warning_not_a_crash():
    html, truth = BUILDERS["page_view"]()
    article = extract(html.encode("utf-8"), truth.url, overrides={"selectors": {"title": "h1[[["}})
    assert article.title == truth.title
    assert any("selector" in w for w in article.warnings)


def test_generic_fallback_without_family_markup():
    html, truth = BUILDERS["ndsoft-2019"]()
    html = html.replace("article-view-content-div", "story").replace("article-veiw-body", "story-text")
    html = html.replace("ndsoft-fonts.css", "site.css").replace("articleView.html?idxno=", "story/")
    article = extract(html.encode("utf-8"), truth.url.replace("articleView.html?idxno=", "story/"))
    assert article.cms == "generic"
    assert article.title == truth.title
    assert article.published == truth.published
    assert token_f1(article.body, truth.body) >= 0.95


def test_short_photo_article_is_still_an_article():
    html, truth = BUILDERS["ndsoft-2019"]()
    start, end = html.index("<article id="), html.index("</article>")
    short = html[:start] + ('<article id="article-view-content-div" class="article-veiw-body">'
                            "<p>포항 영일대해수욕장에 첫눈이 내렸다.</p>") + html[end:]
    article = extract(short.encode("utf-8"), truth.url)
    assert article.is_article and article.body == "포항 영일대해수욕장에 첫눈이 내렸다."
    assert any("short body" in w for w in article.warnings)


def test_sidebar_heading_before_the_article_does_not_win():
    html, truth = BUILDERS["ndsoft-2019"]()
    sidebar = '<div class="auto-article"><h3 class="heading">많이 본 뉴스</h3><ul><li>다른 기사</li></ul></div>'
    html = html.replace('<header class="article-view-header">', sidebar + '<header class="article-view-header">')
    assert extract(html.encode("utf-8"), truth.url).title == truth.title
    # Same without the header wrapper: the og:title cross-check catches it.
    html = html.replace('<header class="article-view-header">', "<header>")
    assert extract(html.encode("utf-8"), truth.url).title == truth.title


def test_threads_give_the_same_results():
    from concurrent.futures import ThreadPoolExecutor

    pages = [BUILDERS[name]() for name in sorted(BUILDERS)] * 4
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda p: extract(p[0].encode("utf-8"), p[1].url), pages))
    for (_, truth), article in zip(pages, results, strict=True):
        assert article.title == truth.title and article.authors == truth.authors
