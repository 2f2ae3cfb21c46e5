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

import functools
import operator
import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

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


#: From this many characters on, a text is tokenized in numpy (below, Python's str operations are
#: quicker: numpy's fixed cost is a few microseconds). Queries never get there, so never import numpy.
NUMPY_TEXT = 48


def _pairs(text: str) -> str:
    """Every character paired with the next, space-separated: ``" ".join(map(operator.add, text,
    text[1:]))`` (in numpy from ``NUMPY_TEXT`` characters on: 5 us instead of 38 us for 500)."""
    if len(text) < NUMPY_TEXT:
        return " ".join(map(operator.add, text, text[1:]))
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    return _spaced(codes[:-1], codes[1:])


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
    FTS5 row, each text normalized and split once (the ingest computes this per article).

    Built on the texts' code points in numpy (tested to give the same strings): the runs joined
    by :data:`JOIN` are the word characters plus the first separator after each (as a JOIN), the
    pairs are written as (first, second, space) triples and decoded once, the characters are
    the sorted distinct code points. Per capture in the prepare pipeline: 0.22 ms for the str
    version (per-character objects), 0.16 with only the pairs in numpy, 0.13 like this."""
    columns: list[str] = []
    found: list[np.ndarray] = []  # each text's runs joined by JOIN, as code points
    for text in texts:
        tokens = ""
        if text:
            tokens, codes = _tokens_and_codes(normalize(text))
            found.append(codes)
        columns.append(tokens)
    columns.append(_char_column(found))
    return tuple(columns)


_SPACE = ord(" ")
_JOIN_CODE = ord(JOIN)
_MARK_CODE = ord(CHAR_MARK)


def _tokens_and_codes(text: str) -> tuple[str, np.ndarray]:
    """(index tokens, code points of the runs joined by JOIN) of normalized text."""
    import numpy as np

    codes = _run_codes(text) if len(text) >= NUMPY_TEXT else None
    if codes is None:
        tokens, joined = _runs_tokens(WORD_RUN.findall(text))
        return tokens, np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) < 2:
        return "", codes
    return _spaced(codes[:-1], codes[1:]).replace(_SPLIT_BOUNDARY, JOIN), codes


def _run_codes(text: str) -> np.ndarray | None:
    """``JOIN.join(WORD_RUN.findall(text))`` as code points: every word character, and a JOIN for
    the first separator after each but the last run; None for a text beyond the BMP (the word
    table covers the BMP only: such a text goes through the regex)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.max() > 0xFFFF:
        return None
    word = _word_bmp()[codes]
    keep = word.copy()
    keep[1:] |= word[:-1]
    joined = np.where(word, codes, np.uint32(_JOIN_CODE))[keep]
    return joined if word[-1] else joined[:-1]  # (a text ending in separators kept one of them)


def _char_column(found: list[np.ndarray]) -> str:
    """The ``chars`` column (:func:`char_set`) of texts given as :func:`_tokens_and_codes` code points."""
    import numpy as np

    chars = np.sort(np.concatenate(found)) if found else None
    if chars is None or not len(chars):
        return ""
    distinct = np.empty(len(chars), dtype=bool)
    distinct[0] = True
    np.not_equal(chars[1:], chars[:-1], out=distinct[1:])
    distinct &= chars != _JOIN_CODE
    chars = chars[distinct]
    return _spaced(np.full(len(chars), _MARK_CODE, dtype=np.uint32), chars) if len(chars) else ""


def _spaced(first: np.ndarray, second: np.ndarray) -> str:
    """``" ".join(map(operator.add, first, second))`` of code points: (first, second, space) triples
    as UTF-32, decoded once."""
    import numpy as np

    triples = np.empty((len(first), 3), dtype=np.uint32)
    triples[:, 0] = first
    triples[:, 1] = second
    triples[:, 2] = _SPACE
    return triples.tobytes()[:-4].decode("utf-32-le")  # (no space after the last pair)


@functools.cache
def _word_bmp() -> np.ndarray:
    """Whether each BMP code point is a word character (``str.isalnum``, as :data:`WORD_RUN`):
    64 KB, built in ~5 ms on first use."""
    import numpy as np

    return np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)
