"""The Korean search index's tables: one contentless FTS5 table plus three small side tables.

``search_index`` (FTS5, ``content=''``, ``tokenize='ascii'``) holds the pre-computed bigram
tokens of title, subtitle and body, and in ``chars`` each distinct character once (for
one-character queries; see :mod:`archive.search.tokenize`); the article text itself stays in
``articles``, so the index costs only its postings.

Its rowid (the *docid*) is not the article id: it packs the publication time and the outlet so
the common queries need no join (see :mod:`archive.search.docids`):
``ORDER BY rowid DESC`` is newest first and stops after ``LIMIT`` rows, ``--since/--until`` are
rowid ranges, and per-outlet facets and outlet/region filters read bits of the rowid.

``search_docs(docid, article_id)`` maps each live docid to its article. SQLite 3.40 cannot delete
from a contentless FTS5 table without the original tokens, so re-indexing an article leaves its
old docid in the index and lists it in ``search_dead``; queries skip those, and
:func:`archive.search.index.reindex_all` rebuilds the index without them. ``search_outlets``
assigns each outlet id its small code.

Datasette's search box uses the store's plain unicode61 ``articles_fts`` (whole words only); this
index is for ``archive.search.search`` and ``newsarchive search``.
"""

from __future__ import annotations

import sqlite3
from typing import Any

FTS_TABLE = "search_index"
DOCS_TABLE = "search_docs"
DEAD_TABLE = "search_dead"
OUTLETS_TABLE = "search_outlets"

SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, subtitle, body, chars, content='', tokenize='ascii')",
    f"CREATE TABLE IF NOT EXISTS {DOCS_TABLE} ("
    "docid INTEGER PRIMARY KEY, article_id INTEGER NOT NULL UNIQUE)",
    f"CREATE TABLE IF NOT EXISTS {DEAD_TABLE} (docid INTEGER PRIMARY KEY)",
    f"CREATE TABLE IF NOT EXISTS {OUTLETS_TABLE} (code INTEGER PRIMARY KEY, outlet TEXT NOT NULL UNIQUE)",
)


def connection(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection behind a ``sqlite_utils.Database``, a Store, or a connection."""
    if isinstance(db, sqlite3.Connection):
        return db
    conn = getattr(db, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return conn
    raise TypeError(f"expected a sqlite3 connection or sqlite_utils.Database, got {type(db).__name__}")


def has_search_schema(conn: sqlite3.Connection) -> bool:
    """True when the index tables exist (a read-only database may predate them)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone()
    return row is not None


def ensure_search_schema(db: Any) -> None:
    """Create the search tables if missing; safe to call on every open."""
    conn = connection(db)
    for statement in SCHEMA:
        conn.execute(statement)


def drop_search_schema(db: Any) -> None:
    """Remove the search tables (used by :func:`archive.search.index.reindex_all`)."""
    conn = connection(db)
    for table in (FTS_TABLE, DOCS_TABLE, DEAD_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
