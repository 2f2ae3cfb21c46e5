"""WARC/1.1 record bytes: building and parsing headers, blocks and ``application/warc-fields``.

We frame records ourselves (rather than through warcio's writer) to control header order, the
gzip level and member boundaries; warcio stays the reference reader (``warcio check``) in tests.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urlsplit

WARC_VERSION = b"WARC/1.1"
CRLF = b"\r\n"

Fields = list[tuple[str, str]]

PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
HTTP_RESPONSE_TYPE = "application/http;msgtype=response"
HTTP_REQUEST_TYPE = "application/http;msgtype=request"
WARC_FIELDS_TYPE = "application/warc-fields"
# Scrapy hands us de-chunked bodies; the header is renamed so it never lies about the body
# (StormCrawler convention, see shared/research/archiving.md 2.3).
RENAMED_PREFIX = "X-Crawler-"
RENAMED_HEADERS = ("transfer-encoding",)


def payload_digest(body: bytes) -> str:
    """``sha1:BASE32`` digest of a payload, as in WARC-Payload-Digest and CDXJ ``digest``."""
    return "sha1:" + b32_sha1(hashlib.sha1(body).digest())


_B32_PAIRS = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"]


def b32_sha1(digest: bytes) -> str:
    """``base64.b32encode`` of a 20-byte digest as text: 160 bits, 32 chars, no padding.

    Two chars per 10 bits from a table: measured 3.4 -> 1.2 us a digest (4 per capture); the
    stdlib one is pure Python in 3.11.
    """
    n = int.from_bytes(digest, "big")
    t = _B32_PAIRS
    return "".join(
        (
            t[n >> 150], t[n >> 140 & 1023], t[n >> 130 & 1023], t[n >> 120 & 1023],
            t[n >> 110 & 1023], t[n >> 100 & 1023], t[n >> 90 & 1023], t[n >> 80 & 1023],
            t[n >> 70 & 1023], t[n >> 60 & 1023], t[n >> 50 & 1023], t[n >> 40 & 1023],
            t[n >> 30 & 1023], t[n >> 20 & 1023], t[n >> 10 & 1023], t[n & 1023],
        )
    )  # fmt: skip


def new_record_id() -> str:
    return new_record_ids(1)[0]


def new_record_ids(count: int) -> list[str]:
    """``count`` WARC-Record-IDs, ``<urn:uuid:…>`` with random (version 4) UUIDs.

    What ``uuid.uuid4()`` makes, from one ``os.urandom`` call and without UUID objects: the
    version digit set to 4, the variant digit's top bits to 10. Measured: 9.9 -> 3.1 us for 3.
    """
    h = os.urandom(16 * count).hex()
    return [
        f"<urn:uuid:{h[i : i + 8]}-{h[i + 8 : i + 12]}-4{h[i + 13 : i + 16]}-"
        f"{'89ab'[int(h[i + 16], 16) & 3]}{h[i + 17 : i + 20]}-{h[i + 20 : i + 32]}>"
        for i in range(0, 32 * count, 32)
    ]


def format_warc_date(when: datetime) -> str:
    """WARC-Date in UTC; microseconds kept (WARC/1.1 allows them) when present.

    ``isoformat`` writes the same text as the strftime form below from year 1000 on: 2.3 -> 1.2 us.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    if when.year >= 1000:
        return when.isoformat()[:-6] + "Z"  # without "+00:00"
    if when.microsecond:
        return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond:06d}Z"
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_warc_date(text: str) -> datetime:
    text = text.strip().rstrip("Z")
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in text else "%Y-%m-%dT%H:%M:%S"
    if "." in text:
        head, frac = text.split(".", 1)
        text = f"{head}.{frac[:6]}"
    return datetime.strptime(text, fmt).replace(tzinfo=UTC)


def encode_header_value(value: str) -> bytes:
    """Header text to wire bytes: Latin-1 (one char per byte, the crawler's decoding), else UTF-8.

    Header bytes are opaque octets (RFC 9110 obs-text); mapping them through Latin-1 is the one
    decoding that round-trips every byte, so ``decode_header_value`` reverses it exactly. A value
    with characters beyond U+00FF (not from the wire) is written as UTF-8.
    """
    value = value.replace("\r", " ").replace("\n", " ")
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def decode_header_value(raw: bytes) -> str:
    """Wire bytes to header text, one char per byte (Latin-1), as ``crawler.capture`` does."""
    return raw.decode("latin-1")


_NAMES: dict[str, str] = {}  # header name -> as written; the same few dozen names repeat
_NAMES_MAX = 4096


def _header_name(name: str) -> str:
    """A name as written: no CR, LF or colon, stripped, chars beyond Latin-1 as ``?`` (cached)."""
    clean = _NAMES.get(name)
    if clean is None:
        clean = name.replace("\r", "").replace("\n", "").replace(":", "").strip()
        clean = clean.encode("latin-1", "replace").decode("latin-1")
        if len(_NAMES) < _NAMES_MAX:
            _NAMES[name] = clean
    return clean


def _encode_warc_value(value: str) -> bytes:
    return value.replace("\r", " ").replace("\n", " ").encode("utf-8")


def _decode_warc_value(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")  # WARC named fields are UTF-8
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def header_lines(first_line: str | None, headers: Iterable[tuple[str, str]], *, http: bool = True) -> bytes:
    """A header block ending in the blank line: an HTTP head (Latin-1) or WARC fields (UTF-8).

    Joined as text and encoded once when no value holds CR/LF and the text encodes as a whole
    the way each value would alone (HTTP: all Latin-1; WARC: all ASCII); otherwise value by
    value. Measured: 0.030 -> 0.019 ms per capture (its 5 header blocks).
    """
    parts = [] if first_line is None else [first_line, "\r\n"]
    cached = _NAMES.get
    for name, value in headers:
        parts += (cached(name) or _header_name(name), ": ", value, "\r\n")
    parts.append("\r\n")
    text = "".join(parts)
    breaks = (len(parts) - 1) // 4 + 1 + (first_line is not None)  # the CRLFs put in above
    if text.count("\r") == breaks and text.count("\n") == breaks:  # no CR/LF inside a value
        if http:
            try:
                return text.encode("latin-1")
            except UnicodeEncodeError:
                pass
        elif text.isascii():
            return text.encode("ascii")
    return _encode_by_value(parts, first_line is not None, http)


def _encode_by_value(parts: list[str], first_line: bool, http: bool) -> bytes:
    """``header_lines``'s parts encoded one by one: CR/LF in values, or mixed encodings."""
    encode = encode_header_value if http else _encode_warc_value
    out = [encode(parts[0]), CRLF] if first_line else []
    for i in range(2 if first_line else 0, len(parts) - 1, 4):
        out += [parts[i].encode("latin-1"), b": ", encode(parts[i + 2]), CRLF]
    out.append(CRLF)
    return b"".join(out)


def status_line(protocol: str, status: int, reason: str) -> str:
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"{http_version(protocol)} {status} {reason}" if reason else f"{http_version(protocol)} {status}"


def http_version(protocol: str | None) -> str:
    """The status/request-line version: ``h2`` (Scrapy's name for HTTP/2) becomes ``HTTP/2``."""
    value = (protocol or "").strip()
    if value.lower() in ("h2", "http/2", "http/2.0"):
        return "HTTP/2"
    return value.upper() if value.upper().startswith("HTTP/") else "HTTP/1.1"


def request_line(method: str, url: str, protocol: str) -> str:
    return f"{method or 'GET'} {request_target(url)} {http_version(protocol)}"


_PLAIN_URL = re.compile(r"https?://([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#.*)?")


def request_target(url: str) -> str:
    """Path and query as ``urlsplit`` finds them, ``/`` for none.

    Plain http(s) URLs (ASCII, no controls, no IPv6 brackets) are split by one regex instead:
    measured 3.0 -> 1.1 us; urlsplit strips controls and checks brackets and non-ASCII hosts.
    """
    m = _PLAIN_URL.fullmatch(url) if url.isascii() and url.isprintable() else None
    if m is not None and "[" not in m.group(1) and "]" not in m.group(1):
        path, query = m.group(2), m.group(3)
    else:
        parts = urlsplit(url)
        path, query = parts.path, parts.query
    return (path or "/") + (f"?{query}" if query else "")


def archived_response_headers(headers: Sequence[tuple[str, str]]) -> Fields:
    """Response headers as written: renamed where the body no longer matches them."""
    return [
        (RENAMED_PREFIX + name if name.lower() in RENAMED_HEADERS else name, value) for name, value in headers
    ]


def restored_response_headers(headers: Sequence[tuple[str, str]]) -> Fields:
    """Undo :func:`archived_response_headers` (a Capture's body is de-chunked by definition)."""
    out = []
    plen = len(RENAMED_PREFIX)
    for name, value in headers:
        if name[:plen].lower() == RENAMED_PREFIX.lower() and name[plen:].lower() in RENAMED_HEADERS:
            name = name[plen:]
        out.append((name, value))
    return out


def warc_fields(items: Iterable[tuple[str, object]]) -> bytes:
    """An ``application/warc-fields`` block; None values are left out."""
    return header_lines(None, [(k, str(v)) for k, v in items if v is not None], http=False)[:-2]


def build_record(rec_type: str, fields: Fields, block: bytes) -> bytes:
    """One uncompressed record: version line, named fields (+ Block-Digest, Content-Length), block."""
    fields = [
        ("WARC-Type", rec_type),
        *fields,
        ("WARC-Block-Digest", payload_digest(block)),
        ("Content-Length", str(len(block))),
    ]
    return b"".join((WARC_VERSION, CRLF, header_lines(None, fields, http=False), block, CRLF, CRLF))


def split_head(data: bytes, start: int = 0) -> tuple[list[bytes], int] | None:
    """Header lines of a block from ``start`` and the offset just past the blank line."""
    end = data.find(b"\r\n\r\n", start)
    sep = 4
    # bare-LF heads (lenient servers, old tools): look only before the CRLF blank line
    lf_end = data.find(b"\n\n", start, len(data) if end == -1 else end)
    if lf_end != -1:
        end, sep = lf_end, 2
    if end == -1:
        return None
    lines = data[start:end].split(b"\n")
    return [line.rstrip(b"\r") for line in lines], end + sep


def parse_fields(lines: Iterable[bytes], *, http: bool = True) -> Fields:
    """Named fields in order (repeats kept; folded continuation lines joined).

    ``http``: an HTTP head (Latin-1, byte per char); otherwise WARC fields (UTF-8).
    """
    decode = decode_header_value if http else _decode_warc_value
    fields: Fields = []
    for line in lines:
        line = line.rstrip(b"\r")
        if not line:
            continue
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, value + " " + decode(line.strip()))
            continue
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        fields.append((decode(name.strip()), decode(value.strip(b" \t"))))
    return fields


def get_field(fields: Sequence[tuple[str, str]], name: str) -> str | None:
    lname = name.lower()
    for key, value in fields:
        if key.lower() == lname:
            return value
    return None


def get_all(fields: Sequence[tuple[str, str]], name: str) -> list[str]:
    lname = name.lower()
    return [value for key, value in fields if key.lower() == lname]


def dechunk(body: bytes) -> bytes | None:
    """Decode a chunked transfer coding (foreign WARCs keep it); None when it is not chunked."""
    out, pos = [], 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol == -1:
            return None
        size_text = body[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return None
        if size == 0:
            return b"".join(out)
        start = eol + 2
        if start + size > len(body):
            out.append(body[start:])
            return b"".join(out)
        out.append(body[start : start + size])
        pos = start + size + 2
