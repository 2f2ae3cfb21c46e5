"""Near-duplicate story clusters: MinHash/LSH over character shingles, confirmed by exact Jaccard.

Syndicated press releases and wire copies are kept (each copy is evidence) and grouped. Korean
eojeol carry particles and outlets re-space text, so the cleaned body is reduced to letters and
digits and shingled on characters (``SHINGLE`` chars). LSH band keys live in ``minhash_bands`` so
candidates persist across runs; a candidate becomes an edge in ``similar_pairs`` only when the exact
Jaccard of the shingle sets reaches ``THRESHOLD``. Clusters are the connected components of that
edge graph, recomputed locally when an article's text changes: edges depend only on the two current
texts, so membership does not depend on ingest order.

``THRESHOLD`` comes from measurement (bench/store.py, bench/README.md): syndicated copies of the
sample outlets vs unrelated pairs.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import unicodedata
import zlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

logger = logging.getLogger(__name__)

NUM_PERM = 128
BANDS = 32
ROWS = 4  # BANDS * ROWS == NUM_PERM; candidate probability 0.5 at Jaccard ~0.42, 0.99 at ~0.65
SHINGLE = 5
THRESHOLD = 0.5
MIN_CHARS = 80  # shorter bodies (photo captions, briefs) are not clustered: too little evidence

_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1).permutations


def clean_text(body: str) -> str:
    """Letters and digits only, NFKC, lower-case: robust to re-spacing and punctuation edits."""
    text = unicodedata.normalize("NFKC", body or "").lower()
    return "".join(ch for ch in text if ch.isalnum())


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _crc32(data: bytes) -> int:
    return zlib.crc32(data)


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    """MinHash signature (uint32[NUM_PERM]); stable across processes (crc32, fixed seed)."""
    m = MinHash(num_perm=NUM_PERM, seed=1, permutations=_PERMUTATIONS, hashfunc=_crc32, scheme="affine32")
    m.update_batch([s.encode("utf-8") for s in shingle_set])
    return np.asarray(m.hashvalues, dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 32-bit key per band: (band number, that band's rows) hashed together.

    32 bits keep the band table small (SQLite stores them in 4 bytes); a chance collision only
    adds a candidate that the exact Jaccard check then rejects.
    """
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=4).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def assign(
    conn: sqlite3.Connection, article_id: int, body: str, previous_body: str | None = None
) -> int | None:
    """(Re)place an article in the near-duplicate graph after its text changed; returns its cluster.

    ``previous_body`` is the text its band keys were computed from (None for a new article): the
    keys are recomputed from it to delete them, rather than storing 512 bytes of signature per
    article. Runs inside the caller's transaction. Every copy stays its own article; only edges
    and ``articles.cluster_id`` change.
    """
    affected = {article_id} | _neighbours(conn, article_id)
    _forget(conn, article_id, previous_body)
    text = clean_text(body)
    if len(text) >= MIN_CHARS:
        shingle_set = shingles(text)
        keys = band_keys(signature(shingle_set))
        for other in _candidates(conn, keys, article_id):
            other_body = conn.execute("SELECT body FROM articles WHERE id = ?", (other,)).fetchone()
            if other_body is None:
                continue
            score = jaccard(shingle_set, shingles(clean_text(other_body[0] or "")))
            if score >= THRESHOLD:
                a, b = sorted((article_id, other))
                conn.execute(
                    "INSERT OR REPLACE INTO similar_pairs (article_a, article_b, jaccard) VALUES (?, ?, ?)",
                    (a, b, round(score, 4)),
                )
                affected.add(other)
        conn.executemany(
            "INSERT OR IGNORE INTO minhash_bands (key, article_id) VALUES (?, ?)",
            [(k, article_id) for k in keys],
        )
    recompute_clusters(conn, affected)
    row = conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _candidates(conn: sqlite3.Connection, keys: list[int], article_id: int) -> list[int]:
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT DISTINCT article_id FROM minhash_bands WHERE key IN ({marks}) AND article_id != ?",
        (*keys, article_id),
    )
    return sorted(r[0] for r in rows)


def _forget(conn: sqlite3.Connection, article_id: int, previous_body: str | None) -> None:
    """Drop an article's old band keys and edges (its text changed)."""
    if previous_body is not None:
        old = clean_text(previous_body)
        if len(old) >= MIN_CHARS:
            conn.executemany(
                "DELETE FROM minhash_bands WHERE key = ? AND article_id = ?",
                [(k, article_id) for k in band_keys(signature(shingles(old)))],
            )
    conn.execute("DELETE FROM similar_pairs WHERE article_a = ? OR article_b = ?", (article_id, article_id))


def _neighbours(conn: sqlite3.Connection, article_id: int) -> set[int]:
    rows = conn.execute(
        "SELECT article_b FROM similar_pairs WHERE article_a = ?"
        " UNION SELECT article_a FROM similar_pairs WHERE article_b = ?",
        (article_id, article_id),
    )
    return {r[0] for r in rows}


def _component(conn: sqlite3.Connection, start: int) -> set[int]:
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for other in _neighbours(conn, node):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


def recompute_clusters(conn: sqlite3.Connection, seeds: Iterable[int]) -> None:
    """Recompute the connected components touching ``seeds`` (and their old clusters)."""
    seeds = set(seeds)
    old_clusters: set[int] = set()
    for aid in list(seeds):
        row = conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (aid,)).fetchone()
        if row and row[0] is not None:
            old_clusters.add(row[0])
    for cid in old_clusters:
        seeds.update(r[0] for r in conn.execute("SELECT id FROM articles WHERE cluster_id = ?", (cid,)))
    done: set[int] = set()
    used: set[int] = set()
    for seed in sorted(seeds):
        if seed in done:
            continue
        comp = _component(conn, seed)
        done |= comp
        if len(comp) < 2:
            conn.execute("UPDATE articles SET cluster_id = NULL WHERE id = ?", (seed,))
            continue
        marks = ",".join("?" * len(comp))
        members = sorted(comp)
        existing = sorted(
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT cluster_id FROM articles WHERE id IN ({marks}) AND cluster_id IS NOT NULL",
                members,
            )
            if r[0] not in used
        )
        cid = existing[0] if existing else conn.execute("INSERT INTO clusters (size) VALUES (0)").lastrowid
        used.add(cid)
        conn.execute(f"UPDATE articles SET cluster_id = ? WHERE id IN ({marks})", (cid, *members))
        _refresh_cluster(conn, cid)
    for cid in old_clusters - used:
        conn.execute("UPDATE articles SET cluster_id = NULL WHERE cluster_id = ?", (cid,))
        conn.execute("DELETE FROM clusters WHERE id = ?", (cid,))


def _refresh_cluster(conn: sqlite3.Connection, cid: int) -> None:
    """Cluster summary columns: size, outlets, first seen, and the earliest copy as representative."""
    size, outlets, first_seen = conn.execute(
        "SELECT count(*), count(DISTINCT outlet), min(first_seen) FROM articles WHERE cluster_id = ?", (cid,)
    ).fetchone()
    rep = conn.execute(
        "SELECT id, title FROM articles WHERE cluster_id = ?"
        " ORDER BY coalesce(published, first_seen), first_seen, url LIMIT 1",
        (cid,),
    ).fetchone()
    conn.execute(
        "UPDATE clusters SET size = ?, outlet_count = ?, first_seen = ?, representative_id = ?, title = ?"
        " WHERE id = ?",
        (size, outlets, first_seen, rep[0], rep[1], cid),
    )
