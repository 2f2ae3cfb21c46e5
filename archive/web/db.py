"""Read-only database access for the web app.

Every connection is opened ``mode=ro`` (through ``open_store(readonly=True)`` when the store offers
it), one per worker thread, and reopened when ``rebuild`` swaps a new database file in (the inode
changes). The web app never holds a write connection.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

log = logging.getLogger(__name__)


class ArchiveNotFound(Exception):
    """There is no archive database yet (nothing crawled)."""


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only SQLite connection; the store's own opener when available (it may register the
    functions search needs), otherwise a plain ``file:…?mode=ro`` URI connection."""
    if not path.is_file():
        raise ArchiveNotFound(str(path))
    try:
        from archive.store import open_store
    except ImportError:
        open_store = None
    if open_store is not None:
        store = open_store(path, readonly=True)
        conn = _raw_connection(store)
        if conn is not None:
            return conn
    conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, check_same_thread=False)
    return conn


def _raw_connection(store: object) -> sqlite3.Connection | None:
    for attr in ("conn", "db"):
        obj = getattr(store, attr, None)
        if isinstance(obj, sqlite3.Connection):
            return obj
        inner = getattr(obj, "conn", None)
        if isinstance(inner, sqlite3.Connection):
            return inner
    return store if isinstance(store, sqlite3.Connection) else None


class ReadOnlyDB:
    """Per-thread read-only connections to ``archive.db``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()

    def conn(self) -> sqlite3.Connection:
        try:
            ident = os.stat(self.path).st_ino
        except FileNotFoundError as exc:
            raise ArchiveNotFound(str(self.path)) from exc
        cached = getattr(self._local, "conn", None)
        if cached is not None and self._local.ident == ident:
            return cached
        if cached is not None:
            cached.close()
        conn = connect_readonly(self.path)
        self._local.conn, self._local.ident = conn, ident
        return conn
