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
import threading
import unicodedata
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

logger = logging.getLogger(__name__)

NUM_PERM = 128
BANDS = 32
ROWS = 4  # BANDS * ROWS == NUM_PERM; candidate probability 0.5 at Jaccard ~0.42, 0.99 at ~0.65
SHINGLE = 5
THRESHOLD = 0.25  # minimum char-5 Jaccard, with agreeing numbers
NEAR_VERBATIM = 0.8  # a copy this close needs no numeric evidence (an outlet may fix one number)
MIN_SHARED_DIGITS = 2  # one less from CLOSE on: more shared text, less numeric evidence needed
CLOSE = 0.45
MIN_SHARED_KEYS = 2  # a candidate shares two keys (bands or numbers): one is often chance
PAIRED_NUMBERS = 6  # numbers whose pairs become candidate keys (<= 15 keys per article)
MAX_CHARS = 60_000
MIN_CHARS = 80  # shorter bodies (photo captions, briefs) are not clustered: too little evidence

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is exactly str.isalnum() plus "_" (sre's Unicode word class)
#: Fingerprints of recently seen bodies: a new copy's candidates are mostly recent articles, and an
#: edited article's previous body was usually fingerprinted when it was stored (~70 KB each).
FINGERPRINT_CACHE = 256


def clean_text(body: str) -> str:
    """Letters and digits only, NFKC, lower-case: robust to re-spacing and punctuation edits."""
    text = unicodedata.normalize("NFKC", body or "").lower()
    return _NOT_ALNUM.sub("", text)


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


_KEY_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd, so invertible modulo 2**64


@dataclass(frozen=True, eq=False)
class ShingleSet:
    """`shingles` as numpy arrays: the distinct windows' 64-bit keys, sorted, and beside each its
    window's first three code points (``high``, 21 bits each). A key is ``high ^ low * _KEY_MIX``
    (``low``: the last two code points), so two windows with the same key and the same ``high``
    are the same window (``_KEY_MIX`` is odd: ``low * _KEY_MIX`` determines ``low``). Different
    windows could still share a key in theory: `of` returns None when two windows of one text
    do, and `shared` when a key matched across two texts has different windows; `jaccard_of` then
    uses the string sets, so the Jaccard is always exactly `jaccard` of `shingles`.
    """

    keys: np.ndarray
    high: np.ndarray

    @classmethod
    def of(cls, text: str, k: int = SHINGLE) -> ShingleSet | None:
        if k != SHINGLE or len(text) <= k:
            return None  # (short texts are never compared)
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        count = len(points) - k + 1
        high = points[:count] << np.uint64(42)
        high |= points[1 : count + 1] << np.uint64(21)
        high |= points[2 : count + 2]
        keys = points[3 : count + 3] << np.uint64(21)
        keys |= points[4:]
        keys *= _KEY_MIX
        keys ^= high
        order = keys.argsort()
        keys = keys[order]
        high = high[order]
        repeat = keys[1:] == keys[:-1]
        if repeat.any():
            if (high[1:][repeat] != high[:-1][repeat]).any():
                return None  # two different windows with one key
            first = np.ones(count, dtype=bool)
            first[1:] = ~repeat
            keys, high = keys[first], high[first]
        return cls(keys, high)

    def shared(self, other: ShingleSet) -> int | None:
        """How many windows the two sets share (None if a key matched different windows)."""
        at = np.searchsorted(other.keys, self.keys)
        np.minimum(at, len(other.keys) - 1, out=at)
        hit = other.keys[at] == self.keys
        if (self.high[hit] != other.high[at[hit]]).any():
            return None
        return int(np.count_nonzero(hit))


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


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    """MinHash signature (uint32[NUM_PERM]); stable across processes (crc32 of the UTF-8 shingle,
    fixed seed). The persisted band keys depend on these exact values."""
    return _sketch(list(map(str.encode, shingle_set)))


def text_signature(text: str, k: int = SHINGLE) -> np.ndarray:
    """``signature(shingles(text, k))``, from `window_crcs` (the crc32 of each window, computed
    by numpy): the same values (a repeated window cannot change a minimum)."""
    return _min_hash(window_crcs(text, k))


def window_crcs(text: str, k: int = SHINGLE) -> np.ndarray:
    """``zlib.crc32`` of each of `window_bytes` (uint32), without a bytes object per window:
    41 vs 65 us for a ~370-character text, 118 vs 213 at 1.5k (window_bytes and a crc32 call each).

    crc32 is affine over GF(2) for a fixed length: the crc of ``n`` bytes is ``crc32(bytes(n))``
    xor, for each byte ``b`` with ``d`` bytes after it, ``_CRC_BYTE[d, b]`` (that byte's linear
    contribution, which depends only on ``d``; a zero byte contributes 0). Each window is one row
    of a strided view of its last ``width`` bytes (the widest window's length), the bytes before
    its own first byte zeroed by a mask; a table lookup and an xor along the row finish it.
    """
    data = text.encode()
    if len(text) <= k:
        return np.array([zlib.crc32(data)] if text else [], dtype=np.uint32)
    size = len(data)
    octets = np.frombuffer(data, dtype=np.uint8)
    # Where each character starts: every byte but UTF-8 continuation bytes (0b10xxxxxx).
    starts = np.arange(size) if size == len(text) else np.flatnonzero((octets & 0xC0) != 0x80)
    count = len(text) - k + 1
    ends = np.empty(count, dtype=np.intp)
    ends[:-1] = starts[k:]
    ends[-1] = size
    lengths = ends - starts[:count]
    width = int(lengths.max())
    table, offsets, masks = _crc_tables(width)
    padded = np.frombuffer(bytes(width) + data, dtype=np.uint8)
    # Row i: the ``width`` bytes ending where window i ends (``padded`` is shifted by ``width``).
    grid = np.ndarray((size + 1, width), dtype=np.uint8, buffer=padded, strides=(1, 1))[ends]
    grid &= masks[lengths]
    index = grid.astype(np.intp)
    index += offsets
    return np.bitwise_xor.reduce(table[index], axis=1) ^ _CRC_ZEROS[lengths]


_MAX_WINDOW = 4 * SHINGLE  # bytes: UTF-8 takes at most 4 per character
_CRC_ZEROS = np.array([zlib.crc32(bytes(n)) for n in range(_MAX_WINDOW + 1)], dtype=np.uint32)


@functools.cache
def _crc_byte() -> np.ndarray:
    """``[d, b]``: the linear part of crc32 for byte ``b`` followed by ``d`` bytes."""
    return np.array(
        [
            [zlib.crc32(bytes((b,)) + bytes(d)) ^ zlib.crc32(bytes(d + 1)) for b in range(256)]
            for d in range(_MAX_WINDOW)
        ],
        dtype=np.uint32,
    )


@functools.cache
def _crc_tables(width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For rows of ``width`` bytes: the flat lookup table (column ``c`` has ``width - 1 - c``
    bytes after it), each column's offset into it, and row masks (row ``n``: the last ``n`` bytes
    kept)."""
    table = _crc_byte()[width - 1 :: -1].ravel().copy()
    offsets = np.arange(width, dtype=np.intp) * 256
    masks = np.tril(np.full((width + 1, width), 0xFF, dtype=np.uint8), -1)[:, ::-1].copy()
    return table, offsets, masks


def window_bytes(text: str, k: int = SHINGLE) -> list[bytes]:
    """The UTF-8 bytes of each ``k``-character window of ``text`` in order, repeats included: the
    elements of ``shingles(text, k)``, encoded. Each window's bytes are one row of a strided view
    of the text's bytes, cut to the window's length by a mask and read back as fixed-width ``S``
    values (numpy drops their trailing NULs: a text with a NUL, which `clean_text` never leaves,
    is sliced instead)."""
    data = text.encode()
    if len(text) <= k:
        return [data] if text else []
    if "\x00" in text:
        return [text[i : i + k].encode() for i in range(len(text) - k + 1)]
    size = len(data)
    octets = np.frombuffer(data, dtype=np.uint8)
    # Where each character starts: every byte but UTF-8 continuation bytes (0b10xxxxxx).
    starts = np.arange(size) if size == len(text) else np.flatnonzero((octets & 0xC0) != 0x80)
    count = len(text) - k + 1
    first = starts[:count]
    lengths = np.empty(count, dtype=np.intp)
    lengths[:-1] = starts[k:]
    lengths[-1] = size
    lengths -= first
    width = int(lengths.max())
    padded = np.frombuffer(data + bytes(width), dtype=np.uint8)
    grid = np.ndarray((size, width), dtype=np.uint8, buffer=padded, strides=(1, 1))[first]
    grid &= _prefix_masks(width)[lengths]
    return grid.view(f"S{width}").ravel().tolist()


@functools.cache
def _prefix_masks(width: int) -> np.ndarray:
    """Row ``n``: ``n`` bytes 0xFF, then zeros (``width`` columns, rows 0..width)."""
    return np.tril(np.full((width + 1, width), 0xFF, dtype=np.uint8), -1)


_SKETCH = threading.local()


def _sketch(data: list[bytes]) -> np.ndarray:
    """The MinHash of ``data``: datasketch's ``MinHash(num_perm=128, seed=1, scheme="affine32")``
    over the crc32 of each element (the persisted band keys depend on these exact values)."""
    return _min_hash(np.fromiter(map(zlib.crc32, data), dtype=np.uint32, count=len(data)))


def _min_hash(hv: np.ndarray) -> np.ndarray:
    """`_sketch` of the elements' crc32 values ``hv`` (uint32), by datasketch: one MinHash per
    thread, cleared for each text (building one checks its permutations), whose hash function
    is the identity since the crc32s are already computed (by numpy in `window_crcs`). Its hash
    values are replaced, never written in place, so the array returned stays as it is."""
    minhash = getattr(_SKETCH, "minhash", None)
    if minhash is None:
        cls, permutations = _minhash()
        minhash = _SKETCH.minhash = cls(
            num_perm=NUM_PERM, seed=1, permutations=permutations, hashfunc=int, scheme="affine32"
        )
    minhash.clear()
    minhash.update_batch(hv.tolist())
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


@functools.cache
def _minhash() -> tuple[type, object]:
    """datasketch's MinHash and its fixed permutations, imported on first use: datasketch's
    package imports scipy (~0.3 CPU-s and ~50 MB per process), which the store writer seldom
    needs (the prepare worker computes new bodies' keys; the writer only for an edit's old body)."""
    from datasketch import MinHash

    return MinHash, MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32").permutations


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 32-bit key per band: (band number, that band's rows) hashed together.

    32 bits keep the band table small (SQLite stores them in 4 bytes); a chance collision only
    adds a candidate that the exact Jaccard check then rejects.
    """
    data = sig.tobytes()
    step = ROWS * sig.itemsize  # (one bytes object sliced: ~35% quicker than a tobytes per band)
    blake2b = hashlib.blake2b
    digests = [
        blake2b(tag + data[i * step : (i + 1) * step], digest_size=4).digest()
        for i, tag in enumerate(_BAND_TAGS)
    ]
    return list(_BAND_KEYS.unpack(b"".join(digests)))


_BAND_TAGS = tuple(band.to_bytes(2, "little") for band in range(BANDS))
_BAND_KEYS = struct.Struct(f"<{BANDS}i")  # each 4-byte digest as a little-endian signed int


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
