"""ingest(): versions, unchanged re-fetches, revisits, non-articles and errors kept as captures."""

from __future__ import annotations

import json

import pytest
from store_helpers import capture, extracted, fields

from archive.ingest import Extracted, article_key, ingest
from archive.store import open_store

URL = "http://127.0.0.11:8000/news/articleView.html?idxno=5"
BODY = "포항시는 2일 시청 대회의실에서 해양관광 활성화 보고회를 열었다고 밝혔다.\n\n" * 4


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "archive.db") as s:
        s.upsert_outlets(
            [{"id": "o1", "name": "포항일보", "homepage": "http://127.0.0.11:8000/", "cms": "ndsoft"}]
        )
        yield s


def _count(store, table, where="1"):
    return store.conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def test_same_text_again_is_unchanged_and_an_edit_is_a_new_version(store):
    first = ingest(capture(URL, 0), store, extracted=extracted(URL, "제목", BODY))
    assert first.status == "saved" and first.article_id and first.version_id
    # A tracking parameter and a re-spaced body are the same article and the same text.
    again = ingest(
        capture(URL + "&utm_source=x", 1), store, extracted=extracted(URL, "제목", BODY.replace(" ", "  "))
    )
    assert (again.status, again.article_id, again.version_id) == (
        "unchanged",
        first.article_id,
        first.version_id,
    )
    edit = ingest(capture(URL, 2), store, extracted=extracted(URL, "제목(수정)", BODY + "\n\n추가 문단."))
    assert edit.status == "new_version" and edit.article_id == first.article_id
    assert edit.version_id != first.version_id
    versions = store.conn.execute("SELECT seq, title FROM versions ORDER BY seq").fetchall()
    assert versions == [(1, "제목"), (2, "제목(수정)")]  # the old version is kept
    article = store.conn.execute(
        "SELECT title, version_count, current_version_id, last_seen FROM articles"
    ).fetchone()
    assert article[:3] == ("제목(수정)", 2, edit.version_id)
    assert article[3].startswith("2026-03-02T00:02")
    # Reverting to the first text is another change, not "unchanged".
    back = ingest(capture(URL, 3), store, extracted=extracted(URL, "제목", BODY))
    assert back.status == "new_version" and _count(store, "versions") == 3


def test_the_same_record_twice_is_ingested_once(store):
    cap = capture(URL, 0)
    assert ingest(cap, store, extracted=extracted(URL, "제목", BODY)).status == "saved"
    again = ingest(cap, store, extracted=extracted(URL, "제목", BODY))
    assert again.status == "skipped" and again.reason == "already ingested"
    assert _count(store, "captures") == 1


def test_revisit_is_recorded_and_changes_nothing_else(store):
    ingest(capture(URL, 0), store, extracted=extracted(URL, "제목", BODY))
    before = store.conn.execute("SELECT * FROM articles").fetchall()
    revisit = capture(
        URL, 5, kind="revisit", status=304, refers_to="urn:uuid:00000000-0000-0000-0000-000000000000"
    )
    result = ingest(revisit, store)
    assert result.status == "skipped" and result.reason == "revisit" and result.article_id == 1
    assert store.conn.execute("SELECT * FROM articles").fetchall() == before
    row = store.conn.execute(
        "SELECT kind, article_id, refers_to FROM captures WHERE id = ?", (result.capture_id,)
    )
    assert row.fetchone() == ("revisit", 1, "urn:uuid:00000000-0000-0000-0000-000000000000")


@pytest.mark.parametrize(
    ("kw", "reason"),
    [
        ({"status": 404}, "http 404"),
        ({"status": 500}, "http 500"),
        ({"headers": (("Content-Type", "application/rss+xml"),)}, "not html (application/rss+xml)"),
        ({"headers": (("Content-Type", "image/jpeg"),), "body": b"\xff\xd8\xff"}, "not html (image/jpeg)"),
    ],
)
def test_non_article_responses_are_kept_as_skipped_captures(store, kw, reason):
    result = ingest(capture(URL, 0, **kw), store)
    assert (result.status, result.reason) == ("skipped", reason)
    row = store.conn.execute("SELECT ingest_status, error FROM captures").fetchone()
    assert row == ("skipped", reason) and _count(store, "articles") == 0


def test_failed_extraction_is_kept_as_a_capture_with_its_error(store):
    result = ingest(capture(URL, 0), store, extracted=Extracted(error="extract: ValueError: broken"))
    assert result.status == "error"
    assert store.conn.execute("SELECT ingest_status, error FROM captures").fetchone() == (
        "error",
        "extract: ValueError: broken",
    )
    not_article = ingest(capture(URL, 1), store, extracted=Extracted(not_article_reason="list page"))
    assert (not_article.status, not_article.reason) == ("not_article", "list page")
    assert _count(store, "articles") == 0 and _count(store, "captures") == 2


def test_a_storage_failure_rolls_back_the_article_but_keeps_the_capture(store):
    bad = fields(URL, "제목", BODY, authors=[object()])  # not JSON-serialisable
    result = ingest(capture(URL, 0), store, extracted=Extracted(fields=bad))
    assert result.status == "error" and result.reason.startswith("store: TypeError")
    assert _count(store, "articles") == 0 and _count(store, "versions") == 0
    assert store.conn.execute("SELECT ingest_status FROM captures").fetchone() == ("error",)
    # The next good page still goes in.
    assert ingest(capture(URL, 1), store, extracted=extracted(URL, "제목", BODY)).status == "saved"


def test_truncated_capture_never_replaces_a_whole_one(store):
    ingest(capture(URL, 0), store, extracted=extracted(URL, "제목", BODY))
    cut = ingest(capture(URL, 1, truncated="length"), store, extracted=extracted(URL, "제목", BODY[:40]))
    assert (cut.status, cut.reason) == ("skipped", "truncated") and _count(store, "versions") == 1
    other = URL.replace("idxno=5", "idxno=6")
    first = ingest(
        capture(other, 2, truncated="length"), store, extracted=extracted(other, "잘림", BODY[:90])
    )
    assert first.status == "saved"
    warnings = json.loads(
        store.conn.execute("SELECT warnings FROM articles WHERE id = ?", (first.article_id,)).fetchone()[0]
    )
    assert warnings == ["truncated capture (length)"]


def test_unknown_outlets_get_a_row_and_outlet_is_found_by_host(store):
    result = ingest(capture(URL, 0, outlet=None), store, extracted=extracted(URL, "제목", BODY))
    assert store.conn.execute(
        "SELECT outlet FROM articles WHERE id = ?", (result.article_id,)
    ).fetchone() == ("o1",)
    other = "http://127.0.0.99:8000/news/articleView.html?idxno=1"
    ingest(capture(other, 1, outlet="newcomer"), store, extracted=extracted(other, "제목", BODY))
    assert store.conn.execute("SELECT name FROM outlets WHERE id = 'newcomer'").fetchone() == ("newcomer",)


def test_article_key_prefers_a_same_site_canonical_link():
    fetched = "http://m.example.kr/news/articleView.html?idxno=7&page=2"
    key = article_key("http://www.example.kr/news/articleView.html?idxno=7", fetched, "ndsoft")
    assert (
        key == article_key(None, fetched, "ndsoft") == "http://www.example.kr/news/articleView.html?idxno=7"
    )
    # A copy whose canonical link points at the wire's page stays its own article.
    assert "wire.example" not in article_key("https://wire.example/a/1", fetched, "ndsoft")


def test_readonly_store_refuses_writes(store, tmp_path):
    ingest(capture(URL, 0), store, extracted=extracted(URL, "제목", BODY))
    store.conn.execute("SELECT 1")
    with open_store(tmp_path / "archive.db", readonly=True) as reader:
        assert reader.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        with pytest.raises(Exception, match="readonly|read-only|query_only|attempt to write"):
            reader.conn.execute("DELETE FROM articles")


def test_record_run_merges_start_and_end_and_fills_run_outlets(store):
    store.record_run({"id": "r1", "started_at": "2026-03-02T00:00:00+00:00", "host": "a"})
    store.record_run(
        {
            "id": "r1",
            "finished_at": "2026-03-02T00:10:00+00:00",
            "status": "ok",
            "pages": 12,
            "outlets": [
                {
                    "outlet": "o1",
                    "status": "ok",
                    "pages": 10,
                    "new_articles": 3,
                    "error_count": 1,
                    "errors": [{}],
                },
                {"outlet": "o2", "status": "failed", "pages": 2, "new_articles": 0, "error_count": 5},
            ],
        }
    )
    run = store.conn.execute("SELECT started_at, ended_at, status, pages, data FROM runs").fetchone()
    assert run[:4] == ("2026-03-02T00:00:00+00:00", "2026-03-02T00:10:00+00:00", "ok", 12)
    assert json.loads(run[4])["host"] == "a"
    rows = store.conn.execute("SELECT outlet_id, ok, pages, new_articles, errors FROM run_outlets ORDER BY 1")
    assert rows.fetchall() == [("o1", 1, 10, 3, 1), ("o2", 0, 2, 0, 5)]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.11:8000/",
        "http://127.0.0.11:8000/news/articleList.html?sc_section_code=S1N1&view_type=sm&page=2",
        "http://127.0.0.11:8000/news/article_list_all.html?page=1",
    ],
)
def test_list_and_home_pages_are_never_articles(store, url):
    """Whatever extraction makes of them (rebuild reads list pages the crawler never ingested)."""
    result = ingest(capture(url, 0), store, extracted=extracted(url, "전체기사", BODY))
    assert (result.status, result.reason) == ("not_article", "list or home page (URL shape)")
    assert _count(store, "articles") == 0


def test_old_ndsoft_article_urls_on_the_root_path_are_articles(store):
    """`/?mod=news&act=articleView&idxno=` (NDSoft before ~2018) sits on "/" but is an article."""
    url = "http://127.0.0.11:8000/?mod=news&act=articleView&idxno=7&sc_code=S1N1"
    result = ingest(capture(url, 0), store, extracted=extracted(url, "옛 기사", BODY))
    assert result.status == "saved"
    assert _count(store, "articles") == 1


def test_extractor_failures_count_as_errors_not_as_non_articles():
    from archive.extract import Article
    from archive.ingest import outcome

    failed = outcome(Article(url=URL, warnings=["extraction failed: KeyError: 'x'"]))
    assert failed.error == "extract: extraction failed: KeyError: 'x'" and failed.fields is None
    listing = outcome(Article(url=URL, warnings=["no article body found (34 characters of text)"]))
    assert listing.error is None and listing.not_article_reason.startswith("no article body")
    article = outcome(Article(url=URL, title="t", body=BODY, is_article=True))
    assert article.fields["title"] == "t" and article.error is None


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\x00\xff\xfe" * 5000,
        b"<html><body>" + b"<div>" * 30000 + b"</body></html>",
        "<html><meta charset='utf-8'><body><p>포항시는".encode("euc-kr") + b"\x80\x81" * 100,
        b"\x1f\x8b\x08\x00broken gzip",
    ],
)
def test_hostile_pages_never_raise_and_are_kept(store, body):
    """Real extraction on garbage: a capture row with a status, never an exception."""
    result = ingest(capture(URL, 0, body=body), store)
    assert result.status in ("not_article", "error", "saved")
    assert store.conn.execute("SELECT ingest_status FROM captures").fetchone() == (result.status,)


def test_a_revisit_finds_its_article_through_the_record_it_refers_to(store):
    canonical = "http://127.0.0.11:8000/news/articleView.html?idxno=77"
    fetched = "http://127.0.0.11:8000/amp/77"  # not the article key: its canonical link is
    first = ingest(
        capture(fetched, 0), store, extracted=extracted(fetched, "제목", BODY, canonical_url=canonical)
    )
    assert store.conn.execute("SELECT url FROM articles").fetchone() == (canonical,)
    record_id = store.conn.execute("SELECT record_id FROM captures").fetchone()[0]
    revisit = ingest(capture(fetched, 9, kind="revisit", refers_to=record_id), store)
    assert (revisit.status, revisit.article_id) == ("skipped", first.article_id)
