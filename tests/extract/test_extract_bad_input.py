"""Hostile and broken input: always a clear Article (is_article false / warnings), never a crash or hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from extract_pages import BUILDERS, homepage
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.extract import FIELDS, extract


def _assert_clean(article):
    data = article.to_dict()
    assert tuple(data) == FIELDS
    assert isinstance(data["body"], str) and isinstance(data["authors"], list)
    assert isinstance(data["is_article"], bool) and isinstance(data["warnings"], list)


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x00" * 1000, os.urandom(4096), b"\x89PNG\r\n\x1a\n" + os.urandom(500),
                                  b"%PDF-1.4 binary", b"<", b"<html", b"<<<<>>>>", b"</p></div></html>", "한글만".encode()])
def test_garbage_is_not_an_article(data):
    article = extract(data)
    _assert_clean(article)
    assert not article.is_article
    assert article.warnings


def test_non_html_content_type():
    article = extract(b"\xff\xd8\xff\xe0 jpeg", "http://x.example/a.jpg", content_type="image/jpeg")
    assert not article.is_article and "not an HTML page" in article.warnings[0]


@pytest.mark.parametrize("cut", [0.1, 0.3, 0.5, 0.8, 0.95])
def test_truncated_pages(cut):
    html, truth = BUILDERS["ndsoft-2019"]()
    data = html.encode("utf-8")
    article = extract(data[: int(len(data) * cut)], truth.url)
    _assert_clean(article)
    if article.is_article:
        assert article.body


def test_truncated_page_keeps_what_arrived():
    html, truth = BUILDERS["ndsoft-2019"]()
    data = html.encode("utf-8")
    cut = data.index("체험형".encode()) + 5  # mid-paragraph, mid-character
    article = extract(data[:cut], truth.url)
    assert article.is_article
    assert truth.body.split("\n\n")[0] in article.body


def test_deeply_nested_tags_do_not_crash_or_hang():
    depth = 100_000
    data = (b"<div>" * depth) + "<p>깊은 문단입니다.</p>".encode() + (b"</div>" * depth)
    started = time.perf_counter()
    article = extract(data)
    assert time.perf_counter() - started < 20
    _assert_clean(article)
    assert not article.is_article


@pytest.mark.slow
def test_30_mb_page_is_bounded():
    html, truth = BUILDERS["ndsoft-2019"]()
    filler = "<p>" + "광고 문구 반복 " * 50 + "</p>\n"
    big = html.replace("</body>", filler * (30_000_000 // len(filler.encode())) + "</body>").encode("utf-8")
    assert len(big) >= 30_000_000
    started = time.perf_counter()
    article = extract(big, truth.url)
    assert time.perf_counter() - started < 60
    _assert_clean(article)
    assert article.title == truth.title  # the head survived; the cut-off tail is flagged
    assert any("parsed" in w for w in article.warnings)


def test_list_page_is_not_an_article():
    article = extract(homepage().encode("utf-8"), "https://www.gbdaily.example/news/articleList.html?sc_section_code=S1N1")
    assert not article.is_article


def test_wrong_argument_type_is_an_error_result():
    article = extract("문자열은 bytes가 아니다")  # type: ignore[arg-type]
    assert not article.is_article and "bytes" in article.warnings[0]


_KR_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "kr-pages"
_SEED_PAGES = [BUILDERS[name]()[0].encode("utf-8") for name in sorted(BUILDERS)] + [
    path.read_bytes() for path in sorted(_KR_PAGES.glob("*.html"))[::5]] + [  # real pages too, when present
    path.read_bytes() for path in sorted((Path(__file__).resolve().parent / "heldout").glob("*.html"))[::4]]


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, length, insert in cuts:
        position %= max(len(out), 1)
        out[position:position + length] = insert
    return bytes(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.sampled_from(range(len(_SEED_PAGES))),
    cuts=st.lists(st.tuples(st.integers(0, 400_000), st.integers(0, 400),
                            st.sampled_from([b"", b"<", b">", b"</div>", b"<p>", b"\xff\xfe", "포항".encode("cp949"),
                                             b"<script>", b"<!--", b"]]>", b"\x00", b"<br><br>", b"&#"])),
                  max_size=6),
)
def test_mutated_pages_never_crash(page, cuts):
    article = extract(_mutate(_SEED_PAGES[page], cuts), "http://x.example/news/articleView.html?idxno=1")
    _assert_clean(article)
    assert not any(w.startswith("extraction failed") for w in article.warnings), article.warnings


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data):
    article = extract(data)
    _assert_clean(article)
    assert not any(w.startswith("extraction failed") for w in article.warnings), article.warnings


@pytest.mark.parametrize("run", ["가" * 200_000, "a" * 200_000, "가@" * 50_000, "[" * 100_000, "입력 " * 50_000])
def test_pathological_text_runs_stay_linear(run):
    html, truth = BUILDERS["ndsoft-2019"]()
    data = html.replace("</article>", f"<p>{run}</p></article>").encode("utf-8")
    started = time.perf_counter()
    article = extract(data, truth.url)
    assert time.perf_counter() - started < 10
    _assert_clean(article)
