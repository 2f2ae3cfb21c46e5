"""Text hashing for near-duplicate detection: cleaned text -> character windows, window hashes,
MinHash signatures and LSH band keys.

Its own module because these values must be stable and exact: the band keys are persisted in
``dedup_keys``, so any change to cleaning, windowing or hashing silently orphans every stored key
(tests pin the values). numpy does the per-window work for speed (one array pass instead of a
bytes object and a crc32 call per window); the MinHash is datasketch's (``affine32``, seed 1),
fed the precomputed crc32s. `archive.dedup` builds the clustering on top.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
import threading
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = 4  # BANDS * ROWS == NUM_PERM; candidate probability 0.5 at Jaccard ~0.42, 0.99 at ~0.65
SHINGLE = 5

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is exactly str.isalnum() plus "_" (sre's Unicode word class)


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
    elements of ``shingles(text, k)``, encoded. The definition `window_crcs` computes the crc32s
    of (its tests compare the two); nothing on the ingest path builds these bytes any more."""
    if len(text) <= k:
        return [text.encode()] if text else []
    return [text[i : i + k].encode() for i in range(len(text) - k + 1)]


_SKETCH = threading.local()


def _sketch(data: list[bytes]) -> np.ndarray:
    """The MinHash of ``data``: datasketch's ``MinHash(num_perm=128, seed=1, scheme="affine32")``
    over the crc32 of each element (the persisted band keys depend on these exact values)."""
    return _min_hash(np.fromiter(map(zlib.crc32, data), dtype=np.uint32, count=len(data)))


def _min_hash(hv: np.ndarray) -> np.ndarray:
    """`_sketch` of the elements' crc32 values ``hv`` (uint32), by datasketch: one MinHash per
    thread, cleared for each text (building one checks its permutations). Its hash function is
    the identity, since the crc32s are already computed (by numpy in `window_crcs`), and the
    batch is one element, the whole array: datasketch's vectorised ``update_batch`` then takes
    them as one column, with no Python call and no list per window (228 vs 383 us for a
    ~1.5k-character body, the same values). Its hash values are replaced, never written in
    place, so the array returned stays as it is."""
    minhash = getattr(_SKETCH, "minhash", None)
    if minhash is None:
        cls, permutations = _minhash()
        minhash = _SKETCH.minhash = cls(
            num_perm=NUM_PERM, seed=1, permutations=permutations, hashfunc=_same, scheme="affine32"
        )
    minhash.clear()
    if len(hv):  # (an empty batch leaves the signature empty: every value at its maximum)
        minhash.update_batch([hv])
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def _same(values: np.ndarray) -> np.ndarray:
    return values


@functools.cache
def _minhash() -> tuple[type, object]:
    """datasketch's MinHash and its fixed permutations, imported on first use: datasketch's
    package imports scipy (``import datasketch``: ~0.8 CPU-s, ~0.6 of it scipy.integrate), which
    the store writer seldom needs (the prepare worker computes new bodies' keys, loading it as it
    starts: ``archive.ingest.preload``; the writer only for an edit's old body)."""
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
