"""Near-duplicate story clusters: MinHash/LSH and numeric-fact candidates, confirmed pairwise.

Syndicated press releases and wire copies are kept (each copy is evidence) and grouped. Korean
eojeol carry particles and outlets re-space text, so the cleaned body is reduced to letters and
digits and shingled on characters (``SHINGLE`` chars).

Measured on the sample outlets (bench/store.py, bench/README.md), heavily edited copies of one
press release can share less text than unrelated stories written from the same template (two
cities' flood drills): in one version of the sample world copies went down to a char-5 Jaccard of
0.14 while template twins reached 0.52, so text overlap alone cannot separate them. What does is
the facts: copies repeat the release's numbers (6,964억원, 45%); template twins put *different*
numbers in the same phrase (시민 438명 / 시민 340명). So two texts are the same story when

* their char-5 Jaccard is at least ``NEAR_VERBATIM`` (a lightly edited copy), or
* it is at least ``THRESHOLD`` **and** their numbers do not conflict (a phrase frame holding a
  number in both texts with different values; from a Jaccard of ``CLOSE`` on, one conflict per
  three agreeing frames is tolerated) **and** they share specific numbers (at least
  ``MIN_SHARED_DIGITS`` digits beyond the first of each shared non-year number; one less from
  ``CLOSE`` on).

Candidates come from keys persisted in ``dedup_keys``: 32 MinHash LSH bands (for high overlap)
plus one key per specific number with its unit (``6964억``), so a heavily rewritten copy is still
found. Confirmed pairs go to ``similar_pairs``; clusters are their connected components,
recomputed locally when a text changes. The decision depends only on the two current texts and
the keys are symmetric, so membership does not depend on ingest order.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import re
import sqlite3
import struct
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from archive.shingles import (  # noqa: F401 (the hashing names are re-exported for callers)
    BANDS,
    NUM_PERM,
    ROWS,
    SHINGLE,
    ShingleSet,
    band_keys,
    clean_text,
    jaccard,
    shingles,
    signature,
    text_signature,
    window_bytes,
    window_crcs,
)

logger = logging.getLogger(__name__)


THRESHOLD = 0.25  # minimum char-5 Jaccard, with agreeing numbers
NEAR_VERBATIM = 0.8  # a copy this close needs no numeric evidence (an outlet may fix one number)
MIN_SHARED_DIGITS = 2  # one less from CLOSE on: more shared text, less numeric evidence needed
CLOSE = 0.45
MIN_SHARED_KEYS = 2  # a candidate shares two keys (bands or numbers): one is often chance
PAIRED_NUMBERS = 6  # numbers whose pairs become candidate keys (<= 15 keys per article)
MAX_CHARS = 60_000
MIN_CHARS = 80  # shorter bodies (photo captions, briefs) are not clustered: too little evidence

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
#: Fingerprints of recently seen bodies: a new copy's candidates are mostly recent articles, and an
#: edited article's previous body was usually fingerprinted when it was stored (~70 KB each).
FINGERPRINT_CACHE = 256


def jaccard_of(a: Fingerprint, b: Fingerprint) -> float:
    """``jaccard(a.shingles, b.shingles)``, from their `ShingleSet` when both have one."""
    x, y = a.shingle_set, b.shingle_set
    inter = None if x is None or y is None else x.shared(y)
    if inter is None:
        return jaccard(a.shingles, b.shingles)
    return inter / (len(x.keys) + len(y.keys) - inter)


def number_facts(body: str) -> dict[tuple[str, str], set[str]]:
    """Numbers by phrase frame: (two letters before, one letter after) -> values (commas dropped)."""
    text = " ".join(unicodedata.normalize("NFKC", body or "").split())
    facts: dict[tuple[str, str], set[str]] = {}
    letter = str.isalpha
    for m in _NUMBER.finditer(text):
        start, end = m.span()
        # (filter: a C loop, where a generator expression per number cost ~1.5 us)
        frame = (
            "".join(filter(letter, text[max(0, start - 6) : start]))[-2:],
            next(filter(letter, text[end : end + 3]), ""),
        )
        facts.setdefault(frame, set()).add(m.group().replace(",", ""))
    return facts


def specificity(value: str) -> int:
    """How unlikely a number is to coincide: digits beyond the first; years (19xx/20xx) count 0."""
    digits = len(value.replace(".", ""))
    if digits == 4 and value[:2] in ("19", "20"):
        return 0
    return max(0, digits - 1)


class Fingerprint:
    """What the pairwise decision and the candidate keys need from one body (its first
    ``MAX_CHARS`` characters): cleaned text, shingles, number facts, each computed on first use.

    Lazy because a new body's keys and facts usually come from `body_keys` (computed ahead, in
    the crawl's prepare worker): the writer then needs its shingles only if it has candidates,
    or when a later article finds it as one.
    """

    def __init__(self, body: str, facts: dict[tuple[str, str], set[str]] | None = None) -> None:
        self.body = body
        if facts is not None:
            self.__dict__["facts"] = facts

    @functools.cached_property
    def text(self) -> str:
        return clean_text(self.body)

    @functools.cached_property
    def shingles(self) -> set[str]:
        return shingles(self.text)

    @functools.cached_property
    def shingle_set(self) -> ShingleSet | None:
        """The shingles as sorted numpy keys (None when two of them share a key: use `shingles`)."""
        return ShingleSet.of(self.text)

    @functools.cached_property
    def facts(self) -> dict[tuple[str, str], set[str]]:
        return number_facts(self.body)

    @property
    def clusterable(self) -> bool:
        return len(self.text) >= MIN_CHARS

    def fact_keys(self) -> list[int]:
        """Keys from numbers with their unit: each specific one alone (``6964억``), and each pair of
        the ``PAIRED_NUMBERS`` most specific two-digit-or-more ones (copies keep several verbatim;
        a pair of common numbers is still rare)."""
        found: dict[str, int] = {}
        for (_, unit), values in self.facts.items():
            for value in values:
                spec = specificity(value)
                if spec >= 1:
                    found[f"{value}{unit}"] = spec
        tokens = [f"n:{t}" for t, spec in found.items() if spec >= 2]
        ranked = sorted(found, key=lambda t: (-found[t], t))[:PAIRED_NUMBERS]
        tokens += [f"p:{a}|{b}" for a, b in itertools.combinations(sorted(ranked), 2)]
        return sorted(set(_keys32(tokens)))

    def candidate_keys(self) -> list[int]:
        keys = self.__dict__.get("_keys")
        if keys is None:
            keys = self._keys = (
                sorted(set(band_keys(text_signature(self.text))) | set(self.fact_keys()))
                if self.clusterable
                else []
            )
        return list(keys)


def _keys32(tokens: list[str]) -> tuple[int, ...]:
    """One signed 32-bit key per token: its 4-byte blake2b digest, little-endian (all read by one
    ``struct.unpack`` rather than an ``int.from_bytes`` each)."""
    blake2b = hashlib.blake2b
    digests = b"".join([blake2b(token.encode(), digest_size=4).digest() for token in tokens])
    return struct.unpack(f"<{len(tokens)}i", digests)


_CACHE: OrderedDict[str, Fingerprint] = OrderedDict()


def fingerprint(body: str, facts: dict[tuple[str, str], set[str]] | None = None) -> Fingerprint:
    """Cleaned text, shingles and number facts of the first ``MAX_CHARS`` characters (a hostile
    megabyte "article" costs no more than a long real one). Cached by text (the last
    ``FINGERPRINT_CACHE``): treat as read-only. ``facts``: this body's `number_facts`, if known."""
    body = (body or "")[:MAX_CHARS]
    found = _CACHE.get(body)
    if found is not None:
        _CACHE.move_to_end(body)
        return found
    found = _CACHE[body] = Fingerprint(body, facts)
    if len(_CACHE) > FINGERPRINT_CACHE:
        _CACHE.popitem(last=False)
    return found


def clear_cache() -> None:
    _CACHE.clear()


@dataclass(frozen=True)
class BodyKeys:
    """The store-free part of `assign` for one body: its candidate keys and number facts.

    Computed ahead by ``archive.ingest.prepare`` (in the crawl's prepare worker, beside the store
    writer): the MinHash signature and the keys are most of a new article's dedup cost. Small to
    pickle (~50 ints, a few facts, and the cleaned ``text`` of a clusterable body, smaller than
    the body: the writer needs it for the shingles whenever the body has candidates, and cleaning
    it again cost ~30 us per article there); the shingles are not shipped (larger than the
    page's text) but rebuilt from the text when needed.
    """

    keys: tuple[int, ...]
    facts: dict[tuple[str, str], set[str]]
    text: str | None = None


def body_keys(body: str) -> BodyKeys:
    fp = Fingerprint((body or "")[:MAX_CHARS])  # not cached: the writer's cache is in another process
    keys = tuple(fp.candidate_keys())
    return BodyKeys(keys, fp.facts, fp.text if keys else None)


def similarity(a: Fingerprint, b: Fingerprint) -> float | None:
    """The Jaccard of two texts when they are the same story (see the module docstring), else None."""
    if not (a.clusterable and b.clusterable):
        return None
    score = jaccard_of(a, b)
    if score >= NEAR_VERBATIM:
        return score
    if score < THRESHOLD:
        return None
    agree = conflict = 0
    for frame in a.facts.keys() & b.facts.keys():
        if a.facts[frame] & b.facts[frame]:
            agree += 1
        else:
            conflict += 1  # the same phrase with different numbers: a sign of a different event
    if conflict and (score < CLOSE or conflict * 3 > agree):
        return None
    values_a = {v for vs in a.facts.values() for v in vs}
    values_b = {v for vs in b.facts.values() for v in vs}
    shared_digits = sum(specificity(v) for v in values_a & values_b)
    needed = MIN_SHARED_DIGITS if score < CLOSE else MIN_SHARED_DIGITS - 1
    return score if shared_digits >= needed else None


def assign(
    conn: sqlite3.Connection,
    article_id: int,
    body: str,
    previous_body: str | None = None,
    prepared: BodyKeys | None = None,
) -> int | None:
    """(Re)place an article in the near-duplicate graph after its text changed; returns its cluster.

    ``previous_body`` is the text its keys were computed from (None for a new article): the keys
    are recomputed from it to delete them, rather than storing a signature per article.
    ``prepared``: `body_keys(body)`, when computed ahead (the same result either way). Runs
    inside the caller's transaction. Every copy stays its own article; only edges and
    ``articles.cluster_id`` change. A new article has no edges and no cluster yet (ids are
    never reused: articles are never deleted), so nothing is looked up or recomputed for it
    unless it joins a story.
    """
    new = previous_body is None
    affected = {article_id} if new else {article_id} | _neighbours(conn, article_id)
    if not new:
        _forget(conn, article_id, previous_body)
    if prepared is not None:
        mine = fingerprint(body, prepared.facts)
        mine.__dict__.setdefault("_keys", list(prepared.keys))
        if prepared.text is not None:
            mine.__dict__.setdefault("text", prepared.text)
        keys = mine.candidate_keys()
    else:
        mine = fingerprint(body)
        keys = mine.candidate_keys()
    if keys:
        for other in _candidates(conn, keys, article_id):
            row = conn.execute("SELECT body FROM articles WHERE id = ?", (other,)).fetchone()
            if row is None:
                continue
            score = similarity(mine, fingerprint(row[0] or ""))
            if score is not None:
                a, b = sorted((article_id, other))
                conn.execute(
                    "INSERT OR REPLACE INTO similar_pairs (article_a, article_b, jaccard) VALUES (?, ?, ?)",
                    (a, b, round(score, 4)),
                )
                affected.add(other)
        # One statement over a JSON array, not a row per key: 59 -> 41 us for ~45 keys.
        conn.execute(
            "INSERT OR IGNORE INTO dedup_keys (key, article_id) SELECT value, ? FROM json_each(?)",
            (article_id, json.dumps(keys)),
        )
    if new and len(affected) == 1:
        return None  # no edge: it stays unclustered (recomputing finds a singleton)
    recompute_clusters(conn, affected)
    row = conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def _candidates(conn: sqlite3.Connection, keys: list[int], article_id: int) -> list[int]:
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT article_id FROM dedup_keys WHERE key IN ({marks}) AND article_id != ?"
        " GROUP BY article_id HAVING count(*) >= ?",
        (*keys, article_id, MIN_SHARED_KEYS),
    )
    return sorted(r[0] for r in rows)


def _forget(conn: sqlite3.Connection, article_id: int, previous_body: str) -> None:
    """Drop an article's old candidate keys and edges (its text changed)."""
    conn.execute(
        "DELETE FROM dedup_keys WHERE article_id = ? AND key IN (SELECT value FROM json_each(?))",
        (article_id, json.dumps(fingerprint(previous_body).candidate_keys())),
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
    unclustered: set[int] = set()  # already NULL: no need to rewrite their (wide) article rows
    for aid in list(seeds):
        row = conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (aid,)).fetchone()
        if row and row[0] is not None:
            old_clusters.add(row[0])
        elif row:
            unclustered.add(aid)
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
            if seed not in unclustered:
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
