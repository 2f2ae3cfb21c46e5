"""Article HTML hidden in Next.js App Router pages (``self.__next_f.push([1, "..."])`` payloads).

Some outlets (한국일보 2026) ship the article only inside React Server Component payload strings;
a plain HTML parser sees an empty page. The payload rows are JSON string literals; rows of the
form ``<id>:T<hex length>,<html>`` carry raw HTML text. We decode the string literals, join them,
and return the longest HTML-looking text row, which the generic layer then reads like a page.
"""

from __future__ import annotations

import json
import re

_PUSH = re.compile(r'self\.__next_f\.push\(\[1,\s*("(?:[^"\\]|\\.)*")\]\)', re.S)
_TEXT_ROW = re.compile(r"(?:^|\n)[0-9a-f]+:T([0-9a-f]+),", re.I)
MIN_HTML = 500


_DATE_KEY = re.compile(r'"(\w{0,20}?(?:[Pp]ublish\w{0,12}|[Dd]eploy(?:Dt|Date|Time)|[Rr]egi?(?:Dt|Date)|[Ii]nput(?:Dt|Date)|'
                       r'[Uu]pdate\w{0,12}|[Mm]odif\w{0,12}))"\s*:\s*"([^"]{8,40})"')
_MODIFIED_KEY = re.compile(r"^(?:re|last|upd|mod)|[Uu]pdate|[Mm]odif")


def rsc_payload(html: str) -> str | None:
    """The page's RSC payload strings, decoded and joined (None when the page has none)."""
    if "__next_f" not in html:
        return None
    chunks = []
    for match in _PUSH.finditer(html):
        try:
            chunks.append(json.loads(match.group(1)))
        except ValueError:
            continue
    return "".join(chunks) or None


def rsc_dates(payload: str) -> tuple[str | None, str | None]:
    """First publication / modification date values found under date-like keys of the payload state."""
    published = modified = None
    for match in _DATE_KEY.finditer(payload):
        if _MODIFIED_KEY.search(match.group(1)):
            modified = modified or match.group(2)
        else:
            published = published or match.group(2)
    return published, modified


def rsc_article_html(html: str, payload: str | None = None) -> str | None:
    """The largest HTML fragment carried in the page's RSC payload, or None."""
    payload = payload if payload is not None else rsc_payload(html)
    if not payload:
        return None
    best = ""
    for match in _TEXT_ROW.finditer(payload):
        start = match.end()
        length = int(match.group(1), 16)
        # The length counts UTF-8 bytes; slice by bytes to find the row's end.
        raw = payload[start:start + length * 2].encode("utf-8")[:length].decode("utf-8", "ignore")
        if "<p" in raw and len(raw) > len(best):
            best = raw
    return best if len(best) >= MIN_HTML else None
