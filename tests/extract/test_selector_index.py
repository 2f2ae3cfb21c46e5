"""The id/class index behind ``selectors.select`` returns exactly what cssselect returns.

Skins' simple and descendant selectors (``.art_top h2``, ``h3.heading``, ``#articleBody``) are read
from a per-page index instead of one XPath walk each; these pages (random nesting, repeated and
oddly separated class tokens, nested matches) check it against cssselect itself.
"""

from __future__ import annotations

import random

import pytest
from lxml.cssselect import CSSSelector

from archive.extract.page import Page
from archive.extract.selectors import _chain, select

TAGS = ("div", "section", "h2", "h3", "p", "span", "ul", "li", "figure", "article")
CLASSES = ("a", "b", "top", "x-y", "a_b", "A", "tts", "photo", "copyright", "xIMGFLOATING", "ad")
SEPARATORS = (" ", "  ", "\t", "\n", " \r\n ", "\u00a0")  # NBSP is not a class separator
SELECTORS = (
    ".a", "#i1", "div.a", "h2.top", ".top h2", ".a .b", "div .b", "#i2 p", ".a .b span", "section h3.top",
    "ul li", ".x-y #i3", ".A", ".a_b\th2", " .a  .b ", "div", ".top p span", "li.a .b",
)


def _page(rng: random.Random) -> str:
    counter = iter(range(1, 10_000))

    def node(depth: int) -> str:
        tag = rng.choice(TAGS)
        attrs = ""
        if rng.random() < 0.6:
            tokens = [rng.choice(CLASSES) for _ in range(rng.randint(1, 3))]
            attrs += ' class="' + rng.choice(("", " ")) + "".join(t + rng.choice(SEPARATORS) for t in tokens) + '"'
        if rng.random() < 0.3:
            attrs += f' id="i{next(counter) % 4}"'
        children = "".join(node(depth + 1) for _ in range(rng.randint(0, 3 if depth < 5 else 0)))
        return f"<{tag}{attrs}>t{children}</{tag}>"

    return "<html><body>" + "".join(node(0) for _ in range(4)) + "</body></html>"


@pytest.mark.parametrize("seed", range(40))
def test_index_matches_cssselect(seed: int) -> None:
    page = Page.from_text(_page(random.Random(seed)), "http://127.0.0.1/a")
    for selector in SELECTORS:
        expected = CSSSelector(selector)(page.tree)
        assert select(page, selector) == expected, selector


def test_only_plain_descendant_chains_use_the_index() -> None:
    assert _chain(".art_top h2") == ((None, "class", "art_top"), ("h2", None, None))
    assert _chain("h3.heading") == (("h3", "class", "heading"),)
    for selector in ("h2", ".a > .b", ".a:last-child", "a[href]", ".a.b", "div#x.y", ".a, .b", ".가"):
        assert _chain(selector) is None, selector


def test_index_is_rebuilt_after_the_tree_changes() -> None:
    page = Page.from_text('<html><body><div class="a"><p class="b">x</p></div></body></html>')
    assert len(select(page, ".a .b")) == 1
    target = page.tree.find(".//p")
    target.getparent().remove(target)
    page.select_index = None  # what the pipeline does after dropping elements
    assert select(page, ".a .b") == []


DROP_GROUPS = (
    ".a, #i1, h2.top, section, [class*='x-'], .top p, li.A",
    "div, .b, #i2, span.a_b",
    ".nothing, #nothing, [class*='zz']",
)


@pytest.mark.parametrize("seed", range(20))
def test_drop_group_walk_matches_cssselect(seed: int) -> None:
    from archive.extract.families import article_no, idx_view, ndsoft, page_view
    from archive.extract.selectors import compile_drop

    skins = [skin for family in (ndsoft, idx_view, article_no, page_view) for skin in family.SKINS]
    groups = DROP_GROUPS + tuple(", ".join(skin["drop"]) for skin in skins)
    page = Page.from_text(_page(random.Random(seed)), "http://127.0.0.1/a")
    for root in (page.tree, *page.tree.iter("div")):
        for group in groups:
            assert compile_drop(group)(root) == CSSSelector(group)(root), group


def test_bad_drop_group_raises_like_cssselect() -> None:
    from archive.extract.selectors import compile_drop

    with pytest.raises(Exception):  # noqa: B017 - whatever cssselect raises
        compile_drop(".a, [[bad")


@pytest.mark.parametrize("seed", range(10))
def test_at_or_after_is_document_order(seed: int) -> None:
    from archive.extract.selectors import _at_or_after

    page = Page.from_text(_page(random.Random(seed)), "http://127.0.0.1/a")
    elements = list(page.tree.iter())
    for body in elements[::3]:
        position = elements.index(body)
        for index, element in enumerate(elements):
            assert _at_or_after(element, body) == (index >= position)
