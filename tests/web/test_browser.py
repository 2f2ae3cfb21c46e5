"""The archive browser in a real browser: Debian's chromium driven by Playwright against
``newsarchive serve`` (a real subprocess on a free loopback port) over the demo archive.

Flow: search a particle-attached word, open an article, see its cluster and a version diff, open
the captured page and prove the hostile script in it could do nothing. Screenshots of each page go
to tests/screenshots/ (and docs/screenshots/ with NEWSARCHIVE_DOC_SCREENSHOTS=1, for the README).
"""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.demo import Demo, build_demo

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Canary:
    """A loopback HTTP server standing in for "the live web": any request to it is a leak."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, canary: Canary) -> Iterator[tuple[str, Demo]]:
    demo = build_demo(Path(tmp_path_factory.mktemp("browser")) / "data", canary=canary.url)
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--data", str(demo.data_dir), "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/outlets", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not start: {proc.stderr.read() if proc.stderr else ''}") from None
                time.sleep(0.2)
        yield base, demo
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield b
        b.close()


def shot(page: object, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("NEWSARCHIVE_DOC_SCREENSHOTS"):
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOC_SHOTS / path.name)


def test_search_article_cluster_diff_and_sandboxed_capture(served, browser, canary: Canary) -> None:
    base, demo = served
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="ko-KR")
    context.add_cookies([{"name": "app_session", "value": "s3cret", "url": base}])
    page = context.new_page()
    page.add_init_script("window.__messages = []; window.addEventListener('message', e => window.__messages.push(e.data));")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # 1. Search a word that only occurs with particles attached (포항시는, 포항시와).
    page.goto(base + "/")
    page.get_by_label("검색어").fill("포항")
    page.get_by_label("검색어").press("Enter")
    page.wait_for_url("**/?q=*")
    assert page.locator(".result-count strong").inner_text() == "4"
    assert page.locator(".results mark").first.inner_text() == "포항"
    assert page.locator("svg.timeline rect").count() == 4 and page.locator("svg.timeline path").count() == 3
    shot(page, "search")

    # 2. Open the press release; see who else ran it.
    page.get_by_role("link", name="포항시, 영일만 해양관광 활성화 사업 착수").click()
    page.wait_for_url(f"**/articles/{demo.ids['release-pohang-daily']}")
    cluster = page.locator("table.cluster tbody tr")
    assert cluster.count() == 3  # this article (first to run it) and the two other outlets
    outlets = [cluster.nth(i).locator("td").first.inner_text() for i in range(3)]
    assert outlets == ["포항데일리 최초", "경북뉴스", "대구타임즈"]
    assert cluster.nth(0).get_attribute("aria-current") == "true"
    shot(page, "article")

    # 3. The edited article: versions and a readable diff.
    page.goto(f"{base}/articles/{demo.ids['edited']}")
    assert page.locator("ol.versions li").count() == 2
    inserted = page.locator(".diff ins").all_inner_texts()
    assert any("원안대로" in t for t in inserted) and any("공포한 날부터" in t for t in inserted)
    page.locator(".diff").scroll_into_view_if_needed()
    shot(page, "diff")

    # 4. The captured hostile page, in its sandboxed iframe.
    page.goto(f"{base}/articles/{demo.ids['hostile']}")
    page.locator("table.captures a").first.click()
    page.wait_for_url(f"**/captures/{demo.captures['hostile']}")
    frame_el = page.locator("iframe.replay")
    frame_el.wait_for()
    frame = frame_el.element_handle().content_frame()
    frame.wait_for_load_state("load")
    assert "신천의 수변 공원" in frame.locator("body").inner_text()
    time.sleep(1.5)  # the disarmed meta refresh (1 s) would have fired by now
    assert page.title() == "보관된 페이지 " + str(demo.captures["hostile"]) + " · 뉴스 아카이브"
    assert page.locator("body").get_attribute("data-pwned") is None
    assert page.evaluate("window.__messages") == []
    assert page.evaluate("document.cookie") == "app_session=s3cret"  # the cookie was there to steal
    assert frame.url.endswith(f"/captures/{demo.captures['hostile']}/raw")  # no navigation away
    assert canary.hits == []  # nothing reached "the live web"
    # The framed document is sandboxed: an opaque origin, so even a same-server script cannot reach it.
    assert frame.evaluate("self.origin") == "null"
    assert frame.evaluate("document.title") != "SCRIPT-RAN"
    shot(page, "capture")

    # 5. Opened on its own, the raw page is still sandboxed: scripts do not run.
    raw = context.new_page()
    raw.goto(f"{base}/captures/{demo.captures['hostile']}/raw")
    time.sleep(1.2)
    assert raw.evaluate("document.title") != "SCRIPT-RAN"
    assert raw.evaluate("self.origin") == "null"
    assert canary.hits == []
    raw.close()

    # 6. Outlets and runs.
    page.goto(base + "/outlets")
    assert page.locator("table.outlets tbody tr").count() == 3
    shot(page, "outlets")
    page.goto(base + "/runs")
    assert page.get_by_text("http://daegutimes.example.test/news/broken").count() == 1
    shot(page, "runs")
    assert errors == []
    context.close()


def test_phone_width_and_keyboard(served, browser) -> None:
    base, demo = served
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, locale="ko-KR",
                                  is_mobile=True, has_touch=True)  # fmt: skip
    page = context.new_page()
    page.goto(base + "/?q=" + "포항")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    shot(page, "search-phone")
    page.goto(f"{base}/articles/{demo.ids['edited']}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "article-phone")
    context.close()

    # Keyboard: the first Tab reaches the skip link, Enter moves focus to the main content; the
    # search box and every filter have a label; "/" focuses the search box.
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.goto(base + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for field in ("q", "outlet", "region", "since", "until", "sort"):
        assert page.locator(f"label[for='{field}']").count() == 1
    page.locator("body").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("영일만")
    page.keyboard.press("Enter")
    page.wait_for_url("**q=*")
    assert page.locator(".result-count strong").inner_text() == "3"
    context.close()
