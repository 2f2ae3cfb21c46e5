"""How text becomes index terms: every word-character run as overlapping character bigrams.

Why bigrams: Korean attaches particles to nouns inside one eojeol (포항시는, 포항시가), so a
whole-word index (FTS5 unicode61) cannot find 포항 in 포항시는, and the trigram tokenizer cannot
match two-syllable words at all. Indexing each run of word characters as overlapping bigrams,
plus the run's last character alone, makes every character position the start of exactly one
token. A query term of n >= 2 characters is then the FTS5 phrase of its n - 1 bigrams, which
matches exactly where the term occurs as a substring; a one-character term matches the
article's set of distinct characters (a separate column, :func:`char_set`). Latin, digits and CJK get the same treatment, so the rule is one rule: substring.

Both sides go through :func:`normalize` (NFKC, then casefold), so full-width Latin and case do
not matter. A "word character" is what Python calls alphanumeric (``[^\\W_]``); everything else
separates runs. The tokens only ever contain such characters, which is why the FTS5 table can
use the simple ``ascii`` tokenizer on the space-joined output without re-splitting anything.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterator

WORD_RUN = re.compile(r"[^\W_]+")
_RUN_START = re.compile(r" _[^ ]")


def normalize(text: str) -> str:
    """The one text normalization used for indexing, querying, truth and highlighting."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def iter_runs(text: str) -> Iterator[str]:
    """Maximal runs of word characters of already-normalized text."""
    for match in WORD_RUN.finditer(text):
        yield match.group()


def run_tokens(run: str) -> list[str]:
    """Tokens of one run: its overlapping bigrams, then its last character alone."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(text: str | None) -> str:
    """Space-joined index tokens of ``text`` (the value stored in an FTS5 column).

    Same tokens as :func:`run_tokens` over :func:`iter_runs`, built with C-level string
    operations (about 2x faster): join the runs with "_", pair every character with the next
    ("ab", "b_" for a run end, "_c" for a run start), drop the run-start pairs. The "_" left on
    run-end pairs is a separator for the FTS5 ascii tokenizer, so "b_" is indexed as "b".
    """
    if not text:
        return ""
    runs = WORD_RUN.findall(normalize(text))
    if not runs:
        return ""
    joined = "_".join(runs)
    return _RUN_START.sub("", " ".join(map(operator.add, joined, joined[1:] + "_")))


#: Prefix of ``chars`` tokens, so they never share a doclist with the run-end unigrams of the text
#: columns (a non-ASCII symbol: a token character for FTS5's ascii tokenizer, never in a run).
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
    return " ".join(CHAR_MARK + c for c in sorted(chars))
