"""Page.from_bytes parses a UTF-8 page's own bytes; the tree must be the one the decoded text gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from archive.extract.decode import decode_checked, decode_html
from archive.extract.page import Page

ROOT = Path(__file__).resolve().parents[2]
KR_PAGES = ROOT.parent / "shared" / "kr-pages"
HELDOUT = ROOT / "tests" / "extract" / "heldout"
BODY = "<p>포항시는 26일 영일만 개발 계획을 발표했다.</p>"
CASES = [
    f'<html><head><meta charset="euc-kr"><title>제목</title></head><body>{BODY}</body></html>'.encode(),  # lying
    b'<html><head><meta charset="euc-kr"></head><body><p>ascii only</p></body></html>',
    f"<html><body>{BODY}\x00<p>NUL</p></body></html>".encode(),
    f"<?php echo 1; ?>\n<html><body>{BODY}</body></html>".encode(),
    f'<?xml version="1.0" encoding="utf-8"?><html><body>{BODY}</body></html>'.encode(),
    f"<html><body>{BODY}</body></html>".encode("cp949"),
    f"<html><body>{BODY}</body></html>".encode()[:-9] + "한".encode()[:2],  # cut inside a character
    "\ufeff<html><body><p>BOM</p></body></html>".encode(),
]


def _files() -> list[Path]:
    found = sorted(HELDOUT.glob("*.html"))
    return found + (sorted(KR_PAGES.glob("*.html")) if KR_PAGES.is_dir() else [])


def _same_tree(data: bytes) -> None:
    text, encoding = decode_html(data)
    from_text = Page.from_text(text, "http://127.0.0.1/a", encoding)
    from_bytes = Page.from_bytes(data, "http://127.0.0.1/a")
    if from_text.tree is None:
        assert from_bytes.tree is None
        return
    assert etree.tostring(from_bytes.tree, encoding=str) == etree.tostring(from_text.tree, encoding=str)
    assert (from_bytes.text, from_bytes.warnings, from_bytes.meta) == (from_text.text, from_text.warnings, from_text.meta)


@pytest.mark.parametrize("data", CASES)
def test_bytes_parse_gives_the_text_parse_tree(data: bytes) -> None:
    _same_tree(data)


def test_real_and_held_out_pages_parse_alike() -> None:
    for path in _files():
        _same_tree(path.read_bytes())


def test_only_exact_utf8_is_flagged() -> None:
    assert decode_checked(CASES[0])[2] and decode_checked(CASES[1])[2]
    assert not decode_checked(CASES[5])[2]  # CP949
    assert not decode_checked(CASES[6])[2]  # a cut character was replaced
    assert not decode_checked(CASES[7])[2]  # BOM dropped


@pytest.mark.parametrize("charset", ["utf-8", "euc-kr"])
def test_xhtml_page_with_an_xml_declaration_is_extracted(charset: str) -> None:
    from archive.extract import extract

    html = (f'<?xml version="1.0" encoding="{charset}"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">'
            "<head><title>포항시 영일만 개발 계획 발표</title></head><body><h1>포항시 영일만 개발 계획 발표</h1>"
            "<p>입력 2024.01.16 17:19</p><div>" + "<p>포항시는 26일 영일만 개발 계획을 발표했다. 시는 이번 계획으로 "
            "지역 경제가 살아날 것으로 기대한다고 밝혔다.</p>" * 4 + "</div></body></html>")
    article = extract(html.encode("cp949" if charset == "euc-kr" else "utf-8"), "http://127.0.0.1/news/1")
    assert article.is_article, article.warnings
    assert article.title == "포항시 영일만 개발 계획 발표"
    assert article.published == "2024-01-16T17:19:00+09:00"
    assert "영일만 개발 계획을 발표했다" in article.body
