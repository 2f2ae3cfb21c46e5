"""Test helpers for the store: captures, synthetic Korean stories, and DB snapshots by natural key."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from archive.capture import Capture
from archive.ingest import Extracted, ingest
from archive.store import Store, open_store

T0 = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)

_SYLLABLES = [chr(0xAC00 + i) for i in range(0, 11172, 13)]


def make_words(rng: random.Random, n: int) -> list[str]:
    return ["".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(n)]


def make_story(rng: random.Random, vocab: list[str], sentences: int = 12) -> list[str]:
    """Sentences of random words with particles and, like news, a few numbers (budgets, counts):
    unrelated stories share almost no 5-char runs and no specific numbers."""
    particles = ["은", "는", "이", "가", "을", "를", "에", "의", "와", "도"]
    units = ["억원", "명", "곳", "건"]
    out = []
    for i in range(sentences):
        words = [rng.choice(vocab) + rng.choice(particles) for _ in range(rng.randint(6, 11))]
        if i % 3 == 1:
            words.insert(rng.randrange(len(words)), f"{rng.randint(120, 9999):,}{rng.choice(units)}")
        out.append(" ".join(words) + "다.")
    return out


def syndicate(rng: random.Random, sentences: list[str], vocab: list[str]) -> list[str]:
    """An edited copy: a new lead, two neighbouring sentences swapped, maybe the last one dropped."""
    copy = list(sentences)
    copy[0] = " ".join(rng.choice(vocab) for _ in range(8)) + "고 밝혔다."
    i = rng.randrange(1, len(copy) - 1)
    copy[i], copy[i + 1] = copy[i + 1], copy[i]
    if rng.random() < 0.5:
        copy.pop()
    return copy


def fields(url: str, title: str, body: str, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "url": url,
        "canonical_url": None,
        "title": title,
        "subtitle": None,
        "authors": ["홍길동"],
        "published": "2026-03-02T09:00:00+09:00",
        "modified": None,
        "section": "사회",
        "body": body,
        "images": [],
        "cms": "ndsoft",
        "language": "ko",
        "is_article": True,
        "warnings": [],
    }
    out.update(extra)
    return out


def capture(
    url: str, minute: int, *, outlet: str = "o1", body: bytes = b"<html></html>", **kw: Any
) -> Capture:
    return Capture(
        url=url,
        status=kw.pop("status", 200),
        headers=kw.pop("headers", (("Content-Type", "text/html; charset=utf-8"),)),
        body=body,
        fetched_at=T0 + timedelta(minutes=minute),
        outlet=outlet,
        record_id=kw.pop("record_id", f"urn:uuid:00000000-0000-0000-0000-{minute:012d}"),
        **kw,
    )


def extracted(url: str, title: str, body: str, **extra: Any) -> Extracted:
    return Extracted(fields=fields(url, title, body, **extra))


def snapshot(store: Store) -> dict[str, Any]:
    """Articles, versions and clusters by natural keys (URLs), independent of row ids."""
    conn = store.conn
    articles = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT url, outlet, title, subtitle, authors, published, body, version_count, first_seen, last_seen"
            " FROM articles"
        )
    }
    versions = sorted(
        conn.execute(
            "SELECT a.url, v.seq, v.content_hash, v.title, v.body, v.first_seen, v.last_seen, c.record_id"
            " FROM versions v JOIN articles a ON a.id = v.article_id JOIN captures c ON c.id = v.capture_id"
        )
    )
    clusters: dict[int, set[str]] = {}
    for url, cid in conn.execute("SELECT url, cluster_id FROM articles WHERE cluster_id IS NOT NULL"):
        clusters.setdefault(cid, set()).add(url)
    pairs = sorted(
        conn.execute(
            "SELECT a.url, b.url, p.jaccard FROM similar_pairs p"
            " JOIN articles a ON a.id = p.article_a JOIN articles b ON b.id = p.article_b"
        )
    )
    pairs = sorted(tuple(sorted((a, b))) + (j,) for a, b, j in pairs)
    return {
        "articles": articles,
        "versions": versions,
        "clusters": sorted(sorted(c) for c in clusters.values()),
        "pairs": pairs,
    }


def page_html(title: str, body: str) -> bytes:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><article>{paragraphs}</article></body></html>"
    ).encode()


def build_data_dir(data_dir, items, *, run_id: str = "run-1") -> list[Any]:
    """A real data directory: captures written with WarcWriter, ingested live (extraction injected).

    ``items``: (url, outlet, title, body) tuples. Returns the ingest results.
    """
    from archive.warc import WarcWriter

    results = []
    store = open_store(data_dir / "archive.db")
    writer = WarcWriter(data_dir / "warc")
    try:
        entries = sorted({outlet for _, outlet, _, _ in items})
        outlets = [
            {"id": o, "name": f"{o} 일보", "region": "경북", "homepage": None, "cms": "ndsoft"}
            for o in entries
        ]
        writer.write_event(f"urn:newsarchive:run:{run_id}", {"id": run_id, "outlet_entries": outlets})
        store.upsert_outlets(outlets)
        for minute, (url, outlet, title, body) in enumerate(items):
            written = writer.write(
                capture(url, minute, outlet=outlet, body=page_html(title, body), run_id=run_id)
            )
            results.append(ingest(written, store, extracted=extracted(url, title, body)))
        summary = {
            "id": run_id,
            "started_at": "2026-03-02T00:00:00Z",
            "ended_at": "2026-03-02T01:00:00Z",
            "status": "ok",
            "outlets": {o: {"ok": True, "pages": 1} for o in entries},
        }
        writer.write_event(f"urn:newsarchive:run:{run_id}", summary)
        store.record_run(summary)
    finally:
        writer.close()
        store.close()
    return results
