"""GcTuning sets the collector for the crawl and puts it back at spider close."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.extensions.gctuning import GcTuning


def test_threshold_and_freeze_for_the_crawl_only():
    before = gc.get_threshold()
    ext = GcTuning.from_crawler(get_crawler(settings_dict={"NEWSARCHIVE_GC_THRESHOLD": 12_345}))
    try:
        ext.spider_opened()
        assert gc.get_threshold() == (12_345, *before[1:])
        assert gc.get_freeze_count() > 0  # start-up objects left the collector's scans
    finally:
        ext.spider_closed()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_zero_turns_it_off():
    with pytest.raises(NotConfigured):
        GcTuning.from_crawler(get_crawler(settings_dict={"NEWSARCHIVE_GC_THRESHOLD": 0}))


def test_enabled_by_the_project_settings():
    from crawler import settings

    assert gc.get_threshold()[0] < settings.NEWSARCHIVE_GC_THRESHOLD
    assert "crawler.extensions.gctuning.GcTuning" in settings.EXTENSIONS
