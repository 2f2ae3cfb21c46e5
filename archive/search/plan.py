"""Query planning: which tokens FTS5 walks, and which terms are then checked on the article text.

Why: FTS5 evaluates a phrase by walking the doclist of every token in it, so a rare phrase made
of common bigrams (``고이궷이 재문이다에서``: 이다 is in 77% of articles, 에서 in 98%) walks those
huge doclists although it matches two articles (30-60 ms per walk at 1M articles; seeking FTS5 to
given rowids is no cheaper). A phrase implies each of its contiguous windows, so the planner asks
FTS5 only for a term's rarest tokens (as phrases of their consecutive runs, ANDed), adding them
rarest first while that pays (:func:`choose_tokens`), and checks the candidates, at most
``VERIFY_CAP``, on the article text with the matching rule itself (:func:`archive.search.query.
term_regex`): the same answer as the full phrase, exactly. When the candidates turn out to be
more (tokens that always travel together fool the estimate), the full phrase runs instead.

Rarity is measured cheaply: each token's share of the newest ``SAMPLE`` articles of the date range
(FTS5 seeks to a rowid range without walking the rest of a doclist). Terms of fewer than
``MIN_TOKENS`` tokens, one-character terms and excluded terms always run as full FTS5 phrases.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.search.docids import OUTLET_MASK, OUTLET_SHIFT
from archive.search.query import (
    ParsedQuery,
    Term,
    match_expression,
    phrase_expression,
    term_expression,
    term_regex,
    term_tokens,
)
from archive.search.schema import DEAD_TABLE, DOCS_TABLE, FTS_TABLE
from archive.search.tokenize import normalize

SAMPLE = 2_000  # newest articles in which token densities are measured (<= 0.3 ms per token)
SPAN = 20_000  # newest articles whose time span gives the range's article count (0.2 ms)
VERIFY_TARGET = 500  # candidates the planner aims at
VERIFY_CAP = 2_000  # most candidates fetched and checked on the text (~20 us each when cached)
VERIFY_COST = 400  # one candidate checked ~ this many doclist entries walked (~0.05 us each)
MIN_TOKENS = 3


@dataclass(frozen=True)
class Filters:
    """The rowid range (dates) and allowed outlet codes (None = all) of one search."""

    lo: int
    hi: int
    codes: list[int] | None = None

    def where(self, expr: str) -> tuple[str, list[Any]]:
        """SQL condition (and its parameters) for rows of ``search_index`` matching ``expr``."""
        sql = (
            f"{FTS_TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
            f" AND rowid NOT IN (SELECT docid FROM {DEAD_TABLE})"
        )
        params: list[Any] = [expr, self.lo, self.hi]
        if self.codes is not None:
            sql += f" AND ((rowid >> {OUTLET_SHIFT}) & {OUTLET_MASK}) IN ({','.join('?' * len(self.codes))})"
            params += self.codes
        return sql, params


@dataclass(frozen=True)
class Plan:
    """``expr`` for FTS5; when ``verify`` is not empty, its matches are candidates that must also
    satisfy those terms on the text (``exact`` is False)."""

    expr: str
    verify: tuple[Term, ...] = field(default=())

    @property
    def exact(self) -> bool:
        return not self.verify


def full_plan(parsed: ParsedQuery) -> Plan:
    """Every term as its full FTS5 expression (no text checks)."""
    expr = match_expression(parsed)
    if expr is None:
        raise ValueError("an empty query has no plan")
    return Plan(expr)


@dataclass(frozen=True)
class Sample:
    """The newest (up to) ``SAMPLE`` indexed articles of the date range, where token densities
    are measured, and an estimate of how many articles the range holds."""

    first: int  # smallest docid of the sample
    last: int  # largest docid of the range
    size: int
    articles: float

    @classmethod
    def of(cls, conn: sqlite3.Connection, lo: int, hi: int) -> Sample | None:
        newest = conn.execute(f"SELECT max(docid) FROM {DOCS_TABLE} WHERE docid BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
        if newest is None:
            return None
        sample, span = (_nth_newest(conn, lo, hi, n) for n in (SAMPLE, SPAN))
        if span is None:  # a small range: count it
            articles = conn.execute(f"SELECT count(*) FROM {DOCS_TABLE} WHERE docid BETWEEN ? AND ?", (lo, hi)).fetchone()[0]
        else:  # docids grow with publication time: assume the range is as dense as its newest SPAN
            oldest = conn.execute(f"SELECT min(docid) FROM {DOCS_TABLE} WHERE docid >= ?", (lo,)).fetchone()[0]
            articles = SPAN * (newest - oldest) / max(1, newest - span)
        if sample is None:  # the whole range is smaller than a sample: it is the sample
            return cls(lo, newest, int(articles), float(articles))
        return cls(sample, newest, SAMPLE, max(float(SAMPLE), articles))

    def count(self, conn: sqlite3.Connection, expr: str) -> int:
        """Articles of the sample matching an FTS5 expression."""
        sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? AND rowid BETWEEN ? AND ?"
        return conn.execute(sql, (expr, self.first, self.last)).fetchone()[0]

    def expected(self, conn: sqlite3.Connection, expr: str) -> float:
        """Articles of the whole range expected to match, from the sample."""
        return self.count(conn, expr) / max(1, self.size) * self.articles

    def density(self, conn: sqlite3.Connection, token: str) -> float:
        """Share of the sample's articles holding ``token`` (at least half an article's worth)."""
        return max(self.count(conn, phrase_expression([token])), 0.5) / max(1, self.size)


def _nth_newest(conn: sqlite3.Connection, lo: int, hi: int, n: int) -> int | None:
    sql = f"SELECT docid FROM {DOCS_TABLE} WHERE docid BETWEEN ? AND ? ORDER BY docid DESC LIMIT 1 OFFSET ?"
    row = conn.execute(sql, (lo, hi, n - 1)).fetchone()
    return row[0] if row else None


def windows_expression(tokens: Sequence[str], chosen: set[int]) -> str:
    """FTS5: each maximal run of consecutive chosen tokens as a phrase, ANDed."""
    phrases, run = [], []
    for i, token in enumerate(tokens):
        if i in chosen:
            run.append(token)
        elif run:
            phrases.append(run)
            run = []
    if run:
        phrases.append(run)
    return " AND ".join(f"({phrase_expression(p)})" for p in phrases)


def choose_tokens(conn: sqlite3.Connection, tokens: Sequence[str], sample: Sample) -> set[int]:
    """Positions of the tokens FTS5 should walk for one term, rarest first.

    A token is added while more than ``VERIFY_TARGET`` candidates are expected, and after that
    while checking the candidates it would remove costs more than walking its doclist
    (``VERIFY_COST`` doclist entries per candidate). Expected candidates are counted in the sample
    while it still holds a few (adjacent tokens are phrases, far rarer than their parts), then
    extrapolated as if the remaining tokens were independent.
    """
    target = VERIFY_TARGET
    densities = [sample.density(conn, t) for t in tokens]
    chosen: set[int] = set()
    expected = sample.articles
    for i in sorted(range(len(tokens)), key=lambda k: densities[k]):
        f = densities[i]
        walk = f * sample.articles
        if chosen and expected <= target and expected * (1 - f) * VERIFY_COST <= walk:
            break
        chosen.add(i)
        found = sample.count(conn, windows_expression(tokens, chosen))
        expected = found / sample.size * sample.articles if found >= 5 else min(expected * f, 5 / sample.size * sample.articles)
    return chosen


def make_plan(
    conn: sqlite3.Connection, parsed: ParsedQuery, filters: Filters, sample: Sample | None = None
) -> Plan:
    """The cheapest exact way to find ``parsed``'s matches under ``filters`` (``sample``: the
    filters' :class:`Sample`, when the caller has it already)."""
    parts: list[str] = []
    verify: list[Term] = []
    for term in parsed.include:
        tokens = term_tokens(term)
        if len(tokens) >= MIN_TOKENS:
            sample = sample or Sample.of(conn, filters.lo, filters.hi)
            if sample is not None:
                chosen = choose_tokens(conn, tokens, sample)
                if len(chosen) < len(tokens):
                    parts.append(windows_expression(tokens, chosen))
                    verify.append(term)
                    continue
        parts.append(term_expression(term))
    expr = " AND ".join(f"({p})" for p in parts)
    if parsed.exclude:
        expr = f"({expr})" + "".join(f" NOT ({term_expression(t)})" for t in parsed.exclude)
    return Plan(expr, tuple(verify))


def verified(conn: sqlite3.Connection, docids: list[int], terms: Sequence[Term]) -> list[int]:
    """The docids (order kept) whose article text contains every term, by the matching rule."""
    if not docids or not terms:
        return docids
    marks = ",".join("?" * len(docids))
    rows = conn.execute(
        f"SELECT d.docid, a.title, a.subtitle, a.body FROM {DOCS_TABLE} d JOIN articles a ON a.id = d.article_id"
        f" WHERE d.docid IN ({marks})",
        docids,
    )
    patterns = [term_regex(term) for term in terms]
    keep = set()
    for docid, *texts in rows:
        fields = [normalize(t) for t in texts if t]
        if all(any(p.search(f) for f in fields) for p in patterns):
            keep.add(docid)
    return [d for d in docids if d in keep]


def newest_matches(
    conn: sqlite3.Connection, parsed: ParsedQuery, filters: Filters, limit: int, plan: Plan | None = None
) -> tuple[list[int], Plan]:
    """Up to ``limit`` matching docids, newest first, and the plan that found them.

    A planned query whose candidates (together, under the filters) still exceed ``VERIFY_CAP``
    runs as the full exact expression instead.
    """
    # one sample for both questions: which tokens to walk, and whether every match is needed
    sample = Sample.of(conn, filters.lo, filters.hi) if plan is None or limit >= SAMPLE else None
    plan = plan or make_plan(conn, parsed, filters, sample)
    if not plan.exact:
        where, params = filters.where(plan.expr)
        # ascending (FTS5 walks backwards at about half speed), then sorted: there are few
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} LIMIT ?"
        candidates = sorted((r[0] for r in conn.execute(sql, [*params, VERIFY_CAP + 1])), reverse=True)
        if len(candidates) <= VERIFY_CAP:
            return verified(conn, candidates, plan.verify)[:limit], plan
        plan = full_plan(parsed)  # the estimate was wrong (tokens that travel together)
    where, params = filters.where(plan.expr)
    if sample is not None and limit >= SAMPLE and sample.expected(conn, plan.expr) < limit / 4:
        # far fewer than limit match, so the walk cannot stop early: go forwards (FTS5 walks
        # backwards at about half the speed) and sort newest first in Python
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} LIMIT ?"
        rows = [r[0] for r in conn.execute(sql, [*params, 2 * limit + 1])]
        if len(rows) <= 2 * limit:
            return sorted(rows, reverse=True)[:limit], plan
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {where} ORDER BY rowid DESC LIMIT ?"
    return [r[0] for r in conn.execute(sql, [*params, limit])], plan

