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


def rsc_article_html(html: str) -> str | None:
    """The largest HTML fragment carried in the page's RSC payload, or None."""
    if "__next_f" not in html:
        return None
    chunks = []
    for match in _PUSH.finditer(html):
        try:
            chunks.append(json.loads(match.group(1)))
        except ValueError:
            continue
    if not chunks:
        return None
    payload = "".join(chunks)
    best = ""
    for match in _TEXT_ROW.finditer(payload):
        start = match.end()
        length = int(match.group(1), 16)
        # The length counts UTF-8 bytes; slice by bytes to find the row's end.
        raw = payload[start:start + length * 2].encode("utf-8")[:length].decode("utf-8", "ignore")
        if "<p" in raw and len(raw) > len(best):
            best = raw
    return best if len(best) >= MIN_HTML else None
