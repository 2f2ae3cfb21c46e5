"""How extraction is scored (bench/extraction.py, the quality-gate tests, and external scorers).

- body: token F1 over whitespace tokens with punctuation split off (multiset overlap);
- title: exact after whitespace collapse and curly->straight quotes;
- published: equal to the minute (both read as ISO 8601, compared in KST);
- authors: exact set (ground truth given as ``"A, B"`` or a list).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime

from archive.kst import KST

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]|_")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def token_f1(predicted: str | None, expected: str | None) -> float:
    pred, gold = Counter(tokens(predicted)), Counter(tokens(expected))
    if not pred and not gold:
        return 1.0
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def normalize_title(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(_QUOTES)).strip()


def title_match(predicted: str | None, expected: str | None) -> bool:
    return normalize_title(predicted) == normalize_title(expected)


def _minute(value: str | None) -> str | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=KST)
    return parsed.astimezone(KST).strftime("%Y-%m-%dT%H:%M")


def same_minute(predicted: str | None, expected: str | None) -> bool:
    return _minute(predicted) is not None and _minute(predicted) == _minute(expected)


def author_set(value: str | list[str] | None) -> set[str]:
    if not value:
        return set()
    items = value if isinstance(value, list) else value.split(",")
    return {item.strip() for item in items if item and item.strip()}


def authors_match(predicted: str | list[str] | None, expected: str | list[str] | None) -> bool:
    return author_set(predicted) == author_set(expected)
