"""fingerprint stops reading markers once the count is decided: the same answer as counting all."""

from __future__ import annotations

import itertools

from archive.extract.families.base import fingerprint
from archive.extract.page import Page

MARKERS = ("aa", "bb", "cc", "dd")


def test_fingerprint_equals_the_full_count() -> None:
    for present in itertools.product((False, True), repeat=len(MARKERS)):
        text = "<html>" + " ".join(m for m, on in zip(MARKERS, present, strict=True) if on) + "</html>"
        page = Page(url="http://ex.com/x", text=text, encoding="utf-8", tree=None)
        for count in range(len(MARKERS) + 1):
            markers = MARKERS[:count]
            for minimum in range(-1, count + 2):
                expected = sum(1 for m in markers if m in text) >= minimum
                assert fingerprint(page, None, markers, minimum) is expected, (present, markers, minimum)
