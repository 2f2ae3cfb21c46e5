"""CDXJ index per closed WARC file (cdxj-indexer), so pywb can replay without a full scan."""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path

from archive.warc.naming import index_path

log = logging.getLogger(__name__)


def write_index(warc_path: Path | str, output: Path | str | None = None) -> Path:
    """Write the sorted CDXJ of response/revisit records beside ``warc_path`` (atomic rename).

    Lines carry ``filename`` relative to the WARC directory, so pywb can resolve them with an
    ``archive_paths`` pointing at that directory. Server-not-modified (304) revisits stay in the
    WARC but not in this replay index: pywb would replay them as a bare 304, while without them it
    serves the nearest real capture, which is what the 304 confirmed.
    """
    from cdxj_indexer import CDXJIndexer

    warc_path = Path(warc_path)
    out = Path(output) if output else index_path(warc_path)
    buf = io.StringIO()
    CDXJIndexer(
        output=buf,
        inputs=[str(warc_path)],
        filename=warc_path.name,
        sort=True,
        records="response,revisit",
    ).process_all()
    lines = [line for line in buf.getvalue().splitlines(keepends=True) if not _is_not_modified(line)]
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.debug("indexed %s -> %s", warc_path.name, out.name)
    return out


def _is_not_modified(line: str) -> bool:
    return '"mime": "warc/revisit"' in line and '"status": "304"' in line


def read_index(path: Path | str) -> list[tuple[str, str, dict]]:
    """(urlkey, timestamp, fields) per CDXJ line."""
    import json

    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("!"):
            continue
        urlkey, ts, data = line.split(" ", 2)
        rows.append((urlkey, ts, json.loads(data)))
    return rows
