"""Hostile or huge input must not make the web views quadratic (review findings)."""

from __future__ import annotations

import time

from archive.web.diff import diff_texts
from archive.web.replay import rewrite_html


def test_rewrite_is_linear_on_hostile_page() -> None:
    hostile = "<a " * 350_000  # ~1 MB; the old regex took ~46 s on 120 KB of this
    start = time.perf_counter()
    out = rewrite_html(hostile + '<a href="/x">x</a>', "http://news.example/a/1")
    assert time.perf_counter() - start < 5
    assert out.endswith('<a href="/captures/lookup?url=http%3A%2F%2Fnews.example%2Fx">x</a>')


def test_rewrite_still_rewrites_links_base_and_refresh() -> None:
    page = (
        '<base href="http://news.example/dir/"><a class="x"\nhref=\'p?a=1&amp;b=2\'>p</a>'
        '<img src=i.jpg alt=""><a href="javascript:alert(1)">j</a><a href="#top">t</a>'
        '<meta http-equiv="refresh" content="0;url=http://evil.example/">'
    )
    out = rewrite_html(page, "http://news.example/a/1")
    assert "href=\"/captures/lookup?url=http%3A%2F%2Fnews.example%2Fdir%2Fp%3Fa%3D1%26b%3D2\"" in out
    assert 'src="/captures/lookup?url=http%3A%2F%2Fnews.example%2Fdir%2Fi.jpg"' in out
    assert 'href="#"' in out and 'href="#top"' in out
    assert 'http-equiv="x-archived-refresh"' in out


def test_diff_of_huge_paragraph_is_bounded_and_shows_the_change() -> None:
    words = [f"단어{i}" for i in range(20_000)]
    old = " ".join(words)
    new = " ".join(words[:10_000] + ["새로운"] + words[10_000:])
    start = time.perf_counter()
    diff = diff_texts(old, new)
    assert time.perf_counter() - start < 5
    assert diff.changed and diff.added >= 1
    assert any("새로운" in block.html for block in diff.blocks if block.kind != "same")
