"""Held-out quality gate: pages written after the rules (tests/extract/heldout), scored via the CLI.

The pages cover every family's skins and the variations real outlets show (bylines, date
formats, CP949 and lying charsets, misleading JSON-LD, captions, sidebars). Scoring goes through
``newsarchive extract FILE --url URL`` exactly as an external scorer would.
"""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean

import pytest
from click.testing import CliRunner

from archive.extract import extract
from archive.extract.scoring import authors_match, same_minute, title_match, token_f1
from crawler.cli import main

HELDOUT = Path(__file__).resolve().parent / "heldout"
CASES = sorted(HELDOUT.glob("*.html"))


def _truth(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def results() -> list[tuple[str, dict, dict]]:
    runner = CliRunner()
    rows = []
    for path in CASES:
        truth = _truth(path)
        result = runner.invoke(main, ["extract", str(path), "--url", truth["url"]])
        assert result.exit_code == 0, (path.name, result.output)
        rows.append((path.stem, truth, json.loads(result.stdout_bytes.decode("utf-8"))))
    return rows


def test_enough_pages_in_every_family():
    families = [_truth(p)["family"] for p in CASES]
    assert len(CASES) >= 15
    for family in ("ndsoft", "idx_view", "article_no", "page_view"):
        assert families.count(family) >= 3, family


def test_floors(results):
    assert mean(token_f1(a["body"], t["body"]) for _, t, a in results) >= 0.97
    assert mean(title_match(a["title"], t["title"]) for _, t, a in results) >= 0.97
    assert mean(same_minute(a["published"], t["published"]) for _, t, a in results) >= 0.95
    assert mean(authors_match(a["authors"], t["author"]) for _, t, a in results) >= 0.90


def test_every_page(results):
    """Per page: an article of the right family, clean body, no field far off."""
    for name, truth, got in results:
        assert got["is_article"], name
        assert got["cms"] == truth["family"], name
        assert token_f1(got["body"], truth["body"]) >= 0.9, name
        assert got["title"], name
        assert got["published"], name
        expected_modified = truth.get("modified")
        assert (got["modified"] is None) == (expected_modified is None), (name, got["modified"])
        if expected_modified:
            assert same_minute(got["modified"], expected_modified), name
        for chrome in ("무단", "Copyright", "많이 본", "기사를 읽어드립니다", "@", "사진=", "최종편집"):
            assert chrome not in got["body"], (name, chrome)


def test_cli_equals_library(results):
    """The CLI prints exactly what extract() returns for the same bytes and URL."""
    name, truth, got = results[0]
    article = extract((HELDOUT / f"{name}.html").read_bytes(), truth["url"])
    assert got == json.loads(json.dumps(article.to_dict(), ensure_ascii=False))


def test_generic_fallback_alone_generalizes():
    """With every family skin off, the generic layer still reads these pages (it is what runs when
    a family's markup changes under us)."""
    rows = []
    for path in CASES:
        truth = _truth(path)
        article = extract(path.read_bytes(), truth["url"], overrides={"cms": "generic"})
        rows.append((truth, article))
    assert mean(token_f1(a.body, t["body"]) for t, a in rows) >= 0.95
    assert mean(title_match(a.title, t["title"]) for t, a in rows) >= 0.9
    assert mean(same_minute(a.published, t["published"]) for t, a in rows) >= 0.9
    assert mean(authors_match(a.authors, t["author"]) for t, a in rows) >= 0.85
