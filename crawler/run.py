"""The cron-safe crawl run: lock, Scrapy crawl, run record, exit code.

Exit codes of `newsarchive crawl` (`run_crawl`):

- 0 ``EXIT_OK``: every crawled outlet answered (per-URL errors are listed in the run record);
- 1 ``EXIT_FAILED``: at least one outlet failed (nothing it served could be archived), the
  crawl did not finish (killed by a signal, WARC disk full), or an ingest worker died (what it
  had not stored stays in WARC and unfetched: the next run fetches it again);
- 2 ``EXIT_CONFIG``: bad registry file, unknown outlet id, unusable data directory;
- 3 ``EXIT_LOCKED``: another run holds ``DIR/crawl.lock``; this one exited at once.

The lock is an ``flock`` on ``DIR/crawl.lock``: the kernel drops it when a run dies, even by
kill -9, so a stale lock never blocks cron. The run record (start, end, per-outlet pages / new
articles / errors) goes to the store (``record_run``) and to WARC as a ``resource`` record
``urn:newsarchive:run:<id>`` (`RunRecorder`, also active under plain ``scrapy crawl``).
"""

from __future__ import annotations

import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals

from archive.lock import Locked, data_lock
from crawler.outletview import ConfigError, load_outlets
from crawler.session import CrawlSession, new_run_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 3
class RunRecorder:
    """Extension: builds the crawl session early (config errors surface before the crawl), shows
    progress on a TTY, and at spider close writes the run record and closes WARC, state and store."""

    def __init__(self, crawler: Crawler, session: CrawlSession, progress: bool) -> None:
        self.crawler = crawler
        self.session = session
        self.bar = None
        if progress:
            from tqdm import tqdm

            self.bar = tqdm(desc="crawl", unit=" pages", dynamic_ncols=True, file=sys.stderr)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        session = CrawlSession.of(crawler)
        ext = cls(crawler, session, crawler.settings.getbool("NEWSARCHIVE_PROGRESS"))
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def response_received(self, response, request, spider) -> None:
        """Count answers that prove an outlet alive (2xx/304), WARC or not."""
        if 200 <= response.status < 300 or response.status == 304:
            info = request.meta.get("newsarchive") or {}
            rep = self.session.report(info.get("outlet") or self.session.outlet_of_host(urlsplit(response.url).hostname))
            if rep is not None:
                rep.ok_pages += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(errors=sum(r.error_count for r in self.session.reports.values()), refresh=False)

    def spider_closed(self, spider, reason: str) -> None:
        if self.bar is not None:
            self.bar.close()
        record = self.session.close(reason)
        stats = self.crawler.stats.get_stats()
        record = {
            **record,
            "scrapy_stats": {
                k: v for k, v in stats.items() if isinstance(v, int | float) and not isinstance(v, bool)
            },
        }
        self.crawler.newsarchive_run = record  # read by run_crawl
        path = self.session.data_dir / "logs" / f"run-{record['id']}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(record, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        except OSError as exc:
            logger.error("could not write %s: %s", path, exc)
        logger.info(
            "run %s %s: %d pages, %d new articles, %d errors, failed outlets: %s",
            record["id"],
            record["status"],
            record["pages"],
            record["new_articles"],
            record["errors"],
            ", ".join(record["failed_outlets"]) or "none",
        )


@dataclass
class RunOutcome:
    exit_code: int
    message: str = ""
    record: dict[str, Any] = field(default_factory=dict)


def crawl_settings(overrides: dict[str, Any] | None = None):
    """The same settings `scrapy crawl` gets from scrapy.cfg, whatever the working directory."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    overrides = overrides or {}
    if "NEWSARCHIVE_CONTACT_URL" in overrides and "USER_AGENT" not in overrides:
        # The User-Agent names the operator's contact page: keep it in step with the setting.
        settings.set("USER_AGENT", f"newsarchive/0.1 (+{overrides['NEWSARCHIVE_CONTACT_URL']})", priority="cmdline")
    return settings


def run_crawl(
    data_dir: str | Path,
    *,
    registry: str | Path | None = None,
    outlets: list[str] | None = None,
    entries: list[dict] | None = None,
    due: bool = False,
    settings: dict[str, Any] | None = None,
    progress: bool | None = None,
) -> RunOutcome:
    """Run one crawl under the lock; never raises for config, lock or outlet problems."""
    data_dir = Path(data_dir).resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        (data_dir / "logs").mkdir(exist_ok=True)
    except OSError as exc:
        return RunOutcome(EXIT_CONFIG, f"data directory unusable: {exc}")
    try:
        with data_lock(data_dir):
            return _run_locked(data_dir, registry, outlets, entries, due, settings or {}, progress)
    except Locked as exc:
        return RunOutcome(EXIT_LOCKED, str(exc))


def _run_locked(
    data_dir: Path,
    registry: str | Path | None,
    outlets: list[str] | None,
    entries: list[dict] | None,
    due: bool,
    overrides: dict[str, Any],
    progress: bool | None,
) -> RunOutcome:
    try:
        selected = load_outlets(registry, outlets, entries=entries)
    except ConfigError as exc:
        return RunOutcome(EXIT_CONFIG, f"config error: {exc}")
    if entries is not None:
        # Entries given in memory (e.g. the running sample server's): persist them for the crawl.
        registry = data_dir / "registry.json"
        registry.write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")
    if due:
        from crawler.state import SqliteCrawlState

        state = SqliteCrawlState(data_dir / "state.db")
        try:
            selected = {k: o for k, o in selected.items() if state.is_due(k, o.interval_minutes)}
        finally:
            state.close()
        if not selected:
            return RunOutcome(EXIT_OK, "no outlet is due")
    run_id = overrides.pop("NEWSARCHIVE_RUN_ID", None) or new_run_id()
    tty = sys.stderr.isatty() if progress is None else progress
    values = {
        "NEWSARCHIVE_DATA_DIR": str(data_dir),
        "NEWSARCHIVE_REGISTRY": str(registry) if registry else "",
        "NEWSARCHIVE_OUTLETS": list(selected),
        "NEWSARCHIVE_RUN_ID": run_id,
        "NEWSARCHIVE_PROGRESS": tty,
        "LOG_FILE": str(data_dir / "logs" / f"crawl-{run_id}.log"),
        "LOG_FILE_APPEND": False,
        **overrides,
    }
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.outlet import OutletSpider

    process = CrawlerProcess(crawl_settings(values))
    crawler = process.create_crawler(OutletSpider)
    try:
        process.crawl(crawler)
        process.start()
    except ConfigError as exc:
        return RunOutcome(EXIT_CONFIG, f"config error: {exc}")
    record = getattr(crawler, "newsarchive_run", None)
    if record is None:
        return RunOutcome(EXIT_FAILED, f"crawl did not finish; see {values['LOG_FILE']}")
    failed = record["failed_outlets"]
    ok = not failed and record["finish_reason"] == "finished" and not record.get("ingest_failure")
    message = (
        f"run {run_id}: {len(record['outlets'])} outlets, {record['pages']} pages, "
        f"{record['new_articles']} new articles, {record['errors']} errors"
        + (f"; failed: {', '.join(failed)}" if failed else "")
        + (f"; finished: {record['finish_reason']}" if record["finish_reason"] != "finished" else "")
        + (f"; ingest failed: {record['ingest_failure']}" if record.get("ingest_failure") else "")
        + f"; log {values['LOG_FILE']}"
    )
    return RunOutcome(EXIT_OK if ok else EXIT_FAILED, message, record)
