"""Parse a user's search string into terms and build a safe FTS5 MATCH expression from them.

Grammar (forgiving: every string parses): whitespace separates terms; ``"..."`` is one term that
may contain spaces (an unterminated quote runs to the end); a leading ``-`` excludes the term;
several terms must all occur (AND). Nothing else is syntax: ``*``, ``NEAR``, ``OR``,
parentheses and SQL fragments are just characters, and punctuation separates word runs.

Safety: the MATCH expression is assembled only from index tokens (runs of word characters, see
:mod:`archive.search.tokenize`), each wrapped in an FTS5 string literal, joined by our own
operators, and bound as an SQL parameter. A user's string can therefore never add FTS5 or SQL
syntax.

Matching rule: a term matches where its normalized text occurs in a field, with any run of
separators (spaces, punctuation) in the term matching any run of separators in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.search.tokenize import CHAR_MARK, WORD_RUN, normalize, tokens_of_runs

TEXT_COLUMNS = "{title subtitle body}"
SEPARATORS = r"[\W_]+"  # what separates word runs (the complement of tokenize.WORD_RUN)


@dataclass(frozen=True)
class Term:
    """One search term: the user's text and its normalized word runs."""

    text: str
    runs: tuple[str, ...]

    @property
    def key(self) -> str:
        """Normalized form with separators collapsed to one space (what must occur)."""
        return " ".join(self.runs)


@dataclass(frozen=True)
class ParsedQuery:
    """Terms that must occur (``include``) and terms that must not (``exclude``)."""

    include: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def is_empty(self) -> bool:
        """True when nothing can match: no positive term survived parsing."""
        return not self.include


def make_term(text: str) -> Term | None:
    """A term from raw text, or None when it has no word characters."""
    runs = tuple(m.group() for m in WORD_RUN.finditer(normalize(text)))
    return Term(text, runs) if runs else None


def split_query(query: str) -> list[tuple[bool, str]]:
    """Split a raw query into (excluded, text) pieces, honouring quotes and leading '-'."""
    pieces: list[tuple[bool, str]] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negate = False
        if query[i] == "-" and i + 1 < n and not query[i + 1].isspace():
            negate, i = True, i + 1
        if query[i] == '"':
            end = query.find('"', i + 1)
            end = n if end < 0 else end
            pieces.append((negate, query[i + 1 : end]))
            i = end + 1
        else:
            j = i
            while j < n and not query[j].isspace() and query[j] != '"':
                j += 1
            pieces.append((negate, query[i:j]))
            i = j
    return pieces


def parse_query(query: str | None) -> ParsedQuery:
    """Parse any string into a :class:`ParsedQuery`; never raises."""
    include: list[Term] = []
    exclude: list[Term] = []
    warnings: list[str] = []
    for negate, text in split_query(query or ""):
        term = make_term(text)
        if term is None:
            continue
        target = exclude if negate else include
        if all(t.key != term.key for t in target):
            target.append(term)
    if exclude and not include:
        warnings.append("only excluded terms: nothing to search for")
    return ParsedQuery(tuple(include), tuple(exclude), tuple(warnings))


def _literal(tokens: list[str]) -> str:
    """An FTS5 string literal (a phrase of the given tokens)."""
    return '"' + " ".join(tokens).replace('"', '""') + '"'


def term_tokens(term: Term) -> list[str]:
    """The index tokens a term must match at consecutive positions (empty for one character)."""
    return tokens_of_runs(term.runs)


def phrase_expression(tokens: list[str]) -> str:
    """FTS5: these tokens at consecutive positions in one text column."""
    return TEXT_COLUMNS + " : " + _literal(tokens)


def term_expression(term: Term) -> str:
    """The FTS5 expression that matches exactly where ``term`` occurs (see module docstring).

    A one-character term is looked up in the ``chars`` column; anything longer is the phrase of
    its own index tokens (bigrams and word-boundary tokens) over the text columns.
    """
    if len(term.runs) == 1 and len(term.runs[0]) == 1:
        return f"chars : {_literal([CHAR_MARK + term.runs[0]])}"
    return phrase_expression(term_tokens(term))


def match_expression(parsed: ParsedQuery) -> str | None:
    """The whole FTS5 MATCH string, or None when the query cannot match anything."""
    if parsed.is_empty:
        return None
    expr = " AND ".join(f"({term_expression(t)})" for t in parsed.include)
    if parsed.exclude:
        expr = f"({expr})" + "".join(f" NOT ({term_expression(t)})" for t in parsed.exclude)
    return expr


def collapse(text: str | None) -> str:
    """Normalized text with every separator run collapsed to one space (runs only)."""
    return " ".join(m.group() for m in WORD_RUN.finditer(normalize(text or "")))


def term_regex(term: Term) -> re.Pattern[str]:
    """The matching rule as a regex over normalized text: the term's runs, separated by any run of
    separators. Same answer as :func:`term_matches`, without building the collapsed text."""
    return re.compile(SEPARATORS.join(map(re.escape, term.runs)))


def term_matches(term: Term, text: str | None) -> bool:
    """The matching rule in plain Python: the reference the index must agree with."""
    return bool(text) and term.key in collapse(text)
