"""GcTuning: Python's garbage collector set for a crawl process that runs for minutes or hours.

Scrapy makes and drops dozens of container objects per request (Request, Deferreds, coroutines,
futures), so at Python's default first-generation threshold (700 allocations) the collector ran
~1,500 times in a 5k-page crawl, each time also scanning everything in flight, and every tenth
time the older generations. At spider open this extension moves the start-up objects (modules,
registry, Scrapy's components) out of the collector's sight with ``gc.freeze()`` and raises the
threshold to ``NEWSARCHIVE_GC_THRESHOLD``; at spider close it puts both back (a crawl run inside
a longer-lived process, such as the tests, leaves it as it found it). 0 turns it off.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class GcTuning:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self._saved: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GcTuning:
        threshold = crawler.settings.getint("NEWSARCHIVE_GC_THRESHOLD")
        if threshold <= 0:
            raise NotConfigured
        ext = cls(threshold)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self._saved = gc.get_threshold()
        gc.collect()
        gc.freeze()
        gc.set_threshold(self.threshold, *self._saved[1:])

    def spider_closed(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            gc.unfreeze()
            self._saved = None
