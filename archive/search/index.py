"""Keeping the search index in step with articles: index, unindex, bulk (re)build.

The store calls :func:`unindex_article` and :func:`index_article` whenever an article's current
version changes (inside its own transaction: nothing here commits). Publication time and outlet
come from the ``articles`` row unless passed, so call ``index_article`` after writing that row; an
article without ``published`` is dated by ``first_seen`` (as the store's export does), else last.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from archive.search.docids import allocate_docid, minute_of, outlet_code
from archive.search.schema import (
    DEAD_TABLE,
    DOCS_TABLE,
    FORMAT,
    FTS_TABLE,
    connection,
    drop_search_schema,
    ensure_search_schema,
    index_format,
)
from archive.search.tokenize import index_columns

logger = logging.getLogger(__name__)

_LOOKUP: Any = object()  # sentinel: read the value from the articles row


def _date_expr(conn: sqlite3.Connection) -> str:
    """The article's date for ordering: ``published``, else ``first_seen`` when the store has it."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
    return "coalesce(published, first_seen)" if "first_seen" in columns else "published"


def _article_meta(conn: sqlite3.Connection, article_id: int) -> tuple[str | None, str | None]:
    """(date, outlet) of the article row: the store's columns, asked without a schema lookup (this
    runs once per ingested article); an articles table without ``first_seen`` falls back."""
    for date_expr in ("coalesce(published, first_seen)", "published"):
        try:
            row = conn.execute(f"SELECT {date_expr}, outlet FROM articles WHERE id = ?", (article_id,)).fetchone()
        except sqlite3.OperationalError:  # no such column / no articles table (a bare index in a test)
            continue
        return (row[0], row[1]) if row else (None, None)
    return None, None


def _insert(
    conn: sqlite3.Connection,
    article_id: int,
    title: str | None,
    subtitle: str | None,
    body: str | None,
    published: str | None,
    outlet: str | None,
    codes: dict[str | None, int],
    pending: list[tuple[int, str, str, str, str]] | None = None,
    tokens: tuple[str, str, str, str] | None = None,
) -> int:
    code = codes.get(outlet)
    if code is None:
        code = codes[outlet] = outlet_code(conn, outlet)
    docid = allocate_docid(conn, article_id, minute_of(published), code)
    row = (docid, *(tokens if tokens is not None else index_tokens(title, subtitle, body)))
    if pending is not None:
        pending.append(row)
    else:
        conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, subtitle, body, chars) VALUES (?, ?, ?, ?, ?)", row)
    conn.execute(f"INSERT INTO {DOCS_TABLE} (docid, article_id) VALUES (?, ?)", (docid, article_id))
    return docid


def index_tokens(title: str | None, subtitle: str | None, body: str | None) -> tuple[str, str, str, str]:
    """The FTS5 column values of one article: title, subtitle and body tokens, and its characters.

    Needs no database, so the crawl computes it ahead of the store writer (archive.ingest.prepare).
    """
    return index_columns(title, subtitle, body)  # type: ignore[return-value]


def insert_postings(db: Any, pending: list[tuple[int, str, str, str, str]]) -> None:
    """Write the FTS5 rows that :func:`index_article` left in ``pending`` (``(docid,
    *index_tokens(...))``), in docid order, and empty it.

    Why defer: inside a transaction every statement that opens a statement journal (most writes)
    makes FTS5 flush its pending postings into a new segment, so one FTS5 insert per ingested
    article cost a segment write per article (~0.4 ms). Written together before the commit they
    make one segment per batch; the postings are the same.
    """
    if not pending:
        return
    conn = connection(db)
    pending.sort(key=lambda p: p[0])
    conn.executemany(f"INSERT INTO {FTS_TABLE} (rowid, title, subtitle, body, chars) VALUES (?, ?, ?, ?, ?)", pending)
    pending.clear()


def index_article(
    db: Any,
    article_id: int,
    title: str | None,
    subtitle: str | None,
    body: str | None,
    *,
    published: str | None = _LOOKUP,
    outlet: str | None = _LOOKUP,
    pending: list[tuple[int, str, str, str, str]] | None = None,
    tokens: tuple[str, str, str, str] | None = None,
) -> int:
    """Index an article's current text (replacing any earlier entry); returns its docid.

    With ``pending`` the FTS5 row is appended there instead, for :func:`insert_postings` to
    write before the transaction commits (search_docs is written at once either way).
    ``tokens``: :func:`index_tokens` of the same text, when computed ahead."""
    conn = connection(db)
    if published is _LOOKUP or outlet is _LOOKUP:
        row_published, row_outlet = _article_meta(conn, article_id)
        published = row_published if published is _LOOKUP else published
        outlet = row_outlet if outlet is _LOOKUP else outlet
    unindex_article(conn, article_id)
    return _insert(conn, article_id, title, subtitle, body, published, outlet, {}, pending, tokens)


def unindex_article(db: Any, article_id: int) -> bool:
    """Remove an article from search results; True when it was indexed.

    The FTS5 postings stay until :func:`reindex_all` (contentless tables cannot delete without
    the original tokens on SQLite < 3.43); the docid is listed in ``search_dead`` and skipped.
    """
    conn = connection(db)
    row = conn.execute(f"SELECT docid FROM {DOCS_TABLE} WHERE article_id = ?", (article_id,)).fetchone()
    if row is None:
        return False
    conn.execute(f"DELETE FROM {DOCS_TABLE} WHERE docid = ?", (row[0],))
    conn.execute(f"INSERT OR IGNORE INTO {DEAD_TABLE} (docid) VALUES (?)", (row[0],))
    return True


def index_articles(
    db: Any,
    rows: Iterable[tuple[int, str | None, str | None, str | None, str | None, str | None]],
    *,
    progress: Callable[[int], None] | None = None,
    batch: int = 2_000,
) -> int:
    """Bulk-index ``(id, title, subtitle, body, published, outlet)`` rows; returns the count.

    Rows are written to FTS5 in docid order per batch: FTS5 flushes its pending postings
    whenever a rowid goes backwards, so unsorted inserts build many tiny segments (3x slower).
    Feed rows ordered by ``published`` for the best result (as :func:`reindex_all` does).
    """
    conn = connection(db)
    codes: dict[str | None, int] = {}
    pending: list[tuple[int, str, str, str, str]] = []
    count = 0

    def flush() -> None:
        insert_postings(conn, pending)

    for article_id, title, subtitle, body, published, outlet in rows:
        unindex_article(conn, article_id)
        code = codes.get(outlet)
        if code is None:
            code = codes[outlet] = outlet_code(conn, outlet)
        docid = allocate_docid(conn, article_id, minute_of(published), code)
        conn.execute(f"INSERT INTO {DOCS_TABLE} (docid, article_id) VALUES (?, ?)", (docid, article_id))
        pending.append((docid, *index_tokens(title, subtitle, body)))
        count += 1
        if len(pending) >= batch:
            flush()
        if progress is not None and count % 10_000 == 0:
            progress(count)
    flush()
    return count


def reindex_all(db: Any, *, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from ``articles`` (drops postings of dead docids), then optimize."""
    conn = connection(db)
    drop_search_schema(conn)
    ensure_search_schema(conn)
    cursor = conn.execute(
        f"SELECT id, title, subtitle, body, {_date_expr(conn)}, outlet FROM articles ORDER BY published, id"
    )
    count = index_articles(conn, iter(cursor), progress=progress)
    optimize_index(conn)
    logger.info("search index rebuilt: %d articles", count)
    return count


def ensure_index(db: Any, *, progress: Callable[[int], None] | None = None) -> bool:
    """Create the index if missing, or rebuild it when it was built in an older token format.

    Called whenever the archive is opened for writing; True when it had to rebuild (at 1M
    articles that takes ~15 min, once, after an upgrade that changed the format).
    """
    conn = connection(db)
    found = index_format(conn)
    if found is None or found == FORMAT:
        ensure_search_schema(conn)
        return False
    logger.warning("search index is in token format %s, this version uses %s: rebuilding it", found, FORMAT)
    outside = not conn.in_transaction
    reindex_all(conn, progress=progress)
    if outside:
        conn.commit()
    return True


def optimize_index(db: Any) -> None:
    """Merge the FTS5 b-trees into one (faster queries after bulk loads)."""
    conn = connection(db)
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")
