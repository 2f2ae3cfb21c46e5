"""search(): particle matching, substring truth on a generated corpus, snippets, filters, sort, edits."""

from __future__ import annotations

import random
import re
import sqlite3

import pytest

from archive.search import index_article, parse_query, reindex_all, search, unindex_article
from archive.search.query import collapse


def ids(result):
    return [h.id for h in result.hits]


def test_particles_attached_are_found(archive):
    a = archive.add("포항시는 새해 예산을 발표했다", "경북 포항시가 17일 밝혔다.")
    b = archive.add("포항시가 추진하는 사업", "시민 의견을 듣는다.")
    c = archive.add("포항에서 열린 축제", "많은 관광객이 찾았다.")
    d = archive.add("대구시 소식", "대구시는 포항과 협약을 맺었다.")
    archive.add("경주 소식", "관광객이 늘었다.")
    archive.commit()
    assert set(ids(search(archive.conn, "포항"))) == {a, b, c, d}
    assert set(ids(search(archive.conn, "포항시"))) == {a, b}
    assert set(ids(search(archive.conn, "포항시는"))) == {a}
    assert set(ids(search(archive.conn, "관광객"))) == {c, 5}
    # one syllable: anywhere, including the last syllable of a word
    assert set(ids(search(archive.conn, "는"))) == {a, b, d}  # 추진하는, 듣는다
    assert set(ids(search(archive.conn, "제"))) == {c}


def test_and_phrase_and_exclusion(archive):
    a = archive.add("포항 시청 앞 집회", "시민들이 모였다.")
    b = archive.add("남포항 시청에서", "행사가 열렸다.")
    c = archive.add("포항시청 소식", "대구에서도 참석했다.")
    archive.commit()
    assert set(ids(search(archive.conn, '"포항 시청"'))) == {a, b}
    assert set(ids(search(archive.conn, "포항 시청"))) == {a, b, c}
    assert set(ids(search(archive.conn, "포항 시청 -대구"))) == {a, b}
    assert set(ids(search(archive.conn, "포항 행사"))) == {b}
    assert search(archive.conn, "-포항").total == 0


def test_latin_and_digits_are_substrings_case_insensitive(archive):
    a = archive.add("KTX-이음 개통", "Pohang역에서 2024년 1월 출발")
    archive.commit()
    for q in ("ktx", "KTX-이음", "pohang", "POHANG역", "2024년", "202", "이음"):
        assert ids(search(archive.conn, q)) == [a], q


def test_results_equal_substring_truth_on_generated_corpus(archive, synth):
    vocab = synth.Vocabulary(3)
    gen = synth.ArticleGenerator(vocab, 4, words=(20, 60))
    rows = list(gen.iter_articles(1500))
    for aid, _url, _outlet, title, subtitle, published, body in rows:
        archive.add(title, body, subtitle=subtitle, published=published, article_id=aid, outlet="kbmaeil")
    archive.commit()
    rng = random.Random(5)
    queries = ["포항", "포항시", "경북", "대구", "KTX", "ktx", "r&d", "k-water", "이", "다", "했다", "밝혔다", "2016년",
               "포항 경북", "포항 -대구"]
    for length in (1, 2, 3, 4):
        queries += rng.sample(vocab.nouns_of_length(length)[:400], 6)
    # particle-attached forms and phrases taken from the text itself
    for _ in range(12):
        words = re.findall(r"\S+", rng.choice(rows)[6])
        i = rng.randrange(len(words) - 1)
        queries += [words[i].strip("."), f'"{words[i]} {words[i + 1]}"'.replace(".", "")]
    # the rule of term_matches(), with each field collapsed once
    collapsed = [(r[0], [collapse(f) for f in (r[3], r[4], r[6])]) for r in rows]
    checked = 0
    for q in queries:
        parsed = parse_query(q)
        expected = {
            aid for aid, fields in collapsed
            if all(any(t.key in f for f in fields) for t in parsed.include)
            and not any(any(t.key in f for f in fields) for t in parsed.exclude)
        }
        result = search(archive.conn, q, limit=2000, count_limit=5000)
        assert set(ids(result)) == expected, q
        assert result.total == len(expected) and not result.total_is_lower_bound
        checked += bool(expected)
    assert checked >= len(queries) * 0.8  # the query list mostly has matches


def test_snippet_highlights_and_escapes(archive):
    body = "<script>alert(1)</script> 첫 문단 & 기타. " + "내용 " * 60 + "경북 포항시는 <b>굵게</b> 말했다. 포항!"
    archive.add("제목 <i>태그</i>", body)
    archive.commit()
    (hit,) = search(archive.conn, "포항").hits
    snippet = hit.snippet
    assert "<mark>포항</mark>시는" in snippet and "<mark>포항</mark>!" in snippet
    assert "&lt;b&gt;굵게&lt;/b&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    assert snippet.startswith("…")  # the window moved to the match
    (hit,) = search(archive.conn, "script").hits
    assert "&lt;<mark>script</mark>&gt;" in hit.snippet


def test_snippet_falls_back_to_title_and_phrase_spans_separators(archive):
    archive.add("포항 시청 소식", "본문에는 없다.", subtitle="부제")
    archive.add("다른 제목", "남포항 ·  시청에서 만났다.")
    archive.commit()
    hits = {h.title: h.snippet for h in search(archive.conn, '"포항 시청"').hits}
    assert hits["포항 시청 소식"] == "<mark>포항 시청</mark> 소식"
    assert "남<mark>포항 · 시청</mark>에서" in hits["다른 제목"]


def test_filters_outlet_region_dates_and_facets(archive):
    a = archive.add("포항 1", "본문", outlet="kbmaeil", published="2024-01-16T23:30:00+09:00")
    b = archive.add("포항 2", "본문", outlet="idaegu", published="2024-01-16T15:00:00+00:00")  # 17th in KST
    c = archive.add("포항 3", "본문", outlet="usm", published="2023-12-31T10:00:00+09:00")
    d = archive.add("포항 4", "본문", outlet="kbmaeil", published=None)
    archive.commit()
    conn = archive.conn
    assert ids(search(conn, "포항")) == [b, a, c, d]  # newest first, undated last
    assert ids(search(conn, "포항", outlet="kbmaeil")) == [a, d]
    assert ids(search(conn, "포항", region="대구")) == [b]
    assert ids(search(conn, "포항", outlet="kbmaeil", region="대구")) == []
    assert ids(search(conn, "포항", outlet="nosuch")) == []
    assert ids(search(conn, "포항", until="2024-01-16")) == [a, c]
    assert ids(search(conn, "포항", since="2024-01-17")) == [b]
    assert ids(search(conn, "포항", since="2024-01-01", until="2024-01-16")) == [a]
    assert search(conn, "포항").facets == {"kbmaeil": 2, "idaegu": 1, "usm": 1}
    # facets ignore the outlet filter (to switch outlets) but honour the others
    filtered = search(conn, "포항", outlet="kbmaeil", since="2024-01-01")
    assert filtered.total == 1 and filtered.facets == {"kbmaeil": 1, "idaegu": 1}
    with pytest.raises(ValueError, match="ISO date"):
        search(conn, "포항", since="last tuesday")
    with pytest.raises(ValueError, match="sort"):
        search(conn, "포항", sort="random")


def test_relevance_pagination_and_count_cap(archive):
    body_only = [archive.add(f"소식 {i}", "경주 관광 포항 이야기", published=f"2024-02-{i + 1:02d}T09:00:00+09:00")
                 for i in range(8)]
    in_title = archive.add("포항 포항 포항", "포항 이야기 포항", published="2024-01-01T09:00:00+09:00")
    archive.commit()
    conn = archive.conn
    assert ids(search(conn, "포항", sort="relevance", limit=1)) == [in_title]
    assert ids(search(conn, "포항", limit=1)) == [body_only[-1]]
    pages = [ids(search(conn, "포항", limit=4, offset=o)) for o in (0, 4, 8)]
    assert sum(pages, []) == [*reversed(body_only), in_title]
    capped = search(conn, "포항", count_limit=5)
    assert capped.total == 5 and capped.total_is_lower_bound
    assert not search(conn, "포항", count_limit=9).total_is_lower_bound


def test_edit_unindex_and_reindex(archive):
    conn = archive.conn
    aid = archive.add("포항 소식", "원래 본문")
    archive.add("경주 소식", "다른 본문")
    conn.execute("UPDATE articles SET body = ? WHERE id = ?", ("고친 본문", aid))
    index_article(conn, aid, "포항 소식", None, "고친 본문")
    assert ids(search(conn, "원래")) == []
    assert ids(search(conn, "고친")) == [aid]
    assert search(conn, "본문").total == 2
    assert unindex_article(conn, aid) and not unindex_article(conn, aid)
    assert ids(search(conn, "포항")) == []
    dead = conn.execute("SELECT count(*) FROM search_dead").fetchone()[0]
    assert dead == 2
    assert reindex_all(conn) == 2  # rebuilt from articles: the article is back, no dead docids
    assert ids(search(conn, "고친")) == [aid]
    assert conn.execute("SELECT count(*) FROM search_dead").fetchone()[0] == 0


def test_read_only_connection_and_missing_index(archive, tmp_path):
    archive.add("포항 소식", "본문")
    archive.commit()
    ro = sqlite3.connect(f"{archive.path.resolve().as_uri()}?mode=ro", uri=True)
    assert search(ro, "포항").total == 1
    ro.close()
    bare = sqlite3.connect(tmp_path / "bare.db")
    result = search(bare, "포항")
    assert result.total == 0 and result.warnings


def test_undated_article_sorts_by_first_seen(archive):
    conn = archive.conn
    dated = archive.add("포항 A", "본문", published="2024-01-10T09:00:00+09:00")
    undated = archive.add("포항 B", "본문", published=None)
    conn.execute("UPDATE articles SET first_seen = ? WHERE id = ?", ("2024-01-12T00:00:00+00:00", undated))
    index_article(conn, undated, "포항 B", None, "본문")
    assert ids(search(conn, "포항")) == [undated, dated]
    assert ids(search(conn, "포항", since="2024-01-11")) == [undated]
    reindex_all(conn)
    assert ids(search(conn, "포항")) == [undated, dated]
