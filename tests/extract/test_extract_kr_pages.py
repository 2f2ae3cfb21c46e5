"""Quality gate on the 22 real Korean pages in ../shared/kr-pages (read at run time, never copied)."""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean

import pytest

from archive.extract import extract
from archive.extract.scoring import authors_match, same_minute, title_match, token_f1

KR_PAGES = Path(__file__).resolve().parents[2].parent / "shared" / "kr-pages"
pytestmark = pytest.mark.skipif(not KR_PAGES.is_dir(), reason="shared kr-pages not present")


@pytest.fixture(scope="module")
def results():
    rows = []
    for html in sorted(KR_PAGES.glob("*.html")):
        truth = json.loads(html.with_suffix(".json").read_text(encoding="utf-8"))
        article = extract(html.read_bytes(), truth["url"])
        rows.append((html.stem, truth, article))
    return rows


def test_targets_hold(results):
    assert len(results) == 22
    assert mean(token_f1(a.body, t["body"]) for _, t, a in results) >= 0.97
    assert mean(title_match(a.title, t["title"]) for _, t, a in results) >= 0.97
    assert mean(same_minute(a.published, t["published"]) for _, t, a in results) >= 0.95
    assert mean(authors_match(a.authors, t["author"]) for _, t, a in results) >= 0.90


def test_every_page_is_an_article_with_clean_text(results):
    for name, truth, article in results:
        assert article.is_article, name
        assert token_f1(article.body, truth["body"]) >= 0.9, name
        for chrome in ("무단전재", "무단 전재", "Copyright", "기사를 읽어드립니다", "$$ARTICLEAD$$"):
            assert chrome not in article.body, (name, chrome)
        assert article.language == "ko"


def test_js_only_page_says_so(results):
    article = next(a for name, _, a in results if name.startswith("02_"))
    assert any("JavaScript" in w for w in article.warnings)


def test_lying_charset_page(results):
    article = next(a for name, _, a in results if name.startswith("21_"))
    assert "홈플러스" in article.title
