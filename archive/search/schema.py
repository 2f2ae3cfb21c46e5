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
META_TABLE = "search_meta"

#: Version of the token format (:mod:`archive.search.tokenize`). An index built with another one
#: gives wrong answers to today's queries, so it counts as missing until it is rebuilt (which
#: :func:`archive.search.index.ensure_index` does when the archive is opened for writing).
#: 1: bigrams + run-end unigrams; 2: bigrams + word-boundary tokens.
FORMAT = 2

SCHEMA = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, subtitle, body, chars, content='', tokenize='ascii')",
    f"CREATE TABLE IF NOT EXISTS {DOCS_TABLE} ("
    "docid INTEGER PRIMARY KEY, article_id INTEGER NOT NULL UNIQUE)",
    f"CREATE TABLE IF NOT EXISTS {DEAD_TABLE} (docid INTEGER PRIMARY KEY)",
    f"CREATE TABLE IF NOT EXISTS {OUTLETS_TABLE} (code INTEGER PRIMARY KEY, outlet TEXT NOT NULL UNIQUE)",
    f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value)",
)


def connection(db: Any) -> sqlite3.Connection:
    """The sqlite3 connection behind a ``sqlite_utils.Database``, a Store, or a connection."""
    if isinstance(db, sqlite3.Connection):
        return db
    conn = getattr(db, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return conn
    raise TypeError(f"expected a sqlite3 connection or sqlite_utils.Database, got {type(db).__name__}")


def index_format(conn: sqlite3.Connection) -> int | None:
    """The token format of this database's index: None when there is no index, 1 before formats
    were recorded."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (FTS_TABLE,)).fetchone() is None:
        return None
    try:
        row = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'format'").fetchone()
    except sqlite3.OperationalError:  # no meta table: an index from before formats were recorded
        return 1
    return int(row[0]) if row else 1


def has_search_schema(conn: sqlite3.Connection) -> bool:
    """True when a usable index exists: its tables, in the current token :data:`FORMAT`."""
    return index_format(conn) == FORMAT


def ensure_search_schema(db: Any) -> None:
    """Create the search tables if missing (a new index is in the current format); safe to call on
    every open. Does not upgrade an index of an older format: see ``ensure_index``."""
    conn = connection(db)
    fresh = index_format(conn) is None
    outside = not conn.in_transaction
    for statement in SCHEMA:
        conn.execute(statement)
    if fresh:
        conn.execute(f"INSERT OR REPLACE INTO {META_TABLE} (key, value) VALUES ('format', ?)", (FORMAT,))
        if outside:  # leave the connection as we found it: no transaction of ours left open
            conn.commit()


def drop_search_schema(db: Any) -> None:
    """Remove the search tables (used by :func:`archive.search.index.reindex_all`)."""
    conn = connection(db)
    for table in (FTS_TABLE, DOCS_TABLE, DEAD_TABLE, META_TABLE):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
