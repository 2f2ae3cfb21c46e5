"""Scrapy settings for newsarchive: only what differs from Scrapy's defaults, plus our own groups.

`scrapy crawl outlet` (via scrapy.cfg) and `newsarchive crawl` load this same module; the CLI only
overrides the data directory, registry and outlet selection. Our settings come in two groups, each
with its enabling flag first and the rest alphabetical:

- ``ARCHIVE_*``: WARC writing (the archive's source of truth);
- ``NEWSARCHIVE_*``: the crawl itself (data directory, registry, state, ingest sink, politeness).
"""

from __future__ import annotations

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# --- Politeness -------------------------------------------------------------------------------
# An honest User-Agent: who we are and where to reach the operator (NEWSARCHIVE_CONTACT_URL).
NEWSARCHIVE_CONTACT_URL = "https://github.com/newsarchive/newsarchive#operators"
USER_AGENT = f"newsarchive/0.1 (+{NEWSARCHIVE_CONTACT_URL})"
ROBOTSTXT_OBEY = True
ROBOTSTXT_USER_AGENT = "newsarchive"
# Per host: at most 2 connections and >= 1 s between requests for real outlets. Loopback hosts
# (the bundled sample outlets) get NEWSARCHIVE_LOCAL_DELAY instead; robots.txt Crawl-delay and
# registry overrides raise a host's delay (crawler.politeness.PolitenessMiddleware).
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0  # Scrapy's ±50% would undercut the minimum (and robots Crawl-delay)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
# Retries on 5xx / timeouts, with exponential backoff (NEWSARCHIVE_RETRY_BACKOFF_*).
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5  # a news page is never more than a few hops away; loops end as errors

# --- Size caps: a 30 MB page is stopped at NEWSARCHIVE_MAX_BODY and archived as a truncated
# record (WARC-Truncated: length); DOWNLOAD_MAXSIZE is the hard backstop for declared sizes.
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
# A body cut short (connection closed before Content-Length) is archived as it came, with
# WARC-Truncated: disconnect, reported as an error and fetched again next run (not marked done).
DOWNLOAD_FAIL_ON_DATALOSS = False
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024

# --- Components -------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Above HttpCompressionMiddleware (590) and RedirectMiddleware (600): sees every exchange,
    # redirects included, with the body still content-encoded.
    "crawler.downloadermiddlewares.warc.WarcCaptureMiddleware": 950,
    "crawler.politeness.PolitenessMiddleware": 120,
    "crawler.politeness.RetryBackoffMiddleware": 130,
}
ITEM_PIPELINES = {"crawler.pipelines.IngestPipeline": 300}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "crawler.politeness.BodySizeCap": 0,
    "crawler.run.RunRecorder": 10,
    "crawler.extensions.gctuning.GcTuning": 20,
}
# One article item per response: Scrapy starts this many worker tasks per response, so keep it small.
CONCURRENT_ITEMS = 4
LOG_LEVEL = "INFO"
# News pages need no session; cookies would also make Scrapy look up the public-suffix list online.
COOKIES_ENABLED = False
# Discovered links are deduplicated by canonical URL in the spider; Scrapy's filter stays as backstop.
DUPEFILTER_DEBUG = False
# Many hosts with 2 connections each: pick requests for hosts that have free slots.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"

# --- ARCHIVE_*: WARC --------------------------------------------------------------------------
ARCHIVE_WARC_ENABLED = True
ARCHIVE_WARC_GZIP_LEVEL = 6
ARCHIVE_WARC_MAX_BYTES = 1_000_000_000
ARCHIVE_WARC_OPERATOR = ""  # warcinfo `operator`; set it to the archive's owner
ARCHIVE_WARC_PREFIX = "newsarchive"

# --- NEWSARCHIVE_*: the crawl -----------------------------------------------------------------
NEWSARCHIVE_DATA_DIR = "data"  # WARC in DIR/warc, store DIR/archive.db, state DIR/state.db, logs
NEWSARCHIVE_GC_THRESHOLD = 20_000  # the collector's first-generation threshold during a crawl (GcTuning; 0: Python's)
NEWSARCHIVE_LIST_MAX_PAGES = 50  # hard cap per list; paging normally stops at a page of known articles
NEWSARCHIVE_LOCAL_DELAY = 0.0  # delay for loopback hosts (the sample outlets)
NEWSARCHIVE_LOCAL_TIMEOUT = 5.0  # download timeout for loopback hosts (capped by DOWNLOAD_TIMEOUT)
NEWSARCHIVE_MAX_BODY = 16 * 1024 * 1024  # bytes kept of one body; beyond that: truncated record
NEWSARCHIVE_OUTLETS: list[str] = []  # outlet ids to crawl; empty = every outlet in the registry
NEWSARCHIVE_PROGRESS = False  # a progress bar on stderr (`newsarchive crawl` turns it on for a TTY)
NEWSARCHIVE_RECHECK_HOURS = 72.0  # articles first seen this recently are re-fetched conditionally
NEWSARCHIVE_REGISTRY = ""  # registry TOML; empty = the real outlets (crawler/outlets.toml)
NEWSARCHIVE_RETRY_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each retry
NEWSARCHIVE_RETRY_BACKOFF_MAX = 30.0
NEWSARCHIVE_RUN_ID = ""  # empty = generated; `newsarchive crawl` passes its own
NEWSARCHIVE_INGEST_QUEUE = 256  # captures in flight to the ingest worker (ProcessStoreSink)
NEWSARCHIVE_INGEST_NICE = 5  # ingest workers run this much nicer: the crawl goes first (ProcessStoreSink)
NEWSARCHIVE_INGEST_PREPARE = True  # extract in a second worker, ahead of the store writer (ProcessStoreSink)
NEWSARCHIVE_SINK = "crawler.sinks.ProcessStoreSink"  # where article captures go: see crawler.sinks
NEWSARCHIVE_STATE_CLASS = "crawler.state.SqliteCrawlState"
