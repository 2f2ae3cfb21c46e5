"""Korean search benchmark: the bigram index vs plain FTS5 unicode61 vs FTS5 trigram, same run.

Builds an archive database (the store's own schema via ``archive.store.open_store``) with N
synthetic Korean articles (bench/synth.py), then:

* times the base insert, the bigram index build (``archive.search.reindex_all``: tokenize in
  Python + FTS5 insert + optimize), the unicode61 ``articles_fts`` rebuild and a trigram table;
* measures each index's size (page-count deltas) per article;
* runs query sets (2-, 3-, 4-syllable words drawn log-uniformly by frequency rank, quoted
  two-word phrases taken from articles, two-term AND queries, and 1-syllable words) and reports
  p50/p95 latency of "newest 20 + count up to the cap" for all three indexes, plus the full
  ``archive.search.search()`` call (hits, snippets, facets, bounded count), its relevance sort,
  and the cost of an exact unbounded count;
* computes recall and precision against substring truth (the rule of
  ``archive.search.query.term_matches``, in pure Python over the text) on a contiguous block of ``--sample`` articles.

Usage: ``nice python bench/search.py --articles 1000000 --keep /tmp/search-1m.db``.
The last output line is one JSON object with all figures.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

from archive.search import reindex_all, search  # noqa: E402
from archive.search.docids import rowid_range  # noqa: E402
from archive.search.query import collapse, match_expression, parse_query  # noqa: E402
from archive.store import open_store  # noqa: E402

CATEGORIES = ("w1", "w2", "w3", "w4", "phrase", "and2")


def db_bytes(conn: sqlite3.Connection) -> int:
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    (free,) = conn.execute("PRAGMA freelist_count").fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    return (pages - free) * size


def load(conn: sqlite3.Connection, vocab: synth.Vocabulary, n: int, seed: int) -> float:
    """Insert outlets and n articles (store schema); returns seconds."""
    conn.executemany(
        "INSERT OR REPLACE INTO outlets (id, name, region, city, cms, verified, confidence) VALUES (?,?,?,?,?,?,?)",
        [(o.id, o.name, o.region, o.city, "ndsoft", 0, "U") for o in vocab.outlets],
    )
    gen = synth.ArticleGenerator(vocab, seed + 1)
    sql = (
        "INSERT INTO articles (id, url, canonical_url, outlet, title, subtitle, published, body, first_seen,"
        " last_seen, version_count, cms, language, is_article, authors, images, warnings)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,1,'ndsoft','ko',1,'[]','[]','[]')"
    )
    t0 = time.perf_counter()
    batch: list[tuple] = []
    for aid, url, outlet, title, subtitle, published, body in gen.iter_articles(n):
        batch.append((aid, url, url, outlet, title, subtitle, published, body, published, published))
        if len(batch) == 20_000:
            conn.executemany(sql, batch)
            batch.clear()
            print(f"  loaded {aid:,}", file=sys.stderr, flush=True)
    conn.executemany(sql, batch)
    conn.commit()
    return time.perf_counter() - t0


def without_fts_triggers(conn: sqlite3.Connection) -> list[str]:
    """Drop the store's articles_fts triggers for the bulk load; returns their SQL to restore."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles' AND sql LIKE '%articles_fts%'"
    ).fetchall()
    for name, _ in rows:
        conn.execute(f'DROP TRIGGER "{name}"')
    return [sql for _, sql in rows]


def log_uniform_pick(rng: random.Random, words: list[str], k: int) -> list[str]:
    """k words whose frequency ranks are spread log-uniformly (common, mid and rare words)."""
    out = []
    for _ in range(k):
        rank = int(math.exp(rng.uniform(0, math.log(len(words)))))
        out.append(words[min(rank, len(words)) - 1])
    return out


def make_queries(conn: sqlite3.Connection, vocab: synth.Vocabulary, n: int, k: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    places = list(synth.PLACES)
    queries: dict[str, list[str]] = {}
    queries["w1"] = rng.sample(vocab.syllables[:300], max(3, k // 4))
    for length in (2, 3, 4):
        pool = vocab.nouns_of_length(length)
        picks = log_uniform_pick(rng, pool, k - k // 5)
        picks += rng.choices([p for p in places if len(p) == length] or places, k=k // 5)
        queries[f"w{length}"] = picks
    phrases = []
    while len(phrases) < k:
        (body,) = conn.execute("SELECT body FROM articles WHERE id = ?", (rng.randint(1, n),)).fetchone()
        words = body.split()
        i = rng.randrange(len(words) - 1)
        a, b = words[i].strip("."), words[i + 1].strip(".")
        if a and b:
            phrases.append(f'"{a} {b}"')
    queries["phrase"] = phrases
    nouns = vocab.nouns
    queries["and2"] = [f"{a} {b}" for a, b in zip(log_uniform_pick(rng, nouns, k), log_uniform_pick(rng, nouns, k),
                                                   strict=True)]
    return queries


def baseline_expression(query: str) -> str:
    """A MATCH for the baseline tables: each term (or quoted phrase) as an FTS5 string, ANDed."""
    parsed = parse_query(query)
    return " AND ".join('"' + t.text.replace('"', '""') + '"' for t in parsed.include)


class Truth:
    """Substring truth on a contiguous block of articles."""

    def __init__(self, conn: sqlite3.Connection, first: int, last: int):
        self.first, self.last = first, last
        self.rows = conn.execute(
            "SELECT id, title, subtitle, body, published FROM articles WHERE id BETWEEN ? AND ?", (first, last)
        ).fetchall()
        self.ids = {r[0] for r in self.rows}
        self.fields = [(r[0], [collapse(f) for f in r[1:4] if f]) for r in self.rows]
        published = sorted(r[4] for r in self.rows)
        self.rowids = rowid_range(published[0], published[-1])

    def matches(self, query: str) -> set[int]:
        parsed = parse_query(query)
        keys = [t.key for t in parsed.include]
        return {aid for aid, fields in self.fields if keys and all(any(k in f for f in fields) for k in keys)}


def found(conn: sqlite3.Connection, method: str, query: str, truth: Truth) -> set[int]:
    if method == "bigram":
        expr = match_expression(parse_query(query))
        if expr is None:
            return set()
        lo, hi = truth.rowids
        rows = conn.execute(
            "SELECT d.article_id FROM search_index JOIN search_docs d ON d.docid = search_index.rowid"
            " WHERE search_index MATCH ? AND search_index.rowid BETWEEN ? AND ?",
            (expr, lo, hi),
        )
        return {r[0] for r in rows} & truth.ids
    table = "articles_fts" if method == "unicode61" else "articles_tri"
    try:
        rows = conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
            (baseline_expression(query), truth.first, truth.last),
        )
        return {r[0] for r in rows}
    except sqlite3.OperationalError:
        return set()


def top_and_count(conn: sqlite3.Connection, method: str, query: str, cap: int) -> tuple[int, int]:
    """Newest 20 ids and a count bounded by cap: what a result page needs from the index."""
    if method == "bigram":
        expr, table, extra = match_expression(parse_query(query)), "search_index", (
            " AND rowid NOT IN (SELECT docid FROM search_dead)")
    else:
        expr, extra = baseline_expression(query), ""
        table = "articles_fts" if method == "unicode61" else "articles_tri"
    if not expr:
        return 0, 0
    try:
        top = conn.execute(
            f"SELECT rowid FROM {table} WHERE {table} MATCH ?{extra} ORDER BY rowid DESC LIMIT 20", (expr,)
        ).fetchall()
        (count,) = conn.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ?{extra} LIMIT ?)", (expr, cap + 1)
        ).fetchone()
    except sqlite3.OperationalError:
        return 0, 0
    return len(top), count


def timed(fn, *args) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - t0) * 1000, out


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=40, help="queries per category")
    ap.add_argument("--sample", type=int, default=10_000, help="articles in the truth block")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cap", type=int, default=10_000, help="count bound (archive.search.COUNT_LIMIT)")
    ap.add_argument("--keep", type=Path, help="keep the database here (for bench/web.py, bench/store.py)")
    ap.add_argument("--no-trigram", action="store_true", help="skip the trigram baseline (slow to build)")
    ap.add_argument("--reuse", type=Path, help="skip the build: only run the queries on a database kept earlier")
    args = ap.parse_args()

    tmp = None
    if args.reuse:
        run_queries(args, args.reuse, {"articles": None, "sqlite": sqlite3.sqlite_version, "cap": args.cap,
                                       "reused": str(args.reuse)})
        return
    if args.keep:
        path = args.keep
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="bench-search-")
        path = Path(tmp.name) / "archive.db"
    n = args.articles
    figures: dict[str, object] = {"articles": n, "sqlite": sqlite3.sqlite_version, "cap": args.cap}

    store = open_store(path, bulk=True)
    conn = store.conn
    triggers = without_fts_triggers(conn)
    conn.commit()
    vocab = synth.Vocabulary(args.seed)
    base0 = db_bytes(conn)
    secs = load(conn, vocab, n, args.seed)
    base = db_bytes(conn) - base0
    (chars,) = conn.execute("SELECT avg(length(title) + length(coalesce(subtitle,'')) + length(body)) FROM articles"
                            ).fetchone()
    figures.update(load_s=round(secs, 1), load_rows_per_s=round(n / secs), base_bytes_per_article=round(base / n),
                   mean_chars_per_article=round(chars))
    print(f"base insert: {secs:.1f} s ({n / secs:,.0f} rows/s), {base / n:,.0f} B/article, {chars:,.0f} chars/article")

    def build(name: str, fn) -> None:
        before = db_bytes(conn)
        t0 = time.perf_counter()
        fn()
        conn.commit()
        secs = time.perf_counter() - t0
        size = db_bytes(conn) - before
        figures[f"{name}_build_s"] = round(secs, 1)
        figures[f"{name}_rows_per_s"] = round(n / secs)
        figures[f"{name}_bytes_per_article"] = round(size / n)
        figures[f"{name}_mb"] = round(size / 1e6)
        print(f"{name}: build {secs:.1f} s ({n / secs:,.0f} rows/s), {size / 1e6:,.0f} MB, {size / n:,.0f} B/article",
              flush=True)

    def bigram() -> None:
        reindex_all(conn, progress=lambda c: c % 100_000 == 0 and print(f"  indexed {c:,}", file=sys.stderr,
                                                                             flush=True))

    def unicode61() -> None:
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")

    def trigram() -> None:
        conn.execute("CREATE VIRTUAL TABLE articles_tri USING fts5(title, subtitle, body, content='articles',"
                     " content_rowid='id', tokenize='trigram')")
        conn.execute("INSERT INTO articles_tri (articles_tri) VALUES ('rebuild')")
        conn.execute("INSERT INTO articles_tri (articles_tri) VALUES ('optimize')")

    build("bigram", bigram)
    build("unicode61", unicode61)
    if not args.no_trigram:
        build("trigram", trigram)
    for sql in triggers:
        conn.execute(sql)
    conn.commit()
    store.close()
    run_queries(args, path, figures)
    if tmp is not None:
        tmp.cleanup()


def run_queries(args: argparse.Namespace, path: Path, figures: dict[str, object]) -> None:
    store = open_store(path)
    conn = store.conn
    (n,) = conn.execute("SELECT max(id) FROM articles").fetchone()
    figures["articles"] = n
    vocab = synth.Vocabulary(args.seed)
    methods = [m for m, table in (("bigram", "search_index"), ("unicode61", "articles_fts"),
                                  ("trigram", "articles_tri"))
               if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone()]
    queries = make_queries(conn, vocab, n, args.queries, args.seed + 7)
    first = max(1, n // 2 - args.sample // 2)
    truth = Truth(conn, first, min(n, first + args.sample - 1))
    recall: dict[str, dict[str, float]] = {m: {} for m in methods}
    precision: dict[str, dict[str, float]] = {m: {} for m in methods}
    for cat, qs in queries.items():
        expected = [truth.matches(q) for q in qs]
        for m in methods:
            tp = fp = fn_ = 0
            for q, exp in zip(qs, expected, strict=True):
                got = found(conn, m, q, truth)
                tp, fp, fn_ = tp + len(got & exp), fp + len(got - exp), fn_ + len(exp - got)
            recall[m][cat] = round(tp / (tp + fn_), 4) if tp + fn_ else 1.0
            precision[m][cat] = round(tp / (tp + fp), 4) if tp + fp else 1.0
        print(f"truth {cat}: mean {statistics.mean(len(e) for e in expected):.1f} matches in the sample block")

    # Warm the cache once, then time.
    for qs in queries.values():
        for q in qs:
            for m in methods:
                top_and_count(conn, m, q, args.cap)
    latency: dict[str, dict[str, dict[str, float]]] = {}
    for cat, qs in queries.items():
        for m in methods:
            ms = [timed(top_and_count, conn, m, q, args.cap)[0] for q in qs]
            latency.setdefault(m, {})[cat] = {"p50": round(pct(ms, 50), 2), "p95": round(pct(ms, 95), 2)}
        full = [timed(lambda q: search(conn, q, count_limit=args.cap), q)[0] for q in qs]
        rel = [timed(lambda q: search(conn, q, sort="relevance", count_limit=args.cap), q)[0] for q in qs]
        exact = [timed(lambda q: conn.execute(
            "SELECT count(*) FROM search_index WHERE search_index MATCH ?", (match_expression(parse_query(q)),)
        ).fetchone(), q)[0] for q in qs]
        filt = [timed(lambda q: search(conn, q, outlet="out07", since="2017-01-01", count_limit=args.cap), q)[0]
                for q in qs]
        latency.setdefault("search()", {})[cat] = {"p50": round(pct(full, 50), 2), "p95": round(pct(full, 95), 2)}
        latency.setdefault("search(relevance)", {})[cat] = {"p50": round(pct(rel, 50), 2), "p95": round(pct(rel, 95), 2)}
        latency.setdefault("search(outlet+since)", {})[cat] = {"p50": round(pct(filt, 50), 2),
                                                              "p95": round(pct(filt, 95), 2)}
        latency.setdefault("exact count", {})[cat] = {"p50": round(pct(exact, 50), 2), "p95": round(pct(exact, 95), 2)}
    capped = {cat: sum(search(conn, q, count_limit=args.cap, snippets=False, limit=0).total_is_lower_bound for q in qs)
              for cat, qs in queries.items()}

    print(f"\nrecall / precision vs substring truth ({len(truth.ids):,}-article block):")
    print(f"{'method':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for m in methods:
        print(f"{m:<22}" + "".join(f"{recall[m][c]:>8.3f}/{precision[m][c]:<7.3f}" for c in CATEGORIES))
    print(f"\nlatency ms p50/p95 ({n:,} articles; index rows: newest 20 + count<={args.cap:,}):")
    print(f"{'method':<22}" + "".join(f"{c:>16}" for c in CATEGORIES))
    for m, cats in latency.items():
        print(f"{m:<22}" + "".join(f"{cats[c]['p50']:>8.1f}/{cats[c]['p95']:<7.1f}" for c in CATEGORIES))
    print(f"queries whose total hit the cap: {capped}")
    figures.update(recall=recall, precision=precision, latency_ms=latency, capped_queries=capped,
                   queries_per_category={c: len(q) for c, q in queries.items()},
                   sample_queries={c: q[:3] for c, q in queries.items()},
                   db_path=str(path) if (args.keep or args.reuse) else None, db_mb=round(db_bytes(conn) / 1e6))
    store.close()
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
