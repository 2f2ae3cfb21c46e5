"""Serve one archived response from its WARC record, safely, for the "captured page" view.

The archived HTML is hostile by assumption. It is served

* under its own path (``/captures/{id}/raw``), addressed by capture id → (WARC file, offset) from the
  database, never by a path taken from the URL;
* decoded with its recorded charset (the extractor's ``decode_html``: HTTP charset, then a verified
  ``<meta charset>``, so a lying meta does not garble Hangul) and re-served as UTF-8;
* with ``Content-Security-Policy: sandbox`` (no ``allow-scripts``, no ``allow-same-origin``: an
  opaque origin that can run nothing) and ``default-src 'none'`` so nothing is fetched from the live
  web; only archived images/styles from this server may load;
* with links and image sources rewritten to ``/captures/lookup?url=…``, which resolves a URL to its
  latest capture in the archive (or says it was not archived) instead of leaving the archive.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

from archive.capture import Capture

log = logging.getLogger(__name__)

SANDBOX_CSP = (
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "font-src 'none'; media-src 'none'; connect-src 'none'; script-src 'none'; object-src 'none'; "
    "frame-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)
REPLAY_HEADERS = {
    "Content-Security-Policy": SANDBOX_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=3600",
}
LOOKUP_PATH = "/captures/lookup"
MAX_REWRITE_BYTES = 8_000_000  # bigger pages are served without link rewriting (CSP still applies)

# One tag at a time, then the attribute inside that tag: ``[^<>]*`` cannot run past the tag, so the
# scan is linear even on hostile pages (a lazy ``[^>]*?`` plus a later ``\s`` backtracked
# quadratically: 120 KB of ``"<a "`` took ~46 s).
_URL_TAG = re.compile(r"<(?:a|area|img|link|source|input)\b[^<>]*>?", re.IGNORECASE)
_URL_ATTR = re.compile(
    r"""(\s(?:href|src)\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
_META_TAG = re.compile(r"<meta\b[^<>]*>?", re.IGNORECASE)
_META_REFRESH = re.compile(r"""(http-equiv\s*=\s*["']?)refresh""", re.IGNORECASE)
_BASE_TAG = re.compile(r"<base\b[^<>]*>?", re.IGNORECASE)
_BASE_HREF = re.compile(r"""\shref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


class ReplayError(Exception):
    """The capture's record cannot be read (missing file, bad offset)."""


@dataclass(frozen=True)
class ReplayBody:
    body: bytes
    media_type: str
    encoding: str | None  # the charset the page was decoded from (HTML/text only)


def warc_path(warc_dir: Path, name: str) -> Path:
    """Resolve a WARC file name from the database inside ``warc_dir``; refuse anything outside it."""
    root = warc_dir.resolve()
    path = (root / name).resolve()
    if root != path.parent and root not in path.parents:
        raise ReplayError(f"WARC file outside the archive: {name!r}")
    if not path.is_file():
        raise ReplayError(f"WARC file missing: {name}")
    return path


def load_capture(warc_dir: Path, warc_file: str, offset: int) -> Capture:
    from archive.warc import read_capture

    path = warc_path(warc_dir, warc_file)
    try:
        return read_capture(path, int(offset))
    except Exception as exc:  # noqa: BLE001 - any reader error is a per-capture error page
        raise ReplayError(f"cannot read record at {warc_file}:{offset}: {exc}") from exc


def decode_text(data: bytes, content_type: str | None) -> tuple[str, str]:
    try:
        from archive.extract import decode_html
    except ImportError:  # extraction not available: fall back to the HTTP charset
        decode_html = None
    if decode_html is not None:
        return decode_html(data, content_type)
    charset = "utf-8"
    for part in (content_type or "").split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    try:
        return data.decode(charset, errors="replace"), charset
    except LookupError:
        return data.decode("utf-8", errors="replace"), "utf-8"


def lookup_url(url: str) -> str:
    return f"{LOOKUP_PATH}?url={quote(url, safe='')}"


def rewrite_html(text: str, base_url: str) -> str:
    """Point links and images at the archive, disarm meta refresh. Regex, not a parser: it must
    never fail on malformed markup, and whatever it misses is still blocked by the CSP."""
    base = base_url
    for tag in _BASE_TAG.finditer(text):
        match = _BASE_HREF.search(tag.group(0))
        if match:
            base = urljoin(base_url, match.group(1))
            break

    def repl(m: re.Match[str]) -> str:
        raw = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        value = raw.strip()
        if not value or value.startswith(("#", "data:", "javascript:", "mailto:", "tel:")):
            if value.lower().startswith("javascript:"):
                return f'{m.group(1)}"#"'
            return m.group(0)
        absolute = urljoin(base, value.replace("&amp;", "&"))
        if not absolute.startswith(("http://", "https://")):
            return f'{m.group(1)}"#"'
        return f'{m.group(1)}"{lookup_url(absolute)}"'

    text = _URL_TAG.sub(lambda tag: _URL_ATTR.sub(repl, tag.group(0), count=1), text)
    return _META_TAG.sub(lambda tag: _META_REFRESH.sub(r"\1x-archived-refresh", tag.group(0)), text)


def render_body(capture: Capture) -> ReplayBody:
    """The bytes to send for a capture: HTML/text decoded and re-encoded as UTF-8, images as is,
    anything else as plain text (never interpreted by the browser)."""
    data = capture.decoded_body()
    ctype = capture.content_type or "application/octet-stream"
    header_ctype = capture.header("Content-Type")
    if ctype in ("text/html", "application/xhtml+xml") or (not capture.content_type and data[:1] == b"<"):
        text, encoding = decode_text(data, header_ctype)
        if len(data) <= MAX_REWRITE_BYTES:
            text = rewrite_html(text, capture.url)
        return ReplayBody(text.encode("utf-8"), "text/html; charset=utf-8", encoding)
    if ctype.startswith("image/"):
        return ReplayBody(data, ctype, None)
    if ctype.startswith("text/") or ctype.endswith(("xml", "json", "javascript")):
        text, encoding = decode_text(data, header_ctype)
        return ReplayBody(text.encode("utf-8"), "text/plain; charset=utf-8", encoding)
    return ReplayBody(data, "application/octet-stream", None)
