"""What every view needs: the read-only database, the WARC directory, the templates."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from archive.kst import KST
from archive.store import Store
from archive.web.db import ReadOnlyDB

HERE = Path(__file__).parent


def kst(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """ISO 8601 (any offset, or naive UTC) → KST display text; dates are always shown in KST."""
    if not value:
        return ""
    try:
        dt = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return str(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(KST).strftime(fmt)


def number(value: Any) -> str:
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return ""


def percent(value: Any) -> str:
    return "–" if value is None else f"{float(value):.0%}"


INGEST_STATUS_KO = {
    "saved": "저장",
    "new_version": "새 버전",
    "unchanged": "변화 없음",
    "not_article": "기사 아님",
    "error": "추출 오류",
    "skipped": "건너뜀",
}


def status_ko(value: Any) -> str:
    return INGEST_STATUS_KO.get(str(value), str(value or ""))


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?…`` for a link that keeps the current filters and changes some (None drops a key)."""
    merged = {**params, **changes}
    items = [(k, v) for k, v in merged.items() if v not in (None, "", False)]
    return "?" + urlencode(items) if items else "?"


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every value is escaped unless it is Markup built by our own code
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(kst=kst, number=number, percent=percent, status_ko=status_ko)
    env.globals.update(query_string=query_string)
    return Jinja2Templates(env=env)


@dataclass
class WebState:
    data_dir: Path
    pywb_url: str | None = None  # e.g. http://127.0.0.1:8081/newsarchive — optional replay links
    db: ReadOnlyDB = field(init=False)
    templates: Jinja2Templates = field(init=False)

    _cache: dict[str, tuple[float, Any]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)
        self.db = ReadOnlyDB(self.data_dir / "archive.db")
        self.templates = make_templates()

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"

    def store(self) -> Store:
        return self.db.store()

    def conn(self) -> sqlite3.Connection:
        return self.db.store().conn

    def cached(self, key: str, ttl: float, compute: Callable[[], Any]) -> Any:
        """A value recomputed at most every ``ttl`` seconds (whole-archive aggregates such as outlet
        health scan every article; they need not be fresher than a crawl run)."""
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < ttl:
            return hit[1]
        value = compute()
        self._cache[key] = (now, value)
        return value

    def render(self, request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, context, status_code=status_code)


def web_state(request: Request) -> WebState:
    return request.app.state.web
