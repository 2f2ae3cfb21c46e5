"""THE ingest function: one archived HTTP exchange (a ``Capture``) into the archive database.

Called live by the crawler's pipeline and by ``archive.rebuild`` for every WARC record, so both
paths produce the same rows. Steps: record the capture → decode → extract → canonical URL →
article upsert (new article, new version, or unchanged) → clusters and search index. Bad input
never raises: it becomes a capture row with ``ingest_status='error'`` and its reason.
"""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext, suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archive.store import writes
from archive.urls import canonicalize, is_article_url, is_list_url

if TYPE_CHECKING:
    from archive.capture import Capture
    from archive.store import Store

__all__ = ["Extracted", "IngestResult", "article_key", "ingest", "prepare"]

logger = logging.getLogger(__name__)

STATUSES = ("saved", "new_version", "unchanged", "not_article", "error", "skipped")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did; ``reason`` says why for error/skipped/not_article."""

    status: str
    article_id: int | None = None
    version_id: int | None = None
    reason: str | None = None
    capture_id: int | None = None
    cluster_id: int | None = None


@dataclass(frozen=True)
class Extracted:
    """A known extraction outcome for a capture (rebuild reuses the previous database's).

    ``dedup`` (the body's `archive.dedup.BodyKeys`), ``search_tokens``
    (`archive.search.index.index_tokens` of title, subtitle, body), ``content_hash`` and
    ``article_key`` (the canonical URL, when the extractor named the CMS family): store-free
    work that `prepare` does ahead of the store writer (`precompute`); when absent the writer
    computes them, and the rows are the same."""

    fields: dict[str, Any] | None = None
    not_article_reason: str | None = None
    error: str | None = None
    dedup: Any = None
    search_tokens: tuple[str, str, str, str] | None = None
    content_hash: str | None = None
    article_key: str | None = None


def ingest(
    capture: Capture,
    store: Store,
    *,
    overrides: dict[str, Any] | None = None,
    extracted: Extracted | None = None,
    atomic: bool = True,
) -> IngestResult:
    """Turn one capture into rows, atomically. Idempotent per WARC record (record_id).

    ``extracted`` skips running the extractor (rebuild without ``--reextract``).
    ``atomic=False`` is for a caller that holds an open transaction and rolls *all* of it back
    when this raises, then ingests again with ``atomic=True`` (the crawl's ingest worker): no
    savepoints (each cost ~0.2 ms in a batch, ~8% of an ingest), and a store error raises
    instead of becoming an error row. The rows written are the same either way.
    """
    existing = writes.find_capture(store, capture)
    if existing is not None:
        return IngestResult("skipped", existing[2], None, "already ingested", existing[0])
    outlet = capture.outlet or store.outlet_for_url(capture.url)
    with store.transaction() if atomic else nullcontext():
        capture_id = writes.record_capture(store, capture, outlet)
        result = _ingest_recorded(capture, store, capture_id, outlet, overrides, extracted, atomic)
        writes.finish_capture(
            store,
            capture_id,
            result.status,
            error=result.reason if result.status in ("error", "skipped", "not_article") else None,
            article_id=result.article_id,
            version_id=result.version_id,
        )
    return result


def _ingest_recorded(
    capture: Capture,
    store: Store,
    capture_id: int,
    outlet: str | None,
    overrides: dict[str, Any] | None,
    extracted: Extracted | None,
    atomic: bool = True,
) -> IngestResult:
    outlet_row = store.outlet(outlet) if outlet else None
    outlet_cms = (outlet_row or {}).get("cms")
    if capture.kind == "revisit":
        return IngestResult(
            "skipped", _revisited_article(store, capture, outlet_cms), None, "revisit", capture_id
        )
    if not 200 <= capture.status < 300:
        return IngestResult("skipped", None, None, f"http {capture.status}", capture_id)
    if not _is_html(capture):
        return IngestResult(
            "skipped", None, None, f"not html ({capture.content_type or 'no type'})", capture_id
        )
    if _is_listing(capture.url, outlet_cms):
        # Lists and home pages are archived but never articles, whatever the extractor thinks of
        # them: the crawler only hands article pages to live ingest, rebuild reads every record.
        return IngestResult("not_article", None, None, "list or home page (URL shape)", capture_id)
    if extracted is None:
        extracted = _extract(capture, outlet_row, overrides)
    if extracted.error is not None:
        return IngestResult("error", None, None, extracted.error, capture_id)
    if extracted.fields is None:
        return IngestResult("not_article", None, None, extracted.not_article_reason, capture_id)
    fields = dict(extracted.fields)
    fields["url"] = fields.get("url") or capture.url
    key = (extracted.article_key if fields.get("cms") else None) or article_key(
        fields.get("canonical_url"), capture.url, fields.get("cms") or outlet_cms
    )
    if capture.truncated:
        if writes.article_id_for(store, key) is not None:
            return IngestResult("skipped", writes.article_id_for(store, key), None, "truncated", capture_id)
        note = f"truncated capture ({capture.truncated})"
        if note not in (fields.get("warnings") or []):
            fields["warnings"] = [*(fields.get("warnings") or []), note]
    seen = writes.iso_utc(capture.fetched_at)
    assert seen is not None
    if not atomic:  # the caller rolls back and retries atomically if this raises
        status, article_id, version_id = writes.save_article(store, key, outlet, fields, capture_id, seen, extracted)
        return IngestResult(status, article_id, version_id, None, capture_id, _cluster_of(store, article_id))
    try:
        with store.transaction():
            status, article_id, version_id = writes.save_article(
                store, key, outlet, fields, capture_id, seen, extracted
            )
    except Exception as exc:  # noqa: BLE001 - keep the capture and its error; the run goes on
        logger.exception("could not store article from %s", capture.url)
        return IngestResult("error", None, None, f"store: {type(exc).__name__}: {exc}", capture_id)
    return IngestResult(status, article_id, version_id, None, capture_id, _cluster_of(store, article_id))


def prepare(
    capture: Capture, *, overrides: dict[str, Any] | None = None, cms: str | None = None
) -> Extracted | None:
    """The part of `ingest` that needs no store: extraction, for a capture that `ingest` would
    extract (None for revisits, errors, non-HTML, lists). Its result goes to ``ingest(...,
    extracted=...)``, possibly in another process: the crawl extracts in a second worker while
    the store writer runs (bench/README.md "Crawl"); the rows are the same as ``ingest`` alone.

    ``overrides`` and ``cms`` are the outlet's, as the registry gives them (``ingest`` reads the
    same registry entry from the store's ``outlets`` row).
    """
    if capture.kind == "revisit" or not 200 <= capture.status < 300:
        return None
    if not _is_html(capture) or _is_listing(capture.url, cms):
        return None
    return precompute(_extract(capture, None, overrides), capture.url)


def preload() -> None:
    """Import now what `prepare` would import on its first article: the extractors (lxml),
    datasketch's MinHash (with scipy, ~0.8 CPU-s) and the search tokenizer.

    The crawl's prepare worker calls this as it starts, while the crawl is still fetching
    robots.txt and feeds and the CPU is mostly idle, instead of at its first article, when the
    crawl is busiest."""
    import archive.extract  # noqa: F401 - imported for its side effect: loaded once
    from archive import shingles

    shingles.text_signature("preload")  # builds datasketch's MinHash (importing datasketch, scipy)
    with suppress(ImportError):  # no search index in this checkout (see `precompute`)
        import archive.search.index  # noqa: F401


def precompute(extracted: Extracted, url: str | None = None) -> Extracted:
    """``extracted`` with the store-free parts of saving its article: the body's dedup keys
    (`archive.dedup.body_keys`), the search index tokens, the content hash and (given the
    fetched ``url``) the article key. `prepare` runs this in the crawl's prepare worker, so the
    store writer (the one process that cannot run in parallel) skips ~0.7 ms per article; the
    pickled result grows by ~0.6 KB plus the tokens (~8 bytes per character of text)."""
    fields = extracted.fields
    if fields is None:
        return extracted
    from archive import dedup

    ahead: dict[str, Any] = {}
    if extracted.content_hash is None:
        ahead["content_hash"] = writes.content_hash(fields)
    if extracted.article_key is None and url and fields.get("cms"):  # else it depends on the outlet's cms
        ahead["article_key"] = article_key(fields.get("canonical_url"), url, fields["cms"])
    if extracted.dedup is None:
        ahead["dedup"] = dedup.body_keys(fields.get("body") or "")
    if extracted.search_tokens is None:
        try:
            from archive.search.index import index_tokens
        except ImportError:  # no search index in this checkout: the writer skips it too
            pass
        else:
            text = (fields.get("title") or "", fields.get("subtitle") or "", fields.get("body") or "")
            ahead["search_tokens"] = index_tokens(*text)
    return replace(extracted, **ahead) if ahead else extracted


def _cluster_of(store: Store, article_id: int) -> int | None:
    cluster = store.conn.execute("SELECT cluster_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    return cluster[0] if cluster else None


def _extract(
    capture: Capture, outlet_row: dict[str, Any] | None, overrides: dict[str, Any] | None
) -> Extracted:
    from archive.extract import extract  # imported on first use: extraction pulls in lxml & co.

    if overrides is None and outlet_row and outlet_row.get("overrides"):
        # The registry's [outlet.overrides] table; extraction takes its selectors (as the crawler passes).
        stored = json.loads(outlet_row["overrides"])
        overrides = (stored.get("selectors") if isinstance(stored, dict) else None) or None
    try:
        article = extract(
            capture.decoded_body(),
            capture.url,
            content_type=capture.header("Content-Type"),
            overrides=overrides,
        )
    except Exception as exc:  # noqa: BLE001 - a hostile page is a per-URL error, never a crash
        logger.warning("extraction failed for %s: %s", capture.url, exc)
        return Extracted(error=f"extract: {type(exc).__name__}: {exc}")
    return outcome(article)


#: Warnings with which ``extract`` reports that it failed (it never raises on bad input).
FAILURE_WARNINGS = ("extraction failed", "page too deeply nested")


def outcome(article: Any) -> Extracted:
    """An extractor result as an ingest outcome: an article, a non-article, or a failure."""
    if article.is_article:
        return Extracted(fields=article.to_dict())
    failures = [w for w in article.warnings if w.startswith(FAILURE_WARNINGS)]
    if failures:
        return Extracted(error="extract: " + "; ".join(failures))
    return Extracted(not_article_reason="; ".join(article.warnings) or "not an article page")


def _revisited_article(store: Store, capture: Capture, cms: str | None) -> int | None:
    """The article a revisit belongs to: via the record it refers to, else its URL."""
    for sql, arg in (
        ("SELECT article_id FROM captures WHERE record_id = ? AND article_id IS NOT NULL", capture.refers_to),
        ("SELECT id FROM articles WHERE url = ?", _canonical(capture.url, cms)),
        (
            "SELECT article_id FROM captures WHERE url = ? AND article_id IS NOT NULL"
            " ORDER BY fetched_at DESC LIMIT 1",
            capture.url,
        ),
    ):
        if arg:
            row = store.conn.execute(sql, (arg,)).fetchone()
            if row:
                return row[0]
    return None


def _is_html(capture: Capture) -> bool:
    ctype = capture.content_type
    if ctype in HTML_TYPES:
        return True
    if ctype and ctype not in ("application/octet-stream", "text/plain"):
        return False
    head = capture.decoded_body(max_bytes=1024).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


_HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.php", "/main.html", "/main.php")


def _is_listing(url: str, cms: str | None) -> bool:
    try:
        path = urlsplit(url).path
    except ValueError:
        return False
    if is_article_url(url, cms):  # old NDSoft article URLs live on "/?mod=news&act=articleView…"
        return False
    return path in _HOME_PATHS or is_list_url(url)


def _canonical(url: str, cms: str | None) -> str:
    try:
        return canonicalize(url, cms)
    except Exception:  # noqa: BLE001 - an odd URL keys on itself
        return url


def _fold(host: str | None) -> str:
    host = (host or "").lower()
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def article_key(canonical_url: str | None, fetched_url: str, cms: str | None) -> str:
    """One article per canonical URL: the page's own canonical link when it stays on the same
    site (syndicated copies sometimes point at the wire's page), else the fetched URL."""
    url = fetched_url
    if canonical_url:
        a, b = urlsplit(canonical_url), urlsplit(fetched_url)
        if a.scheme in ("http", "https") and _fold(a.hostname) == _fold(b.hostname):
            url = canonical_url
    return _canonical(url, cms)
