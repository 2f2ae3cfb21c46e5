"""Search-result snippets: a window of the article around the first match, HTML-escaped, with
every occurrence of the query's terms wrapped in ``<mark>``.

Matches are found with the same rule the index uses (normalized text; separator runs in a term
match any separator run), so what is highlighted is what made the article match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from archive.search.query import SEPARATORS, Term
from archive.search.tokenize import normalize

ELLIPSIS = "…"


def term_pattern(terms: Sequence[Term]) -> re.Pattern[str] | None:
    """One regex over normalized text matching any of the terms (longest first)."""
    parts = [SEPARATORS.join(re.escape(run) for run in t.runs) for t in terms if t.runs]
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile("|".join(parts))


def _normalized_with_map(text: str) -> tuple[str, list[int] | None]:
    """Normalized text and, when lengths differ, a map from normalized to original offsets."""
    norm = normalize(text)
    if len(norm) == len(text):
        return norm, None
    pieces = [normalize(c) for c in text]
    if "".join(pieces) != norm:  # normalization across characters (rare): show normalized text
        return norm, []
    offsets: list[int] = []
    for i, piece in enumerate(pieces):
        offsets.extend([i] * len(piece))
    offsets.append(len(text))
    return norm, offsets


def find_spans(text: str, pattern: re.Pattern[str]) -> tuple[str, list[tuple[int, int]]]:
    """(display text, match spans in it) for ``text``."""
    norm, offsets = _normalized_with_map(text)
    spans = [(m.start(), m.end()) for m in pattern.finditer(norm) if m.end() > m.start()]
    if offsets is None:
        return text, spans
    if not offsets:
        return norm, spans
    return text, [(offsets[s], offsets[e - 1] + 1) for s, e in spans]


def highlight(text: str, spans: Sequence[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """HTML of ``text[start:end]`` with the spans marked; everything else escaped."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in sorted(spans):
        s, e = max(s, pos), min(e, end)
        if e <= s:
            continue
        out.append(html.escape(text[pos:s]))
        out.append("<mark>" + html.escape(text[s:e]) + "</mark>")
        pos = e
    out.append(html.escape(text[pos:end]))
    return "".join(out)


def make_snippet(fields: Sequence[str | None], terms: Sequence[Term], *, width: int = 160) -> str:
    """Snippet HTML from the first field (body first) that contains a match, else the body start."""
    pattern = term_pattern(terms)
    texts = [f for f in fields if f]
    if not texts:
        return ""
    for text in texts:
        if pattern is None:
            break
        shown, spans = find_spans(text, pattern)
        if spans:
            return _window(shown, spans, width)
    return _window(texts[0], [], width)


def _window(text: str, spans: list[tuple[int, int]], width: int) -> str:
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 4)
    if start > 0:  # begin at a word boundary when one is near
        space = text.rfind(" ", max(0, start - 15), first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, end - 15), end)
        end = space if space > (spans[0][1] if spans else start) else end
    body = highlight(text, spans, start, end)
    body = " ".join(body.split())  # newlines and runs of spaces read as one space in a snippet
    return (ELLIPSIS if start > 0 else "") + body + (ELLIPSIS if end < len(text) else "")
