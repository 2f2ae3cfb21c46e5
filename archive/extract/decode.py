"""Bytes to text for Korean pages: declared charsets are hints, the bytes decide.

Korean outlets often lie about their encoding (a page declaring ``euc-kr`` that is really UTF-8,
or EUC-KR bytes served as ``iso-8859-1``). We take the BOM, the HTTP charset and the ``<meta>``
declaration as hints, then verify: UTF-8 wins when the bytes are valid UTF-8, CP949 (a superset of
EUC-KR, so EUC-KR is always read as CP949) when they are valid CP949, otherwise the candidate that
decodes with the fewest errors. Hangul is never mangled into Latin-1.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_checked", "decode_html", "declared_charset", "normalize_encoding"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_KOREAN = {"euc-kr", "euckr", "cp949", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "x-windows-949",
           "windows-949", "uhc", "euc_kr", "ms949", "korean", "ks-c-5601", "ks-c-5601-1987"}
_LATIN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1"}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_SNIFF_BYTES = 16_384


def normalize_encoding(name: str | None) -> str | None:
    """Map a declared charset to the codec we actually use (EUC-KR family -> cp949)."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _KOREAN:
        return "cp949"
    if name in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _http_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip()
    return None


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the page claims: HTTP header first, then the first ``<meta>`` declaration."""
    declared = normalize_encoding(_http_charset(content_type))
    if declared:
        return declared
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    return normalize_encoding(match.group(1).decode("ascii", "ignore")) if match else None


def _errors(data: bytes, encoding: str) -> int:
    """Number of undecodable positions (a truncated multibyte tail does not count)."""
    try:
        data.decode(encoding)
        return 0
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason.startswith("unexpected end"):
            return 0
    except LookupError:
        return len(data)
    return data.decode(encoding, "replace").count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a page's bytes; returns ``(text, encoding)``. Never raises on bad bytes."""
    text, encoding, _ = decode_checked(data, content_type)
    return text, encoding


def decode_checked(data: bytes, content_type: str | None = None) -> tuple[str, str, bool]:
    """``decode_html`` plus whether the text is exactly ``data`` read as UTF-8 (ASCII or valid
    UTF-8, no BOM): then the parser can read the bytes themselves, which is quicker than a str."""
    if not data:
        return "", "utf-8", False
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "replace"), encoding, False
    declared = declared_charset(data, content_type)
    if data.isascii():
        return data.decode("ascii"), declared or "utf-8", True
    try:  # valid UTF-8 with non-ASCII is UTF-8, whatever is declared (decoded once, not checked then decoded)
        return data.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError:
        utf8_errors = _errors(data, "utf-8")
    if utf8_errors == 0:
        return data.decode("utf-8", "replace"), "utf-8", False  # only a multibyte character cut at the end
    candidates: list[str] = ["utf-8", "cp949"]
    if declared and declared not in candidates and declared not in _LATIN:
        candidates.append(declared)
    scores = {enc: utf8_errors if enc == "utf-8" else _errors(data, enc) for enc in candidates}
    # Prefer the declaration when it decodes cleanly; otherwise the cleanest decoding.
    if declared in scores and scores[declared] == 0:
        best = declared
    else:
        best = min(candidates, key=lambda enc: (scores[enc], enc != "utf-8"))
    if declared == "cp949" and scores["utf-8"] == 0:
        best = "utf-8"  # valid UTF-8 with Hangul is essentially never valid-looking CP949 by chance
    return data.decode(best, "replace"), best, False
