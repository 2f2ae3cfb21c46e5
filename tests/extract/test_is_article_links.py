"""_is_article's link ratio: a body that is mostly link text is a list page, one without links is read as text."""

from __future__ import annotations

from archive.extract import extract

URL = "https://ex.com/news/articleView.html?idxno=1"


def _page(paragraph: str) -> bytes:
    body = "".join(paragraph.format(i=i) for i in range(6))
    return f"""<html><head><title>t</title><meta property="og:type" content="article"></head><body>
<h3 class="heading">포항시 새 정책 발표 기사 제목입니다</h3>
<article id="article-view-content-div">{body}</article></body></html>""".encode()


def test_a_body_of_mostly_link_text_is_a_list_page():
    linked = '<p><a href="/news/articleView.html?idxno={i}">포항시 새 정책 발표와 시민 반응을 정리한 관련 기사 {i}</a> 시민들이 환영했다.</p>'
    article = extract(_page(linked), URL)
    assert not article.is_article
    assert "looks like a list or index page (mostly links)" in article.warnings


def test_the_same_body_without_links_is_an_article():
    plain = "<p>포항시 새 정책 발표와 시민 반응을 정리한 관련 기사 {i} 시민들이 환영했다.</p>"
    assert extract(_page(plain), URL).is_article
