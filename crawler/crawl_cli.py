"""`newsarchive crawl`: one cron-safe crawl run (see `crawler.run` for the exit codes)."""

from __future__ import annotations

import ast
import sys
from contextlib import nullcontext
from typing import Any

import click

from archive.cli_options import data_option
from crawler.run import EXIT_CONFIG, run_crawl

# Crawls of the local sample outlets: a loopback server answers at once or hangs on purpose (the
# "hang" fault), so waiting DOWNLOAD_TIMEOUT=30 s per attempt only makes the demo slow.
SAMPLE_TIMEOUT = 3.0
SAMPLE_BACKOFF = 0.25


SAMPLE_MAX_CRAWL_DELAY = 0.25


def sample_world_faults() -> dict[str, dict[str, Any]]:
    """Fault overrides for a quick sample crawl: robots.txt Crawl-delay of at most 0.25 s (still
    obeyed and visible, but a 1 s delay over a whole outlet would dominate the demo's run time)."""
    from crawler.samples.outlets import OUTLETS

    return {o.id: {"crawl_delay": min(o.faults.crawl_delay, SAMPLE_MAX_CRAWL_DELAY)}
            for o in OUTLETS if o.faults.crawl_delay}


def sample_crawl_settings(world: Any, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Settings for a crawl of `world`'s sample outlets: a short timeout that the world's hangs still
    exceed (so they are recorded as timeouts), short retry backoff; ``overrides`` win."""
    timeout = SAMPLE_TIMEOUT
    hangs = [o.faults.hang_seconds for o in world.outlets if o.faults.hang]
    if hangs and min(hangs) <= timeout:
        timeout = min(hangs) / 2
    return {"DOWNLOAD_TIMEOUT": timeout, "NEWSARCHIVE_RETRY_BACKOFF_BASE": SAMPLE_BACKOFF, **(overrides or {})}


def _parse_set(values: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {item!r}", param_hint="--set")
        try:
            out[key.strip()] = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            out[key.strip()] = raw
    return out


@click.command("crawl")
@click.option("--outlet", "outlets", multiple=True, metavar="ID", help="Crawl only this outlet (repeatable).")
@click.option("--due", is_flag=True, help="Only outlets whose interval_minutes has passed since their last run.")
@data_option("Data directory: warc/, archive.db, state.db, logs/, crawl.lock.")
@click.option("--registry", type=click.Path(dir_okay=False), default=None,
              help="Registry TOML (default: the real outlets, crawler/outlets.toml).")
@click.option("--samples", is_flag=True, help="Start the bundled sample outlets and crawl them (offline).")
@click.option("--articles", default=120, show_default=True, help="With --samples: size of the sample world.")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a Scrapy/newsarchive setting.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a TTY).")
def crawl(outlets, due, data_dir, registry, samples, articles, sets, progress) -> None:
    """Fetch outlets into WARC and ingest their articles; safe to run from cron.

    \b
    Exit codes: 0 ok; 1 some outlets failed (or the run was interrupted);
    2 config error; 3 another crawl holds DIR/crawl.lock (this run exits at once).
    Per-URL errors (broken feeds, 5xx, timeouts, oversized pages) are listed in the run record
    and in DIR/logs/crawl-<run>.log; they do not fail the run.
    """
    overrides = _parse_set(sets)
    server_cm = nullcontext(None)
    if samples:
        try:
            from crawler.samples import SampleServer, SampleWorld
        except ImportError as exc:
            click.echo(f"sample outlets not available: {exc}", err=True)
            sys.exit(EXIT_CONFIG)
        world = SampleWorld(articles=articles, faults=sample_world_faults())
        overrides = sample_crawl_settings(world, overrides)
        server_cm = SampleServer(world)
    with server_cm as server:
        entries = server.registry_entries() if server is not None else None
        outcome = run_crawl(
            data_dir,
            registry=registry,
            outlets=list(outlets) or None,
            entries=entries,
            due=due,
            settings=overrides,
            progress=progress,
        )
    tty = sys.stderr.isatty()
    if outcome.message and (outcome.exit_code != 0 or tty or progress):
        click.echo(outcome.message, err=True)
    sys.exit(outcome.exit_code)
