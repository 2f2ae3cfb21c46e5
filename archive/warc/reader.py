"""Read WARC files back into Captures and Events (our files, ``.open`` ones, and foreign ones).

A capture is a response or revisit record joined with its request (method, request headers) and
metadata (outlet, run, via) records through WARC-Concurrent-To. Gzip members are walked one by
one, so every record gets a seekable ``RecordLocation`` and a half-written tail (a killed writer's
``.open`` file) ends iteration quietly instead of raising.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from archive.capture import Capture, RecordLocation
from archive.warc import records as r
from archive.warc.naming import OPEN_SUFFIX, closed_path

log = logging.getLogger(__name__)

CHUNK = 1 << 20
GZIP_CHUNK = 1 << 16  # small reads: zlib copies a member's unused tail on every member
MAIN_TYPES = ("response", "revisit")


class WarcFormatError(ValueError):
    """A WARC file is damaged or not WARC at ``offset``."""

    def __init__(self, path: Path | str, offset: int, reason: str) -> None:
        super().__init__(f"{path}: bad WARC data at offset {offset}: {reason}")
        self.path, self.offset, self.reason = str(path), offset, reason


@dataclass(frozen=True)
class Event:
    """A JSON ``resource`` record written by ``WarcWriter.write_event`` (runs, outlets)."""

    uri: str
    data: dict
    date: datetime
    location: RecordLocation


@dataclass(frozen=True)
class RawRecord:
    """One WARC record as stored: named fields in order, the block, and where it sits."""

    type: str
    fields: list[tuple[str, str]]
    block: bytes
    offset: int
    length: int

    def get(self, name: str) -> str | None:
        return r.get_field(self.fields, name)

    @property
    def id(self) -> str | None:
        return self.get("WARC-Record-ID")


class _Incomplete(Exception):
    """The data ends inside a record (a killed writer's tail)."""


def resolve_path(path: Path | str) -> Path:
    """A closed file that does not exist yet is read from its ``.open`` twin (still being written)."""
    path = Path(path)
    if not path.exists():
        twin = path.with_name(path.name + OPEN_SUFFIX)
        if twin.exists():
            return twin
    return path


def iter_raw_records(
    path: Path | str, start: int = 0, *, tolerant: bool | None = None
) -> Iterator[RawRecord]:
    """Every whole record from ``start``. A partial tail ends iteration when ``tolerant``
    (default: for ``.open`` files) and raises WarcFormatError otherwise; damage always raises."""
    path = resolve_path(path)
    if tolerant is None:
        tolerant = path.name.endswith(OPEN_SUFFIX)
    with open(path, "rb") as f:
        f.seek(start)
        magic = f.read(2)
        f.seek(start)
        segments = _iter_members(f, start, path) if magic == b"\x1f\x8b" else _iter_plain(f, start)
        try:
            yield from _iter_from_segments(segments, path, plain=magic != b"\x1f\x8b")
        except _Incomplete as exc:
            if not tolerant:
                raise WarcFormatError(path, int(str(exc)), "file ends inside a record") from None
            log.debug("%s: stopping at partial record at offset %s", path, exc)


def _iter_members(f, start: int, path: Path) -> Iterator[tuple[int, int, bytes]]:
    """(offset, compressed length, data) per gzip member."""
    offset, consumed, out, pending = start, 0, [], b""
    d = zlib.decompressobj(zlib.MAX_WBITS | 16)
    while True:
        chunk = pending or f.read(GZIP_CHUNK)
        pending = b""
        if not chunk:
            if consumed:
                raise _Incomplete(offset)
            return
        try:
            out.append(d.decompress(chunk))
        except zlib.error as exc:
            raise WarcFormatError(path, offset, f"gzip: {exc}") from None
        consumed += len(chunk)
        if d.eof:
            pending = d.unused_data
            length = consumed - len(pending)
            yield offset, length, b"".join(out)
            offset += length
            consumed, out = 0, []
            d = zlib.decompressobj(zlib.MAX_WBITS | 16)


def _iter_plain(f, start: int) -> Iterator[tuple[int, int, bytes]]:
    offset = start
    while chunk := f.read(CHUNK):
        yield offset, len(chunk), chunk
        offset += len(chunk)


def _iter_from_segments(
    segments: Iterator[tuple[int, int, bytes]], path: Path, plain: bool
) -> Iterator[RawRecord]:
    buf = b""
    segs: list[tuple[int, int, int]] = []  # (index in buf, file offset, file end)
    for offset, length, data in segments:
        segs.append((len(buf), offset, offset + length))
        buf += data
        pos = 0
        while True:
            parsed = _parse_record(buf, pos, path, segs)
            if parsed is None:
                break
            fields, block, begin, nxt = parsed
            if plain:
                first = _seg_at(segs, begin)
                rec_offset = first[1] + begin - first[0]
                rec_length = nxt - begin
            else:
                rec_offset = _seg_at(segs, begin)[1]
                rec_length = _seg_at(segs, nxt - 1)[2] - rec_offset
            yield RawRecord(r.get_field(fields, "WARC-Type") or "", fields, block, rec_offset, rec_length)
            pos = nxt
        if pos:
            buf, segs = buf[pos:], _drop_consumed(segs, pos, len(buf), plain)
    if buf.strip(b"\r\n"):
        raise _Incomplete(segs[0][1] if segs else 0)


def _seg_at(segs: list[tuple[int, int, int]], index: int) -> tuple[int, int, int]:
    found = segs[0]
    for seg in segs:
        if seg[0] <= index:
            found = seg
        else:
            break
    return found


def _drop_consumed(segs: list[tuple[int, int, int]], pos: int, total: int, plain: bool) -> list:
    """Segments still holding unparsed bytes after ``pos``, re-based to the trimmed buffer.

    Plain files map buffer bytes to file bytes one to one, so a partly consumed segment moves its
    offset along; a gzip member can only be addressed from its start.
    """
    kept = []
    for n, (index, offset, end) in enumerate(segs):
        seg_stop = segs[n + 1][0] if n + 1 < len(segs) else total
        if seg_stop <= pos:
            continue
        if index < pos:
            kept.append((0, offset + (pos - index) if plain else offset, end))
        else:
            kept.append((index - pos, offset, end))
    return kept


def _parse_record(buf: bytes, pos: int, path: Path, segs: list) -> tuple | None:
    """(fields, block, start, next position) of the record at ``pos``, or None if incomplete."""
    while buf.startswith(b"\r\n", pos) or buf.startswith(b"\n", pos):
        pos += 2 if buf.startswith(b"\r\n", pos) else 1
    if pos >= len(buf):
        return None
    if not buf.startswith(b"WARC/", pos) and len(buf) - pos >= 5:
        raise WarcFormatError(path, _seg_at(segs, pos)[1], "no WARC version line")
    head = r.split_head(buf, pos)
    if head is None:
        return None
    lines, hend = head
    fields = r.parse_fields(lines[1:], http=False)
    try:
        length = int(r.get_field(fields, "Content-Length") or "")
    except ValueError:
        raise WarcFormatError(path, _seg_at(segs, pos)[1], "missing Content-Length") from None
    end = hend + length
    if end > len(buf):
        return None
    nxt = end
    for sep in (b"\r\n\r\n", b"\r\n", b"\n\n", b"\n"):
        if buf.startswith(sep, end):
            nxt = end + len(sep)
            break
    return fields, buf[hend:end], pos, nxt


# -- records to captures --------------------------------------------------------------------------


def _http_head(block: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    head = r.split_head(block)
    if head is None:
        return "", [], block
    lines, end = head
    return r.decode_header_value(lines[0]) if lines else "", r.parse_fields(lines[1:]), block[end:]


def _to_capture(rec: RawRecord, file_name: str) -> Capture:
    line, headers, body = _http_head(rec.block)
    parts = line.split(" ", 2)
    protocol = parts[0] if parts and parts[0].upper().startswith("HTTP") else "HTTP/1.1"
    try:
        status = int(parts[1]) if len(parts) > 1 else 0
    except ValueError:
        status = 0
    reason = parts[2] if len(parts) > 2 else ""
    if any(v.lower().strip() == "chunked" for v in r.get_all(headers, "Transfer-Encoding")):
        body = r.dechunk(body) or body  # a foreign writer kept the chunking on the wire
    headers = r.restored_response_headers(headers)
    refers_date = rec.get("WARC-Refers-To-Date")
    truncated = rec.get("WARC-Truncated")
    revisit = rec.type == "revisit"
    return Capture(
        url=rec.get("WARC-Target-URI") or "",
        status=status,
        headers=tuple(headers),
        body=b"" if revisit else body,
        fetched_at=r.parse_warc_date(rec.get("WARC-Date") or "1970-01-01T00:00:00Z"),
        protocol=protocol,
        reason=reason,
        ip_address=rec.get("WARC-IP-Address"),
        truncated=None if revisit and truncated == "length" else truncated,
        kind="revisit" if revisit else "response",
        refers_to=rec.get("WARC-Refers-To"),
        refers_to_date=r.parse_warc_date(refers_date) if refers_date else None,
        record_id=rec.id,
        payload_digest=rec.get("WARC-Payload-Digest"),
        location=RecordLocation(file_name, rec.offset, rec.length),
    )


def _attach(capture: Capture, rec: RawRecord) -> Capture:
    if rec.type == "request":
        line, headers, _ = _http_head(rec.block)
        method = line.split(" ", 1)[0] if line else capture.method
        return replace(capture, method=method or capture.method, request_headers=tuple(headers))
    fields = r.parse_fields(rec.block.split(b"\n"), http=False)
    fetched = r.get_field(fields, "fetchedAt")
    return replace(
        capture,
        outlet=r.get_field(fields, "outlet") or capture.outlet,
        run_id=r.get_field(fields, "run") or capture.run_id,
        via=r.get_field(fields, "via") or capture.via,
        fetched_at=r.parse_warc_date(fetched) if fetched else capture.fetched_at,
    )


def _linked(capture: Capture, links: list[str], rec: RawRecord) -> bool:
    return capture.record_id in r.get_all(rec.fields, "WARC-Concurrent-To") or (rec.id or "") in links


def _to_event(rec: RawRecord, file_name: str) -> Event | None:
    ctype = (rec.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype != "application/json":
        return None
    try:
        data = json.loads(rec.block)
    except ValueError:
        log.warning("%s@%d: resource record is not valid JSON", file_name, rec.offset)
        return None
    date = r.parse_warc_date(rec.get("WARC-Date") or "1970-01-01T00:00:00Z")
    return Event(
        rec.get("WARC-Target-URI") or "", data, date, RecordLocation(file_name, rec.offset, rec.length)
    )


def iter_records(
    path: Path | str, *, start: int = 0, tolerant: bool | None = None
) -> Iterator[Capture | Event]:
    """Captures (response/revisit joined with request + metadata) and Events, in file order."""
    file_name = closed_path(Path(path)).name
    pending: Capture | None = None
    links: list[str] = []
    parts: set[str] = set()
    orphans: list[RawRecord] = []  # request/metadata written before their response (foreign order)
    for rec in iter_raw_records(path, start, tolerant=tolerant):
        if rec.type in MAIN_TYPES:
            if pending is not None:
                yield pending
            pending = _to_capture(rec, file_name)
            links, parts = r.get_all(rec.fields, "WARC-Concurrent-To"), set()
            for orphan in orphans:
                if _linked(pending, links, orphan):
                    pending, _ = _attach(pending, orphan), parts.add(orphan.type)
            orphans = []
        elif rec.type in ("request", "metadata"):
            if pending is not None and rec.type not in parts and _linked(pending, links, rec):
                pending = _attach(pending, rec)
                parts.add(rec.type)
                if parts == {"request", "metadata"}:
                    yield pending
                    pending = None
            else:
                orphans = [*orphans[-7:], rec]
        else:
            if pending is not None:
                yield pending
                pending = None
            if rec.type == "resource" and (event := _to_event(rec, file_name)) is not None:
                yield event
    if pending is not None:
        yield pending


def iter_captures(path: Path | str, *, tolerant: bool | None = None) -> Iterator[Capture]:
    """Only the captures of a file (what ``rebuild`` feeds to ingest)."""
    for item in iter_records(path, tolerant=tolerant):
        if isinstance(item, Capture):
            yield item


def read_capture(path: Path | str, offset: int) -> Capture:
    """The capture whose response/revisit record starts at ``offset`` (e.g. from a RecordLocation)."""
    file_name = closed_path(Path(path)).name
    capture: Capture | None = None
    links: list[str] = []
    parts: set[str] = set()
    for rec in iter_raw_records(path, offset, tolerant=True):
        if capture is None:
            if rec.type not in MAIN_TYPES:
                raise WarcFormatError(
                    path, offset, f"expected a response or revisit record, found {rec.type!r}"
                )
            capture = _to_capture(rec, file_name)
            links = r.get_all(rec.fields, "WARC-Concurrent-To")
            continue
        if (
            rec.type in MAIN_TYPES
            or rec.type not in ("request", "metadata")
            or not _linked(capture, links, rec)
        ):
            break
        capture = _attach(capture, rec)
        parts.add(rec.type)
        if parts == {"request", "metadata"}:
            break
    if capture is None:
        raise WarcFormatError(path, offset, "no whole record at this offset")
    return capture
