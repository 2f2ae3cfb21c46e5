from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from archive.web import create_app
from tests.web.demo import Demo, build_demo


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return build_demo(Path(tmp_path_factory.mktemp("web")) / "data")


@pytest.fixture(scope="session")
def client(demo: Demo) -> TestClient:
    return TestClient(create_app(demo.data_dir))
