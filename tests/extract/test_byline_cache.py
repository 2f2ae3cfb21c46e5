"""parse_byline is cached per text; each caller still gets its own list."""

from __future__ import annotations

from archive.extract.bylines import parse_byline


def test_cached_byline_results_are_fresh_lists() -> None:
    first = parse_byline("홍길동 기자 hong@example.com")
    assert first == ["홍길동"]
    first.append("김철수")  # a caller extending its list must not change the next caller's answer
    assert parse_byline("홍길동 기자 hong@example.com") == ["홍길동"]
    assert parse_byline("홍길동 기자 hong@example.com") is not parse_byline("홍길동 기자 hong@example.com")
    assert parse_byline(None) == [] and parse_byline("") == []
