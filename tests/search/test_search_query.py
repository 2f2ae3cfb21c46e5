"""Query parsing and safety: phrases, AND, exclusion; any string is a harmless query."""

from __future__ import annotations

import re
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search import parse_query, search
from archive.search.query import match_expression, split_query, term_matches

HOSTILE = [
    '"', '""', '"""', "*", "**", "-", "--", "- -", "NEAR", "NEAR(포항 시청, 5)", "포항 OR 대구", "포항 AND",
    "NOT 포항", "(", ")(", "포항)", "^포항", "title:포항", "{title body}:포항", "포항*", "'; DROP TABLE articles; --",
    "1' OR '1'='1", "\x00", "\\", "%", "_", "포항\x00시", "🙂", "\u200b", "a" * 5000, "포항 " * 300, "-포항",
    '"포항', '포항"', '"-포항"', "+", "+포항", ":", "\"'", "AND OR NOT NEAR",
]


def test_split_quotes_and_exclusion():
    assert split_query('포항 "시청 앞" -대구 K-water') == [
        (False, "포항"), (False, "시청 앞"), (True, "대구"), (False, "K-water")]
    assert split_query('"unterminated phrase') == [(False, "unterminated phrase")]
    assert split_query("- 포항") == [(False, "-"), (False, "포항")]


def test_parse_terms():
    q = parse_query('포항시는 "경북 포항" -대구 -"울산 시청" 포항시는')
    assert [t.key for t in q.include] == ["포항시는", "경북 포항"]  # duplicate dropped
    assert [t.key for t in q.exclude] == ["대구", "울산 시청"]
    assert not q.is_empty


def test_only_punctuation_or_only_exclusions_is_empty():
    assert parse_query('" * ( ) :').is_empty
    only_neg = parse_query("-포항")
    assert only_neg.is_empty and only_neg.warnings
    assert match_expression(only_neg) is None


def test_expression_is_built_from_tokens_only():
    expr = match_expression(parse_query('NEAR(a, b) OR "x" title:y -"z)" *'))
    # Outside quoted strings there is only our own syntax; user words are all inside quotes.
    outside = re.sub(r'"(?:[^"]|"")*"', " ", expr)
    for ours in ("{title subtitle body}", "chars", "AND", "NOT"):
        outside = outside.replace(ours, " ")
    assert set(outside) <= set(" ()+*:"), outside


def test_term_matching_rule():
    term = parse_query('"포항 시청"').include[0]
    assert term_matches(term, "남포항  시청은")  # suffix, separator run, prefix
    assert term_matches(term, "포항·시청")
    assert not term_matches(term, "포항시청")
    assert not term_matches(term, "포항 부시청")


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_strings_return_normally(archive, query):
    fields = ["포항시 시청 NEAR 소식", "포항 시청은 OR 조건과 AND 연산자를 말했다 DROP TABLE."]
    archive.add(*fields)
    archive.commit()
    result = search(archive.conn, query)
    parsed = parse_query(query)
    matches = not parsed.is_empty and all(any(term_matches(t, f) for f in fields) for t in parsed.include) and not any(
        any(term_matches(t, f) for f in fields) for t in parsed.exclude
    )
    assert result.total == int(matches)
    assert archive.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


DOCS = ["포항시는 오늘", "남포항 시청", "KTX-이음 \"NEAR\" (포항)", "대구 OR 경북", "it's a * test"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, archive_class):
    arc = archive_class(tmp_path_factory.mktemp("tiny") / "archive.db")
    for i, body in enumerate(DOCS, 1):
        arc.add(f"제목 {i}", body, article_id=i)
    arc.commit()
    conn = sqlite3.connect(f"{arc.path.resolve().as_uri()}?mode=ro", uri=True)
    yield conn
    conn.close()
    arc.store.close()


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list('포항시는오늘남청 -"*():^+NEARORAND,\'.;') + ["KTX", "대구", "이음"]), max_size=30)
       .map("".join))
def test_any_string_is_safe_and_exact(tiny, query):
    """No error for any query, and the hits are exactly the documents the rule says match."""
    result = search(tiny, query, limit=50)
    parsed = parse_query(query)
    expected = set()
    if not parsed.is_empty:
        for i, body in enumerate(DOCS, 1):
            fields = [f"제목 {i}", body]
            if all(any(term_matches(t, f) for f in fields) for t in parsed.include) and not any(
                any(term_matches(t, f) for f in fields) for t in parsed.exclude
            ):
                expected.add(i)
    assert {h.id for h in result.hits} == expected
    assert result.total == len(expected)
