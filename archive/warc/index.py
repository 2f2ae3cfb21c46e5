"""CDXJ index per closed WARC file, so pywb can replay without a full scan.

The writer builds each file's lines as it writes (``cdxj_line``, no re-read of a 1 GB file at
rotation); ``write_index`` runs cdxj-indexer over a file for recovery and re-indexing. Tests
check both give byte-identical indexes.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.warc.reader import RawRecord

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
    write_lines(out, lines)
    log.debug("indexed %s -> %s", warc_path.name, out.name)
    return out


def write_lines(out: Path, lines: Iterable[str]) -> Path:
    """Write sorted CDXJ lines atomically (tmp + rename); no debris when the disk is full."""
    tmp = out.with_name(out.name + ".tmp")
    try:
        tmp.write_text("".join(sorted(lines)), encoding="utf-8")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


_MIME_END = re.compile(r"[;\s]")


def cdxj_line(
    uri: str,
    warc_date: str,
    rec_type: str,
    status: int,
    headers: Sequence[tuple[str, str]],
    digest: str | None,
    offset: int,
    length: int,
    filename: str,
) -> str:
    """The line cdxj-indexer would write for a response/revisit record (same keys, same order)."""
    fields: dict[str, str] = {"url": uri}
    if rec_type == "revisit":
        fields["mime"] = "warc/revisit"
    else:
        ctype = next((v for k, v in headers if k.lower() == "content-type"), None)
        if ctype is not None:
            fields["mime"] = _MIME_END.split(ctype, 1)[0].strip() if ctype else ctype
    fields["status"] = str(status)
    if digest:
        fields["digest"] = digest
    fields.update(length=str(length), offset=str(offset), filename=filename)
    stamp = re.sub(r"\D", "", warc_date)[:14]
    return f"{url_key(uri)} {stamp} {json.dumps(fields)}\n"


def raw_cdxj_line(rec: RawRecord, filename: str) -> str | None:
    """``cdxj_line`` for a stored response/revisit record; None for 304 revisits (not replayable)."""
    from archive.warc.records import parse_fields, payload_digest, split_head

    head = split_head(rec.block)
    lines, end = head if head else ([b""], len(rec.block))
    parts = lines[0].split(b" ", 2)
    try:
        status = int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        status = 0
    if rec.type == "revisit" and status == 304:
        return None
    digest = rec.get("WARC-Payload-Digest")
    if not digest and rec.type == "response":
        digest = payload_digest(rec.block[end:])
    return cdxj_line(
        rec.get("WARC-Target-URI") or "",
        rec.get("WARC-Date") or "",
        rec.type,
        status,
        parse_fields(lines[1:]),
        digest,
        rec.offset,
        rec.length,
        filename,
    )


def url_key(url: str) -> str:
    import surt

    try:
        return surt.surt(url)
    except Exception:  # noqa: BLE001 - same fallback as cdxj-indexer
        return url


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
