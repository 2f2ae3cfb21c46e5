"""Archive browser benchmark: server time of the search page (and friends) at 1M articles.

Runs the real app (``archive.web.create_app``) in-process over a read-only archive database and
reads each response's ``Server-Timing`` header (wall time in the app until the response starts:
query, search, timeline, template), plus the process CPU time per request (client included), which
a loaded machine inflates much less than wall time (the 1-minute load average is reported too). Pages: the search page ``/?q=`` (hits + snippets + bounded count +
facets + timeline), with relevance sort, with an outlet filter, page 3; ``/api/search``; browsing
``/`` without a query; an article page; ``/outlets``.

Database: ``--db PATH`` reuses the one bench/search.py keeps (``--keep``; same synthetic corpus,
seed 0), otherwise ``--articles N`` builds one the same way (slow at 1M: use the kept one).
Usage: ``nice python bench/web.py --db /tmp/search-1m.db``. Last output line: one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from archive.web import create_app  # noqa: E402


def _bench_search():
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(path: Path, n: int, seed: int) -> None:
    """The same corpus and index as bench/search.py (store schema + archive.search index)."""
    from archive.search import reindex_all
    from archive.store import open_store

    bs = _bench_search()
    store = open_store(path, bulk=True)
    bs.without_fts_triggers(store.conn)
    store.conn.commit()
    t0 = time.perf_counter()
    bs.load(store.conn, synth.Vocabulary(seed), n, seed)
    reindex_all(store.conn)
    store.conn.commit()
    store.close()
    print(f"built {n:,} articles in {time.perf_counter() - t0:.0f} s", flush=True)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, help="an archive.db built by bench/search.py --keep")
    ap.add_argument("--articles", type=int, default=100_000, help="build this many when --db is not given")
    ap.add_argument("--queries", type=int, default=30, help="queries per category")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="bench-web-")
    data = Path(tmp.name)
    if args.db:
        (data / "archive.db").symlink_to(args.db.resolve())
    else:
        build(data / "archive.db", args.articles, args.seed)
    client = TestClient(create_app(data))
    conn = create_app(data).state.web.conn()
    (n,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    (max_id,) = conn.execute("SELECT max(id) FROM articles").fetchone()
    outlets = [r[0] for r in conn.execute("SELECT id FROM outlets ORDER BY id")]
    queries = _bench_search().make_queries(conn, synth.Vocabulary(args.seed), max_id, args.queries, args.seed + 7)
    rng = random.Random(args.seed)
    print(f"{n:,} articles; {sum(len(q) for q in queries.values())} queries", flush=True)

    cpu: dict[str, list[float]] = {}

    def timed(url: str, name: str = "") -> float:
        c0 = time.process_time()
        r = client.get(url)
        if name:
            cpu.setdefault(name, []).append((time.process_time() - c0) * 1000)
        if r.status_code != 200:
            raise SystemExit(f"{url}: HTTP {r.status_code}")
        return float(r.headers["server-timing"].split("dur=")[1])

    for q in queries["w2"][:3]:  # warm the page cache and the template
        timed("/?" + urlencode({"q": q}))

    samples: dict[str, list[float]] = {}

    def run(name: str, url: str) -> None:
        samples.setdefault(name, []).append(timed(url, name))

    for cat in ("w1", "w2", "w3", "w4", "phrase", "and2"):
        for q in queries[cat]:
            run(f"page_{cat}", "/?" + urlencode({"q": q}))
            run("page_all", "/?" + urlencode({"q": q}))
            run("api_search", "/api/search?" + urlencode({"q": q}))
            run("page_relevance", "/?" + urlencode({"q": q, "sort": "relevance"}))
            run("page_outlet", "/?" + urlencode({"q": q, "outlet": rng.choice(outlets)}))
            run("page_3", "/?" + urlencode({"q": q, "page": 3}))
    for _ in range(args.queries):
        run("browse", "/")
        run("article", f"/articles/{rng.randint(1, max_id)}")
    for _ in range(5):
        run("outlets", "/outlets")

    figures: dict[str, object] = {"articles": n, "loadavg_1m": round(os.getloadavg()[0], 1)}
    print(f"{'page':16} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p50':>8} {'cpu p95':>8}")
    for name, values in samples.items():
        p50, p95 = statistics.median(values), pct(values, 95)
        c50, c95 = statistics.median(cpu[name]), pct(cpu[name], 95)
        figures[f"{name}_p50_ms"] = round(p50, 1)
        figures[f"{name}_p95_ms"] = round(p95, 1)
        figures[f"{name}_cpu_p95_ms"] = round(c95, 1)
        print(f"{name:16} {len(values):>4} {p50:>8.1f} {p95:>8.1f} {max(values):>8.1f} {c50:>8.1f} {c95:>8.1f}")
    figures["search_page_p95_ms"] = figures["page_all_p95_ms"]
    figures["target_met"] = figures["page_all_p95_ms"] <= 100
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
