"""Store benchmark: near-dup threshold evidence, rebuild speed, near-dup assignment at scale.

Three parts, each in the same run (skipped with a reason when a dependency is missing):

1. ``threshold``: exact char-5 Jaccard (archive.dedup's cleaning and shingles) of every pair of
   the sample outlets' articles (``SampleWorld`` ground truth bodies): pairs sharing a
   ``story_id`` (syndicated copies) vs all other pairs; min/p1/p10/median of copies, max/p99.9/
   p99 of unrelated pairs, and how many pairs the chosen ``dedup.THRESHOLD`` gets wrong.
2. ``rebuild``: sample-outlet pages (``render_article``) written to real WARC files, ingested
   live, then ``archive.rebuild.rebuild`` twice: reusing extractions (default) and with
   ``reextract=True``; articles/s and captures/s.
3. ``neardup``: assignment time per new article (``dedup.assign``: clean, shingle, MinHash, LSH
   band lookup in SQLite, exact Jaccard of candidates, cluster update, commit) into a database
   already holding N articles (100k and 1M). With ``--preload real`` (the default) the N
   articles are synthetic Korean texts (bench/synth.py) with their real keys (MinHash bands and
   number facts, computed by archive.dedup), stored with their bodies so candidates are checked
   for real; ``--preload random`` gives them uniform random keys instead (fast, but hides
   collisions of real keys, e.g. a common number shared by thousands of articles). The assigned
   articles continue the same stream, 30% of them edited copies of earlier ones (preloaded or
   new), so clusters form. The candidate rate among unrelated texts is measured separately on
   ``--real`` articles.

Usage: ``nice .venv/bin/python bench/store.py [--sizes 100000,1000000] [--assign 400]``.
The last output line is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

from archive import dedup  # noqa: E402
from archive.store import open_store  # noqa: E402


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))]


# -- 1. threshold --------------------------------------------------------------------------------
def threshold_part(world_articles: int, seeds: list[int]) -> dict:
    """Text Jaccard of copies vs unrelated pairs, the decision's pair errors, and the clusters the
    real store path builds (ingest with ground-truth bodies) against ``story_id``."""
    try:
        from crawler.samples import SampleWorld
    except ImportError as exc:
        return {"skipped": f"samples unavailable: {exc}"}
    same, other, pair_missed, pair_false = [], [], 0, 0
    stories = exact = merged = split = articles = 0
    for seed in seeds:
        arts = [a for a in SampleWorld(seed=seed, articles=world_articles).live_articles() if a.get("body")]
        articles += len(arts)
        fps = [dedup.fingerprint(a["body"]) for a in arts]
        for i, j in itertools.combinations(range(len(arts)), 2):
            is_copy = arts[i]["story_id"] == arts[j]["story_id"]
            (same if is_copy else other).append(dedup.jaccard(fps[i].shingles, fps[j].shingles))
            decided = dedup.similarity(fps[i], fps[j]) is not None
            pair_missed += is_copy and not decided
            pair_false += decided and not is_copy
        result = _clusters_via_store(arts)
        stories += result[0]
        exact += result[1]
        merged += result[2]
        split += result[3]
    return {
        "worlds": len(seeds),
        "articles": articles,
        "copy_pairs": len(same),
        "unrelated_pairs": len(other),
        "copies_jaccard_min": round(min(same), 3),
        "copies_jaccard_p10": round(pct(same, 10), 3),
        "copies_jaccard_median": round(pct(same, 50), 3),
        "unrelated_jaccard_median": round(pct(other, 50), 3),
        "unrelated_jaccard_p99": round(pct(other, 99), 3),
        "unrelated_jaccard_p999": round(pct(other, 99.9), 3),
        "unrelated_jaccard_max": round(max(other), 3),
        "copies_below_0.5": sum(1 for x in same if x < 0.5),
        "unrelated_at_or_above_0.25": sum(1 for x in other if x >= 0.25),
        "rule": {
            "threshold": dedup.THRESHOLD,
            "close": dedup.CLOSE,
            "near_verbatim": dedup.NEAR_VERBATIM,
            "min_shared_digits": dedup.MIN_SHARED_DIGITS,
        },
        "rule_copy_pairs_missed": pair_missed,
        "rule_unrelated_pairs_joined": pair_false,
        "stories": stories,
        "stories_exact": exact,
        "clusters_merging_stories": merged,
        "stories_split": split,
    }


def _clusters_via_store(arts: list[dict]) -> tuple[int, int, int, int]:
    from archive.capture import Capture
    from archive.ingest import Extracted, ingest

    with tempfile.TemporaryDirectory(prefix="bench-threshold-") as tmp:
        store = open_store(Path(tmp) / "a.db")
        t0 = datetime(2026, 3, 2, tzinfo=UTC)
        story = {}
        for i, a in enumerate(arts):
            url = f"http://{a['outlet']}.test{a['url']}"
            story[url] = a["story_id"]
            fields = {k: a.get(k) for k in ("title", "subtitle", "authors", "published", "section", "body")}
            fields.update(url=url, is_article=True, images=[], warnings=[], cms="generic")
            cap = Capture(url=url, status=200, headers=(("Content-Type", "text/html"),), body=b"<html>",
                          fetched_at=t0 + timedelta(seconds=i), outlet=a["outlet"])  # fmt: skip
            ingest(cap, store, extracted=Extracted(fields=fields))
        cluster = dict(store.conn.execute("SELECT url, cluster_id FROM articles"))
        store.close()
    truth: dict[str, set[str]] = {}
    got: dict[object, set[str]] = {}
    for url, sid in story.items():
        truth.setdefault(sid, set()).add(url)
        got.setdefault(cluster[url] if cluster[url] is not None else url, set()).add(url)
    tset = {frozenset(v) for v in truth.values()}
    gset = {frozenset(v) for v in got.values()}
    merged = sum(1 for g in gset if len({story[u] for u in g}) > 1)
    split = sum(1 for t in tset if len(t) > 1 and not any(t <= g for g in gset))
    return len(tset), len(tset & gset), merged, split


def _story_sizes(arts: list[dict]) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for a in arts:
        sizes[a["story_id"]] = sizes.get(a["story_id"], 0) + 1
    return sizes


# -- 2. rebuild ----------------------------------------------------------------------------------
def rebuild_part(world_articles: int, seed: int) -> dict:
    try:
        from archive.capture import Capture
        from archive.extract import extract  # noqa: F401 - rebuild needs it
        from archive.ingest import ingest
        from archive.rebuild import rebuild
        from archive.warc import WarcWriter
        from crawler.samples import SampleWorld, render_article
    except ImportError as exc:
        return {"skipped": f"dependency unavailable: {exc}"}
    world = SampleWorld(seed=seed, articles=world_articles)
    truth = world.live_articles()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        data = Path(tmp)
        store = open_store(data / "archive.db")
        writer = WarcWriter(data / "warc")
        start = time.perf_counter()
        t0 = datetime(2026, 3, 2, tzinfo=UTC)
        for i, art in enumerate(truth):
            body, ctype = render_article(world, art)
            url = f"http://{art['outlet']}.sample.test{art['url']}"
            cap = Capture(
                url=url,
                status=200,
                headers=(("Content-Type", ctype),),
                body=body,
                fetched_at=t0 + timedelta(seconds=i),
                outlet=art["outlet"],
            )
            ingest(writer.write(cap), store)
        live_s = time.perf_counter() - start
        writer.close()
        articles = store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        store.close()
        cached = rebuild(data)
        fresh = rebuild(data, reextract=True)
        warc_bytes = sum(p.stat().st_size for p in (data / "warc").glob("*.warc.gz"))
    return {
        "captures": len(truth),
        "articles": articles,
        "warc_mb": round(warc_bytes / 1e6, 2),
        "live_ingest_articles_per_s": round(len(truth) / live_s, 1),
        "rebuild_reuse_s": round(cached.seconds, 2),
        "rebuild_reuse_articles_per_s": round(cached.articles / cached.seconds, 1),
        "rebuild_reextract_s": round(fresh.seconds, 2),
        "rebuild_reextract_articles_per_s": round(fresh.articles / fresh.seconds, 1),
        "rebuild_statuses": dict(fresh.statuses),
    }


# -- 3. near-dup at scale -----------------------------------------------------------------------
def preload(conn: sqlite3.Connection, n: int, seed: int, keys_per_article: int) -> float:
    """n articles with random candidate keys, inserted key-sorted per batch; returns seconds."""
    rng = random.Random(seed)
    start = time.perf_counter()
    conn.execute("INSERT OR IGNORE INTO outlets (id, name) VALUES ('pre', 'preloaded')")
    batch = 50_000
    for lo in range(1, n + 1, batch):
        hi = min(n, lo + batch - 1)
        conn.executemany(
            "INSERT INTO articles (id, url, outlet, body, first_seen, version_count) VALUES (?, ?, 'pre', '', ?, 1)",
            (
                (i, f"https://pre.example.kr/news/articleView.html?idxno={i}", "2026-01-01T00:00:00Z")
                for i in range(lo, hi + 1)
            ),
        )
        keys = sorted(
            (rng.getrandbits(32) - (1 << 31), i) for i in range(lo, hi + 1) for _ in range(keys_per_article)
        )
        conn.executemany("INSERT OR IGNORE INTO dedup_keys (key, article_id) VALUES (?, ?)", keys)
        conn.commit()
    return time.perf_counter() - start


def preload_real(conn: sqlite3.Connection, rows, n: int, recent: list[str]) -> float:
    """The first n of ``rows`` (synth article rows) with bodies and real dedup keys, inserted
    key-sorted per batch; the last bodies are kept in ``recent`` (copy sources). Returns seconds."""
    start = time.perf_counter()
    conn.execute("INSERT OR IGNORE INTO outlets (id, name) VALUES ('pre', 'preloaded')")
    batch = 20_000
    for lo in range(1, n + 1, batch):
        chunk = list(itertools.islice(rows, min(batch, n - lo + 1)))
        conn.executemany(
            "INSERT INTO articles (id, url, outlet, body, first_seen, version_count) VALUES (?, ?, 'pre', ?, ?, 1)",
            ((lo + k, f"https://pre.example.kr/news/articleView.html?idxno={lo + k}", row[6],
              "2026-01-01T00:00:00Z") for k, row in enumerate(chunk)),
        )
        keys = sorted(
            (key, lo + k) for k, row in enumerate(chunk) for key in dedup.fingerprint(row[6]).candidate_keys()
        )
        conn.executemany("INSERT OR IGNORE INTO dedup_keys (key, article_id) VALUES (?, ?)", keys)
        conn.commit()
        recent[:] = (recent + [row[6] for row in chunk])[-2000:]
        if (lo - 1 + len(chunk)) % 100_000 == 0:
            print(f"  preloaded {lo - 1 + len(chunk):,} in {time.perf_counter() - start:.0f}s", file=sys.stderr, flush=True)
    return time.perf_counter() - start


def make_texts(k: int, seed: int, rows=None, earlier: list[str] | None = None) -> list[str]:
    """k synthetic bodies; 30% are edited copies of an earlier one (lead replaced, a paragraph
    dropped), chosen among the new ones and ``earlier`` (bodies already in the database)."""
    if rows is None:
        _, rows = synth.generate(k, seed=seed)
    rng = random.Random(seed)
    texts: list[str] = []
    sources = list(earlier or [])
    for _, _, _, _, _, _, body in itertools.islice(rows, k):
        if sources and rng.random() < 0.3:
            paras = rng.choice(sources).split("\n\n")
            paras[0] = body.split("\n\n")[0]
            if len(paras) > 3 and rng.random() < 0.5:
                paras.pop(rng.randrange(1, len(paras)))
            texts.append("\n\n".join(paras))
        else:
            texts.append(body)
        sources.append(texts[-1])
    return texts


def neardup_part(n: int, assign: int, seed: int, workdir: Path, mode: str = "real") -> dict:
    path = workdir / f"neardup-{n}.db"
    store = open_store(path)
    conn = store.conn
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -500000")
    if mode == "real":
        _, rows = synth.generate(n + assign, seed=seed + 7)
        recent: list[str] = []
        load_s = preload_real(conn, rows, n, recent)
        texts = make_texts(assign, seed + 7, rows, recent)
        per_article = round(statistics.mean(len(dedup.fingerprint(t).candidate_keys()) for t in recent[:100]))
    else:
        texts = make_texts(assign, seed + 7)
        per_article = round(statistics.mean(len(dedup.fingerprint(t).candidate_keys()) for t in texts[:100]))
        load_s = preload(conn, n, seed, per_article)
    times, hash_times = [], []
    for i, text in enumerate(texts):
        article_id = n + 1 + i
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles (id, url, outlet, body, first_seen, version_count) VALUES (?, ?, 'pre', ?, ?, 1)",
            (
                article_id,
                f"https://new.example.kr/a/{i}",
                text,
                f"2026-02-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z",
            ),
        )
        t0 = time.perf_counter()  # from here: what ingest adds for near-dups, commit included
        dedup.assign(conn, article_id, text)
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t0)
        h0 = time.perf_counter()
        dedup.fingerprint(text).candidate_keys()
        hash_times.append(time.perf_counter() - h0)
    clusters = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM clusters").fetchone()
    band_rows = conn.execute("SELECT count(*) FROM dedup_keys").fetchone()[0]
    store.close()
    size = path.stat().st_size
    path.unlink()
    return {
        "preloaded": n,
        "preload": mode,
        "preload_s": round(load_s, 1),
        "assigned": assign,
        "assign_ms_p50": round(pct(times, 50) * 1000, 2),
        "assign_ms_p95": round(pct(times, 95) * 1000, 2),
        "assign_ms_mean": round(statistics.mean(times) * 1000, 2),
        "fingerprint_ms_mean": round(statistics.mean(hash_times) * 1000, 2),
        "keys_per_article": per_article,
        "clusters_formed": clusters[0],
        "clustered_articles": clusters[1],
        "band_rows": band_rows,
        "db_bytes_per_article": round(size / (n + assign)),
    }


def candidate_rate(real: int, seed: int) -> dict:
    """Band-key collisions among ``real`` unrelated synthetic texts with real signatures."""
    _, rows = synth.generate(real, seed=seed + 3)
    buckets: dict[int, list[int]] = {}
    collisions = 0
    t0 = time.perf_counter()
    confirmed = 0
    fps: list[dedup.Fingerprint] = []
    for _, _, _, _, _, _, body in rows:
        fp = dedup.fingerprint(body)
        shared: dict[int, int] = {}
        for k in fp.candidate_keys():
            for other in buckets.get(k, ()):
                shared[other] = shared.get(other, 0) + 1
            buckets.setdefault(k, []).append(len(fps))
        hit = {other for other, n in shared.items() if n >= dedup.MIN_SHARED_KEYS}
        collisions += len(hit)
        confirmed += sum(1 for other in hit if dedup.similarity(fp, fps[other]) is not None)
        fps.append(fp)
    elapsed = time.perf_counter() - t0
    return {
        "articles": real,
        "candidate_pairs": collisions,
        "candidates_per_article": round(collisions / real, 4),
        "confirmed_pairs": confirmed,  # unrelated texts: each one would be a false merge
        "fingerprint_docs_per_s": round(real / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="preloaded article counts")
    parser.add_argument("--assign", type=int, default=400, help="articles assigned per size")
    parser.add_argument("--real", type=int, default=5000, help="texts for the real candidate rate")
    parser.add_argument("--world", type=int, default=600, help="SampleWorld articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--worlds", type=int, default=3, help="sample worlds (seeds) for the threshold part")
    parser.add_argument("--workdir", default=None, help="where the scale databases go (default: a temp dir)")
    parser.add_argument("--preload", choices=("real", "random"), default="real",
                        help="keys of the preloaded articles: real (synthetic texts) or uniform random")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: threshold,rebuild,neardup")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    out: dict = {"bench": "store", "cpu_count": os.cpu_count()}
    if "threshold" not in skip:
        out["threshold"] = threshold_part(args.world, [args.seed + k for k in range(args.worlds)])
        print("threshold", json.dumps(out["threshold"], ensure_ascii=False), flush=True)
    if "rebuild" not in skip:
        out["rebuild"] = rebuild_part(args.world, args.seed)
        print("rebuild", json.dumps(out["rebuild"], ensure_ascii=False), flush=True)
    if "neardup" not in skip:
        out["candidates"] = candidate_rate(args.real, args.seed)
        print("candidates", json.dumps(out["candidates"]), flush=True)
        with tempfile.TemporaryDirectory(prefix="bench-neardup-", dir=args.workdir) as tmp:
            for n in (int(s) for s in args.sizes.split(",") if s):
                result = neardup_part(n, args.assign, args.seed, Path(tmp), args.preload)
                out[f"neardup_{n}"] = result
                print(f"neardup_{n}", json.dumps(result), flush=True)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
