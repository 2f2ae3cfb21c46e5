"""One crawl's shared resources: data directory, outlets, crawl state, WARC writer, ingest sink, report.

Scrapy builds each component separately; they all need the same WARC writer and state. Rather than
have components find each other, each asks ``CrawlSession.of(crawler)`` (one per crawler, built from
settings on first use). `crawler.run.RunRecorder` closes it at spider close: run record written, then
WARC file closed (and indexed), then state and store closed.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.utils.misc import load_object

from crawler.outletview import OutletView, load_outlets

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from archive.warc.writer import WarcWriter
    from crawler.sinks import CaptureSink
    from crawler.state import CrawlState

logger = logging.getLogger(__name__)

MAX_ERRORS_PER_OUTLET = 200  # the run record keeps this many per-URL errors per outlet (count is exact)


@dataclass
class OutletReport:
    """Per-outlet figures of one run, as they go into the run record."""

    outlet: str
    pages: int = 0  # exchanges archived (responses + revisits), robots.txt and redirects included
    ok_pages: int = 0  # 2xx/304 answers: proof the outlet is alive
    articles_fetched: int = 0  # article pages answered 200 with a body
    articles_unchanged: int = 0  # article pages answered 304 or with an identical payload
    new_articles: int = 0
    new_versions: int = 0
    revisits: int = 0
    robots_disallowed: int = 0
    error_count: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """An outlet failed when nothing it served could be archived (dead, blocked, all errors)."""
        return self.ok_pages == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet,
            "status": "failed" if self.failed else "ok",
            "pages": self.pages,
            "ok_pages": self.ok_pages,
            "articles_fetched": self.articles_fetched,
            "articles_unchanged": self.articles_unchanged,
            "new_articles": self.new_articles,
            "new_versions": self.new_versions,
            "revisits": self.revisits,
            "robots_disallowed": self.robots_disallowed,
            "error_count": self.error_count,
            "errors": self.errors,
        }


class CrawlSession:
    """Everything one crawl shares; see the module docstring."""

    ATTR = "_newsarchive_session"

    def __init__(
        self,
        *,
        data_dir: Path,
        outlets: dict[str, OutletView],
        state: CrawlState,
        sink: CaptureSink,
        run_id: str,
        warc_options: dict[str, Any] | None,
    ) -> None:
        self.data_dir = data_dir
        self.outlets = outlets
        self.state = state
        self.sink = sink
        self.run_id = run_id
        self.started_at = datetime.now(UTC)
        self.finished_at: datetime | None = None
        self.reports: dict[str, OutletReport] = {oid: OutletReport(oid) for oid in outlets}
        self.other_errors: list[dict[str, str]] = []
        self._warc_options = warc_options
        self._warc: WarcWriter | None = None
        self._host_outlet = {o.host: o.id for o in outlets.values() if o.host}
        self.closed = False

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlSession:
        session = getattr(crawler, cls.ATTR, None)
        if session is None:
            session = cls.from_crawler(crawler)
            setattr(crawler, cls.ATTR, session)
            session.open()
        return session

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSession:
        s = crawler.settings
        data_dir = Path(s.get("NEWSARCHIVE_DATA_DIR") or "data").resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        wanted = s.getlist("NEWSARCHIVE_OUTLETS")
        outlets = load_outlets(s.get("NEWSARCHIVE_REGISTRY") or None, wanted or None)
        state_cls = load_object(s.get("NEWSARCHIVE_STATE_CLASS"))
        state = state_cls.from_settings(data_dir)
        sink_cls = load_object(s.get("NEWSARCHIVE_SINK"))
        sink = sink_cls.from_settings(data_dir, s)
        run_id = s.get("NEWSARCHIVE_RUN_ID") or new_run_id()
        warc_options = None
        if s.getbool("ARCHIVE_WARC_ENABLED"):
            warc_options = {
                "prefix": s.get("ARCHIVE_WARC_PREFIX"),
                "max_bytes": s.getint("ARCHIVE_WARC_MAX_BYTES"),
                "gzip_level": s.getint("ARCHIVE_WARC_GZIP_LEVEL"),
                "info": {
                    "operator": s.get("ARCHIVE_WARC_OPERATOR") or None,
                    "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
                    "http-header-user-agent": s.get("USER_AGENT"),
                    "isPartOf": f"newsarchive-run-{run_id}",
                },
            }
        return cls(
            data_dir=data_dir,
            outlets=outlets,
            state=state,
            sink=sink,
            run_id=run_id,
            warc_options=warc_options,
        )

    # -- resources ----------------------------------------------------------------------------

    @property
    def warc(self) -> WarcWriter | None:
        """The run's WARC writer, opened on first use (None when ARCHIVE_WARC_ENABLED is off)."""
        if self._warc is None and self._warc_options is not None and not self.closed:
            from archive.warc import WarcWriter, recover

            warc_dir = self.data_dir / "warc"
            # A previous run killed mid-write left `.open` files: close them at their last whole record.
            recovered = recover(warc_dir)
            if recovered:
                logger.warning("recovered %d WARC file(s) left open by a killed run", len(recovered))
            self._warc = WarcWriter(warc_dir, **self._warc_options)
        return self._warc

    def open(self) -> None:
        """Announce the run to the store before any capture refers to it (outlets, run start)."""
        try:
            self.sink.upsert_outlets([o.entry for o in self.outlets.values()])
            self.sink.record_run({"id": self.run_id, "started_at": self.started_at.isoformat(), "status": "running"})
        except Exception:  # noqa: BLE001 - the WARC keeps the run; rebuild recovers it
            logger.exception("could not record the run start in the store")

    def outlet_of_host(self, host: str | None) -> str | None:
        return self._host_outlet.get(host or "")

    def report(self, outlet: str | None) -> OutletReport | None:
        if outlet is None:
            return None
        if outlet not in self.reports:
            self.reports[outlet] = OutletReport(outlet)
        return self.reports[outlet]

    def error(self, outlet: str | None, url: str, message: str, kind: str = "") -> None:
        """A per-URL error: kept in the run record and logged; never stops the run."""
        entry = {"url": url, "error": message, "kind": kind}
        logger.warning("[%s] %s: %s", outlet or "-", url, message)
        rep = self.report(outlet)
        if rep is None:
            self.other_errors.append(entry)
            return
        rep.error_count += 1
        if len(rep.errors) < MAX_ERRORS_PER_OUTLET:
            rep.errors.append(entry)

    # -- the run record -----------------------------------------------------------------------

    def run_record(self, reason: str = "finished") -> dict[str, Any]:
        reports = [self.reports[k].to_dict() for k in sorted(self.reports)]
        failed = [r["outlet"] for r in reports if r["status"] == "failed"]
        ingest_failure = getattr(self.sink, "failure", None)  # e.g. the ingest worker died
        return {
            "id": self.run_id,
            "started_at": self.started_at.isoformat(),
            "ended_at": (self.finished_at or datetime.now(UTC)).isoformat(),
            "finish_reason": reason,
            "status": "ok" if not failed and reason == "finished" and not ingest_failure else "failed",
            "ingest_failure": ingest_failure,
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "outlets": reports,
            "failed_outlets": failed,
            "pages": sum(r["pages"] for r in reports),
            "new_articles": sum(r["new_articles"] for r in reports),
            "errors": sum(r["error_count"] for r in reports) + len(self.other_errors),
            "other_errors": self.other_errors[:MAX_ERRORS_PER_OUTLET],
        }

    def close(self, reason: str = "finished") -> dict[str, Any]:
        """Write the run record (WARC event + store), close WARC, state and sink. Idempotent."""
        if self.closed:
            return self.run_record(reason)
        self.finished_at = datetime.now(UTC)
        record = self.run_record(reason)
        try:
            writer = self.warc
            if writer is not None:
                for outlet in self.outlets.values():
                    writer.write_event(f"urn:newsarchive:outlet:{outlet.id}", outlet.entry)
                writer.write_event(f"urn:newsarchive:run:{self.run_id}", record)
        except OSError as exc:
            logger.error("could not write the run record to WARC: %s", exc)
        try:
            self.sink.upsert_outlets([o.entry for o in self.outlets.values()])
            self.sink.record_run(record)
        except Exception:  # noqa: BLE001 - the WARC keeps the run; rebuild recovers it
            logger.exception("could not record the run in the store")
        if reason == "finished":
            for oid in self.reports:
                if oid in self.outlets:
                    self.state.set_last_run(oid, self.started_at)
                    self.state.clear_flag(oid, "recheck")
        self.closed = True
        if self._warc is not None:
            self._warc.close()
        self.state.close()
        self.sink.close()
        return record


def new_run_id() -> str:
    """Sortable and unique: UTC timestamp plus a short random tail."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
