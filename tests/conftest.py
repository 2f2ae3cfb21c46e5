"""Suite-wide hook: with ``NEWSARCHIVE_NO_SKIPS=1`` (CI, where kr-pages, chromium and pywb are all
present) a skipped test is a failure, so a missing dependency or broken import cannot pass silently."""

from __future__ import annotations

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("NEWSARCHIVE_NO_SKIPS") == "1" and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped, but NEWSARCHIVE_NO_SKIPS=1 forbids skips: {reason}"
