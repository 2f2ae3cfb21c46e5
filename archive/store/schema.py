"""The archive database schema, as sqlite-utils migrations (one function per schema change).

Tables: ``outlets``, ``runs``, ``run_outlets``, ``captures`` (every WARC record ingested, with its
location and ingest outcome), ``articles`` (one per canonical URL, current version's fields),
``versions`` (each distinct extracted text of an article), ``clusters`` (near-duplicate stories),
plus the dedup side tables ``similar_pairs`` and ``dedup_keys``, and ``articles_fts`` (plain
FTS5 over articles, for Datasette's search box, written by ``archive.store.writes`` without
triggers since m002; Korean search has its own index in ``archive.search``).
"""

from __future__ import annotations

import logging

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

logger = logging.getLogger(__name__)

migrations = Migrations("newsarchive.store")

#: The 14 fields of ``archive.extract.Article.to_dict()``, stored on versions and (current) articles.
ARTICLE_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "subtitle",
    "authors",
    "published",
    "modified",
    "section",
    "body",
    "images",
    "cms",
    "language",
    "is_article",
    "warnings",
)
#: Fields stored as JSON text.
JSON_FIELDS = ("authors", "images", "warnings")


def _field_columns() -> dict[str, type]:
    cols: dict[str, type] = {name: str for name in ARTICLE_FIELDS}
    cols["is_article"] = int
    return cols


@migrations()
def m001_initial(db: Database) -> None:
    db["outlets"].create(
        {
            "id": str,
            "name": str,
            "region": str,
            "city": str,
            "homepage": str,
            "cms": str,
            "feeds": str,
            "sitemaps": str,
            "lists": str,
            "interval_minutes": int,
            "verified": int,
            "confidence": str,
            "evidence": str,
            "overrides": str,
            "extra": str,
        },
        pk="id",
    )
    db["runs"].create(
        {
            "id": str,
            "started_at": str,
            "ended_at": str,
            "status": str,
            "exit_code": int,
            "pages": int,
            "new_articles": int,
            "errors": int,
            "data": str,
        },
        pk="id",
    )
    db["run_outlets"].create(
        {
            "run_id": str,
            "outlet_id": str,
            "ok": int,
            "pages": int,
            "new_articles": int,
            "errors": int,
            "data": str,
        },
        pk=("run_id", "outlet_id"),
        foreign_keys=[("run_id", "runs", "id"), ("outlet_id", "outlets", "id")],
    )
    db["clusters"].create(
        {
            "id": int,
            "size": int,
            "outlet_count": int,
            "first_seen": str,
            "title": str,
            "representative_id": int,
        },
        pk="id",
    )
    article_cols: dict[str, type] = {
        "id": int,
        "outlet": str,
        "cluster_id": int,
        "current_version_id": int,
        "version_count": int,
        "first_seen": str,
        "last_seen": str,
    }
    article_cols.update(_field_columns())
    db["articles"].create(
        article_cols,
        pk="id",
        foreign_keys=[("outlet", "outlets", "id"), ("cluster_id", "clusters", "id")],
    )
    db["captures"].create(
        {
            "id": int,
            "record_id": str,
            "url": str,
            "fetched_at": str,
            "kind": str,
            "status": int,
            "content_type": str,
            "payload_digest": str,
            "truncated": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
            "outlet": str,
            "run_id": str,
            "via": str,
            "refers_to": str,
            "article_id": int,
            "version_id": int,
            "ingest_status": str,
            "error": str,
        },
        pk="id",
        foreign_keys=[
            ("outlet", "outlets", "id"),
            ("run_id", "runs", "id"),
            ("article_id", "articles", "id"),
        ],
    )
    version_cols: dict[str, type] = {
        "id": int,
        "article_id": int,
        "seq": int,
        "capture_id": int,
        "content_hash": str,
        "first_seen": str,
        "last_seen": str,
    }
    version_cols.update(_field_columns())
    db["versions"].create(
        version_cols,
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("capture_id", "captures", "id")],
    )
    # captures.version_id -> versions.id is added after versions exists (circular reference).
    db["captures"].add_foreign_key("version_id", "versions", "id")
    db["articles"].add_foreign_key("current_version_id", "versions", "id")
    db["similar_pairs"].create(
        {"article_a": int, "article_b": int, "jaccard": float},
        pk=("article_a", "article_b"),
        foreign_keys=[("article_a", "articles", "id"), ("article_b", "articles", "id")],
    )
    db.execute(
        "CREATE TABLE dedup_keys (key INTEGER NOT NULL, article_id INTEGER NOT NULL,"
        " PRIMARY KEY (key, article_id)) WITHOUT ROWID"
    )
    db["captures"].create_index(["record_id"], unique=True)
    db["captures"].create_index(["url", "fetched_at"])
    db["captures"].create_index(["article_id"])
    db["captures"].create_index(["outlet", "ingest_status"])
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["outlet", "published"])
    db["articles"].create_index(["published"])
    db["articles"].create_index(["cluster_id"])
    db["articles"].create_index(["first_seen"])
    db["versions"].create_index(["article_id", "seq"], unique=True)
    db["similar_pairs"].create_index(["article_b"])
    db["run_outlets"].create_index(["outlet_id", "ok"])
    db["articles"].enable_fts(["title", "subtitle", "body"], create_triggers=True, tokenize="unicode61")


@migrations()
def m002_articles_fts_without_triggers(db: Database) -> None:
    """``articles_fts`` is kept by ``archive.store.writes`` (explicit statements, deferred to the
    ingest batch's commit); sqlite-utils' triggers re-tokenized the text on every row update
    (cluster, last_seen). The index content stays the same (external content, same rows)."""
    for name in ("articles_ai", "articles_ad", "articles_au"):
        db.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def apply_pragmas(db: Database, *, readonly: bool = False, bulk: bool = False) -> None:
    """Connection settings: WAL for concurrent readers, FKs on, a busy timeout for the one writer.

    ``bulk`` (rebuild into a private file) trades durability for speed: the file is fsynced and
    swapped in only when complete, so a crash mid-rebuild loses nothing.
    """
    db.conn.execute("PRAGMA busy_timeout = 10000")
    db.conn.execute("PRAGMA foreign_keys = ON")
    if readonly:
        db.conn.execute("PRAGMA query_only = ON")
        return
    if bulk:
        db.conn.execute("PRAGMA journal_mode = DELETE")
        db.conn.execute("PRAGMA synchronous = OFF")
        db.conn.execute("PRAGMA cache_size = -200000")
    else:
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.execute("PRAGMA synchronous = NORMAL")


def migrate(db: Database) -> None:
    migrations.apply(db)
