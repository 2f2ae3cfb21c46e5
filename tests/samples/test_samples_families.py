"""Each sample outlet's pages carry its family's fingerprints (research/kr-news-cms.md) and its truth."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest
from lxml import etree

from crawler.samples import SampleServer, SampleWorld, render_article

NDSOFT_2019 = [
    'id="article-view-content-div"', 'class="article-veiw-body', 'itemprop="articleBody"', 'class="infomation"',
    "icon-user-o", "icon-clock-o", "var ___currentTime", "// 기사본문 부분 복사하기 저작권 표시", "dable:author",
    'class="photo-layout', "저작권자 ©", "기사를 읽어드립니다", "이 기사를 공유합니다", "상태바", "/rss/allArticle.xml",
]
NDSOFT_2017 = [
    "/css/ndsoft-fonts.css?ver=11", "/menuskin/", 'class="article-head-title"', 'class="info-text"', "fa fa-user-o",
    "fa fa-clock-o", 'id="article-view-content-div"', 'class="view-copyright"', 'class="view-editors"',
]
IDX_VIEW = [
    "즐겨찾기+", 'id="viewContent"', "board_data=", "index_sub.php?part_idx=", "트위터페이스북밴드카카오스토리네이버블로그",
    "이전 페이지로", "실시간 많이본 뉴스", "상호:", "주메뉴 바로가기", "본문 바로가기", "Copyrights ⓒ",
]
ARTICLE_NO = ["section_list_all.html?sec_no=", "article_list_writer.html", "기사 메일전송", "기사수정", "많이 본 뉴스",
              "이전 기사 보기", "회원로그인"]
PAGE_VIEW = ['<h1 class="title">', 'class="date"', 'id="articlebody"', 'class="art_mid_ad"']

URL_SHAPES = {
    "saeachim": r"^/news/articleView\.html\?idxno=\d+$", "hyeongsan": r"^/news/articleView\.html\?idxno=\d+$",
    "yeongil": r"^/news/articleView\.html\?idxno=\d+$", "dalgubeol": r"^/news/view\.php\?idx=\d+$",
    "seorabeol": r"^/news/article\.html\?no=\d+$", "hahoe": r"^/page/view/\d{19}$",
    "geumo": r"^/articles/\d{4}/\d\d/\d\d/\d{6}$",
}


def _page(server: SampleServer, outlet: str, url: str) -> tuple[httpx.Response, str]:
    r = httpx.get(server.base_url(outlet) + url)
    charset = "cp949" if outlet == "dalgubeol" else "utf-8"
    return r, r.content.decode(charset)


def _clean(truth: list[dict], outlet: str) -> list[dict]:
    return [a for a in truth if a["outlet"] == outlet and not a["faulty"]]


def test_every_family_is_there(world: SampleWorld, truth: list[dict]) -> None:
    assert {o.cms for o in world.outlets} == {"ndsoft", "idx_view", "article_no", "page_view", "generic"}
    assert len({o.host for o in world.outlets}) == len(world.outlets) >= 6
    assert len({a["url"] for a in truth}) == len(truth)  # no two outlets share an article path


@pytest.mark.parametrize("outlet", sorted(URL_SHAPES))
def test_article_urls_and_truth_on_page(server: SampleServer, truth: list[dict], outlet: str) -> None:
    arts = _clean(truth, outlet)
    assert len(arts) >= 5
    for a in arts[:6]:
        assert re.match(URL_SHAPES[outlet], a["url"]), a["url"]
        r, text = _page(server, outlet, a["url"])
        assert r.status_code == 200
        assert html.escape(a["title"]) in text
        for para in a["body"].split("\n\n"):
            assert html.escape(para) in text
        for img in a["images"]:
            assert img["url"] in text and html.escape(img["caption"]) in text
        assert a["authors"] and all("기자" not in n and " " not in n for n in a["authors"])
        assert a["published"].endswith("+09:00")


def test_ndsoft_2019_fingerprints(server: SampleServer, truth: list[dict]) -> None:
    for outlet, heading in (("saeachim", '<h3 class="heading">'), ("hyeongsan", '<h1 class="heading">')):
        a = _clean(truth, outlet)[0]
        _, text = _page(server, outlet, a["url"])
        for fp in [*NDSOFT_2019, heading]:
            assert fp in text, (outlet, fp)
        assert re.search(r"입력 \d{4}\.\d\d\.\d\d \d\d:\d\d", text)
        assert re.search(r'article:section" content="S1N\d"', text)
        assert f'article:published_time" content="{a["published"]}"' in text


def test_ndsoft_2017_fingerprints(server: SampleServer, truth: list[dict]) -> None:
    a = _clean(truth, "yeongil")[0]
    _, text = _page(server, "yeongil", a["url"])
    for fp in NDSOFT_2017:
        assert fp in text, fp
    assert re.search(r"승인 \d{4}\.\d\d\.\d\d \d\d:\d\d", text)
    assert "article-veiw-body" not in text


def test_idx_view_is_cp949_with_old_skin(server: SampleServer, truth: list[dict]) -> None:
    a = _clean(truth, "dalgubeol")[0]
    r = httpx.get(server.base_url("dalgubeol") + a["url"])
    assert r.headers["content-type"] == "text/html"  # no charset in the header: the bytes must tell
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    text = r.content.decode("cp949")
    for fp in IDX_VIEW:
        assert fp in text, fp
    assert 'charset=euc-kr' in text and "<table" in text
    assert re.search(r"최종편집:\d{4}-\d\d-\d\d (오전|오후) \d\d:\d\d:\d\d", text)
    pub = a["published"]
    assert re.search(rf"/ 입력 : {pub[:4]}년 {pub[5:7]}월 {pub[8:10]}일\([월화수목금토일]\) {pub[11:16]}", text)
    assert f"뉴스 &gt; {a['section']}" in text
    # a CP949 extension syllable (not in KS X 1001 / strict EUC-KR) is on every page
    assert "똠".encode("cp949") in r.content
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("euc_kr")
    assert httpx.get(server.base_url("dalgubeol") + "/rss/allArticle.xml").status_code == 404
    home = httpx.get(server.base_url("dalgubeol") + "/").content.decode("cp949")
    assert "list.php?board_data=" in home and "%7C%7C" in home


def test_idx_view_lists_paginate_through_board_data(server: SampleServer, truth: list[dict]) -> None:
    base = server.base_url("dalgubeol")
    seen: set[str] = set()
    text = httpx.get(base + "/").content.decode("cp949")
    first = re.search(r'href="(/news/list\.php\?board_data=[^"]+)"', text)
    assert first
    todo, done = [first.group(1)], set()
    while todo:
        url = todo.pop()
        if url in done:
            continue
        done.add(url)
        page = httpx.get(base + html.unescape(url)).content.decode("cp949")
        seen |= set(re.findall(r'href="(/news/view\.php\?idx=\d+)"', page))
        todo += [u for u in re.findall(r'href="(/news/list\.php\?board_data=[^"]+)"', page) if u not in done]
    want = {a["url"] for a in truth if a["outlet"] == "dalgubeol"}
    assert want <= seen


def test_article_no_in_text_byline(server: SampleServer, truth: list[dict]) -> None:
    a = next(x for x in _clean(truth, "seorabeol") if x["story_kind"] != "wire")
    _, text = _page(server, "seorabeol", a["url"])
    for fp in ARTICLE_NO:
        assert fp in text, fp
    assert f"신서라벌일보 {a['authors'][0]} 기자 | " + html.escape(a["body"].split("\n\n")[0]) in text
    assert not a["body"].startswith("신서라벌일보")
    assert re.search(r"등록 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text)
    assert httpx.get(server.base_url("seorabeol") + "/rss/allArticle.xml").status_code == 404


def test_page_view_ad_inside_body(server: SampleServer, truth: list[dict]) -> None:
    a = _clean(truth, "hahoe")[0]
    _, text = _page(server, "hahoe", a["url"])
    for fp in PAGE_VIEW:
        assert fp in text, fp
    body = text[text.index('id="articlebody"'):]
    assert body.index("art_mid_ad") < body.index("</div>\n</div>") if "</div>\n</div>" in body else True
    assert f'<span class="date">입력 {a["published"][:10]} {a["published"][11:16]}</span>' in text


def test_generic_json_ld_and_sitemaps(server: SampleServer, truth: list[dict]) -> None:
    base = server.base_url("geumo")
    a = _clean(truth, "geumo")[0]
    _, text = _page(server, "geumo", a["url"])
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text).group(1))
    assert ld["@type"] == "NewsArticle" and ld["headline"] == a["title"]
    assert ld["datePublished"] == a["published"] and [p["name"] for p in ld["author"]] == a["authors"]
    robots = httpx.get(base + "/robots.txt").text
    assert f"Sitemap: {base}/sitemap.xml" in robots and f"Sitemap: {base}/news-sitemap.xml" in robots
    index = etree.fromstring(httpx.get(base + "/sitemap.xml").content)
    locs = [e.text for e in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and any(loc.endswith(".xml.gz") for loc in locs)
    urls: set[str] = set()
    for loc in locs:
        r = httpx.get(loc)
        assert r.status_code == 200
        data = r.content
        if loc.endswith(".gz"):
            assert data[:2] == b"\x1f\x8b"  # a gzip file, not a content coding
            import gzip

            data = gzip.decompress(data)
        urls |= {e.text for e in etree.fromstring(data).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    want = {base + x["url"] for x in truth if x["outlet"] == "geumo" and x["faulty"] != "disallowed"}
    assert want <= urls
    news = httpx.get(base + "/news-sitemap.xml").text
    assert "http://www.google.com/schemas/sitemap-news/0.9" in news


def test_render_article_matches_server(server: SampleServer, world: SampleWorld, truth: list[dict]) -> None:
    for outlet in ("saeachim", "dalgubeol", "geumo"):
        a = _clean(truth, outlet)[1]
        data, ctype = render_article(world, a, base=server.base_url(outlet))
        r = httpx.get(server.base_url(outlet) + a["url"])
        assert r.content == data
        assert ctype == r.headers["content-type"]


def test_world_is_deterministic() -> None:
    a = SampleWorld(seed=3, articles=40).live_articles()
    b = SampleWorld(seed=3, articles=40).live_articles()
    c = SampleWorld(seed=4, articles=40).live_articles()
    assert a == b and a != c
    assert all(len(re.findall(r"[.다]\s|[.]$", x["body"] + " ")) >= 8 for x in a if x["story_kind"] != "wire")


def test_every_registry_url_answers(server: SampleServer) -> None:
    for e in server.registry_entries():
        urls = [e["homepage"], *e["feeds"], *e["sitemaps"], *(u.replace("{page}", "1") for u in e["lists"])]
        for u in urls:
            r = httpx.get(u)
            assert r.status_code == 200, u
            assert r.headers["etag"], u
        if "{page}" in e["lists"][0]:
            assert httpx.get(e["lists"][0].replace("{page}", "999")).status_code == 404  # past the last page


def test_render_page_without_a_server(world: SampleWorld) -> None:
    from crawler.samples import render_page

    status, data, ctype = render_page(world, "saeachim", "/rss/allArticle.xml")
    assert status == 200 and ctype.startswith("application/xml") and b"<rss" in data
    status, data, ctype = render_page(world, "dalgubeol", "/")
    assert status == 200 and ctype == "text/html" and "즐겨찾기+".encode("cp949") in data
    assert render_page(world, "hahoe", "/no/such/page")[0] == 404
