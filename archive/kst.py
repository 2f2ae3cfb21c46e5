"""Korean time, once: the archive's dates are KST, and a bare date means a whole KST day.

Publication times are stored as ISO 8601 text with their offset (``+09:00``), capture times in UTC.
Every date filter (search, export, the browser) turns what the user typed into instants here, so
"--until 2026-01-31" means the same thing everywhere: up to midnight KST at the end of that day.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = ["KST", "day_bounds", "parse_datetime", "utc_text"]

KST = timezone(timedelta(hours=9), "KST")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_datetime(value: str | datetime | date) -> datetime:
    """An aware datetime from ISO 8601 text; naive values and bare dates are KST."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time())
    else:
        dt = datetime.fromisoformat(value.strip())
    return dt if dt.tzinfo else dt.replace(tzinfo=KST)


def _is_day(value: str | date) -> bool:
    if isinstance(value, datetime):
        return False
    return isinstance(value, date) or bool(_DATE_ONLY.match(value.strip()))


def day_bounds(
    since: str | date | None, until: str | date | None
) -> tuple[datetime | None, datetime | None]:
    """``[start, end)`` instants for a since/until filter: a bare ``until`` date includes its whole
    KST day, a time is taken as the last included minute. Raises ValueError for text that is not
    an ISO date or date-time, with a message a user can act on."""
    try:
        start = parse_datetime(since) if since else None
        end = None
        if until:
            end = parse_datetime(until)
            end += timedelta(days=1) if _is_day(until) else timedelta(minutes=1)
    except ValueError as exc:
        raise ValueError(f"not an ISO date (YYYY-MM-DD or YYYY-MM-DDTHH:MM+09:00): {exc}") from None
    return start, end


def utc_text(instant: datetime) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in UTC: what SQLite's ``datetime()`` makes of any ISO 8601 text with
    an offset, so instants written with different offsets compare correctly in SQL."""
    return instant.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
