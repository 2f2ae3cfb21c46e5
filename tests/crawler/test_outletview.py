"""Registry selection for a crawl: entries validated by the registry, ids checked, overrides read."""

from __future__ import annotations

import json

import pytest

from crawler.outletview import ConfigError, load_outlets
from crawler.politeness import is_loopback


def _entry(oid: str, **extra) -> dict:
    return {"id": oid, "name": oid, "region": "경북", "city": "포항", "homepage": f"http://{oid}.example/",
            "cms": "ndsoft", **extra}


def test_json_registry_selection_and_overrides(tmp_path):
    path = tmp_path / "reg.json"
    entries = [_entry("a", overrides={"download_delay": 2.5, "concurrency": 1}), _entry("b", hosts=["m.b.example"])]
    path.write_text(json.dumps(entries), encoding="utf-8")
    outlets = load_outlets(path)
    assert list(outlets) == ["a", "b"]
    assert (outlets["a"].download_delay, outlets["a"].concurrency) == (2.5, 1)
    assert outlets["b"].hosts == {"b.example", "m.b.example"}
    assert list(load_outlets(path, ["b"])) == ["b"]
    with pytest.raises(ConfigError, match="nosuch"):
        load_outlets(path, ["nosuch"])


def test_invalid_entries_are_config_errors(tmp_path):
    with pytest.raises(ConfigError):
        load_outlets(entries=[_entry("a", cms="no-such-family", homepage="not a url")])
    with pytest.raises(ConfigError):
        load_outlets(tmp_path / "missing.toml")


def test_real_registry_loads():
    outlets = load_outlets()
    assert len(outlets) >= 25 and all(o.homepage.startswith("http") for o in outlets.values())


def test_loopback_hosts_are_recognised():
    assert is_loopback("127.0.0.11") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("www.kyongbuk.co.kr") and not is_loopback("10.0.0.1") and not is_loopback(None)
