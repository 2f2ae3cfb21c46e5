"""The generic layer's one-walk heading/articleBody lookup selects exactly what its XPaths select."""

from __future__ import annotations

import random

import pytest

from archive.extract.families.generic import _HEADING_XPATH, _walked, similarity
from archive.extract.page import Page

TAGS = ("div", "h1", "h2", "h3", "h4", "h5", "p", "span", "strong")
NAMES = ("title", "subtitle", "art_tit", "subject", "headline", "Title", "news", "tIt", "sub-ject")


def _page(rng: random.Random) -> str:
    def node(depth: int) -> str:
        tag = rng.choice(TAGS)
        attrs = ""
        if rng.random() < 0.5:
            attrs += f' class="{rng.choice(NAMES)} {rng.choice(NAMES)}"'
        if rng.random() < 0.3:
            attrs += f' id="{rng.choice(NAMES)}"'
        if rng.random() < 0.1:
            attrs += f' itemprop="{rng.choice(("articleBody", "articlebody", "headline"))}"'
        children = "".join(node(depth + 1) for _ in range(rng.randint(0, 3 if depth < 4 else 0)))
        return f"<{tag}{attrs}>제목 {depth}{children}</{tag}>"

    html_attrs = rng.choice(("", ' class="title"', ' id="subject"'))
    body_attrs = rng.choice(("", ' class="headline"', ' itemprop="articleBody"'))
    return f"<html{html_attrs}><body{body_attrs}>" + "".join(node(0) for _ in range(4)) + "</body></html>"


@pytest.mark.parametrize("seed", range(30))
def test_walk_selects_what_the_xpaths_select(seed: int) -> None:
    page = Page.from_text(_page(random.Random(seed)), "http://127.0.0.1/a")
    headings, marked = _walked(page)
    assert headings == page.tree.xpath(_HEADING_XPATH)
    assert marked == page.tree.xpath("//*[@itemprop='articleBody']")


def test_walk_is_forgotten_when_the_tree_changes() -> None:
    page = Page.from_text("<html><body><h1>제목입니다</h1><div><h2>둘째 제목</h2></div></body></html>")
    assert len(_walked(page)[0]) == 2
    page.tree.find(".//div").getparent().remove(page.tree.find(".//div"))
    page.tree_changed()
    assert len(_walked(page)[0]) == 1


def test_similarity_is_bigram_jaccard() -> None:
    assert similarity("포항시, 영일만 개발", "포항시 영일만 개발") == 1.0
    assert similarity("abc", "abd") == pytest.approx(1 / 3)
    assert similarity("", "") == 1.0  # both empty: one (empty) gram each
