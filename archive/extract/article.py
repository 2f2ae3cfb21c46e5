"""The extraction result: one article's clean text and metadata."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

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
        """The fields as ``dataclasses.asdict`` gives them (lists and dicts copied all the way down),
        without its generic walk (a ``deepcopy`` call per string): 28 -> 3 us per article."""
        try:
            return {key: _copied(getattr(self, key)) for key in FIELDS}
        except TypeError:  # a value of another type: asdict knows what to do with it
            data = asdict(self)
            return {key: data[key] for key in FIELDS}

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body.split("\n\n") if p]


_ATOMS = (str, int, float, bool, type(None))


def _copied(value: Any) -> Any:
    """``asdict``'s copy of a str, number, None, or list / dict of those (TypeError for anything else)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is list:
        return [_copied(item) for item in value]
    if kind is dict:
        return {_copied(key): _copied(item) for key, item in value.items()}
    raise TypeError(kind)
