"""The SQLite archive store: ``open_store(path)`` gives the one writer, ``readonly=True`` a reader.

The database is derived from WARC (``archive.rebuild`` recreates it); every write goes through
``archive.store.writes`` (called by ``archive.ingest``) or the two registry/run methods here.
Readers (web, CLI) use ``archive.store.queries`` on a read-only connection.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from archive.store import schema

__all__ = ["Store", "open_store"]

logger = logging.getLogger(__name__)

_OUTLET_COLUMNS = (
    "id",
    "name",
    "region",
    "city",
    "homepage",
    "cms",
    "feeds",
    "sitemaps",
    "lists",
    "interval_minutes",
    "verified",
    "confidence",
    "evidence",
    "overrides",
)
_RUN_COLUMNS = ("started_at", "ended_at", "status", "exit_code", "pages", "new_articles", "errors")


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class Store:
    """One open archive database. Not thread-safe: one writer per process, as in Datasette."""

    def __init__(self, db: Database, path: Path | None, *, readonly: bool = False) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.path = path
        self.readonly = readonly
        self._outlet_cache: dict[str, dict[str, Any] | None] = {}

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        if not self.readonly and self.conn.in_transaction:
            self.conn.execute("COMMIT")
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing block; nests (savepoints), so rebuild can batch many ingests in one."""
        with self.db.atomic():
            yield self

    # -- registry and runs -----------------------------------------------------------------
    def upsert_outlets(self, entries: list[dict[str, Any]]) -> int:
        """Insert or update registry entries (the TOML ``[[outlet]]`` tables, as dicts)."""
        rows = []
        for entry in entries:
            if not entry.get("id"):
                continue
            row: dict[str, Any] = {}
            for key in _OUTLET_COLUMNS:
                if key not in entry:
                    continue
                value = entry[key]
                if key in ("feeds", "sitemaps", "lists", "overrides"):
                    value = _json(value)
                elif key == "verified":
                    value = int(bool(value))
                row[key] = value
            extra = {k: v for k, v in entry.items() if k not in _OUTLET_COLUMNS}
            if extra:
                row["extra"] = _json(extra)
            rows.append(row)
        with self.transaction():
            for row in rows:
                self.db["outlets"].upsert(row, pk="id")
        self._outlet_cache.clear()
        return len(rows)

    def ensure_outlet(self, outlet_id: str | None) -> None:
        """Make sure a capture's outlet row exists (the registry may not have been stored yet)."""
        if not outlet_id or self.outlet(outlet_id) is not None:
            return
        self.conn.execute("INSERT OR IGNORE INTO outlets (id, name) VALUES (?, ?)", (outlet_id, outlet_id))
        self._outlet_cache.pop(outlet_id, None)

    def outlet(self, outlet_id: str) -> dict[str, Any] | None:
        if outlet_id not in self._outlet_cache:
            cur = self.conn.execute("SELECT * FROM outlets WHERE id = ?", (outlet_id,))
            row = cur.fetchone()
            self._outlet_cache[outlet_id] = (
                dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None
            )
        return self._outlet_cache[outlet_id]

    def outlet_for_url(self, url: str) -> str | None:
        """The outlet whose homepage host serves ``url`` (for captures without outlet metadata)."""
        host = _fold_host(urlsplit(url).hostname or "")
        for oid, homepage in self.conn.execute("SELECT id, homepage FROM outlets WHERE homepage IS NOT NULL"):
            parts = urlsplit(homepage)
            if _fold_host(parts.hostname or "") == host and (
                urlsplit(url).port == parts.port or parts.port is None
            ):
                return oid
        return None

    def record_run(self, run: dict[str, Any]) -> None:
        """Insert or update a crawl run (start and end records merge by ``id``).

        ``run["outlets"]`` may be a dict ``{outlet_id: {pages, new_articles, errors, ok, ...}}``
        or a list of such dicts with an ``id``/``outlet`` key; it fills ``run_outlets``.
        """
        run_id = run.get("id") or run.get("run_id")
        if not run_id:
            raise ValueError("run needs an id")
        row: dict[str, Any] = {"id": str(run_id)}
        run = {**run, "ended_at": run.get("ended_at") or run.get("finished_at")}
        for key in _RUN_COLUMNS:
            if run.get(key) is not None:
                row[key] = run[key]
        extra = {k: v for k, v in run.items() if k not in (*_RUN_COLUMNS, "id", "run_id", "outlets")}
        with self.transaction():
            existing = self.conn.execute("SELECT data FROM runs WHERE id = ?", (row["id"],)).fetchone()
            if existing and existing[0]:
                extra = {**json.loads(existing[0]), **extra}
            row["data"] = _json(extra) if extra else None
            self.db["runs"].upsert(row, pk="id")
            for oid, stats in _run_outlets(run.get("outlets")):
                self.ensure_outlet(oid)
                orow: dict[str, Any] = {"run_id": row["id"], "outlet_id": oid}
                for key in ("pages", "new_articles", "errors"):
                    value = stats.get("error_count", stats.get(key)) if key == "errors" else stats.get(key)
                    if isinstance(value, list):
                        value = len(value)
                    if value is not None:
                        orow[key] = value
                ok = stats.get("ok")
                if ok is None and stats.get("status") is not None:
                    ok = stats["status"] in ("ok", "success", "done")
                if ok is not None:
                    orow["ok"] = int(bool(ok))
                orow["data"] = _json(stats)
                self.db["run_outlets"].upsert(orow, pk=("run_id", "outlet_id"))


def _run_outlets(value: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(value, dict):
        for oid, stats in value.items():
            yield str(oid), stats if isinstance(stats, dict) else {"value": stats}
    elif isinstance(value, list):
        for stats in value:
            if isinstance(stats, dict) and (stats.get("id") or stats.get("outlet")):
                yield str(stats.get("id") or stats.get("outlet")), stats


def _fold_host(host: str) -> str:
    host = host.lower()
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _connect_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def open_store(path: str | Path, readonly: bool = False, *, bulk: bool = False) -> Store:
    """Open (and migrate) the archive database at ``path``; ``readonly`` uses a ``mode=ro`` URI.

    ``bulk`` is for rebuild's private file only (no WAL, no fsync until the swap).
    """
    path = Path(path)
    if readonly:
        if not path.exists():
            raise FileNotFoundError(f"no archive database at {path}")
        db = Database(_connect_readonly(path))
        schema.apply_pragmas(db, readonly=True)
        return Store(db, path, readonly=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    schema.apply_pragmas(db, bulk=bulk)
    schema.migrate(db)
    store = Store(db, path)
    _ensure_search(store)
    return store


def _ensure_search(store: Store) -> None:
    """Let the Korean search index (archive.search) create its tables, or rebuild them when this
    version tokenizes differently from the one that built them."""
    search = search_module()
    if search is not None:
        search.ensure_index(store.db)


@functools.cache
def search_module() -> Any:
    """``archive.search`` if this checkout has it (built in parallel), else None."""
    needed = ("ensure_index", "index_article", "unindex_article")
    module = importlib.import_module("archive.search") if importlib.util.find_spec("archive.search") else None
    if module is None or not all(hasattr(module, name) for name in needed):
        logger.warning("archive.search is incomplete: the Korean search index is not maintained")
        return None
    return module
