"""Export the archive: articles as JSON lines or CSV, or the WARCs themselves as a WACZ package.

jsonl/csv: one line per article with ``id``, the 14 fields of ``extract``'s output, ``outlet``,
``first_seen`` and ``cluster`` (story cluster id, empty when the story ran only once). wacz: the
WARC files holding the exported articles' captures, their CDXJ index and ``pages.jsonl`` (one page
per article, with its text for ReplayWeb.page's full-text search), built with the ``wacz`` package
so ``wacz validate`` accepts it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archive.kst import day_bounds
from archive.store.queries import iter_export_rows
from archive.store.schema import ARTICLE_FIELDS

if TYPE_CHECKING:
    from archive.store import Store

__all__ = ["EXPORT_COLUMNS", "FORMATS", "csv_cell", "export"]

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "wacz")
EXPORT_COLUMNS = ("id", *ARTICLE_FIELDS, "outlet", "first_seen", "cluster")


def export(
    store: Store,
    fmt: str,
    out: str | Path,
    *,
    since: str | None = None,
    until: str | None = None,
    warc_dir: str | Path | None = None,
) -> int:
    """Write the export to ``out``; returns the number of articles exported."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    day_bounds(since, until)  # a bad date fails here, before anything is written
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    rows = iter_export_rows(store, since=since, until=until)
    if fmt == "jsonl":
        return _write_jsonl(rows, out)
    if fmt == "csv":
        return _write_csv(rows, out)
    if warc_dir is None:
        raise ValueError("wacz export needs the WARC directory")
    return _write_wacz(store, list(rows), out, Path(warc_dir))


def _write_jsonl(rows: Any, out: Path) -> int:
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps({k: row.get(k) for k in EXPORT_COLUMNS}, ensure_ascii=False) + "\n")
            count += 1
    return count


def csv_cell(value: object) -> object:
    """Archived text is untrusted: a cell starting with = + - @ (or tab/CR) would be a formula in
    Excel (CSV injection), so it gets a leading apostrophe, as OWASP recommends."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_csv(rows: Any, out: Path) -> int:
    """UTF-8 with BOM so spreadsheet programs open Hangul correctly; lists as JSON text; every
    cell through ``csv_cell`` since the file is meant for Excel."""
    count = 0
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        for row in rows:
            flat = {}
            for key in EXPORT_COLUMNS:
                value = row.get(key)
                if isinstance(value, list | dict):
                    value = json.dumps(value, ensure_ascii=False)
                flat[key] = csv_cell(value)
            writer.writerow(flat)
            count += 1
    return count


def _write_wacz(store: Store, rows: list[dict[str, Any]], out: Path, warc_dir: Path) -> int:
    from wacz.main import main as wacz_main  # the reference packager; it also validates pages

    ids = [row["id"] for row in rows]
    captures: dict[int, tuple[str, str, str]] = {}
    files: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for article_id, url, fetched_at, warc_file in store.conn.execute(
            f"SELECT article_id, url, fetched_at, warc_file FROM captures WHERE article_id IN ({marks})"
            " AND warc_file IS NOT NULL AND kind = 'response' ORDER BY fetched_at",
            chunk,
        ):
            captures.setdefault(article_id, (url, fetched_at, warc_file))
            files.add(warc_file)
    paths = sorted(warc_dir / name for name in files if (warc_dir / name).exists())
    if not paths:
        raise ValueError("no WARC files hold the exported articles")
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages.jsonl"
        with pages.open("w", encoding="utf-8") as fh:
            fh.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "Articles"}) + "\n")
            for row in rows:
                if row["id"] not in captures:
                    continue
                url, fetched_at, _ = captures[row["id"]]
                page = {
                    "url": url,
                    "ts": fetched_at,
                    "title": row.get("title") or url,
                    "text": row.get("body"),
                }
                fh.write(json.dumps(page, ensure_ascii=False) + "\n")
        args = ["create", "-o", str(out), "-p", str(pages), "--title", "newsarchive export"]
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = wacz_main([*args, *map(str, paths)])
        if code not in (0, None):
            raise RuntimeError(f"wacz create failed ({code}): {buffer.getvalue()[-500:]}")
    return sum(1 for row in rows if row["id"] in captures)
