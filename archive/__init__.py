"""newsarchive's archive library: everything derived from WARC.

WARC files are the source of truth; the SQLite store is rebuilt from them by the same
``ingest`` path the live crawler uses. This package never imports ``crawler`` or Scrapy.
"""

from archive.capture import Capture, RecordLocation

__all__ = ["Capture", "RecordLocation"]
