"""`newsarchive outlets`: list the registry, check outlets live, propose new entries.

Exit codes: 0 ok, 1 some outlets failed (check) or the homepage could not be fetched (add),
2 configuration error (bad registry, unknown id, bad URL).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import click

from crawler.registry import DEFAULT_REGISTRY, Outlet, RegistryError, load_registry, select

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2

registry_option = click.option(
    "--registry", "registry_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REGISTRY,
    show_default=True, help="Registry TOML file.",
)
base_option = click.option("--base", default=None, help="Base URL for {base} placeholders (sample registry).")


def _load(path: Path, base: str | None) -> list[Outlet]:
    return _load_with(path, base)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def render_table(rows: list[list[str]]) -> str:
    """A plain-text table that lines up Korean (double-width) text."""
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


@click.group()
def outlets() -> None:
    """The outlet registry: list, check live, add."""


@outlets.command("list")
@registry_option
@base_option
@click.option("--region", default=None, help="Only outlets whose region contains this text (e.g. 경북).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON registry entries instead of a table.")
def list_cmd(registry_path: Path, base: str | None, region: str | None, as_json: bool) -> None:
    """Show the registry as a table."""
    rows = [o for o in _load(registry_path, base) if not region or region in o.region]
    if as_json:
        click.echo(json.dumps([o.to_dict() for o in rows], ensure_ascii=False, indent=2))
        return
    table = [["id", "name", "region", "city", "cms", "conf", "verified", "feeds", "lists", "every", "host"]]
    for o in rows:
        table.append([
            o.id, o.name, o.region, o.city or "-", o.cms, o.confidence, "yes" if o.verified else "no",
            str(len(o.feeds)), str(len(o.lists)), f"{o.interval_minutes}m", urlsplit(o.homepage).netloc,
        ])
    click.echo(render_table(table))
    conf = " / ".join(f"{c} {sum(o.confidence == c for o in rows)}" for c in ("V", "P", "U"))
    click.echo(f"\n{len(rows)} outlets; confidence {conf} (V seen in real HTML or ≥2 sources, P one source or "
               f"URL shape, U name only); verified live: {sum(o.verified for o in rows)}")


@outlets.command("check")
@click.argument("ids", nargs=-1)
@registry_option
@base_option
@click.option("--timeout", default=15.0, show_default=True, help="Seconds per request.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between requests (politeness).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON report per outlet.")
@click.option("--jobs", default=4, show_default=True, help="Outlets checked at the same time (each politely).")
@click.option("--samples", is_flag=True,
              help="Check the bundled sample outlets, served locally for the occasion (offline self-test).")
def check_cmd(ids: tuple[str, ...], registry_path: Path, base: str | None, timeout: float, delay: float,
              as_json: bool, jobs: int, samples: bool) -> None:
    """Fetch homepage, feeds, one list page and one article of each outlet (all if no ID) and report."""
    if samples:
        from crawler.samples.server import SampleServer
        from crawler.samples.world import SampleWorld

        with SampleServer(SampleWorld(articles=120, faults=False)) as server:
            path = Path(str(resources.files("crawler.samples").joinpath("outlets.toml")))
            _check(_load_with(path, server.base_url), ids, timeout, 0.0, as_json, jobs)
        return
    _check(_load(registry_path, base), ids, timeout, delay, as_json, jobs)


def _load_with(path: Path, base) -> list[Outlet]:
    try:
        return load_registry(path, base=base)
    except RegistryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)


def _check(registry: list[Outlet], ids: tuple[str, ...], timeout: float, delay: float, as_json: bool,
           jobs: int) -> None:
    from crawler.outletcheck import HttpFetcher, check_outlets

    try:
        chosen = select(registry, ids) if ids else registry
    except RegistryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)

    def show(report) -> None:
        if as_json:
            click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
            return
        click.echo(f"{'OK  ' if report.ok else 'FAIL'} {report.outlet_id} ({report.name})")
        for step in report.steps:
            mark = "  ok " if step.ok else "  !! "
            click.echo(f"{mark}{step.name:<8} {step.detail}" + (f"  <{step.url}>" if step.url else ""))

    reports = check_outlets(chosen, lambda: HttpFetcher(timeout=timeout, delay=delay), jobs=jobs, progress=show)
    failed = [r.outlet_id for r in reports if not r.ok]
    if not as_json:
        click.echo(f"\n{len(reports) - len(failed)}/{len(reports)} outlets ok" +
                   (f"; failed: {', '.join(failed)}" if failed else ""))
    if failed:
        sys.exit(EXIT_FAILED)


@outlets.command("add")
@click.argument("url")
@registry_option
@click.option("--id", "outlet_id", default=None, help="Outlet id (default: from the host name).")
@click.option("--name", default=None, help="Outlet name (default: og:site_name or <title>).")
@click.option("--region", default="", help="Region, e.g. 경북.")
@click.option("--city", default="", help="City, e.g. 포항.")
@click.option("--timeout", default=15.0, show_default=True, help="Seconds per request.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between requests (politeness).")
def add_cmd(url: str, registry_path: Path, outlet_id: str | None, name: str | None, region: str, city: str,
            timeout: float, delay: float) -> None:
    """Fetch URL's homepage, detect its CMS family, find feeds and sitemaps; print a TOML entry."""
    from crawler.outletadd import entry_to_toml, propose_outlet
    from crawler.outletcheck import HttpFetcher

    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        click.echo(f"error: not an http(s) URL: {url}", err=True)
        sys.exit(EXIT_CONFIG)
    proposal = propose_outlet(parts.geturl(), HttpFetcher(timeout=timeout, delay=delay),
                              outlet_id=outlet_id, name=name, region=region, city=city)
    existing = {o.id: o for o in _load(registry_path, None)} if registry_path.exists() else {}
    if proposal.entry["id"] in existing:
        proposal.notes.append(f"id {proposal.entry['id']!r} is already in {registry_path}: pick another with --id")
    host = urlsplit(proposal.entry["homepage"]).hostname
    dupes = [o.id for o in existing.values() if host and host in o.all_hosts]
    if dupes:
        proposal.notes.append(f"host {host} is already registered as {', '.join(dupes)}")
    if not proposal.entry["region"]:
        proposal.notes.append("fill in region (and city) before adding the entry")
    for note in proposal.notes:
        click.echo(f"# {note}", err=True)
    click.echo(entry_to_toml(proposal.entry))
    sys.exit(EXIT_OK if proposal.ok else EXIT_FAILED)
