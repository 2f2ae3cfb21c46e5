"""crawler.registry: config mistakes are RegistryErrors that name the file, outlet and field."""

from __future__ import annotations

import pytest

from crawler.registry import Outlet, RegistryError, load_registry, parse_registry, select

GOOD = """
[[outlet]]
id = "demo-ndsoft"
name = "데모일보"
region = "경북"
city = "포항"
homepage = "{base}/"
cms = "ndsoft"
feeds = ["{base}/rss/allArticle.xml"]
lists = ["{base}/news/articleList.html?view_type=sm&page={page}"]
interval_minutes = 30
confidence = "V"
evidence = "sample"

[outlet.overrides]
download_delay = 0
concurrency = 2

[outlet.overrides.selectors]
title = "h3.heading"
body = "#article-view-content-div"

[[outlet]]
id = "minimal"
name = "최소"
region = "대구"
homepage = "http://www.example.kr/"
cms = "generic"
"""


def write(tmp_path, text):
    path = tmp_path / "outlets.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_registry_with_base_placeholders(tmp_path):
    outlets = load_registry(write(tmp_path, GOOD), base={"demo-ndsoft": "http://127.0.0.1:8001"})
    demo, minimal = outlets
    assert isinstance(demo, Outlet)
    assert demo.homepage == "http://127.0.0.1:8001/"
    assert demo.feeds == ("http://127.0.0.1:8001/rss/allArticle.xml",)
    assert demo.list_url(0, page=3) == "http://127.0.0.1:8001/news/articleList.html?view_type=sm&page=3"
    assert demo.start_lists == ("http://127.0.0.1:8001/news/articleList.html?view_type=sm&page=1",)
    assert demo.overrides == {
        "download_delay": 0.0, "concurrency": 2,
        "selectors": {"title": "h3.heading", "body": "#article-view-content-div"},
    }
    assert demo.host == "127.0.0.1" and demo.interval_minutes == 30 and demo.verified is False
    # defaults
    assert minimal.feeds == () and minimal.confidence == "U" and minimal.interval_minutes == 60
    assert minimal.start_lists == ("http://www.example.kr/",)
    entry = demo.to_dict()
    assert entry["feeds"] == ["http://127.0.0.1:8001/rss/allArticle.xml"] and entry["overrides"]["concurrency"] == 2
    entry["overrides"]["concurrency"] = 9  # a copy: the outlet is unchanged
    assert demo.overrides["concurrency"] == 2
    hash(demo)  # frozen and hashable despite the overrides dict


def test_base_as_string_and_callable(tmp_path):
    path = write(tmp_path, GOOD)
    assert load_registry(path, base="http://h:1/")[0].homepage == "http://h:1/"
    assert load_registry(path, base=lambda oid: f"http://{oid}.test")[0].homepage == "http://demo-ndsoft.test/"


def entry(**changes):
    base = {"id": "x", "name": "X", "region": "경북", "homepage": "http://x.kr/", "cms": "ndsoft"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


BAD = [
    (entry(id=None), "missing required field 'id'"),
    (entry(homepage=None), "missing required field 'homepage'"),
    (entry(id="Bad Id"), "id 'Bad Id'"),
    (entry(cms="wordpress"), "cms 'wordpress' is not one of"),
    (entry(confidence="high"), "confidence 'high'"),
    (entry(interval_minutes=0), "interval_minutes must be a positive integer"),
    (entry(interval_minutes="60"), "interval_minutes must be a positive integer"),
    (entry(verified="no"), "verified must be true or false"),
    (entry(feed=["http://x.kr/rss"]), "unknown field(s) ['feed']"),
    (entry(feeds="http://x.kr/rss"), "feeds must be a list of strings"),
    (entry(feeds=["/rss/allArticle.xml"]), "must be an absolute http(s) URL"),
    (entry(homepage="ftp://x.kr/"), "must be an absolute http(s) URL"),
    (entry(homepage="http://x.kr:99999/"), "does not parse"),
    (entry(lists=["http://x.kr/list?p={pg}"]), "unknown placeholder"),
    (entry(feeds=["http://x.kr/rss?page={page}"]), "{page} belongs in list URLs only"),
    (entry(homepage="{base}/"), "no base URL was given"),
    (entry(name=""), "name must not be empty"),
    (entry(hosts=["http://news.x.kr/"]), "is not a host name"),
    (entry(hosts=["news.x.kr:8080"]), "is not a host name"),
    (entry(name=5), "name must be a string"),
    (entry(overrides={"delay": 1}), "unknown override(s) ['delay']"),
    (entry(overrides={"download_delay": -1}), "download_delay must be a number >= 0"),
    (entry(overrides={"concurrency": 0}), "concurrency must be an integer >= 1"),
    (entry(overrides={"encoding": "klingon"}), "not a known charset"),
    (entry(overrides={"selectors": {"body": "div[["}}), "is not valid CSS"),
    (entry(overrides={"selectors": {"bdy": "div"}}), "unknown selector field(s) ['bdy']"),
]


@pytest.mark.parametrize(("bad", "message"), BAD)
def test_bad_entries(bad, message):
    with pytest.raises(RegistryError) as info:
        parse_registry({"outlet": [entry(id="ok"), bad]}, source="reg.toml")
    assert message in str(info.value)
    assert str(info.value).startswith("reg.toml: outlet #2")


def test_duplicate_ids_and_shape_errors(tmp_path):
    with pytest.raises(RegistryError, match="duplicate id 'x'"):
        parse_registry({"outlet": [entry(), entry()]})
    with pytest.raises(RegistryError, match="unknown top-level key"):
        parse_registry({"outlets": []})
    with pytest.raises(RegistryError, match="invalid TOML"):
        load_registry(write(tmp_path, "[[outlet]\nid ="))
    with pytest.raises(RegistryError, match="cannot read registry"):
        load_registry(tmp_path / "missing.toml")
    bad_bytes = tmp_path / "latin.toml"
    bad_bytes.write_bytes('[[outlet]]\nname = "경북"\n'.encode("cp949"))
    with pytest.raises(RegistryError, match="not UTF-8"):
        load_registry(bad_bytes)


def test_select():
    outlets = parse_registry({"outlet": [entry(id="a"), entry(id="b")]})
    assert [o.id for o in select(outlets, ["b", "a"])] == ["b", "a"]
    with pytest.raises(RegistryError, match="unknown outlet id"):
        select(outlets, ["a", "zzz"])
