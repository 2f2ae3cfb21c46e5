"""Korean news dates to ISO 8601 in KST (+09:00).

Pages print dates as ``입력 2024.01.16 17:19``, ``등록 2024-01-16 17:19:34``,
``입력 : 2019년 08월 13일(화) 21:09``, ``기사승인 2019. 09. 16. 11:12``, ``오후 3:05``...
The label says what the date is: 입력/등록/승인 are publication, 수정 is modification, and
``최종편집`` is a *site-wide* timestamp that must never be taken for the article's date.
"""

from __future__ import annotations

import re
from datetime import datetime

from archive.kst import KST

_DATE = (
    r"(?P<y>(?:19|20)\d{2})\s*(?:[.\-/]|년)\s*(?P<m>[01]?\d)\s*(?:[.\-/]|월)\s*(?P<d>[0-3]?\d)\s*(?:일|\.)?"
    r"(?:\s*\(\s*[월화수목금토일A-Za-z]{1,3}\s*\))?"
    r"(?:\s*(?P<ap1>오전|오후|AM|PM|am|pm)?\s*(?P<H>[0-2]?\d)\s*(?::|시)\s*(?P<M>[0-5]\d)"
    r"(?:\s*(?::|분)\s*(?P<S>[0-5]\d))?(?:\s*초)?(?:\s*(?P<ap2>AM|PM|am|pm)\b)?)?"
)
DATE_RE = re.compile(_DATE)
_PUBLISHED = (r"기사\s*입력|기사\s*승인|기사\s*등록|최초\s*입력|최초\s*등록|입력일?|등록일?|승인일?|게재일?|발행일?|송고일?|"
              r"작성일?|Published|Posted")
_MODIFIED = r"최종\s*수정|기사\s*수정|수정일?|업데이트|Updated|Modified"
_IGNORED = r"최종\s*편집"  # a site-wide clock, never the article date
LABELLED_RE = re.compile(
    rf"(?P<label>{_IGNORED}|{_MODIFIED}|{_PUBLISHED})\s*(?:시간|일시|일자)?\s*[\])>】]?\s*[:：|]?\s*(?:{_DATE})"
)
_IGNORED_RE = re.compile(_IGNORED)
_MODIFIED_RE = re.compile(_MODIFIED)
_ZONE_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")
_FRACTION = re.compile(r"\.\d+(?=[+-]\d{2}:\d{2}$|$)")
_NO_SECONDS = re.compile(r"T(\d{2}):(\d{2})([+-]|$)")


def _build(match: re.Match, with_time: bool = True) -> datetime | None:
    try:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        hour = int(match["H"]) if with_time and match["H"] else 0
        minute = int(match["M"]) if with_time and match["M"] else 0
        second = int(match["S"]) if with_time and match["S"] else 0
        ampm = (match["ap1"] or match["ap2"] or "").lower()
        if ampm in ("오후", "pm") and hour < 12:
            hour += 12
        elif ampm in ("오전", "am") and hour == 12:
            hour = 0
        return datetime(year, month, day, hour, minute, second, tzinfo=KST)
    except (ValueError, TypeError):
        return None


def format_kst(value: datetime) -> str:
    """ISO 8601 in KST, seconds precision: ``2024-01-16T17:19:00+09:00``."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=KST)
    return value.astimezone(KST).replace(microsecond=0).isoformat()


def parse_kr_datetime(text: str | None) -> str | None:
    """The first date (with time when printed) in a piece of Korean text, as ISO KST."""
    if not text:
        return None
    match = DATE_RE.search(text)
    if not match:
        return None
    value = _build(match)
    return format_kst(value) if value else None


def has_time(text: str | None) -> bool:
    match = DATE_RE.search(text or "")
    return bool(match and match["H"])


def parse_iso(value: str | None) -> str | None:
    """A machine date (meta tag, JSON-LD): ISO 8601 in any zone -> KST; naive means KST."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    fixed = _ZONE_NO_COLON.sub(r"\1:\2", value.replace("Z", "+00:00"))
    fixed = _FRACTION.sub("", fixed)
    fixed = _NO_SECONDS.sub(r"T\1:\2:00\3", fixed)
    try:
        parsed = datetime.fromisoformat(fixed)
    except ValueError:
        return parse_kr_datetime(value)
    return format_kst(parsed)


def find_labelled(text: str) -> list[tuple[str, str, int]]:
    """Labelled dates in text: ``(kind, iso, position)`` with kind ``published`` or ``modified``.

    Site clocks (``최종편집:``) are skipped, never returned.
    """
    return [(kind, value, position) for kind, value, position, _ in find_labelled_timed(text)]


def find_labelled_timed(text: str) -> list[tuple[str, str, int, bool]]:
    """Like ``find_labelled`` plus whether a time of day was printed (a bare date is weak evidence)."""
    found = []
    for match in LABELLED_RE.finditer(text):
        label = match["label"]
        if _IGNORED_RE.fullmatch(label):
            continue
        value = _build(match)
        if value is None:
            continue
        kind = "modified" if _MODIFIED_RE.fullmatch(label) else "published"
        found.append((kind, format_kst(value), match.start(), bool(match["H"])))
    return found


def minutes_apart(a: str, b: str) -> float:
    return abs((datetime.fromisoformat(a) - datetime.fromisoformat(b)).total_seconds()) / 60
