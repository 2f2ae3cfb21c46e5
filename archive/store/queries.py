"""Read-side queries shared by the CLI (show/export/stats) and the web browser.

Every function takes a ``Store`` (usually ``open_store(path, readonly=True)``) and returns plain
dicts with JSON columns decoded, so callers never touch SQL.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from archive.kst import day_bounds, utc_text
from archive.store.schema import ARTICLE_FIELDS, JSON_FIELDS
from archive.urls import canonicalize

if TYPE_CHECKING:
    from archive.store import Store

logger = logging.getLogger(__name__)


def _rows(store: Store, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
    cur = store.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [_decode(dict(zip(names, row, strict=True))) for row in cur]


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for name in (*JSON_FIELDS, "feeds", "sitemaps", "lists", "overrides", "extra", "data"):
        if isinstance(row.get(name), str):
            with contextlib.suppress(ValueError):
                row[name] = json.loads(row[name])
    if "is_article" in row and row["is_article"] is not None:
        row["is_article"] = bool(row["is_article"])
    return row


def get_article(store: Store, ref: int | str) -> dict[str, Any] | None:
    """An article by id, by its canonical URL, or by any captured URL of it."""
    base = (
        "SELECT a.*, o.name AS outlet_name, o.region AS outlet_region FROM articles a"
        " LEFT JOIN outlets o ON o.id = a.outlet WHERE "
    )
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        found = _rows(store, base + "a.id = ?", (int(ref),))
    else:
        found = _rows(store, base + "a.url = ?", (ref,))
        if not found:
            try:
                key = canonicalize(ref)
            except Exception:  # noqa: BLE001 - not a URL at all: no article
                key = ref
            found = _rows(store, base + "a.url = ?", (key,))
        if not found:
            found = _rows(
                store,
                base + "a.id = (SELECT article_id FROM captures WHERE url = ? AND article_id IS NOT NULL"
                " ORDER BY fetched_at DESC LIMIT 1)",
                (ref,),
            )
    return found[0] if found else None


def article_versions(store: Store, article_id: int, *, diffs: bool = True) -> list[dict[str, Any]]:
    """All versions, oldest first; with ``diffs`` each has a unified ``diff`` against the previous."""
    versions = _rows(
        store,
        "SELECT v.*, c.record_id, c.url AS capture_url, c.warc_file, c.warc_offset, c.warc_length"
        " FROM versions v LEFT JOIN captures c ON c.id = v.capture_id WHERE v.article_id = ? ORDER BY v.seq",
        (article_id,),
    )
    if diffs:
        previous: dict[str, Any] | None = None
        for version in versions:
            version["diff"] = version_diff(previous, version) if previous else None
            previous = version
    return versions


def _as_text(version: dict[str, Any]) -> list[str]:
    lines = [f"제목: {version.get('title') or ''}"]
    if version.get("subtitle"):
        lines.append(f"부제: {version['subtitle']}")
    lines.append(f"기자: {', '.join(version.get('authors') or [])}")
    lines.append("")
    lines.extend((version.get("body") or "").split("\n"))
    return lines


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Line diff (title, subtitle, authors, paragraphs) between two versions."""
    return "\n".join(
        difflib.unified_diff(
            _as_text(old),
            _as_text(new),
            fromfile=f"v{old.get('seq')} {old.get('first_seen')}",
            tofile=f"v{new.get('seq')} {new.get('first_seen')}",
            lineterm="",
        )
    )


def cluster_members(store: Store, cluster_id: int | None) -> list[dict[str, Any]]:
    """Every copy in a story cluster with its outlet and when it was published/seen, earliest first."""
    if cluster_id is None:
        return []
    return _rows(
        store,
        "SELECT a.id, a.url, a.outlet, o.name AS outlet_name, a.title, a.published, a.first_seen,"
        " (SELECT max(p.jaccard) FROM similar_pairs p WHERE p.article_a = a.id OR p.article_b = a.id)"
        " AS best_jaccard FROM articles a LEFT JOIN outlets o ON o.id = a.outlet WHERE a.cluster_id = ?"
        " ORDER BY coalesce(a.published, a.first_seen), a.first_seen, a.url",
        (cluster_id,),
    )


def get_cluster(store: Store, cluster_id: int) -> dict[str, Any] | None:
    found = _rows(store, "SELECT * FROM clusters WHERE id = ?", (cluster_id,))
    if not found:
        return None
    found[0]["members"] = cluster_members(store, cluster_id)
    return found[0]


def article_captures(store: Store, article_id: int) -> list[dict[str, Any]]:
    """Every capture (responses and revisits) linked to an article, newest first."""
    return _rows(
        store,
        "SELECT id, record_id, url, fetched_at, kind, status, content_type, payload_digest, truncated,"
        " warc_file, warc_offset, warc_length, run_id, ingest_status, error, version_id"
        " FROM captures WHERE article_id = ? ORDER BY fetched_at DESC, id DESC",
        (article_id,),
    )


def get_capture(store: Store, capture_id: int) -> dict[str, Any] | None:
    found = _rows(store, "SELECT * FROM captures WHERE id = ?", (capture_id,))
    return found[0] if found else None


def article_detail(store: Store, ref: int | str, *, diffs: bool = True) -> dict[str, Any] | None:
    """Article + versions (with diffs) + cluster members + captures: what `show` and the web need."""
    article = get_article(store, ref)
    if article is None:
        return None
    article["versions"] = article_versions(store, article["id"], diffs=diffs)
    article["cluster"] = [
        m for m in cluster_members(store, article["cluster_id"]) if m["id"] != article["id"]
    ]
    article["captures"] = article_captures(store, article["id"])
    return article


def list_outlets(store: Store) -> list[dict[str, Any]]:
    return _rows(store, "SELECT * FROM outlets ORDER BY id")


def outlet_stats(store: Store) -> list[dict[str, Any]]:
    """Per outlet: captures, articles, versions, clusters, extraction failures, last good run."""
    return _rows(
        store,
        """
        SELECT o.id AS outlet, o.name, o.region, o.cms,
          (SELECT count(*) FROM captures c WHERE c.outlet = o.id) AS captures,
          (SELECT count(*) FROM articles a WHERE a.outlet = o.id) AS articles,
          (SELECT count(*) FROM versions v JOIN articles a ON a.id = v.article_id WHERE a.outlet = o.id)
            AS versions,
          (SELECT count(DISTINCT a.cluster_id) FROM articles a WHERE a.outlet = o.id
            AND a.cluster_id IS NOT NULL) AS clusters,
          (SELECT count(*) FROM captures c WHERE c.outlet = o.id AND c.ingest_status = 'error')
            AS extraction_failures,
          (SELECT max(c.fetched_at) FROM captures c WHERE c.outlet = o.id) AS last_capture,
          (SELECT max(r.ended_at) FROM run_outlets ro JOIN runs r ON r.id = ro.run_id
            WHERE ro.outlet_id = o.id AND ro.ok = 1) AS last_successful_run
        FROM outlets o ORDER BY o.id
        """,
    )


def totals(store: Store) -> dict[str, int]:
    out = {}
    for table in ("outlets", "runs", "captures", "articles", "versions", "clusters"):
        out[table] = store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    out["errors"] = store.conn.execute(
        "SELECT count(*) FROM captures WHERE ingest_status = 'error'"
    ).fetchone()[0]
    return out


def list_runs(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    runs = _rows(
        store, "SELECT * FROM runs ORDER BY coalesce(started_at, '') DESC, id DESC LIMIT ?", (limit,)
    )
    for run in runs:
        run["outlets"] = _rows(
            store, "SELECT * FROM run_outlets WHERE run_id = ? ORDER BY outlet_id", (run["id"],)
        )
    return runs


def capture_errors(store: Store, outlet: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Recent captures whose extraction or storage failed (kept with their error)."""
    sql = "SELECT id, url, fetched_at, outlet, error FROM captures WHERE ingest_status = 'error'"
    params: list[Any] = []
    if outlet:
        sql += " AND outlet = ?"
        params.append(outlet)
    sql += " ORDER BY fetched_at DESC LIMIT ?"
    params.append(limit)
    return _rows(store, sql, params)


def iter_export_rows(
    store: Store, *, since: str | None = None, until: str | None = None
) -> Iterator[dict[str, Any]]:
    """One row per article: id, the 14 extract fields, outlet, first_seen, cluster.

    ``since``/``until`` (whole KST days for bare dates, :func:`archive.kst.day_bounds`) filter on
    ``published``, falling back to ``first_seen``; both are compared as instants (SQLite's
    ``datetime()`` reads their offsets), so a KST publication time and a UTC capture time agree.
    Raises ValueError for a bound that is not an ISO date.
    """
    sql = f"SELECT id, {', '.join(ARTICLE_FIELDS)}, outlet, first_seen, cluster_id AS cluster FROM articles"
    start, end = day_bounds(since, until)
    where, params = [], []
    if start:
        where.append("datetime(coalesce(published, first_seen)) >= ?")
        params.append(utc_text(start))
    if end:
        where.append("datetime(coalesce(published, first_seen)) < ?")
        params.append(utc_text(end))
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id"
    cur = store.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    for row in cur:
        yield _decode(dict(zip(names, row, strict=True)))


