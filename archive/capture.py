"""The pivot type: one archived HTTP exchange, as the crawler saw it and as WARC keeps it.

The crawler builds a ``Capture`` from a Scrapy response, the WARC writer writes it, the WARC
reader yields it again, and ``archive.ingest`` consumes it. Live ingest and rebuild therefore see
the same bytes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

Headers = tuple[tuple[str, str], ...]

#: The most a content-encoded body is inflated to (pages past it are cut, never decoded whole).
DECODED_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class RecordLocation:
    """Where a record sits: enough to seek to it and read it alone (per-record gzip)."""

    file: str  # WARC file name, relative to the WARC directory
    offset: int
    length: int


@dataclass(frozen=True)
class Capture:
    """One HTTP exchange.

    ``body`` is the entity body as transmitted (still content-encoded, de-chunked);
    ``headers`` keep every response header value in order, repeated names included.
    ``kind`` is ``response`` or ``revisit`` (a revisit carries no new body).
    """

    url: str
    status: int
    headers: Headers = ()
    body: bytes = b""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    protocol: str = "HTTP/1.1"
    reason: str = ""
    method: str = "GET"
    request_headers: Headers = ()
    ip_address: str | None = None
    truncated: str | None = None  # WARC-Truncated reason: length, time, disconnect, unspecified
    kind: str = "response"
    refers_to: str | None = None  # revisit: WARC-Refers-To record id of the original
    refers_to_date: datetime | None = None
    outlet: str | None = None  # outlet id, from the crawl's metadata record
    run_id: str | None = None
    via: str | None = None  # the page this URL was discovered on
    record_id: str | None = None
    payload_digest: str | None = None
    location: RecordLocation | None = None

    def header(self, name: str) -> str | None:
        """First value of a response header, case-insensitively."""
        lname = name.lower()
        for key, value in self.headers:
            if key.lower() == lname:
                return value
        return None

    def header_values(self, name: str) -> list[str]:
        lname = name.lower()
        return [value for key, value in self.headers if key.lower() == lname]

    @property
    def content_type(self) -> str:
        return (self.header("Content-Type") or "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset the server declared, if any (it may lie; extraction verifies)."""
        value = self.header("Content-Type") or ""
        for part in value.split(";")[1:]:
            key, _, val = part.partition("=")
            if key.strip().lower() == "charset" and val.strip():
                return val.strip().strip("\"'").lower()
        return None

    def decoded_body(self, max_bytes: int = DECODED_MAX_BYTES) -> bytes:
        """The body with Content-Encoding removed (gzip, deflate, br), as far as it decodes.

        Output stops at ``max_bytes``: a small compressed body can inflate to gigabytes (a
        "zip bomb"), and rebuild must never run out of memory on one hostile record.
        """
        data = self.body
        encodings = [e.strip().lower() for v in self.header_values("Content-Encoding") for e in v.split(",")]
        for encoding in reversed([e for e in encodings if e and e != "identity"]):
            data = _decode(data, encoding, max_bytes)
        return data[:max_bytes]

    def with_location(self, location: RecordLocation, record_id: str | None = None) -> Capture:
        return replace(self, location=location, record_id=record_id or self.record_id)


def _inflate(data: bytes, wbits: int, max_bytes: int) -> bytes:
    """Inflate zlib/gzip members one after another, never producing more than ``max_bytes``."""
    out: list[bytes] = []
    size = 0
    while data and size < max_bytes:
        d = zlib.decompressobj(wbits)
        try:
            chunk = d.decompress(data, max_bytes - size)
        except zlib.error:
            if not out:
                raise
            break  # trailing garbage after whole members: keep what inflated
        out.append(chunk)
        size += len(chunk)
        if not d.eof:
            break  # truncated member or output limit reached
        data = d.unused_data
    return b"".join(out)


def _decode(data: bytes, encoding: str, max_bytes: int) -> bytes:
    if encoding in ("gzip", "x-gzip"):
        try:
            return _inflate(data, zlib.MAX_WBITS | 16, max_bytes)
        except zlib.error:
            return data
    if encoding == "deflate":
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
            try:
                return _inflate(data, wbits, max_bytes)
            except zlib.error:
                continue
        return data
    if encoding == "br":
        try:
            import brotli

            return brotli.Decompressor().process(data, output_buffer_limit=max_bytes)[:max_bytes]
        except Exception:  # noqa: BLE001 - an undecodable body stays as it is
            return data
    return data
