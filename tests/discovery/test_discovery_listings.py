"""crawler.discovery.listings: article links and next pages per CMS family."""

from __future__ import annotations

import base64

import pytest

from crawler.discovery import parse_listing
from crawler.discovery.listings import board_data, site_key


def _page(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>".encode()


NDSOFT_LIST = _page("""
<nav><a href="/news/articleList.html?sc_section_code=S1N1&view_type=sm">정치</a>
     <a href="/news/articleList.html?sc_section_code=S1N2&view_type=sm">경제</a></nav>
<section id="section-list"><ul class="type2">
  <li><h4 class="titles"><a href="/news/articleView.html?idxno=4057787">포항시, 철길숲</a></h4></li>
  <li><h4 class="titles"><a href="/news/articleView.html?idxno=4057786&sc_section_code=S1N1">둘째</a></h4></li>
  <li><a href="http://m.kyongbuk.co.kr/news/articleView.html?idxno=4057787">중복(모바일)</a></li>
  <li><a href="https://other-outlet.co.kr/news/articleView.html?idxno=1">남의 기사</a></li>
</ul></section>
<img src="/news/photo/202401/4057787_1_1.jpg">
<ul class="pagination">
  <li><a href="/news/articleList.html?page=1&total=5234&sc_section_code=S1N1&view_type=sm">1</a></li>
  <li><a href="/news/articleList.html?page=2&total=5234&sc_section_code=S1N1&view_type=sm">2</a></li>
  <li><a href="/news/articleList.html?page=3&total=5234&sc_section_code=S1N1&view_type=sm">3</a></li>
  <li><a href="/news/articleList.html?page=11&total=5234&sc_section_code=S1N1&view_type=sm">다음</a></li>
  <li><a href="/news/articleList.html?page=2&sc_section_code=S1N2&view_type=sm">other section p2</a></li>
</ul>""")


def test_ndsoft_list_articles_and_next_page():
    url = "http://www.kyongbuk.co.kr/news/articleList.html?sc_section_code=S1N1&view_type=sm"
    listing = parse_listing(NDSOFT_LIST, url, "ndsoft")
    assert listing.articles == [
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057787",
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057786",
    ]
    assert listing.page == 1
    assert listing.next_page.endswith("page=2&total=5234&sc_section_code=S1N1&view_type=sm")
    assert all("S1N2" not in p for p in listing.pages)
    # on page 3 the next is the "다음" block link (page 11), as no page 4 link is shown
    url3 = "http://www.kyongbuk.co.kr/news/articleList.html?page=3&total=5234&sc_section_code=S1N1&view_type=sm"
    listing3 = parse_listing(NDSOFT_LIST, url3, "ndsoft")
    assert listing3.page == 3 and "page=11" in listing3.next_page
    # the last page has no next
    url11 = url3.replace("page=3", "page=11")
    assert parse_listing(NDSOFT_LIST, url11, "ndsoft").next_page is None


def _bd(text: str) -> str:
    return base64.b64encode(text.encode()).decode() + "%7C%7C"


F2_SECTION = _page(f"""
<div>즐겨찾기+ 최종편집:2020-01-21 오전 08:52:20</div>
<a href="/news/view.php?idx=19968">경주 첫 기사</a>
<a href="view.php?idx=19969">relative to /default/: not an article of this family</a>
<a href="/news/view.php?idx=19967&part_idx=362">둘째</a>
<a href="/default/index_sub.php?part_idx=363">다른 섹션</a>
<div class="paging">
  <a href="/news/list.php?board_data={_bd('startPage=0&table=&part_idx=362')}">1</a>
  <a href="/news/list.php?board_data={_bd('startPage=15&table=&part_idx=362')}">2</a>
  <a href="/news/list.php?board_data={_bd('startPage=30&table=&part_idx=362')}">3</a>
  <a href="/news/list.php?board_data={_bd('startPage=15&table=&part_idx=999')}">other section</a>
</div>""")


def test_idx_view_board_data_pagination():
    url = "http://www.gjnews.com/default/index_sub.php?part_idx=362"
    listing = parse_listing(F2_SECTION, url, "idx_view")
    assert listing.articles == [
        "http://www.gjnews.com/news/view.php?idx=19968",
        "http://www.gjnews.com/news/view.php?idx=19967",
    ]
    assert listing.page == 1
    assert board_data(listing.next_page) == {"startpage": "15", "table": "", "part_idx": "362"}
    second = parse_listing(F2_SECTION, listing.next_page, "idx_view")
    assert second.page == 2 and board_data(second.next_page)["startpage"] == "30"
    assert parse_listing(F2_SECTION, second.next_page, "idx_view").next_page is None


def test_board_data_urlsafe_and_unpadded():
    raw = base64.urlsafe_b64encode(b"startPage=45&part_idx=7").decode().rstrip("=")
    assert board_data(f"http://x.kr/news/list.php?board_data={raw}||")["startpage"] == "45"
    assert board_data("http://x.kr/news/list.php?board_data=%%%") is None


F3_LIST = _page("""
<a href="/news/article.html?no=501">신경북일보 1</a><a href="/news/article.html?no=502">2</a>
<a href="/news/article_list_writer.html?name=%EA%B9%80&user_no=3">기자</a>
<a href="/news/section_list_all.html?sec_no=18&page=1">1</a>
<a href="/news/section_list_all.html?sec_no=18&page=2">2</a>
<a href="/news/section_list_all.html?sec_no=19&page=2">other</a>""")


def test_article_no_section_pages():
    listing = parse_listing(F3_LIST, "http://www.skbilbo.kr/news/section_list_all.html?sec_no=18", "article_no")
    assert listing.articles == ["http://www.skbilbo.kr/news/article.html?no=501", "http://www.skbilbo.kr/news/article.html?no=502"]
    assert listing.next_page == "http://www.skbilbo.kr/news/section_list_all.html?sec_no=18&page=2"


def test_family_is_guessed_from_the_list_url():
    assert parse_listing(F3_LIST, "http://www.skbilbo.kr/news/section_list_all.html?sec_no=18").family == "article_no"


GENERIC = _page(
    """<a href="/article/20260125500562">a</a><a href="/article/20260125500563?utm_source=x">b</a>
    <a href="/section/politics">section</a><a href="/news/12">too short</a>
    <a href="/list?page=2" rel="next">더보기</a>""",
    head='<link rel="canonical" href="https://www.kbmaeil.com/article/20260125500562">',
)


def test_generic_listing_rel_next_and_heuristics():
    listing = parse_listing(GENERIC, "https://www.kbmaeil.com/", "generic")
    assert listing.articles == [
        "https://www.kbmaeil.com/article/20260125500562",
        "https://www.kbmaeil.com/article/20260125500563",
    ]
    assert listing.next_page == "https://www.kbmaeil.com/list?page=2"


def test_generic_next_by_text_and_euc_kr_page():
    html = ("<html><head><meta charset='euc-kr'></head><body><a href='/news/55555'>기사</a>"
            "<a href='/board?cat=3&pg=2'>다음</a><a href='/board?cat=4&pg=2'>다음</a></body></html>")
    listing = parse_listing(html.encode("cp949"), "http://x.kr/board?cat=3", None)
    assert listing.articles == ["http://x.kr/news/55555"]
    assert listing.next_page == "http://x.kr/board?cat=3&pg=2"


def test_base_href_is_respected():
    html = _page('<a href="news/articleView.html?idxno=9">x</a>', head='<base href="http://x.kr/">')
    assert parse_listing(html, "http://x.kr/sub/list", "ndsoft").articles == ["http://x.kr/news/articleView.html?idxno=9"]


@pytest.mark.parametrize("junk", [b"", b"\x00\x01\x02", b"<html", "문자열".encode("utf-16"), b"\x1f\x8b\x08\x00broken"])
def test_junk_never_raises(junk):
    listing = parse_listing(junk, "http://x.kr/news/articleList.html", "ndsoft")
    assert listing.articles == [] and listing.next_page is None


def test_site_key():
    assert site_key("http://www.kyongbuk.co.kr/a") == site_key("http://m.kyongbuk.co.kr/b") == "kyongbuk.co.kr"
    assert site_key("https://news.imaeil.com/x") == site_key("http://www.imaeil.com") == "imaeil.com"
    assert site_key("http://127.0.0.1:8001/") != site_key("http://127.0.0.1:8002/")


def test_other_lists_are_first_pages_of_other_sections_only():
    ndsoft = parse_listing(
        NDSOFT_LIST, "http://www.kyongbuk.co.kr/news/articleList.html?sc_section_code=S1N1&view_type=sm", "ndsoft"
    )
    assert ndsoft.other_lists == ["http://www.kyongbuk.co.kr/news/articleList.html?sc_section_code=S1N2&view_type=sm"]
    f2 = parse_listing(F2_SECTION, "http://www.gjnews.com/default/index_sub.php?part_idx=362", "idx_view")
    assert f2.other_lists == ["http://www.gjnews.com/default/index_sub.php?part_idx=363"]  # not the board pages
    assert all(board_data(p) for p in f2.pages)


def test_old_ndsoft_php_list_paging():
    html = _page("""<a href="/?mod=news&act=articleView&idxno=717744&sc_code=1">a</a>
    <a href="/?mod=news&act=articleList&sc_code=1&page=2">2</a><a href="/?mod=news&act=articleList&sc_code=9&page=2">x</a>""")
    listing = parse_listing(html, "http://www.kyongbuk.co.kr/?mod=news&act=articleList&sc_code=1", "ndsoft")
    assert listing.articles == ["http://www.kyongbuk.co.kr/?mod=news&act=articleView&idxno=717744"]
    assert listing.next_page == "http://www.kyongbuk.co.kr/?mod=news&act=articleList&sc_code=1&page=2"


def test_xhtml_with_xml_declaration():
    html = ('<?xml version="1.0" encoding="euc-kr"?>\n<!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml">'
            '<head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"/></head>'
            '<body><a href="/news/articleView.html?idxno=1">포항</a></body></html>').encode("cp949")
    listing = parse_listing(html, "http://x.kr/news/articleList.html", "ndsoft")
    assert listing.articles == ["http://x.kr/news/articleView.html?idxno=1"] and not listing.errors
