"""The only writers of captures, articles and versions (called by ``archive.ingest``).

Each function runs inside the caller's transaction (``store.transaction()``), so one ingest is
all-or-nothing. Rows are keyed by natural keys: WARC-Record-ID for captures, canonical URL for
articles, (article, seq) for versions.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
import weakref
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from archive import dedup
from archive.store import search_module
from archive.store.schema import ARTICLE_FIELDS, JSON_FIELDS

assert ARTICLE_FIELDS[0] == "url"  # save_article swaps in the article key by position

if TYPE_CHECKING:
    from archive.capture import Capture
    from archive.store import Store

logger = logging.getLogger(__name__)

#: ``articles_fts`` columns (the Datasette search box's plain FTS5 over ``articles``, external
#: content): kept in step here, not by triggers (see ``_index_article_text``).
FTS_COLUMNS = ("title", "subtitle", "body")
_FTS_POSITIONS = tuple(ARTICLE_FIELDS.index(name) for name in FTS_COLUMNS)
_FTS_DELETE = "INSERT INTO articles_fts (articles_fts, rowid, title, subtitle, body) VALUES ('delete', ?, ?, ?, ?)"  # external content: the old values
_FTS_INSERT = "INSERT INTO articles_fts (rowid, title, subtitle, body) VALUES (?, ?, ?, ?)"


@dataclass
class _DeferredText:
    """Full-text rows of one open batch, written just before its commit (``write_text_indexes``)."""

    postings: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    fts_old: dict[int, tuple[Any, ...] | None] = field(default_factory=dict)  # indexed at batch start
    fts_new: dict[int, tuple[Any, ...]] = field(default_factory=dict)


_DEFERRED: weakref.WeakKeyDictionary[Store, _DeferredText] = weakref.WeakKeyDictionary()


def defer_text_indexes(store: Store) -> None:
    """Collect the two FTS5 tables' rows until `write_text_indexes` (the crawl's ingest batch).

    Why: inside a transaction every statement that opens a statement journal (most writes: a
    UNIQUE or foreign key check may abort) makes FTS5 flush its pending postings into a new
    segment; with one FTS5 insert per article that was two segment writes per article (~0.5 ms).
    Written together before the commit they make one segment per table per batch. Nothing reads
    these tables during ingest. The caller must call `write_text_indexes` before committing, or
    `discard_text_indexes` after rolling back.
    """
    _DEFERRED[store] = _DeferredText()


def write_text_indexes(store: Store) -> None:
    """Write the rows collected since `defer_text_indexes` (inside the open transaction); stop deferring."""
    deferred = _DEFERRED.pop(store, None)
    if deferred is None:
        return
    conn = store.conn
    search = search_module()
    if search is not None and deferred.postings:
        from archive.search.index import insert_postings

        insert_postings(conn, deferred.postings)
    ids = sorted(deferred.fts_new)
    conn.executemany(
        _FTS_DELETE,
        [(aid, *old) for aid in ids if (old := deferred.fts_old.get(aid)) is not None],
    )
    conn.executemany(
        _FTS_INSERT,
        [(aid, *deferred.fts_new[aid]) for aid in ids],
    )


def discard_text_indexes(store: Store) -> None:
    """Forget the collected rows (their transaction was rolled back); stop deferring."""
    _DEFERRED.pop(store, None)


def iso_utc(when: datetime | None) -> str | None:
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def capture_key(capture: Capture) -> str:
    """The WARC-Record-ID, or a stable stand-in for a capture that was never written to WARC."""
    if capture.record_id:
        return capture.record_id
    seed = f"{capture.url}|{iso_utc(capture.fetched_at)}|{capture.payload_digest}|{capture.kind}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def find_capture(store: Store, capture: Capture) -> tuple[int, str | None, int | None] | None:
    """(id, ingest_status, article_id) of an already-ingested capture."""
    row = store.conn.execute(
        "SELECT id, ingest_status, article_id FROM captures WHERE record_id = ?", (capture_key(capture),)
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def record_capture(store: Store, capture: Capture, outlet: str | None) -> int:
    """Insert the capture row (status filled in later by ``finish_capture``)."""
    store.ensure_outlet(outlet)
    if capture.run_id:
        store.conn.execute("INSERT OR IGNORE INTO runs (id) VALUES (?)", (capture.run_id,))
    loc = capture.location
    cur = store.conn.execute(
        "INSERT INTO captures (record_id, url, fetched_at, kind, status, content_type, payload_digest,"
        " truncated, warc_file, warc_offset, warc_length, outlet, run_id, via, refers_to)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            capture_key(capture),
            capture.url,
            iso_utc(capture.fetched_at),
            capture.kind,
            capture.status,
            capture.content_type or None,
            capture.payload_digest,
            capture.truncated,
            loc.file if loc else None,
            loc.offset if loc else None,
            loc.length if loc else None,
            outlet,
            capture.run_id,
            capture.via,
            capture.refers_to,
        ),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def finish_capture(
    store: Store,
    capture_id: int,
    status: str,
    *,
    error: str | None = None,
    article_id: int | None = None,
    version_id: int | None = None,
) -> None:
    store.conn.execute(
        "UPDATE captures SET ingest_status = ?, error = ?, article_id = ?, version_id = ? WHERE id = ?",
        (status, error, article_id, version_id, capture_id),
    )


def article_id_for(store: Store, key: str) -> int | None:
    row = store.conn.execute("SELECT id FROM articles WHERE url = ?", (key,)).fetchone()
    return row[0] if row else None


def content_hash(fields: dict[str, Any]) -> str:
    """What counts as "the same text": title, subtitle, authors and body, whitespace-normalised."""

    def norm(value: Any) -> str:
        if isinstance(value, list):
            return "\x1f".join(norm(v) for v in value)
        return " ".join(str(value or "").split())

    parts = [norm(fields.get(k)) for k in ("title", "subtitle", "authors", "body")]
    return hashlib.sha1("\x1e".join(parts).encode("utf-8")).hexdigest()


def _field_values(fields: dict[str, Any]) -> list[Any]:
    values = []
    for name in ARTICLE_FIELDS:
        value = fields.get(name)
        if name in JSON_FIELDS:
            value = json.dumps(value if value is not None else [], ensure_ascii=False)
        elif name == "is_article":
            value = int(bool(value))
        values.append(value)
    return values


def save_article(
    store: Store,
    key: str,
    outlet: str | None,
    fields: dict[str, Any],
    capture_id: int,
    seen: str,
    ahead: Any = None,
) -> tuple[str, int, int]:
    """Upsert the article for canonical ``key``; returns (status, article_id, version_id).

    Same text as the current version: ``unchanged`` (last_seen moves). Otherwise a new version
    row (the old ones stay) becomes current: ``saved`` for a new article, ``new_version`` for an edit.
    ``ahead``: an ``archive.ingest.Extracted`` whose ``content_hash``, ``dedup`` and
    ``search_tokens`` (each optional) were computed from these fields before (`precompute`).
    """
    conn = store.conn
    digest = getattr(ahead, "content_hash", None) or content_hash(fields)
    row = conn.execute(
        "SELECT a.id, a.current_version_id, v.content_hash, v.seq, a.title, a.subtitle, a.body FROM articles a"
        " LEFT JOIN versions v ON v.id = a.current_version_id WHERE a.url = ?",
        (key,),
    ).fetchone()
    if row is not None and row[2] == digest:
        article_id, version_id = row[0], row[1]
        conn.execute("UPDATE versions SET last_seen = max(last_seen, ?) WHERE id = ?", (seen, version_id))
        conn.execute("UPDATE articles SET last_seen = max(last_seen, ?) WHERE id = ?", (seen, article_id))
        return "unchanged", article_id, version_id
    names = ", ".join(ARTICLE_FIELDS)
    marks = ", ".join("?" * len(ARTICLE_FIELDS))
    values = _field_values(fields)  # versions keep the URL the text was extracted from
    article_values = [key, *values[1:]]  # articles.url is the identity key
    previous_body: str | None = None
    previous_text: tuple[Any, ...] | None = None  # what articles_fts holds for this article
    if row is None:
        status = "saved"
        # Only the key here: the UPDATE below writes the fields once the version exists.
        article_id = conn.execute(
            "INSERT INTO articles (outlet, version_count, first_seen, last_seen, url) VALUES (?, 0, ?, ?, ?)",
            (outlet, seen, seen, key),
        ).lastrowid
        seq = 1
    else:
        status = "new_version"
        article_id, seq = row[0], (row[3] or 0) + 1
        previous_text = tuple(row[4:7])
        previous_body = row[6] or ""  # the current version's body (articles holds its fields)
    version_id = conn.execute(
        f"INSERT INTO versions (article_id, seq, capture_id, content_hash, first_seen, last_seen, {names})"
        f" VALUES (?, ?, ?, ?, ?, ?, {marks})",
        (article_id, seq, capture_id, digest, seen, seen, *values),
    ).lastrowid
    assignments = ", ".join(f"{n} = ?" for n in ARTICLE_FIELDS)
    conn.execute(
        f"UPDATE articles SET current_version_id = ?, version_count = ?, last_seen = max(last_seen, ?),"
        f" {assignments} WHERE id = ?",
        (version_id, seq, seen, *article_values, article_id),
    )
    assert article_id is not None and version_id is not None
    _on_text_changed(
        store, article_id, fields, previous_body, getattr(ahead, "dedup", None), getattr(ahead, "search_tokens", None)
    )
    _index_article_text(store, article_id, previous_text, tuple(article_values[i] for i in _FTS_POSITIONS))
    return status, article_id, version_id


def _index_article_text(
    store: Store, article_id: int, old: tuple[Any, ...] | None, new: tuple[Any, ...]
) -> None:
    """``articles_fts`` after the article's text changed: delete what it held (external content
    needs the old values), insert the new. Explicit rather than sqlite-utils' triggers, which
    re-tokenized the text on every update of the row (cluster, last_seen) and could not be
    deferred to the batch's commit (`defer_text_indexes`)."""
    deferred = _DEFERRED.get(store)
    if deferred is not None:
        deferred.fts_old.setdefault(article_id, old)
        deferred.fts_new[article_id] = new
        return
    if old is not None:
        store.conn.execute(_FTS_DELETE, (article_id, *old))
    store.conn.execute(_FTS_INSERT, (article_id, *new))


def _on_text_changed(
    store: Store,
    article_id: int,
    fields: dict[str, Any],
    previous_body: str | None,
    dedup_keys: dedup.BodyKeys | None = None,
    search_tokens: tuple[str, str, str, str] | None = None,
) -> None:
    """Keep the derived indexes in step with the current version: clusters and Korean search."""
    dedup.assign(store.conn, article_id, fields.get("body") or "", previous_body, dedup_keys)
    search = search_module()
    if search is not None:
        deferred = _DEFERRED.get(store)
        ahead: dict[str, Any] = {"tokens": search_tokens} if search_tokens is not None else {}
        if deferred is not None:
            ahead["pending"] = deferred.postings
        search.index_article(
            store.db,
            article_id,
            fields.get("title") or "",
            fields.get("subtitle") or "",
            fields.get("body") or "",
            **ahead,
        )
