"""SqliteCrawlState: validators, pending URLs, recheck window, due outlets (real SQLite file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crawler.state import ARTICLE, SqliteCrawlState, UrlState


def test_record_fetch_keeps_first_seen_and_updates_validators(tmp_path):
    state = SqliteCrawlState(tmp_path / "state.db")
    state.record_fetch(UrlState(url="http://a/1", outlet="o", kind=ARTICLE, etag='"x"', digest="sha1:A"))
    first = state.get("http://a/1")
    state.record_fetch(UrlState(url="http://a/1", outlet="o", kind=ARTICLE, etag='"y"', digest="sha1:B"))
    again = state.get("http://a/1")
    assert again.etag == '"y"' and again.digest == "sha1:B"
    assert again.first_seen == first.first_seen
    assert state.is_known_article("http://a/1")
    assert not state.is_known_article("http://a/2")
    state.close()
    # Durable: a new connection sees the same rows.
    assert SqliteCrawlState(tmp_path / "state.db").get("http://a/1").etag == '"y"'


def test_pending_survives_until_fetched_or_given_up(tmp_path):
    state = SqliteCrawlState(tmp_path / "state.db")
    state.add_pending("o", [("http://a/1", "http://a/list"), ("http://a/2", None), ("http://a/1", None)])
    assert sorted(u for u, _ in state.pending("o")) == ["http://a/1", "http://a/2"]
    assert state.pending("other") == []
    state.record_fetch(UrlState(url="http://a/1", outlet="o", kind=ARTICLE, status=200))
    assert [u for u, _ in state.pending("o")] == ["http://a/2"]
    assert not state.failed_pending("http://a/2", 3)
    assert not state.failed_pending("http://a/2", 3)
    assert state.failed_pending("http://a/2", 3)
    assert state.pending("o") == []


def test_recheck_candidates_and_due(tmp_path):
    state = SqliteCrawlState(tmp_path / "state.db")
    state.record_fetch(UrlState(url="http://a/1", outlet="o", kind=ARTICLE, status=200))
    state.record_fetch(UrlState(url="http://a/gone", outlet="o", kind=ARTICLE, status=410))
    state.record_fetch(UrlState(url="http://a/feed", outlet="o", kind="feed", status=200))
    young = state.recheck_candidates("o", datetime.now(UTC) - timedelta(hours=1))
    assert [s.url for s in young] == ["http://a/1"]
    assert state.recheck_candidates("o", datetime.now(UTC) + timedelta(seconds=5)) == []
    assert state.is_due("o", 60)
    state.set_last_run("o", datetime.now(UTC) - timedelta(minutes=30))
    assert not state.is_due("o", 60)
    assert state.is_due("o", 20)


def test_flags_survive_reopen_until_cleared(tmp_path):
    state = SqliteCrawlState(tmp_path / "state.db")
    state.set_flag("o", "recheck")
    state.set_flag("o", "recheck")
    state.close()
    state = SqliteCrawlState(tmp_path / "state.db")
    assert state.has_flag("o", "recheck") and not state.has_flag("other", "recheck")
    state.clear_flag("o", "recheck")
    assert not state.has_flag("o", "recheck")


def test_memory_state_is_private_to_the_process():
    from crawler.state import MemoryCrawlState

    a, b = MemoryCrawlState(), MemoryCrawlState()
    a.record_fetch(UrlState(url="http://a/1", outlet="o", kind=ARTICLE))
    assert a.is_known_article("http://a/1") and not b.is_known_article("http://a/1")
