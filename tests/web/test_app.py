"""The browser's routes in-process (Starlette TestClient) over a real demo archive."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from archive.web import create_app, queries, replay
from tests.web.demo import OUTLETS, PNG, Demo

RELEASES = ("release-pohang-daily", "release-gyeongbuk-news", "release-daegu-times")


def test_search_finds_particle_attached_words(client: TestClient, demo: Demo) -> None:
    r = client.get("/", params={"q": "포항"})
    assert r.status_code == 200
    for name in (*RELEASES, "hostile"):  # 포항시는 / 포항시와 / 포항 영일만
        assert f'href="/articles/{demo.ids[name]}"' in r.text
    assert f'href="/articles/{demo.ids["edited"]}"' not in r.text
    assert "<mark>포항</mark>" in r.text
    assert "<strong>4</strong>건" in r.text
    # facet per outlet, with links that keep the query
    assert "/?q=%ED%8F%AC%ED%95%AD&amp;outlet=daegu-times" in r.text
    # the timeline: one stacked bar segment per (day, outlet)
    assert r.text.count("fill=\"transparent\"") == 4 and "일별 기사 수" in r.text  # 11-18, 11-19, 11-20, 11-22


def test_search_filters_and_sort(client: TestClient, demo: Demo) -> None:
    data = client.get("/api/search", params={"q": "포항", "outlet": "daegu-times"}).json()
    assert {h["outlet"] for h in data["results"]} == {"daegu-times"} and data["total"] == 2
    data = client.get("/api/search", params={"q": "포항", "region": "경북"}).json()
    assert {h["outlet"] for h in data["results"]} == {"pohang-daily", "gyeongbuk-news"}
    data = client.get("/api/search", params={"q": "포항", "since": "2026-11-20", "until": "2026-11-20"}).json()
    assert [h["id"] for h in data["results"]] == [demo.ids["release-daegu-times"]]
    data = client.get("/api/search", params={"q": "포항", "sort": "relevance"}).json()
    assert data["total"] == 4
    newest_first = client.get("/api/search", params={"q": "포항"}).json()["results"]
    assert [h["published"] for h in newest_first] == sorted((h["published"] for h in newest_first), reverse=True)
    only_excluded = client.get("/", params={"q": "-포항"})
    assert "제외어(-단어)만 있어 찾을 단어가 없습니다." in only_excluded.text
    assert client.get("/api/search", params={"q": "-포항"}).json()["warnings"] == ["제외어(-단어)만 있어 찾을 단어가 없습니다."]
    bad = client.get("/", params={"q": "포항", "since": "2026-13-45"})
    assert bad.status_code == 200 and "시작일 형식이 올바르지 않습니다" in bad.text


def test_api_search_contract(client: TestClient, demo: Demo) -> None:
    data = client.get("/api/search", params={"q": "영일만 -대구", "limit": 2}).json()
    assert data["total"] == 3  # the hostile Daegu page does not mention 영일만 anyway; 대구타임즈' copy does not say 대구
    assert len(data["results"]) == 2
    for hit in data["results"]:
        assert set(hit) == {"id", "url", "outlet", "title", "published", "snippet"}
        assert "<mark>영일만</mark>" in hit["snippet"]
    assert data["facets"]["outlet"]
    page2 = client.get("/api/search", params={"q": "영일만 -대구", "limit": 2, "offset": 2}).json()
    assert len(page2["results"]) == 1
    assert client.get("/api/search", params={"limit": "x"}).status_code == 400


def test_browse_without_query(client: TestClient, demo: Demo) -> None:
    data = client.get("/api/search").json()
    assert data["total"] == len(demo.ids.values() and set(demo.ids.values()))
    r = client.get("/")
    assert "최근 기사" in r.text and r.status_code == 200


def test_article_page_cluster_versions_captures(client: TestClient, demo: Demo) -> None:
    r = client.get(f"/articles/{demo.ids['release-pohang-daily']}")
    assert r.status_code == 200
    assert "함께 보도한 언론사" in r.text
    for name, outlet in (("release-gyeongbuk-news", "경북뉴스"), ("release-daegu-times", "대구타임즈")):
        assert f'href="/articles/{demo.ids[name]}"' in r.text and outlet in r.text
    assert "김민준" in r.text and "2026-11-18 09:30" in r.text  # author, published in KST
    assert f'href="/captures/{demo.captures["release-pohang-daily"]}"' in r.text


def test_version_diff(client: TestClient, demo: Demo) -> None:
    aid = demo.ids["edited"]
    r = client.get(f"/articles/{aid}")
    assert "버전 1 → 버전 2" in r.text
    assert "<ins>원안대로 </ins>" in r.text or "<ins>원안대로</ins>" in r.text
    assert "<ins>개정 조례는 공포한 날부터 바로 시행된다.</ins>" in r.text
    assert "<ins>원안 </ins>" in r.text  # the title changed too
    api = client.get(f"/api/articles/{aid}").json()
    v1, v2 = api["versions"]
    reverse = client.get(f"/articles/{aid}", params={"a": v2["id"], "b": v1["id"]})
    assert "버전 2 → 버전 1" in reverse.text and "<del>개정 조례는 공포한 날부터 바로 시행된다.</del>" in reverse.text
    assert len(api["captures"]) == 2


def test_api_article_contract(client: TestClient, demo: Demo) -> None:
    data = client.get(f"/api/articles/{demo.ids['release-daegu-times']}").json()
    for key in ("url", "canonical_url", "title", "subtitle", "authors", "published", "modified", "section",
                "body", "images", "cms", "language", "is_article", "warnings"):  # fmt: skip
        assert key in data
    assert data["authors"] == ["박지훈"] and data["is_article"] is True
    assert {m["outlet"] for m in data["also_published_by"]} == {"pohang-daily", "gyeongbuk-news"}
    missing = client.get("/api/articles/99999")
    assert missing.status_code == 404 and missing.json() == {"error": "기사를 찾을 수 없습니다."}
    assert client.get("/articles/99999").status_code == 404


def test_images_served_from_archive_or_not_loaded(client: TestClient, demo: Demo) -> None:
    r = client.get(f"/articles/{demo.ids['cp949']}")
    assert f'<img src="/captures/{demo.captures["image"]}/raw"' in r.text
    assert "사진은 보관되지 않았습니다" in r.text and 'src="http://gbnews' not in r.text
    img = client.get(f"/captures/{demo.captures['image']}/raw")
    assert img.content == PNG and img.headers["content-type"] == "image/png"


def test_captured_page_is_sandboxed(client: TestClient, demo: Demo) -> None:
    cid = demo.captures["hostile"]
    wrapper = client.get(f"/captures/{cid}")
    assert f'<iframe class="replay" src="/captures/{cid}/raw" sandbox ' in wrapper.text
    raw = client.get(f"/captures/{cid}/raw")
    csp = raw.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "allow-scripts" not in csp and "allow-same-origin" not in csp
    assert "default-src 'none'" in csp and "script-src 'none'" in csp and "connect-src 'none'" in csp
    assert raw.headers["x-content-type-options"] == "nosniff"
    # live-web references are pointed at the archive, meta refresh is disarmed
    assert '<img src="/captures/lookup?url=http%3A%2F%2F127.0.0.1%3A9%2Fimg.png"' in raw.text
    assert 'http-equiv="x-archived-refresh"' in raw.text
    assert "신천의 수변 공원" in raw.text


def test_captured_page_decoded_with_recorded_charset(client: TestClient, demo: Demo) -> None:
    raw = client.get(f"/captures/{demo.captures['cp949']}/raw")
    assert raw.headers["content-type"] == "text/html; charset=utf-8"
    assert "안동시는 하회마을 일원에서" in raw.content.decode("utf-8")
    wrapper = client.get(f"/captures/{demo.captures['cp949']}")
    assert "text/html; charset=euc-kr" in wrapper.text  # the recorded response headers are listed


def test_lookup_resolves_archived_urls_only(client: TestClient, demo: Demo) -> None:
    url = "http://gbnews.example.test/news/photo/300_1.png"
    r = client.get(f"/captures/lookup?url={quote(url, safe='')}", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == f"/captures/{demo.captures['image']}/raw"
    for probe in ("file:///etc/passwd", "../archive.db", "http://nowhere.test/"):
        r = client.get("/captures/lookup", params={"url": probe}, follow_redirects=False)
        assert r.status_code == 404 and "sandbox" in r.headers["content-security-policy"]


def test_no_path_from_url_reaches_a_file(client: TestClient, demo: Demo) -> None:
    for path in ("/captures/..%2F..%2Farchive.db/raw", "/captures/1/raw/../../archive.db", "/static/../archive.db",
                 "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/captures/-1/raw", "/captures/abc/raw"):  # fmt: skip
        r = client.get(path)
        assert r.status_code == 404, path
        assert b"SQLite format" not in r.content and b"root:" not in r.content
    with pytest.raises(replay.ReplayError):
        replay.warc_path(demo.data_dir / "warc", "../archive.db")
    with pytest.raises(replay.ReplayError):
        replay.warc_path(demo.data_dir / "warc", "/etc/passwd")


def test_user_input_is_escaped(client: TestClient) -> None:
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    for params in ({"q": evil}, {"q": "포항", "outlet": evil}, {"q": "포항", "region": evil}):
        r = client.get("/", params=params)
        assert r.status_code == 200
        assert "<script>alert(1)" not in r.text and "<img src=x" not in r.text
        if params["q"] == evil:  # echoed in the box and the heading, as text
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    data = client.get("/api/search", params={"q": evil}).json()
    assert data["total"] == 0
    for hostile in ('") OR 1=1 --', '"', "NEAR(포항 대구)", "포항*", "'; DROP TABLE articles; --", "\x00", "포" * 600):
        for path in ("/", "/api/search", "/download/search.csv"):
            assert client.get(path, params={"q": hostile}).status_code == 200, (path, hostile)
    assert client.get("/api/search", params={"q": "포항"}).json()["total"] == 4  # nothing was dropped


def test_security_headers_on_pages(client: TestClient) -> None:
    r = client.get("/outlets")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'self'" in csp and "'unsafe-inline'" not in csp
    assert r.headers["x-frame-options"] == "SAMEORIGIN" and r.headers["referrer-policy"] == "no-referrer"


def test_connection_is_read_only(demo: Demo) -> None:
    app = create_app(demo.data_dir)
    before = (demo.data_dir / "archive.db").stat().st_mtime_ns
    conn = app.state.web.conn()
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM articles")
    TestClient(app).get("/", params={"q": "포항"})
    assert (demo.data_dir / "archive.db").stat().st_mtime_ns == before


def test_downloads(client: TestClient, demo: Demo) -> None:
    r = client.get("/download/search.csv", params={"q": "포항"})
    assert r.headers["content-disposition"].startswith("attachment;")
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["id", "url", "outlet", "title", "published", "snippet"]
    assert len(rows) == 5 and all("<mark>" not in row[5] for row in rows[1:])
    data = client.get("/download/search.json", params={"q": "포항"}).json()
    assert data["total"] == 4 and {h["id"] for h in data["results"]} == {int(row[0]) for row in rows[1:]}
    paged = [h["id"] for off in (0, 2) for h in client.get("/api/search", params={"q": "포항", "limit": 2, "offset": off}).json()["results"]]
    assert [h["id"] for h in data["results"]] == paged  # same order as the pages
    ranked = client.get("/download/search.json", params={"q": "포항", "sort": "relevance"}).json()
    assert sorted(h["id"] for h in ranked["results"]) == sorted(paged)
    everything = client.get("/download/search.json").json()
    assert {h["id"] for h in everything["results"]} == set(demo.ids.values())


def test_outlets_and_runs_pages(client: TestClient, demo: Demo) -> None:
    r = client.get("/outlets")
    for outlet in OUTLETS:
        assert outlet["name"] in r.text
    assert "2026-11-23" in r.text  # last successful run of pohang-daily, in KST
    api = client.get("/api/outlets").json()["outlets"]
    daegu = next(o for o in api if o["id"] == "daegu-times")
    assert daegu["last_success"].startswith("2026-11-20") and daegu["last_run"]["ok"] is False
    assert daegu["warnings"] == ["마지막 수집 실패 (오류 1건)"] and "마지막 수집 실패" in r.text
    fixed = queries.outlet_health(create_app(demo.data_dir).state.web.conn(), now=datetime(2026, 11, 24, tzinfo=UTC))
    pohang = next(o for o in fixed if o["id"] == "pohang-daily")
    assert pohang["days"][-1] == "2026-11-24" and sum(pohang["per_day"]) == 2 and pohang["failure_rate"] == 0
    runs = client.get("/runs")
    assert "run-demo-2" in runs.text and "실패" in runs.text and "http://daegutimes.example.test/news/broken" in runs.text


def test_no_archive_yet(tmp_path) -> None:
    c = TestClient(create_app(tmp_path))
    r = c.get("/")
    assert r.status_code == 503 and "아직 아카이브가 없습니다" in r.text
    assert c.get("/api/outlets").status_code == 503


@pytest.mark.parametrize("cap", [10_000, 2])
def test_counts_match_archive_search(demo: Demo, monkeypatch: pytest.MonkeyPatch, cap: int) -> None:
    """Total, lower-bound flag and facets from the page's single index pass equal what
    archive.search.search counts itself, with and without the bound being hit."""
    from starlette.datastructures import QueryParams

    from archive.search import search
    from archive.web import searching
    from archive.web.searching import SearchParams, run_search

    monkeypatch.setattr(searching, "COUNT_LIMIT", cap)
    conn = create_app(demo.data_dir).state.web.conn()
    for params in ({"q": "포항"}, {"q": "포항", "outlet": "daegu-times"}, {"q": "포항", "region": "경북"},
                   {"q": "영일만 -대구", "since": "2026-11-19"}, {"q": "없는말"}):  # fmt: skip
        p = SearchParams.from_query(QueryParams(params))
        mine = run_search(conn, p, limit=20, offset=0)
        theirs = search(conn, p.q, **p.filters, count_limit=cap)
        assert (mine.total, mine.total_is_lower_bound) == (theirs.total, theirs.total_is_lower_bound), params
        assert mine.facets == theirs.facets, params
        assert [h["id"] for h in mine.hits] == [h.id for h in theirs.hits], params


def test_pywb_links_when_configured(demo: Demo) -> None:
    c = TestClient(create_app(demo.data_dir, pywb_url="http://127.0.0.1:8081/newsarchive/"))
    r = c.get(f"/captures/{demo.captures['edited']}")
    assert 'href="http://127.0.0.1:8081/newsarchive/20261121090000/http://pohang.example.test/news/articleView.html?idxno=200"' in r.text
    assert "pywb로 재생" not in TestClient(create_app(demo.data_dir)).get(f"/captures/{demo.captures['edited']}").text


def test_csv_cells_cannot_become_formulas() -> None:
    from archive.web.views.search import _cell

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell("-1+2") == "'-1+2" and _cell("포항시") == "포항시" and _cell(3) == 3


def test_sees_a_rebuilt_database_swapped_in(demo: Demo, tmp_path) -> None:
    """``newsarchive rebuild`` swaps a new archive.db in; the app's next request reads the new
    file (its read-only connection is reopened when the inode changes)."""
    import shutil

    from archive.rebuild import rebuild

    data = tmp_path / "data"
    shutil.copytree(demo.data_dir, data)
    client = TestClient(create_app(data))
    before = client.get("/api/search", params={"q": "포항"}).json()
    inode = (data / "archive.db").stat().st_ino
    rebuild(data)
    assert (data / "archive.db").stat().st_ino != inode
    after = client.get("/api/search", params={"q": "포항"}).json()
    assert after["total"] == before["total"] == 4
    assert {h["url"] for h in after["results"]} == {h["url"] for h in before["results"]}
    assert client.get(f"/articles/{after['results'][0]['id']}").status_code == 200


def test_reset_reopens_connections(demo: Demo) -> None:
    from archive.web.db import ReadOnlyDB

    db = ReadOnlyDB(demo.data_dir / "archive.db")
    first = db.store()
    assert db.store() is first
    db.reset()
    assert db.store() is not first


def test_revisit_shows_the_response_it_refers_to(client: TestClient, demo: Demo) -> None:
    rid = demo.captures["revisit"]
    page = client.get(f"/captures/{rid}")
    assert "재방문 기록" in page.text and f'href="/captures/{demo.captures["cp949"]}"' in page.text
    raw = client.get(f"/captures/{rid}/raw")
    assert raw.status_code == 200 and "안동시는 하회마을 일원에서" in raw.text
    assert raw.headers["content-security-policy"].startswith("sandbox;")
    article = client.get(f"/api/articles/{demo.ids['cp949']}").json()
    assert [c["kind"] for c in article["captures"]] == ["revisit", "response"]
