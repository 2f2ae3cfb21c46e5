"""Page.absolute: the plain-URL shortcut gives exactly what urljoin gives."""

from __future__ import annotations

import random
from urllib.parse import urljoin

import pytest

from archive.extract.page import Page

BASES = ["", "http://ex.com/a/b", "https://ex.com/a/", "ftp://x/", "http://[::1]/"]
PARTS = [
    "http://",
    "https://",
    "HTTP://",
    "ftp://",
    "//",
    "/",
    "a",
    "b.c",
    "?",
    "#",
    ";",
    "x=1",
    "..",
    "./",
    " ",
    "\t",
    "\n",
    "[",
    "]",
    "@",
    ":",
    "%20",
    "é",
    "ｈ",
    "\x01",
    "\\",
    "사진",
]


def _reference(base: str, href: str) -> str:
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return href.strip()


def _page(base: str) -> Page:
    return Page(url=base or None, text="", encoding="utf-8", tree=None)


@pytest.mark.parametrize("base", BASES)
def test_absolute_equals_urljoin_on_random_hrefs(base):
    rng = random.Random(base)
    page = _page(base)
    for _ in range(5000):
        href = "".join(rng.choice(PARTS) for _ in range(rng.randint(0, 7)))
        assert page.absolute(href) == _reference(base, href), href


def test_absolute_of_plain_and_relative_urls():
    page = _page("https://ex.com/news/1")
    assert page.absolute(" https://img.ex.com/p.jpg?w=1 ") == "https://img.ex.com/p.jpg?w=1"
    assert page.absolute("http:///p.jpg") == urljoin("https://ex.com/news/1", "http:///p.jpg")
    assert page.absolute("https://ex.com/a?") == "https://ex.com/a"
    assert page.absolute("/p.jpg") == "https://ex.com/p.jpg"


ROOT_BASES = ["http://ex.com", "https://u:p@ex.com:8080/a/b?c=1#d", "http://ex.com?q", "http://ex.com#f",
              "http://ex.com\n/x", " http://ex.com/", "HTTP://EX.com/", "http://é.com/", "http://[::1]/",
              "http://ex.com\\x/", "http://ex.com;p/a", "ftp://ex.com/", "http:///a", "http://ex.com/a/"]


@pytest.mark.parametrize("base", ROOT_BASES)
def test_root_relative_hrefs_equal_urljoin(base):
    """The root-relative shortcut: random ``/...`` hrefs (dot segments, queries, odd characters)."""
    rng = random.Random(base)
    page = _page(base)
    for _ in range(5000):
        href = "/" + "".join(rng.choice(PARTS + ["/", "/", ".", "..", "/.", "/..", "x"]) for _ in range(rng.randint(0, 7)))
        assert page.absolute(href) == _reference(base, href), (base, href)
    assert page.absolute("/news/photo/1.jpg") == _reference(base, "/news/photo/1.jpg")
