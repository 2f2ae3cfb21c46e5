"""archive.urls: one article is one URL; article pages are told from everything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.urls import canonicalize, detect_family_from_html, family_of_url, is_article_url, is_list_url

CANON = [
    # NDSoft: keep only idxno, fold m. → www., drop fragment and tracking
    ("http://m.kyongbuk.co.kr/news/articleView.html?idxno=4057787&sc_section_code=S1N1&utm_source=x#c",
     "http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057787"),
    ("HTTP://WWW.Kyongbuk.CO.kr:80/news/articleView.html?sc_serial_code=SRN1&idxno=5",
     "http://www.kyongbuk.co.kr/news/articleView.html?idxno=5"),
    ("https://www.hidomin.com/news/articleView.html?idxno=509164&replyAll=&reply_sc_order_by=C",
     "https://www.hidomin.com/news/articleView.html?idxno=509164"),
    # NDSoft pre-2018 form: mod/act/idxno kept, the rest dropped
    ("http://www.kyongbuk.co.kr/?mod=news&act=articleView&idxno=717744&sc_code=1&page=3",
     "http://www.kyongbuk.co.kr/?mod=news&act=articleView&idxno=717744"),
    # F2
    ("http://www.gjnews.com/news/view.php?idx=19968&page=2&part_idx=362",
     "http://www.gjnews.com/news/view.php?idx=19968"),
    ("http://www.ksmnews.co.kr/default/index_view_page.php?part_idx=7&idx=420202&x=1",
     "http://www.ksmnews.co.kr/default/index_view_page.php?idx=420202&part_idx=7"),
    # F3
    ("http://www.skbilbo.kr/news/article.html?no=123&sec_no=18&page=4", "http://www.skbilbo.kr/news/article.html?no=123"),
    # F4: no query at all
    ("https://news.imaeil.com/page/view/2023031611461773862?utm_medium=social&ref=x",
     "https://news.imaeil.com/page/view/2023031611461773862"),
    # F5
    ("https://m.yeongnam.com/web/view.php?key=20230316010002212&sub=1", "https://www.yeongnam.com/web/view.php?key=20230316010002212"),
    # generic: tracking dropped, rest sorted, fragment gone
    ("https://www.example.co.kr/a/b?b=2&a=1&fbclid=zz&utm_campaign=q#top", "https://www.example.co.kr/a/b?a=1&b=2"),
    # loopback sample servers keep host and port
    ("http://127.0.0.1:8123/news/articleView.html?idxno=7&page=1", "http://127.0.0.1:8123/news/articleView.html?idxno=7"),
]


@pytest.mark.parametrize(("url", "expected"), CANON)
def test_canonicalize(url, expected):
    assert canonicalize(url) == expected
    assert canonicalize(expected) == expected


def test_same_article_many_urls_one_canonical():
    variants = [
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=42",
        "http://m.kyongbuk.co.kr/news/articleView.html?idxno=42&sc_section_code=S1N2",
        "http://www.kyongbuk.co.kr/news/articleView.html?idxno=42#rs",
        "http://www.kyongbuk.co.kr/news/articleView.html?utm_source=naver&idxno=42",
        " http://WWW.KYONGBUK.CO.KR/news/articleView.html?idxno=42 ",
    ]
    assert len({canonicalize(v, "ndsoft") for v in variants}) == 1


def test_home_host_folds_bare_and_mobile_hosts():
    assert canonicalize("http://m.insightgbn.com/news/article.html?no=5", home_host="insightgbn.com") == (
        "http://insightgbn.com/news/article.html?no=5"
    )
    assert canonicalize("http://www.insightgbn.com/news/article.html?no=5", home_host="insightgbn.com") == (
        "http://insightgbn.com/news/article.html?no=5"
    )
    # another site is left alone
    assert canonicalize("http://m.other.kr/x/12345", home_host="insightgbn.com") == "http://www.other.kr/x/12345"


def test_identity_params_are_not_dropped_on_generic_urls():
    # a page id in an unknown CMS is part of the identity
    url = canonicalize("https://www.kookje.co.kr/news2011/asp/newsbody.asp?code=1700&key=20230112.22019003127")
    assert "code=1700" in url and "key=20230112.22019003127" in url


@pytest.mark.parametrize("junk", ["", "not a url", "mailto:a@b.kr", "javascript:void(0)", "http://[::1", "//x"])
def test_canonicalize_never_raises(junk):
    assert isinstance(canonicalize(junk), str)
    assert is_article_url(junk) is False


ARTICLES = [
    ("http://www.kyongbuk.co.kr/news/articleView.html?idxno=4057787", "ndsoft"),
    ("http://www.kyongbuk.co.kr/?mod=news&act=articleView&idxno=717744", "ndsoft"),
    ("http://www.gjnews.com/news/view.php?idx=19968", "idx_view"),
    ("http://www.ksmnews.co.kr/default/index_view_page.php?idx=420202&part_idx=7", "idx_view"),
    ("http://www.skbilbo.kr/news/article.html?no=123", "article_no"),
    ("https://news.imaeil.com/page/view/2023031611461773862", "page_view"),
    ("https://www.yeongnam.com/web/view.php?key=20230316010002212", "view_key"),
    # generic shapes (in-house CMSs in the registry)
    ("https://www.idaegu.com/newsView/idg202101280040", None),
    ("https://www.kbmaeil.com/article/20260125500562", None),
    ("https://www.jjan.kr/2126501", None),
    ("https://www.news1.kr/local/daegu-gyeongbuk/5291234", None),
    ("https://www.jibs.co.kr/news/articles/articlesDetail/29665", None),
    ("https://www.busan.com/view/busan/view.php?code=2020020218564553198", None),
    ("https://www.example.kr/2024/01/16/pohang-steel-festival", None),
]
NOT_ARTICLES = [
    "http://www.kyongbuk.co.kr/news/articleList.html?sc_section_code=S1N1&view_type=sm",
    "http://www.kyongbuk.co.kr/news/articleList.html?page=2",
    "http://www.kyongbuk.co.kr/news/photo/202401/1234_1_1.jpg",
    "http://www.kyongbuk.co.kr/rss/allArticle.xml",
    "http://www.kyongbuk.co.kr/",
    "http://www.kyongbuk.co.kr/news/articleView.html",  # no idxno
    "http://www.kyongbuk.co.kr/news/articleView.html?idxno=",
    "http://www.gjnews.com/default/index_sub.php?part_idx=362",
    "http://www.gjnews.com/news/list.php?board_data=c3RhcnRQYWdlPTEw%7C%7C",
    "http://www.skbilbo.kr/news/section_list_all.html?sec_no=18&page=3",
    "http://www.skbilbo.kr/news/article_list_writer.html?name=%EC%84%9C&user_no=12345",
    "https://www.newsis.com/whol/list?cid=10800&scid=10810",
    "https://www.example.kr/member/login.php?return=/news/12345",
    "https://www.example.kr/tag/12345",
    "https://www.example.kr/search?q=%ED%8F%AC%ED%95%AD&page=123456",
    "ftp://www.example.kr/2024/01/16/x",
]


@pytest.mark.parametrize(("url", "family"), ARTICLES)
def test_article_urls(url, family):
    assert is_article_url(url)
    assert family_of_url(url) == family


@pytest.mark.parametrize("url", NOT_ARTICLES)
def test_not_article_urls(url):
    assert not is_article_url(url)


def test_list_urls():
    assert is_list_url("http://x.kr/news/articleList.html?view_type=sm&page=2", "ndsoft")
    assert is_list_url("http://x.kr/news/section_list_all.html?sec_no=1", "article_no")
    assert not is_list_url("http://x.kr/news/articleView.html?idxno=1")


def test_detect_family_from_html_needs_two_fingerprints():
    ndsoft = (
        '<link href="/css/ndsoft-fonts.css?ver=11"><a href="/news/articleList.html?sc_section_code=S1N1">x</a>'
        '<a href="/news/articleView.html?idxno=5">y</a><article id="article-view-content-div"></article>'
    )
    assert detect_family_from_html(ndsoft)[0] == "ndsoft"
    f2 = '<span>즐겨찾기+ 최종편집:2019-08-21 오후 09:17:04</span><a href="/news/view.php?idx=44473">a</a>'
    assert detect_family_from_html(f2)[0] == "idx_view"
    f3 = '<a href="/news/section_list_all.html?sec_no=18">s</a><a href="/news/article.html?no=9">a</a>'
    assert detect_family_from_html(f3)[0] == "article_no"
    # one stray link to an NDSoft site does not make a page NDSoft
    assert detect_family_from_html('<a href="http://o.kr/news/articleView.html?idxno=1">x</a>')[0] == "generic"


_url_parts = st.tuples(
    st.sampled_from(["http", "https", "HTTP"]),
    st.sampled_from(["www.kyongbuk.co.kr", "m.kyongbuk.co.kr", "127.0.0.1:8080", "news.imaeil.com", "x.kr"]),
    st.sampled_from(["/news/articleView.html", "/news/view.php", "/page/view/2023031611461773862", "/a/b", "/"]),
    st.lists(
        st.tuples(st.sampled_from(["idxno", "idx", "no", "utm_source", "page", "fbclid", "q", "한"]),
                  st.text(min_size=0, max_size=6)),
        max_size=4,
    ),
    st.text(max_size=5),
)


@settings(max_examples=300, deadline=None)
@given(_url_parts)
def test_canonicalize_is_idempotent_and_total(parts):
    scheme, host, path, params, fragment = parts
    from urllib.parse import urlencode

    url = f"{scheme}://{host}{path}?{urlencode(params)}#{fragment}"
    once = canonicalize(url)
    assert canonicalize(once) == once
    assert "#" not in once
    assert "utm_source=" not in once and "fbclid=" not in once
    assert is_article_url(once) == is_article_url(url)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://moneys.mt.co.kr/news/mwList.php?code=w0206", False),  # camelCase list script
        ("http://x.kr/news/newslist.do?id=12345", False),
        ("http://moneys.mt.co.kr/news/mwView.php?no=2019030714018071719", True),
        ("http://x.kr/view.asp?no=1234", True),
        ("http://x.kr/read.php?aid=ab12345", True),
        ("http://x.kr/read.php?code=w0206", False),  # a short code, not an article id
    ],
)
def test_generic_id_parameters(url, expected):
    assert is_article_url(url) is expected


def _kr_pages():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent.parent / "shared" / "kr-pages"
    return sorted(root.glob("*.html")) if root.is_dir() else []


@pytest.mark.skipif(not _kr_pages(), reason="../shared/kr-pages not present")
def test_real_pages_urls_and_fingerprints():
    """The 22 real Korean article pages: every URL is an article URL; only the NDSoft ones look NDSoft."""
    import json

    from crawler.outletcheck import page_text

    for html_path in _kr_pages():
        truth = json.loads(html_path.with_suffix(".json").read_text(encoding="utf-8"))
        url = truth["url"]
        assert is_article_url(url), url
        family = detect_family_from_html(page_text(html_path.read_bytes()), url)[0]
        assert family == ("ndsoft" if "articleView.html?idxno=" in url else "generic"), html_path.name


def test_percent_encoded_bytes_survive():
    """EUC-KR/CP949 query values (older Korean CMSs) keep their bytes; raw Korean is UTF-8 encoded."""
    euc = "http://www.kbfn.co.kr/news/article_list_writer.html?name=%BC%AD%BB%F3%B1%C7&user_no=1"
    assert canonicalize(euc) == euc
    raw = canonicalize("http://x.kr/태그/포항?q=포항")
    assert raw == canonicalize("http://x.kr/%ED%83%9C%EA%B7%B8/%ED%8F%AC%ED%95%AD?q=%ED%8F%AC%ED%95%AD")
    assert raw == "http://x.kr/%ED%83%9C%EA%B7%B8/%ED%8F%AC%ED%95%AD?q=%ED%8F%AC%ED%95%AD"
