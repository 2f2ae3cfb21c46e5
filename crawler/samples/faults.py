"""Per-outlet behaviour profiles: transport features (gzip, chunked, 304s, latency, robots) and faults.

Faults are deterministic: the world assigns each fault to fixed article URLs of the outlet
(``SampleArticle.faulty`` names it), so a test knows which URL answers 500, hangs, loops, etc.
Pass ``faults={"outlet-id": {...}}`` to :class:`~crawler.samples.world.SampleWorld` to change a
profile, or ``faults=False`` to switch every fault off (transport features stay).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

# article-level faults, in the order they are assigned to an outlet's articles
ARTICLE_FAULTS = (
    "error500", "flaky", "hang", "truncated", "redirect_loop", "huge", "malformed", "lying_charset",
    "disallowed", "slow",
)


@dataclass(frozen=True)
class FaultProfile:
    """How one outlet behaves on the wire. Counts say how many article URLs carry each fault."""

    latency: float = 0.0  # seconds added to every response of this outlet
    gzip: bool = False  # Content-Encoding: gzip when the client accepts it
    chunked: bool = False  # Transfer-Encoding: chunked instead of Content-Length
    conditional: bool = True  # ETag / Last-Modified validators and 304 answers
    crawl_delay: float | None = None  # robots.txt Crawl-delay
    error500: int = 0  # article URLs that always answer 500
    flaky: int = 0  # article URLs that answer 500 twice, then 200
    hang: int = 0  # article URLs that send nothing for hang_seconds, then the page
    hang_seconds: float = 30.0
    truncated: int = 0  # Content-Length larger than the body, then the connection closes
    redirect_loop: int = 0  # A -> B -> A -> ... (302)
    huge: int = 0  # a page of huge_bytes streamed lazily
    huge_bytes: int = 30 * 1024 * 1024
    malformed: int = 0  # broken markup (unclosed/stray tags) around a still-readable article
    lying_charset: int = 0  # UTF-8 bytes under <meta charset=euc-kr>, no charset in the header
    disallowed: int = 0  # article under a robots.txt Disallow path, still linked from lists
    slow: int = 0  # article URLs whose body trickles in over slow_seconds (found by a patient crawler)
    slow_seconds: float = 1.0
    broken_rss: bool = False  # one feed item is broken (no link, bad date, undefined entity)

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ARTICLE_FAULTS}

    def clean(self) -> FaultProfile:
        """Same transport features, no faults."""
        return replace(self, broken_rss=False, **{n: 0 for n in ARTICLE_FAULTS})


def merge(profile: FaultProfile, change: FaultProfile | dict[str, Any] | bool | None) -> FaultProfile:
    """Apply a user override (a profile, a dict of fields, False for no faults, None for as is)."""
    if change is None or change is True:
        return profile
    if change is False:
        return profile.clean()
    if isinstance(change, FaultProfile):
        return change
    known = {f.name for f in fields(FaultProfile)}
    unknown = set(change) - known
    if unknown:
        raise ValueError(f"unknown fault profile fields: {sorted(unknown)}")
    return replace(profile, **change)
