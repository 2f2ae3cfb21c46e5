"""Fixtures for the sample-outlet tests: one shared world + server (read-only tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.samples import SampleServer, SampleWorld


@pytest.fixture(scope="session")
def world() -> SampleWorld:
    # a short hang keeps the timeout test fast; everything else is the default profile
    return SampleWorld(seed=7, articles=120, faults={"yeongil": {"hang_seconds": 3.0}})


@pytest.fixture(scope="session")
def server(world: SampleWorld) -> Iterator[SampleServer]:
    with SampleServer(world) as srv:
        yield srv


@pytest.fixture(scope="session")
def truth(world: SampleWorld) -> list[dict]:
    return world.live_articles()
