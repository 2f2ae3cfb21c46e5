"""Read-side SQL for the browser pages that ``archive.store.queries`` does not cover (filters
without a search query, the timeline, image and URL lookups, outlet health over time).

Plain ``sqlite3`` on a read-only connection, returning dicts the templates and the JSON API use
as they are. Column names follow ``archive/store/schema.py``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from archive.kst import KST, day_bounds


def _q(conn: sqlite3.Connection, sql: str, args: Any = ()) -> sqlite3.Cursor:
    """Execute with dict-like rows, without changing the connection's row factory (search and
    sqlite-utils share the connection and expect plain tuples)."""
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, args)




def outlet_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {r["id"]: r["name"] or r["id"] for r in _q(conn, "SELECT id, name FROM outlets")}


def outlet_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in _q(conn, "SELECT id, name, region, city FROM outlets ORDER BY region, name")]


def regions(conn: sqlite3.Connection) -> list[str]:
    return [
        r[0] for r in _q(conn, "SELECT DISTINCT region FROM outlets WHERE region IS NOT NULL ORDER BY region")
    ]








CAPTURE_COLUMNS = (
    "id, record_id, url, fetched_at, kind, status, content_type, payload_digest, truncated, warc_file, "
    "warc_offset, warc_length, outlet, run_id, via, refers_to, article_id, version_id, ingest_status, error"
)




def capture(conn: sqlite3.Connection, capture_id: int) -> dict[str, Any] | None:
    row = _q(
        conn,
        f"SELECT {CAPTURE_COLUMNS}, (SELECT name FROM outlets WHERE id = captures.outlet) AS outlet_name "
        "FROM captures WHERE id = ?",
        (capture_id,),
    ).fetchone()
    return dict(row) if row else None


def revisit_original(conn: sqlite3.Connection, cap: dict[str, Any]) -> dict[str, Any] | None:
    """The response a revisit record points at: by WARC-Refers-To, else the latest earlier response
    with the same URL (and payload digest when known)."""
    if cap.get("refers_to"):
        row = _q(
            conn,
            f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE record_id = ? AND kind = 'response'",
            (cap["refers_to"],),
        ).fetchone()
        if row:
            return dict(row)
    sql = f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE url = ? AND kind = 'response' AND fetched_at <= ?"
    args: list[Any] = [cap["url"], cap["fetched_at"]]
    if cap.get("payload_digest"):
        sql += " AND payload_digest = ?"
        args.append(cap["payload_digest"])
    row = _q(conn, sql + " ORDER BY fetched_at DESC LIMIT 1", args).fetchone()
    return dict(row) if row else None


def latest_capture_of_url(
    conn: sqlite3.Connection, url: str, *, image: bool = False
) -> dict[str, Any] | None:
    """The newest successful response captured for exactly this URL (or its article's canonical URL)."""
    sql = (
        f"SELECT {CAPTURE_COLUMNS} FROM captures WHERE url = ? AND kind = 'response' "
        "AND status BETWEEN 200 AND 299"
    )
    if image:
        sql += " AND content_type LIKE 'image/%'"
    row = _q(conn, sql + " ORDER BY fetched_at DESC LIMIT 1", (url,)).fetchone()
    if row is None and not image:
        row = _q(
            conn,
            f"SELECT {', '.join('c.' + c.strip() for c in CAPTURE_COLUMNS.split(','))} FROM articles a "
            "JOIN captures c ON c.article_id = a.id AND c.kind = 'response' AND c.status BETWEEN 200 AND 299 "
            "WHERE a.canonical_url = ? OR a.url = ? ORDER BY c.fetched_at DESC LIMIT 1",
            (url, url),
        ).fetchone()
    return dict(row) if row else None


def captured_images(conn: sqlite3.Connection, urls: list[str]) -> dict[str, int]:
    """Image URL → capture id, for the images of an article that were archived."""
    if not urls:
        return {}
    marks = ",".join("?" * len(urls))
    rows = _q(
        conn,
        f"SELECT url, MAX(id) AS id FROM captures WHERE url IN ({marks}) AND kind = 'response' "
        "AND status BETWEEN 200 AND 299 AND content_type LIKE 'image/%' GROUP BY url",
        urls,
    )
    return {r["url"]: r["id"] for r in rows}


def recent_articles(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    region: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
    count_limit: int = 10_000,
) -> tuple[int, list[dict[str, Any]]]:
    """Browsing without a query: newest articles under the filters (uses the published index).
    The total is counted up to ``count_limit`` (then it is a lower bound, as in search)."""
    where, args = _filters(outlet, region, since, until)
    total = _q(
        conn, f"SELECT COUNT(*) FROM (SELECT 1 FROM articles a {where} LIMIT ?)", [*args, count_limit + 1]
    ).fetchone()[0]
    rows = _q(
        conn,
        "SELECT a.id, a.url, a.outlet, a.title, a.published, substr(a.body, 1, 160) AS snippet "
        f"FROM articles a {where} ORDER BY a.published DESC, a.id DESC LIMIT ? OFFSET ?",
        [*args, limit, offset],
    )
    return total, [dict(r) for r in rows]  # total may be count_limit + 1: "more than count_limit"


def _filters(
    outlet: str | None, region: str | None, since: str | None, until: str | None
) -> tuple[str, list[Any]]:
    clauses, args = [], []
    if outlet:
        clauses.append("a.outlet = ?")
        args.append(outlet)
    if region:
        clauses.append("a.outlet IN (SELECT id FROM outlets WHERE region = ?)")
        args.append(region)
    # published is KST ISO text ("...+09:00"): KST bounds compare as text and keep the index usable
    start, end = day_bounds(since, until)
    if start:
        clauses.append("a.published >= ?")
        args.append(start.astimezone(KST).isoformat())
    if end:
        clauses.append("a.published < ?")
        args.append(end.astimezone(KST).isoformat())
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", args


def timeline_recent(
    conn: sqlite3.Connection,
    *,
    outlet: str | None = None,
    region: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 10_000,
) -> list[tuple[str, str, int]]:
    """(KST day, outlet, count) of the newest ``limit`` articles under the filters."""
    where, args = _filters(outlet, region, since, until)
    where = (where + " AND" if where else "WHERE") + " a.published IS NOT NULL"
    rows = _q(
        conn,
        "SELECT substr(published, 1, 10) AS day, outlet, COUNT(*) FROM "
        f"(SELECT a.published, a.outlet FROM articles a {where} ORDER BY a.published DESC LIMIT ?) "
        "GROUP BY day, outlet",
        [*args, limit],
    )
    return [(r[0], r[1], r[2]) for r in rows if r[0]]






def _day_counts(conn: sqlite3.Connection, sql: str, start: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for outlet, day, n in _q(conn, sql, (start,)):
        out.setdefault(outlet, {})[day] = n
    return out


def outlet_health(
    conn: sqlite3.Connection, *, days: int = 30, recent: int = 7, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Per outlet: last successful run, articles first seen per day (sparkline), extraction failure
    rate, and warnings when the last ``recent`` days fall sharply below the days before (a layout
    change on the site shows as fewer articles or more failed extractions)."""
    now = now or datetime.now(UTC)
    today = now.date()
    start = (today - timedelta(days=days - 1)).isoformat()
    yields = _day_counts(
        conn,
        # MATERIALIZED: without it the planner walks the (outlet, published) index over every article
        "WITH recent AS MATERIALIZED (SELECT outlet, first_seen FROM articles WHERE first_seen >= ?) "
        "SELECT outlet, substr(first_seen, 1, 10) AS day, COUNT(*) FROM recent GROUP BY outlet, day",
        start,
    )
    ingest: dict[str, dict[str, dict[str, int]]] = {}
    for outlet, day, status, n in _q(
        conn,
        "SELECT outlet, substr(fetched_at, 1, 10) AS day, ingest_status, COUNT(*) FROM captures "
        "WHERE fetched_at >= ? AND ingest_status IN ('saved', 'new_version', 'unchanged', 'error') "
        "GROUP BY outlet, day, ingest_status",
        (start,),
    ):
        ingest.setdefault(outlet, {}).setdefault(day, {})[status] = n
    last_ok = {
        r[0]: r[1]
        for r in _q(
            conn,
            "SELECT ro.outlet_id, MAX(COALESCE(r.ended_at, r.started_at)) FROM run_outlets ro "
            "JOIN runs r ON r.id = ro.run_id WHERE ro.ok = 1 GROUP BY ro.outlet_id",
        )
    }
    last_run = {
        r[0]: (r[1], r[2], r[3])
        for r in _q(
            conn,
            "SELECT ro.outlet_id, r.started_at, ro.ok, ro.errors FROM run_outlets ro JOIN runs r ON r.id = ro.run_id "
            "WHERE r.started_at = (SELECT MAX(r2.started_at) FROM run_outlets ro2 JOIN runs r2 ON r2.id = ro2.run_id "
            "WHERE ro2.outlet_id = ro.outlet_id)",
        )
    }
    totals = {r[0]: r[1] for r in _q(conn, "SELECT outlet, COUNT(*) FROM articles GROUP BY outlet")}
    day_list = [(today - timedelta(days=days - 1 - i)).isoformat() for i in range(days)]
    out = []
    for o in _q(conn, "SELECT id, name, region, city, homepage, cms FROM outlets ORDER BY region, name"):
        oid = o["id"]
        series = [yields.get(oid, {}).get(d, 0) for d in day_list]
        per_day_ingest = ingest.get(oid, {})
        recent_days, base_days = day_list[-recent:], day_list[:-recent]
        fail_recent, tried_recent = _failures(per_day_ingest, recent_days)
        fail_base, tried_base = _failures(per_day_ingest, base_days)
        fail_all, tried_all = fail_recent + fail_base, tried_recent + tried_base
        warnings = health_warnings(
            recent_yield=sum(series[-recent:]) / recent,
            base_yield=sum(series[:-recent]) / max(len(base_days), 1),
            recent_fail=(fail_recent / tried_recent) if tried_recent else None,
            base_fail=(fail_base / tried_base) if tried_base else None,
        )
        lr = last_run.get(oid)
        if lr and not lr[1]:
            warnings.append(f"마지막 수집 실패 (오류 {lr[2] or 0}건)")
        out.append(
            {
                **dict(o),
                "articles": totals.get(oid, 0),
                "per_day": series,
                "days": day_list,
                "last_success": last_ok.get(oid),
                "last_run": {"started_at": lr[0], "ok": bool(lr[1]), "errors": lr[2]} if lr else None,
                "failure_rate": (fail_all / tried_all) if tried_all else None,
                "extractions": tried_all,
                "failures": fail_all,
                "warnings": warnings,
            }
        )
    return out


def _failures(per_day: dict[str, dict[str, int]], days: list[str]) -> tuple[int, int]:
    fail = tried = 0
    for d in days:
        counts = per_day.get(d, {})
        fail += counts.get("error", 0)
        tried += sum(counts.values())
    return fail, tried


def health_warnings(
    *, recent_yield: float, base_yield: float, recent_fail: float | None, base_fail: float | None
) -> list[str]:
    """Layout-change alarms. Yield: the recent daily average fell below 40 % of the baseline (with a
    baseline of at least one article a day, so quiet outlets do not flap). Extraction: the recent
    failure rate is at least 20 points above the baseline and at least 25 %."""
    warnings = []
    if base_yield >= 1 and recent_yield < 0.4 * base_yield:
        warnings.append(f"수집량 급감: 최근 하루 평균 {recent_yield:.1f}건 (이전 {base_yield:.1f}건)")
    if recent_fail is not None and recent_fail >= 0.25 and recent_fail - (base_fail or 0.0) >= 0.2:
        warnings.append(
            f"추출 실패 급증: 최근 {recent_fail:.0%} (이전 {base_fail or 0:.0%}) — 사이트 구조 변경 의심"
        )
    return warnings
