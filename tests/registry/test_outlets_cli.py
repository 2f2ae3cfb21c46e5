"""`newsarchive outlets list/check/add` against local HTTP outlets (real sockets, no internet)."""

from __future__ import annotations

import json
import socket
import tomllib

from click.testing import CliRunner
from outlet_site import ndsoft_routes, serve

from crawler.cli import main
from crawler.outletadd import propose_outlet
from crawler.outletcheck import HttpFetcher, check_outlet
from crawler.registry import parse_registry

REGISTRY = """
[[outlet]]
id = "demo"
name = "데모일보"
region = "경북"
city = "포항"
homepage = "{base}/"
cms = "ndsoft"
feeds = ["{base}/rss/allArticle.xml"]
sitemaps = ["{base}/sitemap.xml"]
lists = ["{base}/news/articleList.html?view_type=sm&page={page}"]
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*args: str):
    return CliRunner().invoke(main, ["outlets", *args], catch_exceptions=False)


def test_list_table_and_json():
    result = run("list")
    assert result.exit_code == 0
    assert "kyongbuk" in result.output and "경북일보" in result.output and "outlets" in result.output
    result = run("list", "--region", "경북", "--json")
    data = json.loads(result.output)
    assert data and all("경북" in e["region"] for e in data)


def test_check_healthy_outlet(tmp_path):
    with serve(ndsoft_routes) as (base, seen):
        reg = tmp_path / "reg.toml"
        reg.write_text(REGISTRY, encoding="utf-8")
        result = run("check", "demo", "--registry", str(reg), "--base", base, "--delay", "0", "--timeout", "5")
        assert result.exit_code == 0, result.output
        assert result.output.startswith("OK   demo")
        assert "found ndsoft, registry says ndsoft" in result.output
        assert "rss: 2 entries" in result.output
        assert "2 article links" in result.output
        assert "1/1 outlets ok" in result.output
        assert "'포항시, 철길숲 야간 경관 개선 102'" in result.output  # the article was extracted
        assert "authors ['김포항']" in result.output
        paths = [p for p, _ua in seen]
        assert "/news/articleView.html?idxno=102" in paths  # one article fetched (the feed's first)
        assert all(ua.startswith("newsarchive/") and "+http" in ua for _p, ua in seen)


def test_check_reports_each_problem_and_exit_code_1(tmp_path):
    dead = f"http://127.0.0.1:{_free_port()}"
    reg = tmp_path / "reg.toml"
    reg.write_text(
        REGISTRY
        + f"""
[[outlet]]
id = "dead"
name = "폐간일보"
region = "대구"
homepage = "{dead}/"
cms = "idx_view"
""",
        encoding="utf-8",
    )
    with serve(lambda b: ndsoft_routes(b, broken_feed=True) | {"/sitemap.xml": (500, "text/plain", b"oops")}) as (
        base,
        _seen,
    ):
        result = run("check", "--registry", str(reg), "--base", base, "--delay", "0", "--timeout", "3", "--json")
    assert result.exit_code == 1
    reports = {r["id"]: r for r in map(json.loads, result.output.splitlines())}
    demo, gone = reports["demo"], reports["dead"]
    assert not demo["ok"]
    assert any("sitemap: HTTP 500" in e for e in demo["errors"])
    feed_step = next(s for s in demo["steps"] if s["name"] == "feed")
    assert feed_step["ok"] and "1 problem(s)" in feed_step["detail"]  # a broken entry is reported, not fatal
    assert not gone["ok"] and gone["errors"][0].startswith("homepage: fetch failed")
    assert [s["name"] for s in gone["steps"]] == ["homepage", "list", "article"]


def test_family_mismatch_fails(tmp_path):
    with serve(ndsoft_routes) as (base, _seen):
        outlet = parse_registry(tomllib.loads(REGISTRY.replace('cms = "ndsoft"', 'cms = "article_no"')), base=base)[0]
        report = check_outlet(outlet, HttpFetcher(delay=0, timeout=5))
    assert report.found_cms == "ndsoft" and not report.ok
    assert any("found ndsoft, registry says article_no" in e for e in report.errors)


def test_config_errors_exit_2(tmp_path):
    assert run("check", "no-such-outlet").exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('[[outlet]]\nid = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["outlets", "list", "--registry", str(bad)])
    assert result.exit_code == 2 and "missing required field" in result.output
    result = CliRunner().invoke(main, ["outlets", "check", "--registry", str(tmp_path / "reg.toml"), "--base", "x"])
    assert result.exit_code == 2  # templated registry without a usable file → config error
    assert run("add", "ftp://x.kr/").exit_code == 2


def test_add_proposes_a_valid_entry():
    with serve(ndsoft_routes) as (base, seen):
        result = CliRunner().invoke(
            main, ["outlets", "add", base + "/", "--region", "경북", "--city", "포항", "--delay", "0", "--id", "demo"]
        )
        paths = [p for p, _ua in seen]
    assert result.exit_code == 0, result.output
    toml_text = result.stdout
    entry = tomllib.loads(toml_text)["outlet"][0]
    assert entry["cms"] == "ndsoft" and entry["name"] == "데모일보" and entry["id"] == "demo"
    assert entry["feeds"] == [f"{base}/rss/allArticle.xml"]
    assert entry["sitemaps"] == [f"{base}/sitemap.xml"]
    assert entry["lists"] == [f"{base}/news/articleList.html?view_type=sm&page={{page}}"]
    assert entry["confidence"] == "V" and entry["verified"] is False
    assert "/robots.txt" in paths
    outlet = parse_registry({"outlet": [entry]})[0]  # the proposal is a valid registry entry
    assert outlet.homepage == f"{base}/"


def test_add_without_feeds_or_robots():
    def bare(base):
        return {"/": (200, "text/html", b"<html><head><title>Small | Local</title></head><body>hi</body></html>")}

    with serve(bare) as (base, _seen):
        proposal = propose_outlet(base + "/", HttpFetcher(delay=0, timeout=5))
    assert proposal.ok and proposal.entry["cms"] == "generic" and proposal.entry["feeds"] == []
    assert proposal.entry["name"] == "Small" and proposal.entry["confidence"] == "P"
    assert any("robots.txt" in n for n in proposal.notes)
    dead = f"http://127.0.0.1:{_free_port()}/"
    failed = propose_outlet(dead, HttpFetcher(delay=0, timeout=3))
    assert not failed.ok and "fetch failed" in failed.entry["evidence"]


def test_article_that_does_not_extract_fails_the_check():
    def routes(base):
        r = ndsoft_routes(base)
        r["/news/articleView.html?idxno=102"] = (200, "text/html; charset=utf-8", "<html><body>삭제된 기사입니다</body></html>".encode())
        return r

    with serve(routes) as (base, _seen):
        outlet = parse_registry(tomllib.loads(REGISTRY), base=base)[0]
        report = check_outlet(outlet, HttpFetcher(delay=0, timeout=5))
    article = report.steps[-1]
    assert article.name == "article" and not article.ok and "warnings:" in article.detail
    assert not report.ok


def test_robots_step_flags_blocked_urls_and_unlisted_sitemaps():
    def routes(base):
        r = ndsoft_routes(base)
        r["/robots.txt"] = (200, "text/plain", b"User-agent: newsarchive\nDisallow: /news/articleList.html\n"
                            b"Crawl-delay: 2\nSitemap: /sitemap.xml\nSitemap: /news-sitemap.xml\n")
        return r

    with serve(routes) as (base, _seen):
        outlet = parse_registry(tomllib.loads(REGISTRY), base=base)[0]
        report = check_outlet(outlet, HttpFetcher(delay=0, timeout=5))
    robots = next(s for s in report.steps if s.name == "robots")
    assert not robots.ok and not report.ok
    assert "crawl-delay 2s" in robots.detail and f"not in the registry: {base}/news-sitemap.xml" in robots.detail
    assert "disallows configured URL(s): " + f"{base}/news/articleList.html?view_type=sm&page=1" in robots.detail
    with serve(lambda b: {k: v for k, v in ndsoft_routes(b).items() if k != "/robots.txt"}) as (base, _seen):
        outlet = parse_registry(tomllib.loads(REGISTRY), base=base)[0]
        report = check_outlet(outlet, HttpFetcher(delay=0, timeout=5))
    robots = next(s for s in report.steps if s.name == "robots")
    assert robots.ok and "none (HTTP 404)" in robots.detail and report.ok


def test_fetcher_handles_bad_transfers():
    import gzip as gz

    page = "<html><body>포항</body></html>".encode()
    routes = {
        "/gzip": (200, "text/html; charset=utf-8", gz.compress(page), {"Content-Encoding": "gzip"}),
        "/short": (200, "text/html", b"<html>cut", {"Content-Length": "5000"}),
        "/big": (200, "text/html", b"x" * 3000),
        "/gone": (410, "text/html", b"gone"),
    }
    with serve(lambda base: routes) as (base, _seen):
        fetch = HttpFetcher(delay=0, timeout=3, max_bytes=2000)
        assert fetch(f"{base}/gzip").body == page
        short = fetch(f"{base}/short")
        assert not short.ok and "truncated body" in short.error and short.body == b"<html>cut"
        big = fetch(f"{base}/big")
        assert not big.ok and len(big.body) == 2000 and "larger than 2,000 bytes" in big.error
        gone = fetch(f"{base}/gone")
        assert gone.status == 410 and gone.error == "HTTP 410 Gone"


def test_fetcher_refuses_redirects_off_http():
    routes = {
        "/to-file": (302, "text/html", b"", {"Location": "file:///etc/passwd"}),
        "/to-ftp": (302, "text/html", b"", {"Location": "ftp://127.0.0.1/x"}),
        "/loop": (302, "text/html", b"", {"Location": "/loop"}),
    }
    with serve(lambda base: routes) as (base, _seen):
        fetch = HttpFetcher(delay=0, timeout=3)
        for path in ("/to-file", "/to-ftp", "/loop"):
            got = fetch(base + path)
            assert not got.ok and got.error and b"root:" not in got.body, path
