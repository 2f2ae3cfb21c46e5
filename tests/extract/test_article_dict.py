"""Article.to_dict: the same dict (and the same independence from the article) as dataclasses.asdict."""

from __future__ import annotations

from dataclasses import asdict

from archive.extract.article import FIELDS, Article


def _reference(article: Article) -> dict:
    data = asdict(article)
    return {key: data[key] for key in FIELDS}


def test_to_dict_equals_asdict_and_copies_nested_values():
    article = Article(
        url="https://example.com/a",
        title="제목",
        authors=["홍길동", "김철수"],
        images=[{"url": "https://example.com/p.jpg", "caption": "사진"}],
        body="본문",
        is_article=True,
        warnings=["short body (20 characters): a photo or brief article"],
    )
    got = article.to_dict()
    assert got == _reference(article) and list(got) == list(FIELDS)
    assert got["authors"] is not article.authors and got["images"][0] is not article.images[0]
    got["images"][0]["caption"] = "changed"
    assert article.images[0]["caption"] == "사진"


def test_to_dict_of_an_unexpected_value_type_falls_back_to_asdict():
    article = Article(url="https://example.com/a", images=[{"url": "u", "size": (1, 2)}])
    assert article.to_dict() == _reference(article)
