"""The query planner: FTS5 walks a term's rarest window, candidates are checked on the text, and the
answer is always exactly the full phrase's."""

from __future__ import annotations

import random
import re

from archive.search import parse_query, search
from archive.search.docids import rowid_range
from archive.search.plan import VERIFY_CAP, Filters, full_plan, make_plan, newest_matches
from archive.search.query import term_tokens


def everything() -> Filters:
    return Filters(*rowid_range(None, None))


def test_rare_phrase_of_common_tokens_walks_only_its_rare_window(archive):
    for i in range(40):  # 이다 / 에서 / 했다 everywhere; 궷 only in two articles
        archive.add(f"소식 {i}", f"시민이다 회의에서 발표했다 {i}번째 안건이다")
    archive.add("희귀", "고이궷이 재문이다에서 열렸다")
    archive.add("또", "그곳은 고이궷이 재문이다에서 보였다")
    archive.add("반쯤", "고이궷이 재문과 다른 곳이다에서")  # the window alone, not the phrase
    archive.commit()
    parsed = parse_query('"고이궷이 재문이다에서"')
    plan = make_plan(archive.conn, parsed, everything())
    assert not plan.exact and plan.verify == parsed.include
    walked = plan.expr.split(":", 1)[1]
    assert "이다" not in walked and "에서" not in walked  # rare tokens only (here: fewer than PROBE matches)
    found, _ = newest_matches(archive.conn, parsed, everything(), 100)
    exact, _ = newest_matches(archive.conn, parsed, everything(), 100, full_plan(parsed))
    assert found == exact and len(found) == 2
    assert {h.title for h in search(archive.conn, '"고이궷이 재문이다에서"').hits} == {"희귀", "또"}


def test_too_many_candidates_fall_back_to_the_full_phrase(archive):
    for i in range(VERIFY_CAP + 20):
        archive.add(f"기사 {i}", "포항시청에서 발표했다" if i % 2 else "포항시청에서 회의했다")
    archive.commit()
    parsed = parse_query("포항시청에서")
    assert len(term_tokens(parsed.include[0])) >= 3
    plan = make_plan(archive.conn, parsed, everything())
    assert plan.exact  # every window matches more than VERIFY_CAP articles: grown to the whole term
    result = search(archive.conn, "포항시청에서", count_limit=5000)
    assert result.total == VERIFY_CAP + 20
    both = parse_query("포항시청에서 발표했다")
    found, used = newest_matches(archive.conn, both, everything(), 5000)
    assert len(found) == (VERIFY_CAP + 20) // 2


def test_densities_misjudged_fall_back_to_the_full_phrase(archive, monkeypatch):
    from archive.search import plan as planner

    # The phrase fills the old articles; the newest ones, where densities are sampled, lack it.
    for i in range(VERIFY_CAP + 30):
        archive.add(f"옛 기사 {i}", "포항시청에서 발표했다", published="2020-01-01T09:00:00+09:00")
    for i in range(60):
        archive.add(f"새 기사 {i}", "대구시청에서 회의했다", published="2024-01-01T09:00:00+09:00")
    archive.commit()
    monkeypatch.setattr(planner, "SAMPLE", 50)
    parsed = parse_query("포항시청에서")
    plan = make_plan(archive.conn, parsed, everything())
    assert not plan.exact  # the sample says 포항 is rare...
    found, used = newest_matches(archive.conn, parsed, everything(), 5000)
    assert used.exact and len(found) == VERIFY_CAP + 30  # ...the candidates say otherwise


def test_planned_equals_full_on_generated_corpus(archive, synth):
    gen = synth.ArticleGenerator(synth.Vocabulary(5), 9, words=(30, 80))
    rows = list(gen.iter_articles(1200))
    outlets = ["kbmaeil", "idaegu", "usm"]
    for aid, _url, _outlet, title, subtitle, published, body in rows:
        archive.add(title, body, subtitle=subtitle, published=published, article_id=aid, outlet=outlets[aid % 3])
    archive.commit()
    rng = random.Random(3)
    queries = []
    for _ in range(40):
        words = re.findall(r"\S+", rng.choice(rows)[6])
        i = rng.randrange(len(words) - 2)
        queries += [f'"{words[i]} {words[i + 1]}"', f'"{words[i]} {words[i + 1]} {words[i + 2]}"',
                    f"{words[i]} -{words[i + 2]}", f'{words[i]} "{words[i + 1]} {words[i + 2]}"']
    planned_some = 0
    for q in queries:
        parsed = parse_query(q)
        for filters in (everything(), Filters(*rowid_range("2016-01-01", None), [1])):
            plan = make_plan(archive.conn, parsed, filters)
            planned_some += not plan.exact
            found, _ = newest_matches(archive.conn, parsed, filters, 5000, plan)
            exact, _ = newest_matches(archive.conn, parsed, filters, 5000, full_plan(parsed))
            assert found == exact, q
        by_relevance = search(archive.conn, q, sort="relevance", limit=500)
        assert {h.id for h in by_relevance.hits} == {h.id for h in search(archive.conn, q, limit=500).hits}, q
    assert planned_some >= len(queries) // 2  # the planner did take the text-check path
