"""The numpy shingle keys give exactly the Jaccard of the string shingle sets, even when keys
collide (forced here by dropping the mixing of the last two characters)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from archive import dedup, shingles


def _texts(seed: int, alphabet: str, count: int = 80) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400))) for _ in range(count)]


def _check_pairs(texts: list[str]) -> int:
    """Asserts `jaccard_of` == `jaccard` of the string sets for consecutive pairs; returns how
    many pairs had both numpy sets (not a fallback)."""
    fps = [dedup.Fingerprint(t) for t in texts]
    numpy_pairs = 0
    for a, b in zip(fps, fps[1:] + fps[:1], strict=True):
        for text_a, text_b in ((a.text, b.text), (a.text, a.text)):
            fa, fb = dedup.Fingerprint(text_a), dedup.Fingerprint(text_b)
            assert dedup.jaccard_of(fa, fb) == shingles.jaccard(fa.shingles, fb.shingles)
        if a.shingle_set is not None and b.shingle_set is not None:
            assert len(a.shingle_set.keys) == len(a.shingles)
            numpy_pairs += a.shingle_set.shared(b.shingle_set) is not None
    return numpy_pairs


@pytest.mark.parametrize("alphabet", ["ab", "가나다1", "a1Zé한글漢𠀀9ß포항시는억원"])
def test_jaccard_of_equals_the_string_sets(alphabet):
    assert _check_pairs(_texts(7, alphabet)) > 0


def test_colliding_keys_fall_back_to_the_exact_strings(monkeypatch):
    # With a multiplier of 1 a key is (c0, c1 ^ c3, c2 ^ c4): "xyaza" and "xybzb" share one.
    monkeypatch.setattr(shingles, "_KEY_MIX", np.uint64(1))
    assert shingles.ShingleSet.of("xyazaxybzb") is None  # within one text
    one, other = shingles.ShingleSet.of("xyaza1"), shingles.ShingleSet.of("xybzb1")
    assert one is not None and other is not None and one.shared(other) is None  # across two
    a, b = dedup.Fingerprint("xyaza" + "가" * 90), dedup.Fingerprint("xybzb" + "가" * 90)
    assert dedup.jaccard_of(a, b) == shingles.jaccard(a.shingles, b.shingles)
    fallbacks = 0
    for text in _texts(8, "abxy가나"):
        fallbacks += shingles.ShingleSet.of(text) is None and len(text) > shingles.SHINGLE
    assert fallbacks > 10
    _check_pairs(_texts(9, "abxy가나"))
