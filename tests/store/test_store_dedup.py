"""Near-duplicate clusters: syndicated copies join, unrelated stories never do, order never matters."""

from __future__ import annotations

import hashlib
import random

import pytest
from store_helpers import capture, extracted, make_story, make_words, snapshot, syndicate

from archive import dedup, shingles
from archive.ingest import ingest, precompute
from archive.store import open_store


def test_clean_text_ignores_spacing_and_punctuation():
    assert shingles.clean_text("포항시는  오늘, 발표했다.") == shingles.clean_text("포항시는 오늘 발표했다")
    assert shingles.clean_text("ＡＢＣ 1") == "abc1"


def test_jaccard_of_shingles():
    a = shingles.shingles(shingles.clean_text("포항시는 오늘 새 정책을 발표했다"))
    assert shingles.jaccard(a, a) == 1.0
    assert shingles.jaccard(a, set()) == 0.0
    b = shingles.shingles(shingles.clean_text("경주시가 어제 다른 계획을 밝혔다"))
    assert shingles.jaccard(a, b) < 0.1


def test_signature_is_stable_and_estimates_jaccard():
    rng = random.Random(3)
    vocab = make_words(rng, 400)
    story = make_story(rng, vocab)
    copy = syndicate(rng, story, vocab)
    a = shingles.shingles(shingles.clean_text(" ".join(story)))
    b = shingles.shingles(shingles.clean_text(" ".join(copy)))
    sa, sb = shingles.signature(a), shingles.signature(b)
    assert (sa == shingles.signature(a)).all()  # deterministic: band keys persist across processes
    estimate = float((sa == sb).mean())
    assert abs(estimate - shingles.jaccard(a, b)) < 0.15
    assert len(shingles.band_keys(sa)) == shingles.BANDS


def test_band_keys_are_pinned():
    """The persisted keys of a fixed text (computed before the numpy shingling): they must never change."""
    text = shingles.clean_text("포항시는 2024년 6,964억원 규모의 영일만 Project를 발표했다. ＡＢＣ é 𠀀 끝")
    assert shingles.band_keys(shingles.text_signature(text))[:4] == [
        -1963745592,
        -1738076856,
        1803158662,
        -2014987576,
    ]
    assert shingles.band_keys(shingles.signature(shingles.shingles(text))) == shingles.band_keys(
        shingles.text_signature(text)
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "abcde",
        "abcdef",
        "한글한글한",
        "한글한글한글",
        "a\x00bcdefg",
        "aaaaaaaaaa",
        "é1한𠀀b2ß漢" * 9,
    ],
)
def test_window_bytes_are_the_encoded_shingles(text):
    windows = shingles.window_bytes(text)
    assert set(windows) == {s.encode() for s in shingles.shingles(text)}
    assert len(windows) == (max(len(text) - shingles.SHINGLE + 1, 1) if text else 0)
    assert (shingles.text_signature(text) == shingles.signature(shingles.shingles(text))).all()


def test_window_bytes_of_random_mixed_width_text():
    rng = random.Random(5)
    for _ in range(300):
        text = "".join(rng.choice("a1Zé한글漢𠀀9ß") for _ in range(rng.randint(0, 60)))
        assert (
            shingles.window_bytes(text) == [text[i : i + 5].encode() for i in range(len(text) - 4)]
            or len(text) <= 5
        )
        assert (shingles.text_signature(text) == shingles.signature(shingles.shingles(text))).all()


def test_fact_keys_are_blake2b_of_the_number_tokens():
    fp = dedup.Fingerprint("예산 6,964억원 중 45%를 2024년에 집행하고 시민 438명이 참여했다.")
    tokens = ["n:6964억", "n:438명", "p:438명|6964억"]
    expected = {
        int.from_bytes(hashlib.blake2b(t.encode(), digest_size=4).digest(), "little", signed=True)
        for t in tokens
    }
    assert expected <= set(fp.fact_keys())
    assert fp.facts[("예산", "억")] == {"6964"}


def _corpus(seed: int, stories: int = 12, copies: int = 3):
    """(url, outlet, title, body, story) items: each story once plus edited copies at other outlets."""
    rng = random.Random(seed)
    vocab = make_words(rng, 3000)
    items = []
    for s in range(stories):
        base = make_story(rng, vocab)
        n = copies if s % 2 == 0 else 1  # half the stories are syndicated, half run once
        for c in range(n):
            text = base if c == 0 else syndicate(rng, base, vocab)
            url = f"http://127.0.0.{11 + c}:8000/news/articleView.html?idxno={100 + s}"
            items.append((url, f"o{c + 1}", f"기사 {s}-{c}", "\n\n".join(text), s))
    return items


def _ingest_all(tmp_path, name, items, *, ahead=False):
    store = open_store(tmp_path / f"{name}.db")
    for minute, (url, outlet, title, body, _) in enumerate(items):
        known = extracted(url, title, body)
        if ahead:  # as the crawl's prepare worker does, in another process: the writer's cache is cold
            known = precompute(known, url)
            dedup.clear_cache()
        result = ingest(capture(url, minute, outlet=outlet), store, extracted=known)
        assert result.status == "saved", result
    return store


def test_work_computed_ahead_gives_the_same_rows(tmp_path):
    """``precompute`` (dedup keys, search tokens; the crawl's prepare worker) changes no row."""
    items = _corpus(13)
    dedup.clear_cache()
    here = _ingest_all(tmp_path, "here", items)
    ahead = _ingest_all(tmp_path, "ahead", items, ahead=True)
    done = precompute(extracted(items[0][0], "포항 소식", items[0][3]), items[0][0])
    assert done.dedup.keys and "포항" in done.search_tokens[0] and done.article_key and done.content_hash
    for store in (here, ahead):
        store.conn.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, search_index, instance)")
    for table in ("articles", "clusters", "similar_pairs", "dedup_keys", "search_docs", "temp.v"):
        query = f"SELECT * FROM {table} ORDER BY 1, 2" + (", 3, 4" if table == "temp.v" else "")
        assert here.conn.execute(query).fetchall() == ahead.conn.execute(query).fetchall(), table
    assert len(snapshot(ahead)["clusters"]) == 6


def test_syndicated_copies_share_a_cluster_and_unrelated_never_do(tmp_path):
    items = _corpus(7)
    store = _ingest_all(tmp_path, "a", items)
    cluster_of = dict(store.conn.execute("SELECT url, cluster_id FROM articles"))
    for url_a, _, _, _, story_a in items:
        for url_b, _, _, _, story_b in items:
            if url_a >= url_b:
                continue
            same = cluster_of[url_a] is not None and cluster_of[url_a] == cluster_of[url_b]
            assert same == (story_a == story_b), (url_a, url_b)
    sizes = [r[0] for r in store.conn.execute("SELECT size FROM clusters ORDER BY id")]
    assert sizes == [3] * 6
    assert store.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(items)  # every copy kept


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cluster_membership_does_not_depend_on_ingest_order(tmp_path, seed):
    items = _corpus(11)
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    a = snapshot(_ingest_all(tmp_path, "ordered", items))
    b = snapshot(_ingest_all(tmp_path, "shuffled", shuffled))
    assert a["clusters"] == b["clusters"]
    assert a["pairs"] == b["pairs"]


def test_an_edit_moves_an_article_between_clusters(tmp_path):
    rng = random.Random(5)
    vocab = make_words(rng, 3000)
    story1, story2 = make_story(rng, vocab), make_story(rng, vocab)
    store = open_store(tmp_path / "a.db")
    urls = [f"http://127.0.0.11:8000/news/articleView.html?idxno={i}" for i in range(4)]
    texts = [story1, syndicate(rng, story1, vocab), story2, syndicate(rng, story2, vocab)]
    for i, (url, text) in enumerate(zip(urls, texts, strict=True)):
        ingest(capture(url, i), store, extracted=extracted(url, f"t{i}", "\n\n".join(text)))
    assert snapshot(store)["clusters"] == [sorted(urls[:2]), sorted(urls[2:])]
    # The second copy is rewritten into a copy of story 2: it leaves cluster 1 (now a singleton).
    moved = ingest(
        capture(urls[1], 10),
        store,
        extracted=extracted(urls[1], "t1", "\n\n".join(syndicate(rng, story2, vocab))),
    )
    assert moved.status == "new_version"
    assert snapshot(store)["clusters"] == [sorted(urls[1:])]
    # Its old band keys went with the old text: exactly one set of bands per article.
    for article_id, body in store.conn.execute("SELECT id, body FROM articles").fetchall():
        stored = {
            r[0] for r in store.conn.execute("SELECT key FROM dedup_keys WHERE article_id = ?", (article_id,))
        }
        assert stored == set(dedup.fingerprint(body).candidate_keys())
    assert store.conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every version is kept.
    assert store.conn.execute("SELECT count(*) FROM versions").fetchone()[0] == 5


def test_short_bodies_are_not_clustered(tmp_path):
    store = open_store(tmp_path / "a.db")
    for i in range(2):
        url = f"http://127.0.0.11:8000/news/articleView.html?idxno={i}"
        ingest(capture(url, i), store, extracted=extracted(url, "포토", "포항 해맞이 행사 사진"))
    assert store.conn.execute("SELECT count(*) FROM clusters").fetchone()[0] == 0


DRILL = (
    "{city}시가 시민 {people}명과 함께 폭염 대응 훈련을 진행했다.\n\n"
    "훈련에는 소방서와 경찰서, 군부대 등 {orgs}개 기관과 시민 {people}명이 참여했다.\n\n"
    "드론을 활용한 실종자 수색 훈련도 처음 도입됐다. 참가자들은 대피와 구조, 응급처치 순서로 훈련했다.\n\n"
    "훈련 결과는 평가를 거쳐 재난안전 대책에 반영된다. 경북 지역에서 이 같은 사례는 처음이다."
)


def test_template_twins_with_different_numbers_are_different_stories():
    """Two cities' drills written from one template share most text but not their facts."""
    a = dedup.fingerprint(DRILL.format(city="경주", people=438, orgs=13))
    b = dedup.fingerprint(DRILL.format(city="안동", people=340, orgs=18))
    assert dedup.jaccard(a.shingles, b.shingles) > 0.5
    assert dedup.similarity(a, b) is None


def test_a_reworded_copy_with_the_same_numbers_is_the_same_story():
    release = (
        "구미시는 내년도 예산안을 6,964억원 규모로 편성해 시의회에 제출했다고 밝혔다.\n\n"
        "이는 올해 본예산보다 45% 늘어난 규모다. 디스플레이 산업 육성에 633억원이 새로 편성됐다.\n\n"
        "시의회는 다음 달 중순까지 예산안을 심의해 확정한다.\n\n"
        '박한솔 구미시장은 "한정된 재원을 꼭 필요한 곳에 쓰겠다"고 밝혔다.'
    )
    copy = (
        "구미시의 내년 예산이 6,964억원 규모로 짜였다.\n\n"
        "이는 올해 본예산보다 45% 늘어난 규모다. 예산안은 시의회 심의를 거쳐 다음 달 중순 확정된다.\n\n"
        "신규 사업으로는 디스플레이 산업 육성 예산 633억원이 눈에 띈다.\n\n"
        '박한솔 구미시장은 "한정된 재원을 꼭 필요한 곳에 쓰겠다"고 밝혔다.'
    )
    a, b = dedup.fingerprint(release), dedup.fingerprint(copy)
    assert dedup.jaccard(a.shingles, b.shingles) < 0.5  # heavily reworded
    assert dedup.similarity(a, b) is not None
    assert len(set(a.candidate_keys()) & set(b.candidate_keys())) >= dedup.MIN_SHARED_KEYS  # findable


def test_a_huge_body_costs_bounded_time():
    import time

    huge = "가나다라마바사 1,234억원 " * 400_000  # ~5 MB of text
    start = time.perf_counter()
    fp = dedup.fingerprint(huge)
    fp.candidate_keys()
    assert time.perf_counter() - start < 3
    assert len(fp.text) <= dedup.MAX_CHARS
