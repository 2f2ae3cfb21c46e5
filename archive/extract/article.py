"""The extraction result: one article's clean text and metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

FIELDS = (
    "url", "canonical_url", "title", "subtitle", "authors", "published", "modified", "section",
    "body", "images", "cms", "language", "is_article", "warnings",
)


@dataclass
class Article:
    """What ``extract()`` returns; ``to_dict()`` is the CLI's JSON contract (exactly 14 keys).

    Dates are ISO 8601 strings in KST (``+09:00``) or None; ``body`` is the article's paragraphs
    joined by a blank line; ``cms`` names the family whose rules were used ("generic" if none).
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    body: str = ""
    images: list[dict] = field(default_factory=list)
    cms: str = "generic"
    language: str | None = None
    is_article: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        return {key: data[key] for key in FIELDS}

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]
