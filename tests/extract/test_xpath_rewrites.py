"""XPaths rewritten for speed select exactly what the originals select."""

from __future__ import annotations

import random

import pytest
from lxml import etree

from archive.extract.boilerplate import _CAPTIONS

TAGS = ("div", "figure", "figcaption", "p", "span", "img", "table", "td")
CLASSES = ("caption", "img_cap", "photo", "Caption", "capture", "desc", "cap")


def _tree(rng: random.Random) -> etree._Element:
    def node(depth: int) -> str:
        tag = rng.choice(TAGS)
        attrs = f' class="{rng.choice(CLASSES)}"' if rng.random() < 0.5 else ""
        children = "".join(node(depth + 1) for _ in range(rng.randint(0, 3 if depth < 4 else 0)))
        return f"<{tag}{attrs}>x{children}</{tag}>"

    return etree.fromstring("<div>" + "".join(node(0) for _ in range(3)) + "</div>", etree.HTMLParser())


@pytest.mark.parametrize("seed", range(25))
def test_caption_lookup_matches_the_original_union(seed: int) -> None:
    root = _tree(random.Random(seed))
    for holder in root.iter():
        original = holder.xpath(".//figcaption|.//*[contains(@class,'caption') or contains(@class,'cap')]")
        assert _CAPTIONS(holder) == original
