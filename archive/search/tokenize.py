"""How text becomes index terms: overlapping character bigrams, with word boundaries as tokens.

Why bigrams: Korean attaches particles to nouns inside one eojeol (포항시는, 포항시가), so a
whole-word index (FTS5 unicode61) cannot find 포항 in 포항시는, and the trigram tokenizer cannot
match two-syllable words at all. Text is split into runs of word characters; each run gives its
overlapping bigrams, and each gap between two runs gives one *boundary token*: the last character
of one run, :data:`JOIN`, the first character of the next (``포항 시청`` -> 포항 항¦시 시청). A query
term goes through the same function, so a term of two or more characters is the FTS5 phrase of
its tokens and matches exactly where it occurs as a substring (separator runs matching any
separator run). A one-character term matches the article's set of distinct characters (a
separate column, :func:`char_set`). Latin, digits and CJK get the same treatment: one rule, substring.

Why boundary tokens rather than a run-end unigram: a phrase spanning words then needs only
pair-specific tokens, never the doclist of a bare common character (every word ending in 시),
which made phrases ~10x slower than words at 1M articles (bench/search.py).

Both sides go through :func:`normalize` (NFKC, then casefold), so full-width Latin and case do
not matter. A "word character" is what Python calls alphanumeric (``[^\\W_]``); everything else
separates runs. The tokens only ever contain such characters and :data:`JOIN` (a non-ASCII
symbol, so a token character for FTS5's ``ascii`` tokenizer), which is why the FTS5 table can use
that tokenizer on the space-joined output without re-splitting anything.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator

WORD_RUN = re.compile(r"[^\W_]+")
#: Joins the two characters of a boundary token; never inside a run (not alphanumeric).
JOIN = "\u00a6"
_SPLIT_BOUNDARY = JOIN + " " + JOIN


def normalize(text: str) -> str:
    """The one text normalization used for indexing, querying, truth and highlighting."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def iter_runs(text: str) -> Iterator[str]:
    """Maximal runs of word characters of already-normalized text."""
    for match in WORD_RUN.finditer(text):
        yield match.group()


def tokens_of_runs(runs: list[str] | tuple[str, ...]) -> list[str]:
    """Tokens of consecutive runs: each run's bigrams, and one boundary token between runs."""
    tokens: list[str] = []
    for i, run in enumerate(runs):
        tokens += [run[k : k + 2] for k in range(len(run) - 1)]
        if i + 1 < len(runs):
            tokens.append(run[-1] + JOIN + runs[i + 1][0])
    return tokens


def _runs_tokens(runs: list[str]) -> tuple[str, str]:
    """(index tokens, runs joined by JOIN) of already-found runs (see :func:`index_text`)."""
    if not runs:
        return "", ""
    joined = JOIN.join(runs)
    return _pairs(joined).replace(_SPLIT_BOUNDARY, JOIN), joined


#: From this many characters on, :func:`_pairs` builds the pairs in numpy (below, str concatenation
#: is quicker: numpy's fixed cost is ~3 us).
NUMPY_PAIRS = 32
_SPACE = ord(" ")


def _pairs(text: str) -> str:
    """Every character paired with the next, space-separated: ``" ".join(map(operator.add, text,
    text[1:]))``. A long text's pairs are written as UTF-32 code points (first, second, space)
    and decoded once: 5 us instead of 38 us for 500 characters, the bulk of an article's tokens."""
    if len(text) < NUMPY_PAIRS:
        return " ".join(map(operator.add, text, text[1:]))
    import numpy as np  # here, not at the top: queries tokenize too, and never need numpy

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    triples = np.empty((len(codes) - 1, 3), dtype=np.uint32)
    triples[:, 0] = codes[:-1]
    triples[:, 1] = codes[1:]
    triples[:, 2] = _SPACE
    return triples.tobytes()[:-4].decode("utf-32-le")  # (no space after the last pair)


def index_text(text: str | None) -> str:
    """Space-joined index tokens of ``text`` (the value stored in an FTS5 column).

    Same tokens as :func:`tokens_of_runs` over :func:`iter_runs`, built with C-level string
    operations (faster than the reference, same output: tested): join the runs with :data:`JOIN`, pair every character with
    the next ("ab", "b¦", "¦c"), then fuse each "b¦" "¦c" into the boundary token "b¦c".
    """
    if not text:
        return ""
    return _runs_tokens(WORD_RUN.findall(normalize(text)))[0]


#: Prefix of ``chars`` tokens, so they never share a doclist with a token of the text columns
#: (a non-ASCII symbol: a token character for FTS5's ascii tokenizer, never in a run).
CHAR_MARK = "\u00b6"


def char_set(*texts: str | None) -> str:
    """The distinct word characters of the texts, space-joined: the ``chars`` column.

    One-character queries match here (``chars : "¶시"``) instead of the FTS5 prefix query ``"시"*``,
    which merges the doclists of every bigram starting with 시 (seconds at 1M articles).
    """
    chars: set[str] = set()
    for text in texts:
        if text:
            chars.update("".join(WORD_RUN.findall(normalize(text))))
    return _marked(chars)


def _marked(chars: set[str]) -> str:
    """``" ".join(CHAR_MARK + c for c in sorted(chars))`` in one join (no generator step per character)."""
    return CHAR_MARK + (" " + CHAR_MARK).join(sorted(chars)) if chars else ""


def index_columns(*texts: str | None) -> tuple[str, ...]:
    """:func:`index_text` of each text, then their :func:`char_set`: the values of one article's
    FTS5 row, each text normalized and split once (the ingest computes this per article)."""
    columns: list[str] = []
    chars: set[str] = set()
    for text in texts:
        tokens, joined = _runs_tokens(WORD_RUN.findall(normalize(text))) if text else ("", "")
        columns.append(tokens)
        chars.update(joined)
    chars.discard(JOIN)
    columns.append(_marked(chars))
    return tuple(columns)
