"""`outlets check` passes on every bundled sample outlet (all CMS families) and flags a broken one."""

from __future__ import annotations

import crawler.samples.server as samples
import crawler.samples.world as world_mod
from crawler.outletcheck import HttpFetcher, check_outlet, check_outlets
from crawler.registry import load_registry


def test_check_every_sample_outlet():
    world = world_mod.SampleWorld(seed=5, articles=120, faults=False)
    with samples.SampleServer(world) as server:
        path = samples.resources.files("crawler.samples").joinpath("outlets.toml")
        outlets = load_registry(path, base=server.base_url)  # the sample registry file, {base} filled
        reports = {r.outlet_id: r for r in check_outlets(outlets, lambda: HttpFetcher(delay=0, timeout=5), jobs=3)}
    assert list(reports) == [o.id for o in outlets]  # registry order, though checked 3 at a time
    assert {o.cms for o in outlets} >= {"ndsoft", "idx_view", "article_no", "page_view", "generic"}
    for oid, report in reports.items():
        assert report.ok, (oid, report.errors)
        assert report.found_cms == report.expected_cms, oid
        article = report.steps[-1]
        assert article.name == "article" and "chars" in article.detail, oid


def test_check_flags_a_stopped_outlet():
    world = world_mod.SampleWorld(seed=5, articles=60, faults=False)
    with samples.SampleServer(world) as server:
        path = samples.resources.files("crawler.samples").joinpath("outlets.toml")
        outlets = load_registry(path, base=server.base_url)
    report = check_outlet(outlets[0], HttpFetcher(delay=0, timeout=2))  # the server is gone now
    assert not report.ok and report.errors[0].startswith("homepage: fetch failed")


def test_cli_check_samples_offline_self_test():
    from click.testing import CliRunner

    from crawler.cli import main

    result = CliRunner().invoke(main, ["outlets", "check", "--samples", "--timeout", "5"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    total = len(samples.load_registry_template())
    assert f"{total}/{total} outlets ok" in result.output
    result = CliRunner().invoke(main, ["outlets", "check", "--samples", "no-such-id"])
    assert result.exit_code == 2


def test_add_proposes_right_family_and_working_discovery_for_every_sample_outlet():
    from crawler.outletadd import propose_outlet
    from crawler.registry import parse_registry

    world = world_mod.SampleWorld(seed=7, articles=100, faults=False)
    with samples.SampleServer(world) as server:
        fetch = HttpFetcher(delay=0, timeout=5)
        for spec in world.outlets:
            proposal = propose_outlet(server.base_url(spec.id) + "/", fetch, region=spec.region)
            entry = proposal.entry
            assert proposal.ok and entry["cms"] == spec.cms, (spec.id, entry["cms"], proposal.notes)
            assert entry["name"] == spec.name
            assert entry["lists"] or entry["feeds"] or entry["sitemaps"], (spec.id, proposal.notes)
            assert entry["lists"], (spec.id, proposal.notes)  # every sample outlet links a list page
            parse_registry({"outlet": [entry]})  # a valid registry entry as proposed
