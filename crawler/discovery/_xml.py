"""Safe byte handling shared by the discovery parsers: size caps, bounded gunzip, hardened lxml."""

from __future__ import annotations

import re
import zlib
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from html.entities import name2codepoint
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

KST = timezone(timedelta(hours=9), "KST")
MAX_INPUT_BYTES = 50 * 1024 * 1024  # a feed/sitemap/list page larger than this is refused
MAX_GUNZIP_BYTES = 50 * 1024 * 1024  # sitemaps.org caps uncompressed sitemaps at 50 MB


class InputTooLarge(ValueError):
    """The body (or what it inflates to) exceeds the configured cap."""


def maybe_gunzip(data: bytes, limit: int = MAX_GUNZIP_BYTES) -> bytes:
    """Inflate a gzip body (magic bytes decide), refusing to inflate past ``limit`` (zip bombs)."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLarge(f"body is {len(data)} bytes, over the {MAX_INPUT_BYTES} byte cap")
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise ValueError(f"broken gzip body: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise InputTooLarge(f"gzip body inflates past {limit} bytes")
    return out


_PARSER_ARGS = dict(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)


def parse_xml(data: bytes) -> tuple[etree._Element | None, list[str]]:
    """Parse XML without entities, DTDs or network; recover from damage, report it."""
    errors: list[str] = []
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    strict = etree.XMLParser(recover=False, **_PARSER_ARGS)
    try:
        return etree.fromstring(data, strict), errors
    except etree.XMLSyntaxError as exc:
        errors.append(f"malformed XML: {exc}")
    except ValueError as exc:  # e.g. unicode string with encoding declaration
        errors.append(f"unparsable XML: {exc}")
    fixed = _HTML_ENTITY.sub(_numeric_entity, data)
    if fixed != data:  # HTML entities (&nbsp; &middot;) are the commonest damage in Korean feeds
        try:
            return etree.fromstring(fixed, strict), errors
        except (etree.XMLSyntaxError, ValueError):
            data = fixed
    loose = etree.XMLParser(recover=True, **_PARSER_ARGS)
    try:
        root = etree.fromstring(data, loose)
    except (etree.XMLSyntaxError, ValueError) as exc:
        errors.append(f"unrecoverable XML: {exc}")
        return None, errors
    if root is None:
        errors.append("no XML document found")
    return root, errors


_HTML_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    code = name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % code if code is not None else b""


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_html(html: str | bytes, base_url: str | None = None):
    """lxml.html document, or None; str input may carry an XHTML ``<?xml …?>`` declaration."""
    if isinstance(html, str):
        html = _XML_DECL.sub("", html, count=1)
    try:
        return lxml.html.fromstring(html or "<html/>", base_url=base_url)
    except (etree.ParserError, ValueError):
        return None


def local(tag: object) -> str:
    """Tag name without namespace, lowercased ('' for comments/PIs)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def parse_fragment(data: bytes) -> etree._Element | None:
    """One element cut out of a damaged document (undeclared prefixes are tolerated)."""
    parser = etree.XMLParser(recover=True, **_PARSER_ARGS)
    try:
        return etree.fromstring(_HTML_ENTITY.sub(_numeric_entity, data), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def child_text(el: etree._Element, *names: str) -> str | None:
    """Text of the first direct child whose local name is one of ``names``."""
    wanted = {n.lower() for n in names}
    for child in el:
        if local(child.tag) in wanted:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def resolve(href: str | None, base_url: str | None) -> str | None:
    """Absolute http(s) URL for ``href`` (relative to ``base_url``), or None if it is not one."""
    if not href:
        return None
    href = href.strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not href:
        return None
    try:
        url = urljoin(base_url, href) if base_url else href
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


_KR_DATE = re.compile(
    r"(\d{4})[-./년]\s*(\d{1,2})[-./월]\s*(\d{1,2})일?(?:[T\s]+(?:(오전|오후)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


def parse_date(text: str | None) -> datetime | None:
    """Feed/sitemap dates: RFC 822, W3C/ISO 8601, or Korean 'YYYY-MM-DD HH:MM'. Naive → KST."""
    if not text:
        return None
    text = text.strip()
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            value = None
    if value is None:
        m = _KR_DATE.search(text)
        if not m:
            return None
        year, month, day, ampm, hh, mm, ss = m.groups()
        hour = int(hh or 0)
        if ampm == "오후" and hour < 12:
            hour += 12
        elif ampm == "오전" and hour == 12:
            hour = 0
        try:
            value = datetime(int(year), int(month), int(day), hour, int(mm or 0), int(ss or 0))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=KST)
    return value.astimezone(KST)
