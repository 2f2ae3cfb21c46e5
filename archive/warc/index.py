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
_NON_DIGIT = re.compile(r"\D")


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
    stamp = _NON_DIGIT.sub("", warc_date)[:14]
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
    """The SURT key cdxj-indexer and pywb use: ``surt.surt(url)``, or ``url`` where it fails.

    Plain http(s) URLs take :func:`fast_url_key` (measured on the sample: 28 -> 2-3 us a URL);
    the rest go to surt.
    """
    key = fast_url_key(url)
    if key is not None:
        return key
    import surt

    try:
        return surt.surt(url)
    except Exception:  # noqa: BLE001 - same fallback as cdxj-indexer
        return url


_URL = re.compile(r"https?://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?")
_PORT = re.compile(r"[1-9][0-9]{0,4}")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
_IPV4 = re.compile(rf"(?!0){_OCTET}(?:\.{_OCTET}){{3}}")
_NOT_NUMERIC = re.compile(r"[^0-9.]")
_DOMAIN = re.compile(r"(?:www[0-9]*\.)?([a-z0-9_-]+(?:\.[a-z0-9_-]+)*)")  # surt drops www, www2.


def fast_url_key(url: str) -> str | None:
    """``surt.surt(url)`` for the plain URLs a crawl fetches; None where surt does more.

    surt lower-cases host, path and query, drops ``www``/``wwwN.`` and default ports, reverses
    the host, sorts query arguments and strips a trailing slash and the fragment. It also
    unescapes and re-escapes ``%``, resolves ``.``/``..``/``//`` in paths, strips session ids,
    encodes IDN hosts, drops userinfo and resolves numeric hosts; such URLs return None here.
    """
    if not url.isascii() or not url.isprintable() or " " in url or "%" in url:
        return None
    m = _URL.fullmatch(url)
    if m is None:
        return None
    origin = url[: m.end(1)]
    host = _HOSTS.get(origin, "")
    if host == "":
        host = _cache_host(origin, _surt_host(m.group(1), url[4] == "s"))
    path = m.group(2)
    if host is None or "//" in path or "/." in path or "(" in path:
        return None
    path = path.lower() or "/"
    if len(path) > 1 and path[-1] == "/":
        path = path[:-1]
    query = m.group(3)
    if not query:
        return host + path
    query = query.lower()
    if "sid=" in query or "sessionid" in query or "cfid=" in query:  # session ids: surt strips them
        return None
    if "&" in query:
        query = "&".join(
            ["=".join(arg) for arg in sorted([tuple(a.split("=", 1)) for a in query.split("&")])]
        )
    return f"{host}{path}?{query}"


_HOSTS: dict[str, str | None] = {}  # "http://www.example.com" -> "com,example)"; hosts repeat


def _cache_host(origin: str, host: str | None) -> str | None:
    if len(_HOSTS) >= 10_000:
        _HOSTS.clear()
    _HOSTS[origin] = host
    return host


def _surt_host(netloc: str, https: bool) -> str | None:
    """``com,example:8080)`` for ``www.example.com:8080``; None for what surt treats specially."""
    host, colon, port = netloc.partition(":")
    if colon:  # also rejects "http://https://host" (netloc "https:"), which surt collapses
        if not _PORT.fullmatch(port) or int(port) > 65535:
            return None
        port = "" if port == ("443" if https else "80") else ":" + port
    host = host.lower()
    if not _IPV4.fullmatch(host):  # surt passes dotted quads through gethostbyname_ex: unchanged
        if not _NOT_NUMERIC.search(host):  # other numeric forms: surt resolves them
            return None
        m = _DOMAIN.fullmatch(host)
        if m is None:
            return None
        host = m.group(1)
    return ",".join(reversed(host.split("."))) + port + ")"


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
