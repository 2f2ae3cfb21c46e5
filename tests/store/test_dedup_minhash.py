"""Signatures from the numpy-computed window crc32s equal datasketch's MinHash with
``hashfunc=zlib.crc32`` over the windows' bytes: band keys persisted in ``dedup_keys`` by earlier
versions must stay valid."""

from __future__ import annotations

import random
import zlib

import datasketch
import numpy as np

from archive import shingles


def _reference(data: list[bytes]) -> np.ndarray:
    minhash = datasketch.MinHash(num_perm=shingles.NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme="affine32")
    minhash.update_batch(data)
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def test_signatures_equal_datasketchs():
    rng = random.Random(11)
    alphabet = "a1Zé한글漢𠀀9ß포항시는억원"
    texts = ["", "a", "abcde", "한글한글한글", "가" * 50]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000))) for _ in range(60)]
    for text in texts:
        data = shingles.window_bytes(text)
        expected = _reference(data)
        assert (shingles._sketch(data) == expected).all()
        assert (shingles.text_signature(text) == expected).all()
        assert shingles.text_signature(text).dtype == np.uint32


def test_window_crcs_are_the_crc32_of_each_window():
    rng = random.Random(12)
    alphabet = "a1Zé한글漢𠀀9ß\x00"
    texts = ["", "a", "abcde", "abcdef", "\x00" * 7, "한" * 6, "𠀀" * 9]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 90))) for _ in range(400)]
    for text in texts:
        windows = [text[i : i + 5].encode() for i in range(len(text) - 4)] or (
            [text.encode()] if text else []
        )
        crcs = shingles.window_crcs(text)
        assert crcs.dtype == np.uint32
        assert crcs.tolist() == [zlib.crc32(w) for w in windows]
